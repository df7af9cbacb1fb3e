"""Reads for the learner side: the catalog as the recommender sees it, and its fitted model."""

import logging
import os
import threading
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Prefetch, prefetch_related_objects
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext, override
from django.utils.translation import gettext_lazy as _

from careers.cv.extraction import SkillExtractor, skill_texts
from careers.models import Profile, ProfileSkill, SharedPath, StepNote, StepStatus
from careers.recommender.data import Catalog, Item, Learner, LocalNames, Path, RoleNeeds, Step
from careers.recommender.features import CatalogModel
from careers.recommender.fit import RoleFit, role_fits
from careers.recommender.path import alternatives, build_path, known_skills
from careers.recommender.ranker import fit_ranker, labelled_pairs
from careers.recommender.reasons import LEVEL_NAMES, reason_text, unmet_shared_text
from careers.recommender.weeks import step_weeks
from catalog.caching import cache_call, cached, fingerprint
from catalog.models import City, Offering, OfferingSkill, Role, RoleSkill, Sector, Skill
from catalog.selectors import catalog_state


def city_names() -> LocalNames:
    """City names in both languages: a model is fitted once and read in either."""
    with override("en"):
        english = {str(value): str(label) for value, label in City.choices}
    with override("ur"):
        urdu = {str(value): str(label) for value, label in City.choices}
    return LocalNames(english, urdu)


def recommender_catalog() -> Catalog:
    """Every active offering, skill and role as plain data, in a fixed number of queries."""
    today = timezone.localdate()
    offerings = (
        Offering.objects.active()
        .select_related("provider")
        .prefetch_related("skills_taught__skill", "prerequisite_skills", "sectors")
        .order_by("pk")
    )
    items = tuple(
        Item(
            slug=o.slug,
            title=o.title,
            kind=o.kind,
            provider=o.provider.slug if o.provider else "",
            provider_name=o.provider.display_name if o.provider else "",
            text=" ".join(
                [
                    o.summary,
                    *(t.skill.name for t in o.skills_taught.all()),
                    *(s.name for s in o.sectors.all()),
                ]
            ),
            delivery=o.delivery,
            city=o.city,
            level=o.level,
            cost_pkr=o.cost_in_pkr(usd_to_pkr=settings.USD_TO_PKR),
            duration_weeks=o.duration_weeks,
            hours_per_week=o.hours_per_week,
            skills={t.skill.slug: t.level for t in o.skills_taught.all()},
            prerequisites=tuple(s.slug for s in o.prerequisite_skills.all()),
            sectors=tuple(s.slug for s in o.sectors.all()),
            cost_period=o.cost_period,
            entry_education=o.entry_education,
            language=o.language,
            data_weight=o.data_weight,
            round_ahead=o.schedule not in (Offering.Schedule.COHORT, Offering.Schedule.EVENT)
            or o.upcoming_start(today) is not None,
            schedule=o.schedule,
        )
        for o in offerings
    )
    skills = Skill.objects.prefetch_related("prerequisites").order_by("slug")
    roles = Role.objects.prefetch_related("required_skills__skill", "sectors").order_by("slug")
    sectors = list(Sector.objects.values_list("slug", "name", "name_ur"))
    return Catalog(
        items=items,
        skill_names=LocalNames(
            {s.slug: s.name for s in skills}, {s.slug: s.name_ur for s in skills}
        ),
        prerequisites={s.slug: frozenset(p.slug for p in s.prerequisites.all()) for s in skills},
        roles={
            r.slug: RoleNeeds(
                slug=r.slug,
                name=r.name,
                name_ur=r.name_ur,
                skills={n.skill.slug: (n.level, n.weight) for n in r.required_skills.all()},
                sectors=tuple(s.slug for s in r.sectors.all()),
            )
            for r in roles
        },
        city_names=city_names(),
        sector_names=LocalNames(
            {slug: name for slug, name, _ in sectors}, {slug: ur for slug, _, ur in sectors}
        ),
    )


