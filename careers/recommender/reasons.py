"""Reasons as stable codes with parameters (slugs and numbers), turned into words only when
shown, in the reader's language. A shared path keeps the codes, never the words, so it
reads in its viewer's language and holds nothing personal such as a budget or a city."""

from contextvars import ContextVar
from functools import lru_cache

from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

LEVEL_NAMES = {
    1: gettext_lazy("beginner"),
    2: gettext_lazy("working"),
    3: gettext_lazy("advanced"),
}

# Why no offering closes a skill, in words that name no one's budget or city.
UNMET_SHARED = {
    "not_taught": gettext_lazy("No course or program in the catalog teaches %(skill)s yet."),
    "no_higher_level": gettext_lazy(
        "No offering in the catalog goes beyond this learner's level in %(skill)s."
    ),
    "over_budget": gettext_lazy("No offering within this learner's budget teaches %(skill)s."),
    "out_of_reach": gettext_lazy("No offering this learner can reach teaches %(skill)s."),
    "not_from_province": gettext_lazy(
        "What teaches %(skill)s here admits only people from one province, not this learner's."
    ),
    "kinds_left_out": gettext_lazy(
        "Every offering that fits teaches %(skill)s in a kind this learner left out."
    ),
    "set_aside": gettext_lazy("This learner set aside every offering that teaches %(skill)s."),
    "missing_foundation": gettext_lazy(
        "%(skill)s builds on skills this path could not cover first."
    ),
}


def reason_text(code: str, params: dict, skill_names: dict, role_names: dict) -> str:
    """The words for a step's main reason, from its code and parameters."""
    if code == "closes_gap":
        return gettext_lazy(
            "Closes a gap in %(skill)s: the %(role)s role needs it at %(level)s level."
        ) % {
            "skill": skill_names.get(params["skill"], params["skill"]),
            "role": role_names.get(params["role"], params["role"]),
            "level": LEVEL_NAMES[params["level"]],
        }
    if code == "comes_first":
        later = [skill_names.get(s, s) for s in params["later"]]
        return ngettext(
            "%(skill)s comes first: %(later)s builds on it.",
            "%(skill)s comes first: %(later)s build on it.",
            len(later),
        ) % {"skill": skill_names.get(params["skill"], params["skill"]), "later": ", ".join(later)}
    return ""


def unmet_shared_text(code: str, skill_name: str) -> str:
    message = UNMET_SHARED.get(code, UNMET_SHARED["not_taught"])
    return message % {"skill": skill_name}


@lru_cache(maxsize=1024)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


# The language a path is being built in, so its many messages are looked up once each.
building_language: ContextVar[str | None] = ContextVar("path_language", default=None)


def _(message: str) -> str:
    """gettext, remembered per language: a path has a hundred reasons, and looking each
    one up in the catalogs afresh costs more than building the path."""
    return _translated(building_language.get() or get_language(), message)


def and_list(words: list[str]) -> str:
    return get_text_list(words, _("and"))


class Wording:
    """What a path's reason codes are put into words with: the catalog's names, read in
    the language active when the words are made. Its text is the catalog's version, so a
    fingerprint of a step changes whenever a name its words use may have."""

    __slots__ = ("catalog", "version")

    def __init__(self, catalog, version: str):
        self.catalog = catalog
        self.version = version

    def __str__(self) -> str:
        return f"catalog {self.version}"

    def words(self, codes: list[dict]) -> list[str]:
        return [self.word(**code) for code in codes]

    def word(self, code: str, **params) -> str:
        catalog = self.catalog
        names = catalog.skill_names

        def skill(slug: str) -> str:
            return names.get(slug, slug)

        def skills(slugs) -> str:
            return and_list([skill(s) for s in slugs])

        if code == "closes_gap":
            role = catalog.roles.get(params["role"])
            return _(
                "Closes your gap in %(skill)s: the %(role)s role needs it at %(level)s "
                "level (weight %(weight)s of 5)."
            ) % {
                "skill": skill(params["skill"]),
                "role": role.local_name if role else params["role"],
                "level": LEVEL_NAMES[params["level"]],
                "weight": params["weight"],
            }
        if code == "comes_first":
            later = params["later"]
            return ngettext(
                "%(skill)s comes first: %(later)s builds on it.",
                "%(skill)s comes first: %(later)s build on it.",
                len(later),
            ) % {"skill": skill(params["skill"]), "later": skills(later)}
        if code == "partial_level":
            return _("Takes you to %(level)s level; plan practice to reach %(needed)s.") % {
                "level": LEVEL_NAMES[params["level"]],
                "needed": LEVEL_NAMES[params["needed"]],
            }
        if code == "also_covers":
            return _("Also covers %(skills)s.") % {"skills": skills(params["skills"])}
        if code == "also_covers_to":
            return _("Also covers %(skill)s, to %(level)s level.") % {
                "skill": skill(params["skill"]),
                "level": LEVEL_NAMES[params["level"]],
            }
        if code == "free":
            return _("Free.")
        if code == "cost_unknown" and params.get("budget_set"):
            return _("Cost not published, so it may not fit your budget: check before you enrol.")
        if code == "cost_unknown":
            return _("Cost not known: check with the provider before you enrol.")
        if code == "within_budget":
            period = {
                "per_month": _("a month"),
                "per_semester": _("a semester"),
                "per_year": _("a year"),
            }.get(params.get("period", ""), "")
            return _(
                "Costs PKR %(cost)s%(period)s, within your budget of PKR %(budget)s a month."
            ) % {
                "cost": f"{params['cost']:,}",
                "period": f" {period}" if period else "",
                "budget": f"{params['budget']:,}",
            }
        if code == "cost":
            return _("Costs PKR %(cost)s.") % {"cost": f"{params['cost']:,}"}
        if code == "online":
            return _("Online, so you can take it from anywhere.")
        if code == "hybrid":
            return _("Hybrid: join online or in person.")
        if code in ("in_your_city", "in_person"):
            city = catalog.city_names.get(params["city"], params["city"])
            if code == "in_your_city":
                return _("In person in %(city)s, your city.") % {"city": city}
            return _("In person in %(city)s.") % {"city": city}
        if code == "open_to_province":
            province = catalog.province_names.get(params["province"], params["province"])
            return _("Open only to people from %(province)s; your profile places you there.") % {
                "province": province
            }
        if code == "fixed_schedule":
            return _("Runs on fixed dates: %(weeks)s weeks whatever your hours.") % {
                "weeks": params["weeks"]
            }
        if code == "no_round_ahead":
            return _("Runs in rounds; the next one is not announced yet.")
        if code == "sector":
            sectors = [catalog.sector_names.get(s, s) for s in params["sectors"]]
            return _("Touches a sector you chose: %(sectors)s.") % {"sectors": and_list(sectors)}
        if code == "close_match":
            return _("A close match to your goal and profile.")
        if code == "fair_match":
            return _("A fair match to your goal and profile.")
        if code == "assumes":
            return _("Assumes you know %(skills)s.") % {"skills": skills(params["skills"])}
        if code == "missing_foundation":
            return _(
                "%(skill)s builds on %(missing)s, which this path could not cover: "
                "learn it alongside."
            ) % {"skill": skill(params["skill"]), "missing": skills(params["missing"])}
        raise ValueError(f"no words for the reason code {code!r}")
