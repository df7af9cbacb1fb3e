"""The catalog: what there is to learn, who offers it, and what each role needs."""

import uuid
from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.language import in_language


def urdu_field(verbose_name, field=models.CharField, **kwargs):
    return field(
        verbose_name,
        blank=True,
        help_text=_("Shown to learners who read Raasta in Urdu; empty means the English."),
        **kwargs,
    )


def choice_display(name: str, choices: type[models.Choices]):
    """A `get_<name>_display` that translates one label. Django's own hashes every label of
    the field, so translates them all, on each call; the path and catalog pages call it for
    every row they show."""

    def display(self) -> str:
        value = getattr(self, name)
        try:
            return str(choices(value).label)
        except ValueError:
            return value

    display.__name__ = f"get_{name}_display"
    return display


class City(models.TextChoices):
    ISLAMABAD = "islamabad", _("Islamabad")
    LAHORE = "lahore", _("Lahore")
    KARACHI = "karachi", _("Karachi")
    PESHAWAR = "peshawar", _("Peshawar")
    QUETTA = "quetta", _("Quetta")
    MULTAN = "multan", _("Multan")
    FAISALABAD = "faisalabad", _("Faisalabad")
    BAHAWALPUR = "bahawalpur", _("Bahawalpur")
    OTHER = "other", _("Elsewhere")


class Province(models.TextChoices):
    """Provinces and territories, for programs that admit only the people of one."""

    PUNJAB = "punjab", _("Punjab")
    SINDH = "sindh", _("Sindh")
    KHYBER_PAKHTUNKHWA = "khyber_pakhtunkhwa", _("Khyber Pakhtunkhwa")
    BALOCHISTAN = "balochistan", _("Balochistan")
    ISLAMABAD = "islamabad", _("Islamabad Capital Territory")
    GILGIT_BALTISTAN = "gilgit_baltistan", _("Gilgit-Baltistan")
    AZAD_KASHMIR = "azad_kashmir", _("Azad Jammu and Kashmir")


class EducationLevel(models.TextChoices):
    """The least education an offering admits; the same values as a learner's profile."""

    NONE = "none", _("No requirement")
    INTERMEDIATE = "intermediate", _("Intermediate / FSc")
    BACHELORS_IN_PROGRESS = "bachelors_in_progress", _("Bachelor's, in progress")
    BACHELORS = "bachelors", _("Bachelor's")
    MASTERS = "masters", _("Master's")


class SkillLevel(models.IntegerChoices):
    BEGINNER = 1, _("Beginner")
    WORKING = 2, _("Working")
    ADVANCED = 3, _("Advanced")


