"""Forms for the learner's profile: the profile itself, and the skills they already have."""

from django import forms
from django.utils.translation import gettext_lazy as _

from careers.cv.extraction import DIGITS
from careers.cv.reading import MAX_CHARACTERS, CVReadError, cv_text
from careers.learning_path import PathFilters
from careers.models import Profile
from careers.services import PROFILE_FIELDS
from catalog.models import Offering, Role, Sector, Skill, SkillLevel
from catalog.selectors import skill_suggestions, skills_named


class WholeNumberField(forms.IntegerField):
    """A whole number typed with Western, Urdu or Arabic-Indic digits ("۵۰۰۰" is 5000),
    with thousands separators allowed. A text box, because a number box refuses Urdu digits."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None)
        attrs.pop("max", None)
        return {**attrs, "inputmode": "numeric", "autocomplete": "off"}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.translate(DIGITS).replace(",", "").replace("٬", "").strip()
        return super().to_python(value)


class ProfileForm(forms.ModelForm):
    target_role = forms.ModelChoiceField(
        queryset=Role.objects.order_by("name"),
        label=_("Target role"),
        empty_label=_("Choose a role"),
        error_messages={
            "required": _("Choose the role you are aiming for."),
            "invalid_choice": _("Choose one of the roles in the list."),
        },
    )
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sectors you care about"),
    )
    budget_pkr = WholeNumberField(
        label=_("Monthly budget in PKR"),
        initial=0,
        min_value=0,
        max_value=10_000_000,
        help_text=_("0 means free offerings only."),
        error_messages={
            "required": _("Enter a budget in rupees; 0 means free offerings only."),
            "invalid": _("Enter a whole number of rupees, such as 0 or 5000."),
            "min_value": _("The budget cannot be negative."),
            "max_value": _("Enter a monthly budget of at most 10,000,000 rupees."),
        },
    )
    hours_per_week = WholeNumberField(
        label=_("Hours per week"),
        initial=6,
        min_value=1,
        max_value=80,
        help_text=_("How many hours a week you can study, from 1 to 80."),
        error_messages={
            "required": _("Enter how many hours a week you can study, from 1 to 80."),
            "invalid": _("Enter a whole number of hours, from 1 to 80."),
            "min_value": _("Enter at least 1 hour a week."),
            "max_value": _("Enter at most 80 hours a week."),
        },
    )

    class Meta:
        model = Profile
        fields = [*PROFILE_FIELDS, "sectors"]
        labels = {
            "city": _("City"),
            "province": _("Province you are from (domicile)"),
            "delivery": _("Online or in person"),
            "education_level": _("Level of education"),
        }
        widgets = {
            "institution": forms.TextInput(attrs={"list": "institutions", "autocomplete": "off"}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "delivery": forms.RadioSelect,
        }
        help_texts = {
            "city": _("Choose “Elsewhere” if your city is not listed."),
            "province": _(
                "Some government programs admit only the people of one province. Leave it "
                "empty to go by your city."
            ),
            "institution": _("Where you study or studied; suggestions come from the catalog."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery"].initial = Profile.Delivery.ANY
        self.fields["education_level"].choices = [
            ("", _("Choose one")),
            *Profile.Education.choices,
        ]
        self.fields["city"].choices = [
            ("", _("Choose your city")),
            *self.fields["city"].choices[1:],
        ]
        self.fields["province"].choices = [
            ("", _("The province of my city")),
            *self.fields["province"].choices[1:],
        ]


class SkillsForm(forms.Form):
    """The skills a learner has, as rows named ``skill-<slug>`` holding a level, each with a
    ``remove-<slug>`` box, plus a box to find one more by name or alias."""

    add_skill = forms.CharField(
        label=_("Find a skill"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": _("e.g. Python, TF, SQL"),
            }
        ),
    )
    add_level = forms.TypedChoiceField(
        label=_("Your level"),
        choices=SkillLevel.choices,
        coerce=int,
        required=False,
        empty_value=SkillLevel.BEGINNER,
        initial=SkillLevel.BEGINNER,
    )

    ROW_PREFIX = "skill-"
    REMOVE_PREFIX = "remove-"
    LIMIT = 40

    def __init__(self, data=None, *, current: dict[str, int] | None = None):
        super().__init__(data)
        self.current = current or {}
        # Saving with a skill still typed in the finder adds it; only an explicit "Add"
        # of a skill already listed is worth an error.
        self.adding = bool(data) and data.get("action") == "add_skill"

    def submitted_rows(self) -> list[tuple[str, str]]:
        if self.data is None or not self.is_bound:
            return [(slug, str(level)) for slug, level in self.current.items()]
        return [
            (key.removeprefix(self.ROW_PREFIX), value)
            for key, value in self.data.items()
            if key.startswith(self.ROW_PREFIX)
            and not self.data.get(self.REMOVE_PREFIX + key.removeprefix(self.ROW_PREFIX))
        ]

    def clean(self):
        cleaned = super().clean()
        rows = self.submitted_rows()
        known = Skill.objects.in_bulk([slug for slug, _ in rows], field_name="slug")
        skills: dict[Skill, int] = {}
        for slug, level in rows:
            skill = known.get(slug)
            if skill is None:
                raise forms.ValidationError(
                    _("“%(slug)s” is not a skill in the catalog."), params={"slug": slug}
                )
            if level not in {"1", "2", "3"}:
                raise forms.ValidationError(
                    _("Choose beginner, working or advanced for %(skill)s."),
                    params={"skill": skill.name},
                )
            skills[skill] = int(level)
        if len(skills) > self.LIMIT:
            raise forms.ValidationError(_("List at most %(n)s skills."), params={"n": self.LIMIT})

        query = cleaned.get("add_skill", "").strip()
        if query:
            matches = skills_named(query=query)
            if not matches:
                close = ", ".join(s.name for s in skill_suggestions(query=query, limit=4))
                message = _("No skill is called “%(query)s”.") % {"query": query}
                if close:
                    message += " " + _("Did you mean: %(close)s?") % {"close": close}
                self.add_error("add_skill", message)
            elif len(matches) > 1:
                self.add_error(
                    "add_skill",
                    _("Several skills match: %(names)s. Type the full name.")
                    % {"names": ", ".join(s.name for s in matches)},
                )
            elif matches[0] in skills:
                if not self.adding:
                    cleaned["skills"] = skills
                    return cleaned
                self.add_error(
                    "add_skill",
                    _("%(skill)s is already in your list; change its level there.")
                    % {"skill": matches[0].name},
                )
            else:
                skills[matches[0]] = cleaned.get("add_level") or SkillLevel.BEGINNER
        cleaned["skills"] = skills
        return cleaned

    def rows(self) -> list[tuple[Skill, int]]:
        """The rows to show again: what was submitted, valid or not, so nothing typed is lost."""
        if self.is_bound and hasattr(self, "cleaned_data") and "skills" in self.cleaned_data:
            return list(self.cleaned_data["skills"].items())
        pairs = self.submitted_rows()
        found = Skill.objects.in_bulk([slug for slug, _ in pairs], field_name="slug")
        return [
            (found[slug], int(level) if level in {"1", "2", "3"} else SkillLevel.BEGINNER)
            for slug, level in pairs
            if slug in found
        ]


class PathFilterForm(forms.Form):
    """Filters that reshape the learner's path; they live in the URL."""

    free = forms.BooleanField(required=False, label=_("Free only"))
    online = forms.BooleanField(required=False, label=_("Online only"))
    in_city = forms.BooleanField(required=False, label=_("In my city"))
    exclude = forms.MultipleChoiceField(
        required=False,
        label=_("Leave out"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (kind, label)
            for kind, label in Offering.Kind.choices
            if kind
            in {"degree", "bootcamp", "certificate", "online_course", "practice", "internship"}
        ],
    )

    def filters(self) -> PathFilters:
        """The filters asked for; a value that makes no sense is simply left out."""
        data = self.cleaned_data if self.is_valid() else {}
        return PathFilters(
            free=bool(data.get("free")),
            online=bool(data.get("online")),
            in_city=bool(data.get("in_city")),
            exclude_kinds=frozenset(data.get("exclude", ())),
        )


