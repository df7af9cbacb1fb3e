"""The path page's plan: the learner as the recommender sees them, their path planned week by
week from today, the gap against the role, and this week's plan as text."""

from dataclasses import dataclass
from datetime import date
from functools import cache as once

from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from careers.model_store import recommender_model
from careers.models import Profile, StepNote, StepStatus
from careers.recommender.data import Learner, Path, Step
from careers.recommender.features import CatalogModel
from careers.recommender.path import alternatives, build_path, known_skills
from careers.recommender.reasons import LEVEL_NAMES, Wording
from careers.recommender.weeks import estimated_total, schedule
from careers.selectors import marks_for, profile_related_load
from catalog.caching import cached, files_fingerprint, fingerprint
from catalog.models import Offering
from catalog.selectors import catalog_state, offerings_by_slug


@dataclass(frozen=True)
class PathFilters:
    """How the learner chose to narrow this view of their path; all come from the URL."""

    free: bool = False
    online: bool = False
    in_city: bool = False
    exclude_kinds: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return self.free or self.online or self.in_city or bool(self.exclude_kinds)

    def as_query(self) -> list[tuple[str, str]]:
        pairs = [(name, "on") for name in ("free", "online", "in_city") if getattr(self, name)]
        return pairs + [("exclude", kind) for kind in sorted(self.exclude_kinds)]


@dataclass
class PlannedStep:
    step: Step
    offering: Offering
    status: str | None
    skill_name: str
    also_names: list[str]
    start_week: int
    end_week: int
    finish_on: date
    estimated: bool
    set_aside: StepStatus | None = None
    note: str = ""

    @property
    def status_label(self) -> str:
        return str(StepStatus.Status(self.status).label) if self.status else ""

    @property
    def in_plan(self) -> bool:
        """Whether the step has weeks in the plan: a degree program with no published length
        runs on its own calendar of years and stays out of the plan and the calendar file."""
        return self.end_week >= self.start_week


LEVEL_WORDS = {0: _("none"), **LEVEL_NAMES}


@dataclass
class GapRow:
    skill: str
    name: str
    have: int
    needed: int
    reached: int
    weight: int

    @property
    def bar(self) -> list[str]:
        """The chart's three cells, one per level: had, added by the path, missing, or not
        needed."""
        cells = []
        for level in (1, 2, 3):
            if level <= self.have:
                cells.append("have")
            elif level <= self.reached:
                cells.append("adds")
            elif level <= self.needed:
                cells.append("missing")
            else:
                cells.append("none")
        return cells

    @property
    def have_label(self) -> str:
        return str(LEVEL_WORDS[self.have])

    @property
    def reached_label(self) -> str:
        return str(LEVEL_WORDS[self.reached])

    @property
    def needed_label(self) -> str:
        return str(LEVEL_WORDS[self.needed])


@dataclass
class LearningPathView:
    profile: Profile
    role_name: str
    role_slug: str
    steps: list[PlannedStep]
    finished: list[StepStatus]
    communities: list[Offering]
    unmet: list[tuple[str, str]]
    unmet_codes: list[tuple[str, str]]
    gap: list[GapRow]
    filters: PathFilters
    total_cost_pkr: int
    unknown_costs: int
    total_weeks: int
    estimated_weeks: int

    @property
    def total_steps(self) -> int:
        return len(self.steps) + len(self.finished)

    @property
    def complete(self) -> bool:
        """No step left and no skill left uncovered: the role's skills are all there."""
        return not self.steps and not self.unmet

    @property
    def progress_percent(self) -> int:
        total = self.total_steps
        if not total:
            return 100 if self.complete else 0
        return round(100 * len(self.finished) / total)

    @property
    def this_week(self) -> PlannedStep | None:
        """The step to work on now: one the learner has started, else the first."""
        started = [s for s in self.steps if s.status == StepStatus.Status.IN_PROGRESS]
        return (started or self.steps or [None])[0]


