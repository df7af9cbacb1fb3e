"""Reasons as stable codes with parameters (slugs and numbers), turned into words only when
shown, in the reader's language. A shared path keeps the codes, never the words, so it
reads in its viewer's language and holds nothing personal such as a budget or a city."""

from functools import lru_cache

from django.utils.text import get_text_list
from django.utils.translation import (
    get_language,
    gettext,
    gettext_lazy,
    gettext_noop,
    ngettext,
)

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


# A step for one of the role's skills: it closes the gap, or only works towards it.
GAP_SHARED = {
    "closes_gap": gettext_lazy(
        "Closes a gap in %(skill)s: the %(role)s role needs it at %(level)s level."
    ),
    "narrows_gap": gettext_lazy(
        "Works towards a gap in %(skill)s: the %(role)s role needs it at %(level)s level."
    ),
}
GAP = {  # translated when read (Wording)
    "closes_gap": gettext_noop(
        "Closes your gap in %(skill)s: the %(role)s role needs it at %(level)s "
        "level (weight %(weight)s of 5)."
    ),
    "narrows_gap": gettext_noop(
        "Works towards your gap in %(skill)s: the %(role)s role needs it at "
        "%(level)s level (weight %(weight)s of 5)."
    ),
}


def reason_text(code: str, params: dict, skill_names: dict, role_names: dict) -> str:
    """The words for a step's main reason, from its code and parameters."""
    if code in GAP_SHARED:
        return GAP_SHARED[code] % {
            "skill": skill_names.get(params["skill"], params["skill"]),
            "role": role_names.get(params["role"], params["role"]),
            "level": LEVEL_NAMES[params["level"]],
        }
    if code == "comes_first":
        later = [skill_names.get(s, s) for s in params["later"]]
        return comes_first(skill_names.get(params["skill"], params["skill"]), later, ", ")
    return ""


def comes_first(skill: str, later: list[str], separator: str | None = None) -> str:
    """A prerequisite step's main reason: which later skills build on it (listed with
    "and", or joined by the separator given)."""
    listed = separator.join(later) if separator is not None else and_list(later)
    return ngettext(
        "%(skill)s comes first: %(later)s builds on it.",
        "%(skill)s comes first: %(later)s build on it.",
        len(later),
    ) % {"skill": skill, "later": listed}


def unmet_shared_text(code: str, skill_name: str) -> str:
    message = UNMET_SHARED.get(code, UNMET_SHARED["not_taught"])
    return message % {"skill": skill_name}


@lru_cache(maxsize=1024)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _(message: str) -> str:
    """gettext, remembered per language: a path has a hundred reasons, and looking each
    one up in the catalogs afresh costs more than building the path."""
    return _translated(get_language(), message)


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

        if code in GAP:
            role = catalog.roles.get(params["role"])
            return _(GAP[code]) % {
                "skill": skill(params["skill"]),
                "role": role.local_name if role else params["role"],
                "level": LEVEL_NAMES[params["level"]],
                "weight": params["weight"],
            }
        if code == "comes_first":
            return comes_first(skill(params["skill"]), [skill(s) for s in params["later"]])
        if code == "partial_level":
            return _("Takes you to %(level)s level; plan practice to reach %(needed)s.") % {
                "level": LEVEL_NAMES[params["level"]],
                "needed": LEVEL_NAMES[params["needed"]],
            }
        if code == "also_covers":
            return _("Also covers %(skills)s.") % {"skills": skills(params["skills"])}
        if code == "prepares_uncovered":
            return _(
                "It prepares you for %(skills)s, which no offering that fits your settings "
                "teaches yet."
            ) % {"skills": skills(params["skills"])}
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

    def unmet(self, skill: str, code: str, params: dict) -> str:
        """Why no offering closes a skill, for the learner the path is for."""
        names = self.catalog.skill_names
        budget = params.get("budget")
        city_slug = params.get("city", "")
        city = self.catalog.city_names.get(city_slug) if city_slug != "other" else None
        values = {
            "skill": names.get(skill, skill),
            "budget": f"{budget or 0:,}",
            "city": city or _("your city"),
            "level": LEVEL_NAMES.get(params.get("level", 0), ""),
        }
        if code == "over_budget":
            if budget is None:
                return _("No offering teaches %(skill)s.") % values
            if budget == 0:
                return _("No free offering teaches %(skill)s.") % values
            return _("No offering within PKR %(budget)s teaches %(skill)s.") % values
        if code == "out_of_reach":
            if params.get("in_city_only"):
                return _("No offering held in %(city)s teaches %(skill)s.") % values
            if params.get("online") and budget == 0:
                return _("No free online offering teaches %(skill)s.") % values
            if params.get("online"):
                return _("No online offering within your budget teaches %(skill)s.") % values
            return (
                _("No offering you can reach in %(city)s teaches %(skill)s within your budget.")
                % values
            )
        if code == "kinds_left_out" and budget == 0:
            return _("Every free offering that teaches %(skill)s is of a kind you left out.") % (
                values
            )
        if code == "missing_foundation":
            missing = [names.get(s, s) for s in params.get("missing", [])]
            if params.get("variant") == "path":
                return _("%(skill)s builds on %(missing)s, which this path could not cover.") % {
                    **values,
                    "missing": and_list(missing),
                }
            if not missing:
                return (
                    _(
                        "Every offering that fits you and teaches %(skill)s assumes skills this "
                        "path could not cover first."
                    )
                    % values
                )
            return _(
                "Every offering that fits you and teaches %(skill)s assumes %(missing)s first."
            ) % {**values, "missing": and_list(sorted(missing))}
        messages = {
            "not_taught": _("No course or program in the catalog teaches %(skill)s yet."),
            "no_higher_level": _(
                "No offering in the catalog goes beyond %(level)s level in %(skill)s."
            ),
            "not_eligible": _(
                "Every offering you can reach for %(skill)s asks for more education first."
            ),
            "not_from_province": _(
                "What teaches %(skill)s here admits only people from one province, and "
                "your profile does not place you there."
            ),
            "degree_behind_you": _(
                "Only undergraduate degrees teach %(skill)s here, and you are past that stage."
            ),
            "past_event": _(
                "What teaches %(skill)s here is an event that has passed, with no new date."
            ),
            "too_advanced": _(
                "What is left for %(skill)s is advanced practice, for once you work in "
                "machine learning."
            ),
            "kinds_left_out": _(
                "Every offering you can take for %(skill)s is of a kind you left out."
            ),
            "set_aside": _("You set aside every offering that fits you and teaches %(skill)s."),
            "too_big": _(
                "Only degrees or months-long certificates teach %(skill)s, too much for a "
                "skill this role needs only a little of."
            ),
        }
        return messages.get(code, messages["not_taught"]) % values
