"""The catalog list's search and filters; every value arrives as a plain GET parameter."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import City, Offering, Sector, Skill
from catalog.search import offering_search


class OfferingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Try “NLP”, “Karachi” or “TF”")}
        ),
    )
    kind = django_filters.ChoiceFilter(
        choices=Offering.Kind.choices, label=_("Kind"), empty_label=_("Any kind")
    )
    skill = django_filters.ModelChoiceFilter(
        queryset=Skill.objects.order_by("name"),
        field_name="skills_taught__skill",
        to_field_name="slug",
        label=_("Teaches"),
        empty_label=_("Any skill"),
        distinct=True,
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.order_by("name"),
        field_name="sectors",
        to_field_name="slug",
        label=_("Sector"),
        empty_label=_("Any sector"),
        distinct=True,
    )
    city = django_filters.ChoiceFilter(
        choices=City.choices, label=_("City"), empty_label=_("Any city")
    )
    delivery = django_filters.ChoiceFilter(
        choices=Offering.Delivery.choices, label=_("Delivery"), empty_label=_("Any delivery")
    )
    free = django_filters.BooleanFilter(
        method="filter_free", label=_("Free only"), widget=forms.CheckboxInput
    )

    class Meta:
        model = Offering
        fields = ["q", "kind", "skill", "sector", "city", "delivery", "free"]

    def filter_search(self, queryset, name, value):
        # The words rank the results rather than filter the queryset: see results().
        return queryset

    def filter_free(self, queryset, name, value):
        return queryset.free() if value else queryset

    def results(self):
        """The filtered offerings, ranked by the search words when there are any."""
        queryset = self.qs  # validates the form; fields that fail are left out, as in qs
        query = getattr(self.form, "cleaned_data", {}).get("q") or ""
        if not query:
            return queryset
        return offering_search(queryset=queryset, query=query, narrowed=self.has_filters)

    @property
    def has_filters(self) -> bool:
        """Whether any filter other than the search words narrows the list."""
        return any(
            value not in (None, "", False)
            for name, value in self.form.cleaned_data.items()
            if name != "q"
        )