def learner_for(*, profile: Profile, marks: list[StepStatus], filters: PathFilters) -> Learner:
    """The recommender's view of a learner: profile, marks and the filters they turned on."""
    profile_related_load(profile=profile)
    by_status: dict[str, set[str]] = {}
    for mark in marks:
        by_status.setdefault(mark.status, set()).add(mark.offering.slug)
    Status = StepStatus.Status
    done_skills: dict[str, int] = {}
    for mark in marks:
        if mark.status == Status.DONE:
            for taught in mark.offering.skills_taught.all():
                done_skills[taught.skill.slug] = max(
                    done_skills.get(taught.skill.slug, 0), taught.level
                )
    return Learner(
        target_role=profile.target_role.slug if profile.target_role else "",
        skills={row.skill.slug: row.level for row in profile.skills.all()},
        sectors=tuple(s.slug for s in profile.sectors.all()),
        city=profile.city,
        province=profile.province,
        budget_pkr=0 if filters.free else profile.budget_pkr,
        hours_per_week=profile.hours_per_week,
        delivery="online" if filters.online else profile.delivery,
        goal=profile.goal,
        field_of_study=profile.field_of_study,
        education=profile.education_level,
        dismissed=frozenset(by_status.get(Status.NOT_INTERESTED, ())),
        done=frozenset(by_status.get(Status.DONE, ())),
        done_skills=done_skills,
        pinned={
            mark.offering.slug: mark.skill.slug if mark.skill else ""
            for mark in marks
            if mark.status in (Status.SAVED, Status.IN_PROGRESS)
        },
        willing_to_relocate=profile.willing_to_relocate,
        exclude_kinds=filters.exclude_kinds,
        in_city_only=filters.in_city,
    )


PATH_KEY = "learner-path:v2:{planner}:{model}:{language}:{learner}"


@once
def planner_release() -> str:
    """A fingerprint of the planner's code: a path kept by an earlier release is planned
    again, not read back into classes that may have changed their fields since."""
    return files_fingerprint("careers/recommender/*.py")


PATH_TIMEOUT = 24 * 3600


def planned_path(model: CatalogModel, learner: Learner) -> Path:
    """The learner's path, planned once for a catalog version, a learner (profile, marks and
    filters) and a language, then read back from the shared cache while none of them
    changes: a reload, a return visit, the page after a mark. Lost or unreachable, the
    cache costs only a new plan."""
    if not model.version:
        return build_path(model, learner)
    key = PATH_KEY.format(
        planner=planner_release(),
        model=model.version,
        language=get_language(),
        learner=fingerprint(learner),
    )
    path = cached(key, lambda: build_path(model, learner), PATH_TIMEOUT)
    wording = Wording(model.catalog, model.version)
    for part in (*path.steps, *path.unmet):
        part.wording = wording
    return path