class CVForm(forms.Form):
    """A CV as pasted text or an uploaded PDF or Word file; the file is read, never kept."""

    text = forms.CharField(
        label=_("Paste your CV or LinkedIn “About” and “Experience”"),
        required=False,
        max_length=MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "max_length": _("Paste at most %(limit_value)d characters: the main sections do.")
        },
    )
    file = forms.FileField(
        label=_("Or upload it (PDF or Word, at most 2 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            try:
                cleaned["cv_text"] = cv_text(upload)
            except CVReadError as exc:
                self.add_error("file", str(exc))
        elif cleaned.get("text", "").strip():
            cleaned["cv_text"] = cleaned["text"]
        elif not self.errors:
            raise forms.ValidationError(_("Paste your CV's text or choose a file to upload."))
        return cleaned


class CVSkillsForm(forms.Form):
    """The skills a learner ticks from what their CV showed, each at a level they choose:
    ``keep`` holds the ticked slugs, ``level-<slug>`` the level."""

    keep = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, data=None, *, proposed: list[str]):
        super().__init__(data)
        self.fields["keep"].choices = [(slug, slug) for slug in proposed]

    def clean(self):
        cleaned = super().clean()
        slugs = cleaned.get("keep") or []
        if not slugs and not self.errors:
            raise forms.ValidationError(_("Tick at least one skill to add, or go back."))
        found = Skill.objects.in_bulk(slugs, field_name="slug")
        skills: dict[Skill, int] = {}
        for slug in slugs:
            level = self.data.get(f"level-{slug}")
            if level not in {"1", "2", "3"}:
                raise forms.ValidationError(
                    _("Choose beginner, working or advanced for %(skill)s."),
                    params={"skill": found[slug].name},
                )
            skills[found[slug]] = int(level)
        cleaned["skills"] = skills
        return cleaned