@dataclass
class _Fitted:
    version: str
    model: CatalogModel


_fitted: _Fitted | None = None
_lock = threading.Lock()
logger = logging.getLogger("raasta.recommender")

# Raise MODEL_FORMAT when the fitted model's classes change shape, so a cache shared with
# processes running the previous code is not read back into objects that lack new parts.
MODEL_FORMAT = 2
MODEL_KEY = f"recommender-model:v{MODEL_FORMAT}:{{version}}"
LATEST_KEY = f"recommender-model:v{MODEL_FORMAT}:latest"
EXTRACTOR_KEY = f"cv-extractor:v{MODEL_FORMAT}:{{version}}"
BUILD_KEY = f"recommender-model-build:v{MODEL_FORMAT}:{{version}}"
MODEL_TIMEOUT = 30 * 24 * 3600
BUILD_TIMEOUT = 300


def fit_model() -> CatalogModel:
    """A new model and ranker fitted on the catalog as it is in the database now."""
    model = CatalogModel(recommender_catalog())
    model.ranker = fit_ranker(model, labelled_pairs(model))
    return model


def publish_model(version: str | None = None) -> CatalogModel | None:
    """Fit the model (and the CV skill extractor) for the current catalog and share them
    through the cache.

    Returns None, publishing nothing, when the catalog changed while it was being read:
    the model would then belong to no version, and the change has its own build.
    """
    version = version or catalog_state()
    model = fit_model()
    if catalog_state() != version:
        return None
    extractor = fit_extractor()
    if catalog_state() != version:
        return None
    model.version = version
    cache_call(cache.set, MODEL_KEY.format(version=version), model, MODEL_TIMEOUT)
    cache_call(cache.set, EXTRACTOR_KEY.format(version=version), extractor, MODEL_TIMEOUT)
    cache_call(cache.set, LATEST_KEY, version, None)
    return model


def _shared_model(version: str) -> CatalogModel | None:
    # An unreadable entry (a pickle from older code) is refitted, as is a missing one.
    return cache_call(cache.get, MODEL_KEY.format(version=version))


def _build_in_background(version: str) -> None:
    """Start one build for this version across all processes; the others keep serving."""
    if not cache_call(cache.add, BUILD_KEY.format(version=version), os.getpid(), BUILD_TIMEOUT):
        return

    def build() -> None:
        try:
            publish_model(version)
        except Exception:
            logger.exception("Fitting the recommender for catalog %s failed", version)
            cache_call(cache.delete, BUILD_KEY.format(version=version))
        finally:
            connections.close_all()

    # Not a daemon: a command or a worker shutting down waits for the model it started.
    threading.Thread(target=build, name=f"recommender-fit-{version[:8]}").start()


def catalog_changed() -> None:
    """After a catalog edit commits, this process starts the new model's build at once."""
    if settings.RECOMMENDER_REFIT == "background":
        _build_in_background(catalog_state())


def recommender_model() -> CatalogModel:
    """The fitted model for the current catalog, without making a page wait for a fit.

    One single-row query while the catalog is unchanged. After an edit, in any process,
    the new model is read from the shared cache once one process has fitted it; until
    then this process keeps serving the model it has (or the latest published one) while
    a single background build runs. Only a site that has never published a model fits
    inside the request. With RECOMMENDER_REFIT=inline (tests), every change refits at once.
    """
    global _fitted
    version = catalog_state()
    fitted = _fitted
    if fitted is not None and fitted.version == version:
        return fitted.model
    with _lock:
        if _fitted is not None and _fitted.version == version:
            return _fitted.model
        model = _shared_model(version)
        if model is None and settings.RECOMMENDER_REFIT == "background":
            stale = _fitted
            if stale is None:
                latest = cache_call(cache.get, LATEST_KEY)
                stale_model = _shared_model(latest) if latest else None
                stale = _Fitted(version=latest, model=stale_model) if stale_model else None
            if stale is not None:
                _build_in_background(version)
                _fitted = stale
                return stale.model
        if model is None:
            model = publish_model(version) or fit_model()
        _fitted = _Fitted(version=version, model=model)
        return model


