"""The hard rules an offering must pass to be in a learner's path, one named constraint
each. The path builder, the other options for a step, the reason a skill is left unmet and
the evaluation's violation count all use these, so they cannot drift apart.

Each constraint gives a mask over the catalog (True = allowed) and a stable code; the words
for a code are chosen where they are shown.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from careers.recommender.data import EDUCATION_ORDER, Learner
from careers.recommender.features import DELIVERY_CODES, CatalogModel

BIG_KINDS = frozenset({"degree", "certificate"})
MONTHS_LONG = 13  # weeks: a certificate this long is too much for a lightly weighted skill
LIGHT_WEIGHT = 2  # a role weight at or under this is a skill the role leans on lightly


def budget_mask(model: CatalogModel, learner: Learner) -> np.ndarray:
    """Within the learner's monthly budget: a subscription by its month, a fee spread over
    its months. Unknown costs stay in (ranked lower and said so) unless only free will do."""
    if learner.budget_pkr is None:
        return np.ones(len(model.items), dtype=bool)
    if learner.budget_pkr == 0:
        return model.cost == 0
    return ~(model.monthly_cost > learner.budget_pkr)


def place_mask(model: CatalogModel, learner: Learner) -> np.ndarray:
    """Online, hybrid, or in person where the learner is (anywhere, if they would move)."""
    online, in_person, hybrid = (DELIVERY_CODES[k] for k in ("online", "in_person", "hybrid"))
    city_code = model.city_codes.get(learner.city) if learner.city not in ("", "other") else None
    in_my_city = (
        (model.city == city_code) if city_code is not None else np.zeros(len(model.items), bool)
    )
    if learner.willing_to_relocate:
        in_my_city = in_my_city | (model.city != model.city_codes.get("", -1))
    reachable_in_person = (model.delivery == in_person) & in_my_city
    if learner.in_city_only:
        return (model.delivery != online) & in_my_city
    if learner.delivery == "online":
        return (model.delivery == online) | (model.delivery == hybrid)
    if learner.delivery == "in_person":
        return (model.delivery == hybrid) | reachable_in_person
    return (model.delivery != in_person) | reachable_in_person


def eligible_mask(model: CatalogModel, learner: Learner) -> np.ndarray:
    """Offerings whose entry requirement the learner meets; all when their education is
    not known."""
    level = EDUCATION_ORDER.get(learner.education)
    if level is None:
        return np.ones(len(model.items), dtype=bool)
    return model.entry_education <= level


def province_mask(model: CatalogModel, learner: Learner) -> np.ndarray:
    """A program that admits only the people of one province (a domicile rule) is for
    learners from there: the province they gave, else their city's. With neither known,
    such programs are left out rather than offered to someone they may turn away."""
    code = model.province_codes.get(learner.home_province)
    if code is None or not learner.home_province:
        return model.open_to_all.copy()
    return model.open_to_all | (model.province == code)


def not_behind_you_mask(model: CatalogModel, learner: Learner) -> np.ndarray:
    """A guard no ranking weight overrides: an undergraduate degree is no step for someone
    already studying for or holding a bachelor's (a degree that admits from intermediate,
    or states no entry level, is taken to be undergraduate)."""
    level = EDUCATION_ORDER.get(learner.education)
    if level is None or level < EDUCATION_ORDER["bachelors_in_progress"]:
        return np.ones(len(model.items), dtype=bool)
    undergraduate = model.entry_education <= EDUCATION_ORDER["intermediate"]
    return ~(model.kinds_mask({"degree"}) & undergraduate)


def intake_mask(model: CatalogModel, learner: Learner) -> np.ndarray:
    """A one-off event whose date has passed, with none announced, cannot be a step.
    (Programs that run in rounds stay, ranked lower while no round is announced.)"""
    return ~model.past_event


def kinds_mask(model: CatalogModel, learner: Learner) -> np.ndarray:
    """Not of a kind the learner chose to leave out."""
    return ~model.kinds_mask(learner.exclude_kinds)


def set_aside_mask(model: CatalogModel, learner: Learner) -> np.ndarray:
    return marks_mask(model, learner.dismissed)


def within_reach_of_beginners_mask(model: CatalogModel, learner: Learner) -> np.ndarray:
    """A guard no ranking weight overrides: advanced practice (reproducing papers, research
    projects) is a step only for learners already working in machine learning."""
    if (
        learner.skills.get("machine-learning", 0) >= 2
        or learner.done_skills.get("machine-learning", 0) >= 2
    ):
        return np.ones(len(model.items), dtype=bool)
    return ~(model.kinds_mask({"practice"}) & model.is_advanced)


def marks_mask(model: CatalogModel, slugs) -> np.ndarray:
    mask = np.ones(len(model.items), dtype=bool)
    rows = [model.index[s] for s in slugs if s in model.index]
    mask[rows] = False
    return mask


@dataclass(frozen=True)
class Constraint:
    code: str
    mask: Callable[[CatalogModel, Learner], np.ndarray]


# In the order a reason is looked for: the first that rules out a skill's last offering.
CONSTRAINTS: tuple[Constraint, ...] = (
    Constraint("over_budget", budget_mask),
    Constraint("out_of_reach", place_mask),
    Constraint("not_eligible", eligible_mask),
    Constraint("not_from_province", province_mask),
    Constraint("degree_behind_you", not_behind_you_mask),
    Constraint("past_event", intake_mask),
    Constraint("too_advanced", within_reach_of_beginners_mask),
    Constraint("kinds_left_out", kinds_mask),
    Constraint("set_aside", set_aside_mask),
)


def constraint_masks(model: CatalogModel, learner: Learner) -> dict[str, np.ndarray]:
    """Each constraint's mask for this learner, by code."""
    return {constraint.code: constraint.mask(model, learner) for constraint in CONSTRAINTS}


def allowed_mask(
    model: CatalogModel, learner: Learner, masks: dict[str, np.ndarray] | None = None
) -> np.ndarray:
    """Offerings every constraint allows, and not already finished."""
    mask = marks_mask(model, learner.done)
    for constraint_mask in (masks or constraint_masks(model, learner)).values():
        mask &= constraint_mask
    return mask


def blocking_constraint(
    model: CatalogModel, learner: Learner, rows: np.ndarray
) -> tuple[str | None, np.ndarray]:
    """The first constraint that leaves none of these rows, and the rows left before it
    (all of them pass every constraint when the code is None)."""
    keep = np.ones(len(rows), dtype=bool)
    for constraint in CONSTRAINTS:
        narrowed = keep & constraint.mask(model, learner)[rows]
        if not narrowed.any():
            return constraint.code, keep
        keep = narrowed
    return None, keep


def broken_constraints(model: CatalogModel, learner: Learner, row: int) -> list[str]:
    """Every constraint this offering breaks for this learner."""
    return [c.code for c in CONSTRAINTS if not c.mask(model, learner)[row]]


def size_fits_mask(model: CatalogModel, weight: int) -> np.ndarray:
    """A guard no ranking weight overrides: no degree, and no certificate months long, to
    close a skill the role leans on lightly."""
    if weight > LIGHT_WEIGHT:
        return np.ones(len(model.items), dtype=bool)
    big = model.kinds_mask({"degree"}) | (
        model.kinds_mask({"certificate"}) & (model.duration_weeks >= MONTHS_LONG)
    )
    return ~big
