"""Plain data the recommender works on: no ORM, no HTTP."""

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from catalog.language import in_language

STEP_KINDS = frozenset(
    {"online_course", "certificate", "bootcamp", "degree", "practice", "internship"}
)
EXTRA_KINDS = frozenset({"community", "meetup", "conference"})
DELIVERIES = ("online", "in_person", "any")


@dataclass(frozen=True)
class Item:
    """One catalog offering as the recommender sees it."""

    slug: str
    title: str
    kind: str
    provider: str  # provider slug, "" when none
    provider_name: str
    text: str  # summary and other words to match on
    delivery: str  # online | in_person | hybrid
    city: str  # city slug or ""
    level: str  # beginner | intermediate | advanced
    cost_pkr: int | None
    duration_weeks: int | None
    hours_per_week: int | None
    skills: dict[str, int]  # skill slug -> level reached
    prerequisites: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    cost_period: str = "total"  # total | per_month | per_semester | per_year
    entry_education: str = ""  # the least education it admits; "" when not stated
    language: str = "en"  # en | ur | ur-en
    data_weight: str = ""  # video_heavy | light | offline; "" when not known
    round_ahead: bool = True  # False when it runs in rounds and none is announced ahead
    schedule: str = "self_paced"  # self_paced | cohort | ongoing | event
    province: str = ""  # the one province whose people it admits; "" when open to anyone

    @property
    def monthly_cost(self) -> float | None:
        """What it costs a month: a subscription as it is, a fee spread over its months
        (a semester is six, a year twelve, a course its own length), None when unknown."""
        if self.cost_pkr is None:
            return None
        if self.cost_period == "per_month":
            return float(self.cost_pkr)
        if self.cost_period == "per_semester":
            return self.cost_pkr / 6
        if self.cost_period == "per_year":
            return self.cost_pkr / 12
        months = max(1.0, (self.duration_weeks or 0) / WEEKS_PER_MONTH)
        return self.cost_pkr / months


# The order of education levels, for an offering's entry requirement.
EDUCATION_ORDER = {
    "none": 0,
    "intermediate": 1,
    "bachelors_in_progress": 2,
    "bachelors": 3,
    "masters": 4,
    "phd": 5,
}
WEEKS_PER_MONTH = 52 / 12
# The weeks one payment of a periodic fee covers.
FEE_PERIOD_WEEKS = {"per_month": WEEKS_PER_MONTH, "per_semester": 26, "per_year": 52}

# The province of each stable city, for a learner who has not said where they are from.
CITY_PROVINCE = {
    "islamabad": "islamabad",
    "lahore": "punjab",
    "karachi": "sindh",
    "peshawar": "khyber_pakhtunkhwa",
    "quetta": "balochistan",
    "multan": "punjab",
    "faisalabad": "punjab",
    "bahawalpur": "punjab",
}