def warm_recommender() -> None:
    """Load the published model for the current catalog, or the latest published one, into
    this process. Starts no thread and fits nothing, so it is safe in a server's master
    process before it forks its workers; a request then does the rest."""
    global _fitted
    version = catalog_state()
    if _fitted is not None and _fitted.version == version:
        return
    for candidate in (version, cache_call(cache.get, LATEST_KEY)):
        model = _shared_model(candidate) if candidate else None
        if model is not None:
            _fitted = _Fitted(version=candidate, model=model)
            return


def similar_offerings(*, offering: Offering, count: int = 4) -> list[Offering]:
    """Active offerings most like this one in the recommender's space, best first."""
    slugs = [slug for slug, _ in recommender_model().similar(offering.slug, count)]
    found = Offering.objects.active().select_related("provider").in_bulk(slugs, field_name="slug")
    return [found[slug] for slug in slugs if slug in found]


def profile_for(*, user) -> Profile | None:
    """The user's profile with its role, sectors and skills, or None before they make one."""
    return (
        Profile.objects.select_related("target_role")
        .prefetch_related(
            "sectors", Prefetch("skills", ProfileSkill.objects.select_related("skill"))
        )
        .filter(user=user)
        .first()
    )


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def learner_data_export(*, user) -> dict:
    """Everything Raasta holds about a learner, as plain JSON-ready data.

    A test compares this with the fields of every model that holds a learner's data, so a
    new field cannot be left out of the export unnoticed.
    """
    from allauth.account.models import EmailAddress

    profile = profile_for(user=user)
    data: dict = {
        "account": {
            "email": user.email,
            "joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("email")
            ],
        },
        "profile": None,
        "skills": [],
        "marks": [],
        "notes": [],
        "shared_paths": [],
    }
    if profile is None:
        return data
    data["profile"] = {
        "education_level": profile.education_level,
        "field_of_study": profile.field_of_study,
        "institution": profile.institution,
        "city": profile.city,
        "willing_to_relocate": profile.willing_to_relocate,
        "delivery": profile.delivery,
        "target_role": profile.target_role.slug if profile.target_role else None,
        "sectors": sorted(s.slug for s in profile.sectors.all()),
        "goal": profile.goal,
        "budget_pkr": profile.budget_pkr,
        "hours_per_week": profile.hours_per_week,
        "language": profile.language,
        "created_at": _when(profile.created_at),
        "updated_at": _when(profile.updated_at),
    }
    data["skills"] = [
        {"skill": row.skill.slug, "level": row.level} for row in profile.skills.all()
    ]
    data["marks"] = [
        {
            "offering": mark.offering.slug,
            "status": mark.status,
            "skill": mark.skill.slug if mark.skill else None,
            "marked_at": _when(mark.created_at),
            "updated_at": _when(mark.updated_at),
        }
        for mark in StepStatus.objects.filter(profile=profile).select_related("offering", "skill")
    ]
    data["notes"] = [
        {
            "offering": note.offering.slug,
            "text": note.text,
            "created_at": _when(note.created_at),
            "updated_at": _when(note.updated_at),
        }
        for note in StepNote.objects.filter(profile=profile).select_related("offering")
    ]
    data["shared_paths"] = [
        {
            "token": share.token,
            "snapshot": share.snapshot,
            "created_at": _when(share.created_at),
            "revoked_at": _when(share.revoked_at),
        }
        for share in SharedPath.objects.filter(profile=profile).order_by("created_at")
    ]
    return data


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
    def progress_percent(self) -> int:
        total = self.total_steps
        return round(100 * len(self.finished) / total) if total else 100

    @property
    def this_week(self) -> PlannedStep | None:
        return self.steps[0] if self.steps else None