class Source(models.Model):
    """Where a catalog entry's facts come from: an article or a public page."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    licence = models.CharField(_("licence or credit"), max_length=300, blank=True)
    checked_on = models.DateField(
        _("checked on"),
        null=True,
        blank=True,
        help_text=_("The day someone last read this page and checked the facts taken from it."),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class Skill(models.Model):
    class Category(models.TextChoices):
        FOUNDATION = "foundation", _("Foundation")
        PROGRAMMING = "programming", _("Programming and tools")
        DATA = "data", _("Data")
        ML = "ml", _("Machine learning")
        SPECIALISATION = "specialisation", _("Specialisation")
        ENGINEERING = "engineering", _("Engineering and operations")
        PROFESSIONAL = "professional", _("Professional")

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_ur = urdu_field(_("name in Urdu"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    description = models.TextField(_("description"), blank=True)
    aliases = models.CharField(
        _("aliases"),
        max_length=600,
        blank=True,
        help_text=_("Other names people search by, separated by commas (e.g. TF, tf.keras)."),
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="required_by",
        blank=True,
        verbose_name=_("prerequisites"),
        help_text=_("Skills to have first. The prerequisite graph may not contain a cycle."),
    )
    prerequisites_from = models.PositiveSmallIntegerField(
        _("prerequisites needed from"),
        choices=SkillLevel,
        default=SkillLevel.BEGINNER,
        help_text=_(
            "The level of this skill from which its prerequisites are needed. Below it a "
            "learner can start without them: using a language model needs no deep learning, "
            "adapting one does."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.local_name

    def get_absolute_url(self) -> str:
        return reverse("catalog:skill_detail", args=[self.slug])

    @property
    def local_name(self) -> str:
        return in_language(self.name, self.name_ur)

    @property
    def alias_list(self) -> list[str]:
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_ur = urdu_field(_("name in Urdu"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return in_language(self.name, self.name_ur)


class Provider(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        GOVERNMENT = "government", _("Government body")
        RESEARCH = "research", _("Research centre")
        FOUNDATION = "foundation", _("Foundation")
        PLATFORM = "platform", _("Online platform")
        COMMUNITY = "community", _("Community")
        CONFERENCE = "conference", _("Conference organiser")
        COMPANY = "company", _("Company")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    city = models.CharField(
        _("city"),
        max_length=20,
        choices=City,
        blank=True,
        help_text=_("Leave empty for providers not tied to a city in Pakistan."),
    )
    url = models.URLField(_("website"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="providers", verbose_name=_("source")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:provider_detail", args=[self.slug])

    get_kind_display = choice_display("kind", Kind)
    get_city_display = choice_display("city", City)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class OfferingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def free(self):
        return self.filter(cost_pkr=0)


class Offering(models.Model):
    class Kind(models.TextChoices):
        DEGREE = "degree", _("Degree program")
        BOOTCAMP = "bootcamp", _("Bootcamp")
        ONLINE_COURSE = "online_course", _("Online course")
        CERTIFICATE = "certificate", _("Certificate")
        COMMUNITY = "community", _("Community")
        MEETUP = "meetup", _("Meetup")
        CONFERENCE = "conference", _("Conference")
        RESEARCH_CENTRE = "research_centre", _("Research centre")
        PRACTICE = "practice", _("Practice")
        INTERNSHIP = "internship", _("Internship")

    class Delivery(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    title = models.CharField(_("title"), max_length=200)
    title_ur = urdu_field(_("title in Urdu"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="offerings",
        null=True,
        blank=True,
        verbose_name=_("provider"),
    )
    summary = models.TextField(_("summary"))
    summary_ur = urdu_field(_("summary in Urdu"), field=models.TextField)
    url = models.URLField(_("address"), max_length=500, blank=True)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery)
    city = models.CharField(
        _("city"),
        max_length=20,
        choices=City,
        blank=True,
        help_text=_("Where it takes place; empty when it is online or not tied to a city."),
    )

    class CostPeriod(models.TextChoices):
        TOTAL = "total", _("in total")
        PER_MONTH = "per_month", _("a month")
        PER_SEMESTER = "per_semester", _("a semester")
        PER_YEAR = "per_year", _("a year")

    class DataWeight(models.TextChoices):
        VIDEO_HEAVY = "video_heavy", _("Video-heavy: needs a good connection")
        LIGHT = "light", _("Light: mostly text and exercises")
        OFFLINE = "offline", _("Works offline or can be downloaded")

    class Schedule(models.TextChoices):
        SELF_PACED = "self_paced", _("Self-paced: start any time")
        COHORT = "cohort", _("Runs in rounds with fixed dates")
        ONGOING = "ongoing", _("Ongoing: join any time")
        EVENT = "event", _("A single event")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        URDU = "ur", _("Urdu")
        URDU_ENGLISH = "ur-en", _("Urdu and English")

    cost_pkr = models.PositiveIntegerField(
        _("cost in PKR"),
        null=True,
        blank=True,
        help_text=_("0 means free; leave empty when the cost is not known."),
    )
    cost_usd = models.DecimalField(
        _("cost in US dollars"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Only when the price is published in dollars and not in rupees."),
    )
    cost_period = models.CharField(
        _("the cost is"),
        max_length=20,
        choices=CostPeriod,
        default=CostPeriod.TOTAL,
    )
    level = models.CharField(_("level"), max_length=20, choices=Level)
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration in weeks"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty when not known or open-ended."),
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    total_hours = models.PositiveSmallIntegerField(
        _("total hours"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("When the provider gives the whole effort in hours rather than weeks."),
    )
    language = models.CharField(
        _("language of instruction"), max_length=10, choices=Language, default=Language.ENGLISH
    )
    data_weight = models.CharField(
        _("data use"),
        max_length=20,
        choices=DataWeight,
        blank=True,
        help_text=_("How heavy it is on a mobile connection; leave empty when not known."),
    )
    schedule = models.CharField(
        _("schedule"), max_length=20, choices=Schedule, default=Schedule.SELF_PACED
    )
    starts_on = models.DateField(
        _("next start"),
        null=True,
        blank=True,
        help_text=_("The start of an announced round or event still to come."),
    )
    last_round = models.DateField(
        _("last round started"),
        null=True,
        blank=True,
        help_text=_("The start of the latest round that has already begun."),
    )
    entry_education = models.CharField(
        _("education needed"),
        max_length=30,
        choices=EducationLevel,
        blank=True,
        help_text=_("Leave empty when the provider does not say."),
    )
    entry_test = models.BooleanField(
        _("entry test"),
        null=True,
        blank=True,
        help_text=_("Whether admission needs a test; leave empty when the provider does not say."),
    )
    entry_note = models.CharField(_("entry requirement"), max_length=300, blank=True)
    province = models.CharField(
        _("only for people from"),
        max_length=30,
        choices=Province,
        blank=True,
        help_text=_(
            "Set when the provider admits only the people of one province (by domicile, or "
            "students of its universities); empty means anyone in Pakistan may apply."
        ),
    )
    free_routes = models.ManyToManyField(
        "AccessRoute",
        related_name="offerings",
        blank=True,
        verbose_name=_("free-access routes"),
        help_text=_("Ways some learners can take it for free (e.g. HEC's Coursera access)."),
    )
    prerequisite_skills = models.ManyToManyField(
        Skill,
        related_name="required_for_offerings",
        blank=True,
        verbose_name=_("prerequisite skills"),
    )
    sectors = models.ManyToManyField(
        Sector, related_name="offerings", blank=True, verbose_name=_("sectors")
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("source")
    )
    length_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="offering_lengths",
        null=True,
        blank=True,
        verbose_name=_("source of the length"),
        help_text=_("The page that states the length, when it is not the offering's source."),
    )
    cost_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="offering_costs",
        null=True,
        blank=True,
        verbose_name=_("source of the cost"),
        help_text=_("The page that states the cost, when it is not the offering's source."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        indexes = [
            models.Index(fields=["kind", "is_active"]),
            # The catalog list's order, so a page is read from the index, not a sort.
            models.Index(Lower("title"), "id", name="offering_title_order"),
        ]

    def __str__(self) -> str:
        return self.local_title

    def get_absolute_url(self) -> str:
        return reverse("catalog:offering_detail", args=[self.slug])

    get_kind_display = choice_display("kind", Kind)
    get_delivery_display = choice_display("delivery", Delivery)
    get_city_display = choice_display("city", City)
    get_level_display = choice_display("level", Level)

    @property
    def local_title(self) -> str:
        return in_language(self.title, self.title_ur)

    @property
    def local_summary(self) -> str:
        return in_language(self.summary, self.summary_ur)

    @property
    def is_free(self) -> bool:
        return self.cost_pkr == 0

    @property
    def cost_is_known(self) -> bool:
        return self.cost_pkr is not None or self.cost_usd is not None

    def cost_in_pkr(self, *, usd_to_pkr: float) -> int | None:
        """The published cost in rupees, converting a dollar price at the given rate."""
        if self.cost_pkr is not None or self.cost_usd is None:
            return self.cost_pkr
        return round(float(self.cost_usd) * usd_to_pkr)

    def upcoming_start(self, today: date) -> date | None:
        """The next start still ahead of ``today``; a round that has begun is not upcoming."""
        return self.starts_on if self.starts_on and self.starts_on >= today else None


class AccessRoute(models.Model):
    """A way some learners take paid offerings for free: who qualifies, and how."""

    class Eligibility(models.TextChoices):
        ANYONE = "anyone", _("Anyone")
        APPLICATION = "application", _("Anyone whose application is approved")
        STUDENT = "student", _("University students")
        HEC_MEMBER_STUDENT = "hec-member-student", _("Students of HEC member universities")
        WOMEN = "women", _("Women")
        UNEMPLOYED = "unemployed", _("People looking for work")
        GOVERNMENT_EMPLOYEE = "government-employee", _("Government employees")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="access_routes",
        null=True,
        blank=True,
        verbose_name=_("provider"),
    )
    eligibility = models.CharField(_("who qualifies"), max_length=30, choices=Eligibility)
    description = models.TextField(_("description"))
    url = models.URLField(_("address"), max_length=500, blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="access_routes", verbose_name=_("source")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("free-access route")
        verbose_name_plural = _("free-access routes")

    def __str__(self) -> str:
        return self.name


class OfferingSkill(models.Model):
    """A skill an offering teaches, and the level a learner reaches with it."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="skills_taught")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="taught_by")
    level = models.PositiveSmallIntegerField(
        _("level reached"), choices=SkillLevel, default=SkillLevel.BEGINNER
    )

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "skill"], name="unique_offering_skill")
        ]
        verbose_name = _("skill taught")
        verbose_name_plural = _("skills taught")

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class Role(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_ur = urdu_field(_("name in Urdu"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(_("summary"))
    summary_ur = urdu_field(_("summary in Urdu"), field=models.TextField)
    sectors = models.ManyToManyField(
        Sector, related_name="roles", blank=True, verbose_name=_("sectors")
    )
    outlook = models.TextField(
        _("salary and demand"),
        blank=True,
        help_text=_("What the sources say about pay and demand; leave empty rather than guess."),
    )
    basis = models.TextField(
        _("what the skill list rests on"),
        help_text=_("Which occupations in the sources this role is built from, and how."),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="roles", verbose_name=_("source")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.local_name

    def get_absolute_url(self) -> str:
        return reverse("catalog:role_detail", args=[self.slug])

    @property
    def local_name(self) -> str:
        return in_language(self.name, self.name_ur)

    @property
    def local_summary(self) -> str:
        return in_language(self.summary, self.summary_ur)


class RoleSkill(models.Model):
    """A skill a role needs, the level it needs, and how much it matters (1 to 5)."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="required_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="needed_by_roles")
    level = models.PositiveSmallIntegerField(
        _("level needed"), choices=SkillLevel, default=SkillLevel.WORKING
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("How much the role relies on this skill, 1 (a little) to 5 (essential)."),
    )

    class Meta:
        ordering = ["-weight", "skill__name"]
        constraints = [models.UniqueConstraint(fields=["role", "skill"], name="unique_role_skill")]
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"


class CatalogVersion(models.Model):
    """One row whose number goes up on every catalog change.

    Server processes compare it with the number their fitted recommender was built from,
    so an edit in one process reaches all of them on their next request.
    """

    version = models.PositiveBigIntegerField(default=1)
    # New on every change and never reused, so a number repeated by a restore or a
    # rollback cannot make a process keep a model fitted on other rows.
    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("catalog version")

    def __str__(self) -> str:
        return str(self.version)