class LocalNames(Mapping):
    """Names by slug, read in the language active when they are read: the Urdu where the
    catalog has one while Urdu is spoken, the English otherwise. A fitted model is shared
    by every request, whatever its language, so it keeps both."""

    def __init__(self, names: Mapping[str, str], urdu: Mapping[str, str] | None = None):
        self._names = dict(names)
        self._urdu = {slug: name for slug, name in (urdu or {}).items() if name}

    def __getitem__(self, slug: str) -> str:
        return in_language(self._names[slug], self._urdu.get(slug, ""))

    def english(self, slug: str) -> str:
        """The English name, whatever the language: the one the offerings are read in."""
        return self._names[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __eq__(self, other) -> bool:
        if isinstance(other, LocalNames):
            return (self._names, self._urdu) == (other._names, other._urdu)
        return dict(self) == other

    __hash__ = None


@dataclass(frozen=True)
class RoleNeeds:
    slug: str
    name: str
    skills: dict[str, tuple[int, int]]  # skill slug -> (level needed, weight 1-5)
    sectors: tuple[str, ...] = ()
    name_ur: str = ""

    @property
    def local_name(self) -> str:
        return in_language(self.name, self.name_ur)


@dataclass(frozen=True)
class Catalog:
    items: tuple[Item, ...]
    skill_names: Mapping[str, str]  # a LocalNames in the app; a plain dict will do
    prerequisites: dict[str, frozenset[str]]  # skill slug -> skills it requires
    roles: dict[str, RoleNeeds]
    city_names: Mapping[str, str] = field(default_factory=dict)
    sector_names: Mapping[str, str] = field(default_factory=dict)
    province_names: Mapping[str, str] = field(default_factory=dict)
    # skill slug -> the level from which its prerequisites apply, where that is above 1
    prerequisites_from: Mapping[str, int] = field(default_factory=dict)

    def needs_first(self, skill: str, level: int) -> frozenset[str]:
        """The skills a learner needs before this one, to reach the given level of it."""
        if level < self.prerequisites_from.get(skill, 1):
            return frozenset()
        return self.prerequisites.get(skill, frozenset())


@dataclass(frozen=True)
class Learner:
    """A learner's profile and marks, in slugs."""

    target_role: str
    skills: dict[str, int] = field(default_factory=dict)
    sectors: tuple[str, ...] = ()
    city: str = ""
    budget_pkr: int | None = None  # a month: 0 = free only, None = no limit
    hours_per_week: int = 6
    delivery: str = "any"
    goal: str = ""
    field_of_study: str = ""  # their degree or background, in their words
    dismissed: frozenset[str] = frozenset()
    done: frozenset[str] = frozenset()
    education: str = ""  # the profile's education level; "" or "other" when not known
    # What finished offerings taught, kept even when an offering has left the catalog.
    done_skills: dict[str, int] = field(default_factory=dict)
    # Offerings the learner saved or started, each with the skill they chose it for ("" when
    # they did not say): kept as the step for that skill.
    pinned: dict[str, str] = field(default_factory=dict)
    willing_to_relocate: bool = False
    # Filters the learner turned on for this view of their path.
    exclude_kinds: frozenset[str] = frozenset()
    in_city_only: bool = False
    # Where the learner is from (their domicile), for programs that admit only the people of
    # one province; "" when not said, and then their city's province counts.
    province: str = ""

    @property
    def home_province(self) -> str:
        return self.province or CITY_PROVINCE.get(self.city, "")


@dataclass
class Step:
    order: int
    skill: str
    offering: str
    title: str
    kind: str
    provider: str
    weeks: int | None
    cost_pkr: int | None
    also_covers: list[str] = field(default_factory=list)
    score: float = 0.0
    # Why this step, as stable codes with their parameters (slugs and numbers).
    reason_codes: list[dict] = field(default_factory=list)
    cost_period: str = "total"  # what cost_pkr covers, as the offering publishes it
    # Puts the codes into words when they are read (careers.recommender.reasons.Wording).
    wording: object = field(default=None, repr=False, compare=False)

    @property
    def reasons(self) -> list[str]:
        """The reasons in words, in the language active now."""
        return self.wording.words(self.reason_codes) if self.wording is not None else []

    def __getstate__(self) -> dict:
        # A kept step holds its codes, not the catalog that words them; whoever reads it
        # back gives it the wording of the model it was planned on.
        return {**self.__dict__, "wording": None}

    @property
    def total_cost_pkr(self) -> int | None:
        """What the step costs from start to end: a fee counted over the months, semesters
        or years the step takes; None when the cost, or a periodic fee's length, is unknown."""
        if self.cost_pkr is None:
            return None
        per = FEE_PERIOD_WEEKS.get(self.cost_period)
        if per is None:
            return self.cost_pkr
        if not self.cost_pkr:
            return 0
        if not self.weeks:
            return None
        return self.cost_pkr * math.ceil(self.weeks / per)


@dataclass
class Unmet:
    skill: str
    code: str = "not_taught"
    # What the words need: the learner's budget, city and level, the skills found missing.
    params: dict = field(default_factory=dict)
    # Puts the code into words when it is read (careers.recommender.reasons.Wording).
    wording: object = field(default=None, repr=False, compare=False)

    @property
    def reason(self) -> str:
        """Why no offering closes the skill, in words, in the language active now."""
        if self.wording is None:
            return ""
        return self.wording.unmet(self.skill, self.code, self.params)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "wording": None}


@dataclass
class Path:
    role: str
    steps: list[Step]
    communities: list[str]
    unmet: list[Unmet]
    gap: list[str]  # gap skills in prerequisite order

    @property
    def total_weeks(self) -> int:
        return sum(step.weeks or 0 for step in self.steps)

    @property
    def total_cost_pkr(self) -> int:
        return sum(step.total_cost_pkr or 0 for step in self.steps)

    @property
    def unknown_costs(self) -> int:
        return sum(1 for step in self.steps if step.total_cost_pkr is None)