def notes_by_offering(*, profile: Profile) -> dict[int, str]:
    """The learner's notes, by offering id, to show beside their marks."""
    return dict(StepNote.objects.filter(profile=profile).values_list("offering_id", "text"))


def marks_for(*, profile: Profile) -> list[StepStatus]:
    """The learner's marks with their offerings; a finished one also with the skills it
    taught, which count even after the offering leaves the catalog."""
    marks = list(
        StepStatus.objects.filter(profile=profile).select_related("offering__provider", "skill")
    )
    prefetch_related_objects(
        [mark for mark in marks if mark.status == StepStatus.Status.DONE],
        Prefetch("offering__skills_taught", OfferingSkill.objects.select_related("skill")),
    )
    return marks


def learner_for(*, profile: Profile, marks: list[StepStatus], filters: PathFilters) -> Learner:
    """The recommender's view of a learner: profile, marks and the filters they turned on."""
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
        budget_pkr=0 if filters.free else profile.budget_pkr,
        hours_per_week=profile.hours_per_week,
        delivery="online" if filters.online else profile.delivery,
        goal=profile.goal,
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


PATH_KEY = "learner-path:v1:{model}:{language}:{learner}"
PATH_TIMEOUT = 24 * 3600


def planned_path(model: CatalogModel, learner: Learner) -> Path:
    """The learner's path, planned once for a catalog version, a learner (profile, marks and
    filters) and a language, then read back from the shared cache while none of them
    changes: a reload, a return visit, the page after a mark. Lost or unreachable, the
    cache costs only a new plan."""
    if not model.version:
        return build_path(model, learner)
    key = PATH_KEY.format(
        model=model.version, language=get_language(), learner=fingerprint(learner)
    )
    return cached(key, lambda: build_path(model, learner), PATH_TIMEOUT)


def learning_path_for(
    *, profile: Profile, filters: PathFilters = PathFilters(), today: date | None = None
) -> LearningPathView:
    """The learner's path, planned week by week from today, with everything the page shows."""
    today = today or timezone.localdate()
    model = recommender_model()
    marks = marks_for(profile=profile)
    learner = learner_for(profile=profile, marks=marks, filters=filters)
    path = planned_path(model, learner)
    names = model.catalog.skill_names

    wanted = [s.offering for s in path.steps] + path.communities
    offerings = (
        Offering.objects.filter(slug__in=wanted)
        .select_related("provider")
        .in_bulk(field_name="slug")
    )
    status = {mark.offering.slug: mark.status for mark in marks}
    notes = dict(StepNote.objects.filter(profile=profile).values_list("offering__slug", "text"))
    set_aside = [m for m in marks if m.status == StepStatus.Status.NOT_INTERESTED]

    steps, week = [], 0
    estimated_weeks = 0
    for step in path.steps:
        weeks = step_weeks(step, profile.hours_per_week)
        if step.weeks is None:
            estimated_weeks += weeks
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
                start_week=week + 1,
                end_week=week + weeks,
                finish_on=today + timedelta(weeks=week + weeks),
                estimated=step.weeks is None,
                set_aside=aside,
                note=notes.get(step.offering, ""),
            )
        )
        week += weeks

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
        total_weeks=week,
        estimated_weeks=estimated_weeks,
    )


def path_alternatives(
    *, profile: Profile, skill: str, filters: PathFilters
) -> list[tuple[Step, Offering]]:
    """The next best offerings for one skill of the learner's path, with their reasons."""
    model = recommender_model()
    learner = learner_for(profile=profile, marks=marks_for(profile=profile), filters=filters)
    others = alternatives(model, learner, skill, count=4)
    found = (
        Offering.objects.filter(slug__in=[s.offering for s in others])
        .select_related("provider")
        .in_bulk(field_name="slug")
    )
    return [(step, found[step.offering]) for step in others if step.offering in found]