def learning_path_for(
    *,
    profile: Profile,
    filters: PathFilters = PathFilters(),
    today: date | None = None,
    state: str | None = None,
) -> LearningPathView:
    """The learner's path, planned week by week from today, with everything the page shows.
    `state` is the catalog's state when the caller has just read it."""
    today = today or timezone.localdate()
    state = state or catalog_state()
    model = recommender_model(state)
    marks = marks_for(profile=profile)
    learner = learner_for(profile=profile, marks=marks, filters=filters)
    path = planned_path(model, learner)
    names = model.catalog.skill_names

    offerings = offerings_by_slug([s.offering for s in path.steps] + path.communities, state=state)
    status = {mark.offering.slug: mark.status for mark in marks}
    notes = dict(StepNote.objects.filter(profile=profile).values_list("offering__slug", "text"))
    set_aside = [m for m in marks if m.status == StepStatus.Status.NOT_INTERESTED]

    # A step the learner has started is what they work on now: it is planned first, and the
    # others follow in the path's order.
    started = [s for s in path.steps if status.get(s.offering) == StepStatus.Status.IN_PROGRESS]
    in_order = started + [s for s in path.steps if s not in started]
    planned = dict(
        zip(
            (s.skill for s in in_order),
            schedule(in_order, profile.hours_per_week, today),
            strict=True,
        )
    )
    slots = [planned[s.skill] for s in path.steps]
    steps = []
    for step, slot in zip(path.steps, slots, strict=True):
        aside = next(
            (m for m in set_aside if step.skill in model.items_skills(m.offering.slug)), None
        )
        steps.append(
            PlannedStep(
                step=step,
                offering=offerings[step.offering],
                status=status.get(step.offering),
                skill_name=names[step.skill],
                also_names=[names[s] for s in step.also_covers],
                start_week=slot.start_week,
                end_week=slot.end_week,
                finish_on=slot.finish_on,
                estimated=slot.estimated,
                set_aside=aside,
                note=notes.get(step.offering, ""),
            )
        )

    known = known_skills(model, learner)
    reached: dict[str, int] = {}
    for step in path.steps:
        taught = model.items[model.index[step.offering]].skills
        for skill in (step.skill, *step.also_covers):
            reached[skill] = max(reached.get(skill, 0), taught.get(skill, 0))
    role = model.catalog.roles[learner.target_role]
    gap = [
        GapRow(
            skill=skill,
            name=names[skill],
            have=known.get(skill, 0),
            needed=level,
            reached=max(known.get(skill, 0), reached.get(skill, 0)),
            weight=weight,
        )
        for skill, (level, weight) in sorted(
            role.skills.items(), key=lambda kv: (-kv[1][1], names[kv[0]])
        )
    ]
    return LearningPathView(
        profile=profile,
        role_name=role.local_name,
        role_slug=role.slug,
        steps=steps,
        finished=[m for m in marks if m.status == StepStatus.Status.DONE],
        communities=[offerings[slug] for slug in path.communities if slug in offerings],
        unmet=[(names[u.skill], u.reason) for u in path.unmet],
        unmet_codes=[(u.skill, u.code) for u in path.unmet],
        gap=gap,
        filters=filters,
        total_cost_pkr=path.total_cost_pkr,
        unknown_costs=path.unknown_costs,
        total_weeks=max((slot.end_week for slot in slots), default=0),
        estimated_weeks=estimated_total(path.steps, profile.hours_per_week),
    )


def path_alternatives(
    *, profile: Profile, skill: str, filters: PathFilters
) -> list[tuple[Step, Offering]]:
    """The next best offerings for one skill of the learner's path, with their reasons."""
    state = catalog_state()
    model = recommender_model(state)
    learner = learner_for(profile=profile, marks=marks_for(profile=profile), filters=filters)
    others = alternatives(model, learner, skill, count=4)
    found = offerings_by_slug([s.offering for s in others], state=state)
    return [(step, found[step.offering]) for step in others if step.offering in found]


def week_plan_text(*, view: LearningPathView) -> str:
    """This week's plan as a few lines of plain text, short enough for a WhatsApp message,
    in the learner's language: the step to work on, the hours, the date, the link."""
    item = view.this_week
    if item is None and view.unmet:
        return gettext(
            "My path to %(role)s on Raasta has nothing planned this week: no offering that "
            "fits my settings teaches what is left."
        ) % {"role": view.role_name}
    if item is None:
        return gettext("I have finished every step of my path to %(role)s on Raasta.") % {
            "role": view.role_name
        }
    hours = view.profile.hours_per_week
    lines = [
        gettext("My plan this week, on the way to %(role)s:") % {"role": view.role_name},
        gettext("Step %(n)d · %(skill)s: %(title)s")
        % {"n": item.step.order, "skill": item.skill_name, "title": item.offering.local_title},
        ngettext("%(hours)d hour this week.", "%(hours)d hours this week.", hours)
        % {"hours": hours},
    ]
    if item.in_plan:
        lines.append(
            gettext("Aim to finish by %(date)s.") % {"date": date_filter(item.finish_on, "j F")}
        )
    if item.offering.url:
        lines.append(item.offering.url)
    return "\n".join(lines)
