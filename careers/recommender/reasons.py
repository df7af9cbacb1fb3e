"""Reasons as stable codes with parameters (slugs and numbers), turned into words only when
shown, in the reader's language. A shared path keeps the codes, never the words, so it
reads in its viewer's language and holds nothing personal such as a budget or a city."""

from django.utils.translation import gettext_lazy, ngettext

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