def path_snapshot(*, view: LearningPathView) -> dict:
    """What a shared link shows: the plan as slugs and reason codes, without anything that
    says who the learner is (no budget, city, goal or name); words are made when it is shown,
    in the viewer's language."""
    return {
        "role_slug": view.role_slug,
        "total_weeks": view.total_weeks,
        "estimated_weeks": view.estimated_weeks,
        "total_cost_pkr": view.total_cost_pkr,
        "unknown_costs": view.unknown_costs,
        "steps": [
            {
                "skill_slug": item.step.skill,
                "also_slugs": item.step.also_covers,
                "slug": item.offering.slug,
                "kind_code": item.offering.kind,
                "weeks": item.step.weeks,
                "cost_pkr": item.step.cost_pkr,
                "why_code": item.step.reason_codes[0] if item.step.reason_codes else None,
                "done": item.status == StepStatus.Status.DONE,
            }
            for item in view.steps
        ],
        "finished": len(view.finished),
        "unmet_codes": [{"skill": slug, "code": code} for slug, code in view.unmet_codes],
    }


def shared_path_for_display(*, snapshot: dict) -> dict:
    """A shared snapshot in words, in the current language. Snapshots made before reasons
    were kept as codes still show as they were saved."""
    if (
        "role_slug" not in snapshot
        or "steps" not in snapshot
        or (snapshot["steps"] and "skill_slug" not in snapshot["steps"][0])
    ):
        return snapshot
    skills = {s.slug: s.local_name for s in Skill.objects.only("slug", "name", "name_ur")}
    roles = {r.slug: r.local_name for r in Role.objects.only("slug", "name", "name_ur")}
    offerings = Offering.objects.select_related("provider").in_bulk(
        [step["slug"] for step in snapshot["steps"]], field_name="slug"
    )
    kinds = dict(Offering.Kind.choices)
    steps = []
    for step in snapshot["steps"]:
        offering = offerings.get(step["slug"])
        why = step.get("why_code") or {}
        params = {key: value for key, value in why.items() if key != "code"}
        steps.append(
            {
                "skill": skills.get(step["skill_slug"], step["skill_slug"]),
                "also": [skills.get(s, s) for s in step["also_slugs"]],
                "title": offering.local_title if offering else step["slug"],
                "slug": step["slug"],
                "kind": kinds.get(step["kind_code"], step["kind_code"]),
                "provider": offering.provider.display_name
                if offering and offering.provider
                else "",
                "weeks": step["weeks"],
                "cost_pkr": step["cost_pkr"],
                "why": reason_text(why.get("code", ""), params, skills, roles) if why else "",
                "done": step["done"],
            }
        )
    return {
        **snapshot,
        "role": roles.get(snapshot["role_slug"], snapshot["role_slug"]),
        "steps": steps,
        "unmet": [
            {
                "skill": skills.get(item["skill"], item["skill"]),
                "reason": unmet_shared_text(
                    item["code"], skills.get(item["skill"], item["skill"])
                ),
            }
            for item in snapshot.get("unmet_codes", [])
        ],
    }


def path_share_active(*, profile: Profile) -> SharedPath | None:
    return SharedPath.objects.filter(profile=profile, revoked_at__isnull=True).first()


def path_shared(*, token: str) -> SharedPath | None:
    return SharedPath.objects.filter(token=token, revoked_at__isnull=True).first()


@dataclass
class _FittedExtractor:
    version: str
    extractor: SkillExtractor


_fitted_extractor: _FittedExtractor | None = None


def fit_extractor() -> SkillExtractor:
    """A new CV skill extractor fitted on the catalog as it is in the database now."""
    teaching: dict[str, list[str]] = {}
    rows = OfferingSkill.objects.filter(offering__is_active=True).values_list(
        "skill__slug", "offering__title", "offering__summary"
    )
    for slug, title, summary in rows:
        teaching.setdefault(slug, []).append(f"{title}. {summary}")
    skills = Skill.objects.order_by("slug").values_list("slug", "name", "aliases", "description")
    return SkillExtractor(skill_texts(skills, teaching))


def skill_extractor() -> SkillExtractor:
    """The CV skill extractor for the current catalog, built like the recommender's model:
    once per catalog version, by the process that builds the model, and shared through the
    cache. After an edit a process keeps the extractor it has while the build runs; only a
    process with none fits one inside the request."""
    global _fitted_extractor
    version = catalog_state()
    fitted = _fitted_extractor
    if fitted is not None and fitted.version == version:
        return fitted.extractor
    extractor = cache_call(cache.get, EXTRACTOR_KEY.format(version=version))
    if extractor is None and fitted is not None and settings.RECOMMENDER_REFIT == "background":
        _build_in_background(version)
        return fitted.extractor
    if extractor is None:
        extractor = fit_extractor()
        if catalog_state() == version:
            cache_call(cache.set, EXTRACTOR_KEY.format(version=version), extractor, MODEL_TIMEOUT)
    _fitted_extractor = _FittedExtractor(version=version, extractor=extractor)
    return extractor


@dataclass
class RoleFitView:
    fit: RoleFit
    role: Role
    estimated_weeks: int  # of the weeks, those estimated from a step's kind
    unmet: int

    @property
    def weeks(self) -> int:
        return self.fit.weeks

    @property
    def readiness_percent(self) -> int:
        return round(100 * self.fit.readiness)


def role_fits_for(*, profile: Profile | None) -> list[RoleFitView]:
    """Every role ranked for this learner (or for someone starting from nothing), each with
    the weeks and cost of the path to it from the same path builder."""
    model = recommender_model()
    if profile is None:
        learner = Learner(target_role="", budget_pkr=0)
    else:
        learner = learner_for(
            profile=profile, marks=marks_for(profile=profile), filters=PathFilters()
        )
    roles = (
        Role.objects.select_related("source")
        .prefetch_related(Prefetch("required_skills", RoleSkill.objects.select_related("skill")))
        .in_bulk(field_name="slug")
    )
    views = []
    for fit in role_fits(model, learner):
        estimated = sum(
            step_weeks(step, learner.hours_per_week)
            for step in fit.path.steps
            if step.weeks is None
        )
        views.append(
            RoleFitView(
                fit=fit, role=roles[fit.role], estimated_weeks=estimated, unmet=len(fit.path.unmet)
            )
        )
    return views


@dataclass
class RoleComparison:
    fits: list[RoleFitView]  # every role, for choosing
    chosen: list[RoleFitView]  # the two compared, when both are known roles
    rows: list[dict]  # per skill either role needs: the learner's level and each role's need


def role_comparison(*, profile: Profile | None, first: str, second: str) -> RoleComparison:
    """Two roles side by side for this learner: what each needs, skill by skill."""
    fits = role_fits_for(profile=profile)
    by_slug = {view.fit.role: view for view in fits}
    chosen = [by_slug[slug] for slug in (first, second) if slug in by_slug]
    rows = []
    if len(chosen) == 2:
        needs = [{n.skill.slug: n for n in view.role.required_skills.all()} for view in chosen]
        skills = {need.skill for role_needs in needs for need in role_needs.values()}
        known = chosen[0].fit.known
        rows = [
            {
                "skill": skill,
                "have": known.get(skill.slug, 0),
                "needs": [role_needs.get(skill.slug) for role_needs in needs],
            }
            for skill in sorted(skills, key=lambda s: s.name)
        ]
    return RoleComparison(fits=fits, chosen=chosen, rows=rows)


def week_plan_text(*, view: LearningPathView) -> str:
    """This week's plan as a few lines of plain text, short enough for a WhatsApp message,
    in the learner's language: the step to work on, the hours, the date, the link."""
    item = view.this_week
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
