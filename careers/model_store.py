"""The recommender's fitted model and the CV skill extractor for the current catalog: built
once per catalog version, shared between processes through the cache, and served stale while
a new one builds, so no page waits for a fit."""

import logging
import os
import threading
from dataclasses import dataclass
from functools import cache as once

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import override

from careers.cv.extraction import SkillExtractor, skill_texts
from careers.models import Profile, ProfileSkill, StepStatus
from careers.recommender.data import Catalog, Item, LocalNames, RoleNeeds
from careers.recommender.features import CatalogModel
from careers.recommender.ranker import MarkedChoice, fit_ranker, labelled_pairs, mark_pairs
from catalog.caching import cache_call, files_fingerprint
from catalog.models import City, Offering, OfferingSkill, Province, Role, Sector, Skill
from catalog.selectors import catalog_state


def choice_names(choices) -> LocalNames:
    """A choice list's names in both languages: a model is fitted once and read in either."""
    with override("en"):
        english = {str(value): str(label) for value, label in choices.choices}
    with override("ur"):
        urdu = {str(value): str(label) for value, label in choices.choices}
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
            province=o.province,
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
        prerequisites_from={s.slug: s.prerequisites_from for s in skills},
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
        city_names=choice_names(City),
        province_names=choice_names(Province),
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
MODEL_FORMAT = 3


# Each of these is keyed by model_key(): the catalog's state and the release.
MODEL_KEY = f"recommender-model:v{MODEL_FORMAT}:{{version}}"


LATEST_KEY = f"recommender-model:v{MODEL_FORMAT}:latest"


EXTRACTOR_KEY = f"cv-extractor:v{MODEL_FORMAT}:{{version}}"


BUILD_KEY = f"recommender-model-build:v{MODEL_FORMAT}:{{version}}"


MODEL_TIMEOUT = 30 * 24 * 3600


BUILD_TIMEOUT = 300


@once
def model_release() -> str:
    """A fingerprint of what a fitted model is made of besides the catalog: the
    recommender's and the CV extractor's code, and the adviser's labelled pairs. A new
    release fits its own model rather than read back the one fitted from the old labels."""
    return files_fingerprint(
        "careers/recommender/*.py",
        "careers/recommender/labels/*.json",
        "careers/cv/*.py",
        "careers/model_store.py",
    )


def model_key(state: str) -> str:
    """The name a model fitted by this release for this catalog state is shared under; it
    is also the model's `version`, so whatever is kept per model is kept per release."""
    return f"{state}:{model_release()}"


def fit_model() -> CatalogModel:
    """A new model and ranker fitted on the catalog as it is in the database now, from the
    adviser's labelled pairs and, at most as many again, learners' own choices."""
    model = CatalogModel(recommender_catalog())
    pairs = labelled_pairs(model)
    pairs += mark_pairs(model, marked_choices(limit=2 * len(pairs)), limit=len(pairs))
    model.ranker = fit_ranker(model, pairs)
    return model


def marked_choices(*, limit: int) -> list[MarkedChoice]:
    """Learners' own choices, newest first: each offering saved, started or finished for a
    skill, against each offering the same learner set aside. At most `limit` chosen marks
    are read; the learner is taken from their profile as it is now."""
    from careers.learning_path import PathFilters, learner_for

    Status = StepStatus.Status
    setters_aside = StepStatus.objects.filter(status=Status.NOT_INTERESTED).values("profile_id")
    chosen = list(
        StepStatus.objects.filter(
            status__in=[Status.SAVED, Status.IN_PROGRESS, Status.DONE],
            skill__isnull=False,
            profile_id__in=setters_aside,
        )
        .select_related("offering", "skill")
        .order_by("-updated_at", "-pk")[:limit]
    )
    profile_ids = {mark.profile_id for mark in chosen}
    aside: dict[int, list[str]] = {}
    for profile_id, slug in StepStatus.objects.filter(
        status=Status.NOT_INTERESTED, profile_id__in=profile_ids
    ).values_list("profile_id", "offering__slug"):
        aside.setdefault(profile_id, []).append(slug)
    profiles = (
        Profile.objects.filter(pk__in=profile_ids, target_role__isnull=False)
        .select_related("target_role")
        .prefetch_related(
            "sectors", Prefetch("skills", ProfileSkill.objects.select_related("skill"))
        )
        .in_bulk()
    )
    learners = {
        pk: learner_for(profile=profile, marks=[], filters=PathFilters())
        for pk, profile in profiles.items()
    }
    return [
        MarkedChoice(
            who=f"learner-{mark.profile_id}",
            learner=learners[mark.profile_id],
            skill=mark.skill.slug,
            chosen=mark.offering.slug,
            set_aside=slug,
        )
        for mark in chosen
        if mark.profile_id in learners
        for slug in sorted(aside.get(mark.profile_id, ()))
    ]


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
    model.version = key = model_key(version)
    cache_call(cache.set, MODEL_KEY.format(version=key), model, MODEL_TIMEOUT)
    cache_call(cache.set, EXTRACTOR_KEY.format(version=key), extractor, MODEL_TIMEOUT)
    cache_call(cache.set, LATEST_KEY, key, None)
    return model


def _shared_model(key: str) -> CatalogModel | None:
    # An unreadable entry (a pickle from older code) is refitted, as is a missing one.
    return cache_call(cache.get, MODEL_KEY.format(version=key))


def _build_in_background(version: str) -> None:
    """Start one build for this catalog state across all processes; the others keep
    serving."""
    key = model_key(version)
    if not cache_call(cache.add, BUILD_KEY.format(version=key), os.getpid(), BUILD_TIMEOUT):
        return

    def build() -> None:
        try:
            publish_model(version)
        except Exception:
            logger.exception("Fitting the recommender for catalog %s failed", version)
            cache_call(cache.delete, BUILD_KEY.format(version=key))
        finally:
            connections.close_all()

    # Not a daemon: a command or a worker shutting down waits for the model it started.
    threading.Thread(target=build, name=f"recommender-fit-{version[:8]}").start()


def catalog_changed() -> None:
    """After a catalog edit commits, this process starts the new model's build at once."""
    if settings.RECOMMENDER_REFIT == "background":
        _build_in_background(catalog_state())


def recommender_model(version: str | None = None) -> CatalogModel:
    """The fitted model for the current catalog, without making a page wait for a fit.

    One single-row query while the catalog is unchanged. After an edit, in any process,
    the new model is read from the shared cache once one process has fitted it; until
    then this process keeps serving the model it has (or the latest published one) while
    a single background build runs. Only a site that has never published a model fits
    inside the request. With RECOMMENDER_REFIT=inline (tests), every change refits at once.
    `version` is the catalog's state when the caller has just read it.
    """
    global _fitted
    version = version or catalog_state()
    key = model_key(version)
    fitted = _fitted
    if fitted is not None and fitted.version == key:
        return fitted.model
    with _lock:
        if _fitted is not None and _fitted.version == key:
            return _fitted.model
        model = _shared_model(key)
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
        _fitted = _Fitted(version=key, model=model)
        return model


def warm_recommender() -> None:
    """Load the published model for the current catalog, or the latest published one, into
    this process. Starts no thread and fits nothing, so it is safe in a server's master
    process before it forks its workers; a request then does the rest."""
    global _fitted
    key = model_key(catalog_state())
    if _fitted is not None and _fitted.version == key:
        return
    for candidate in (key, cache_call(cache.get, LATEST_KEY)):
        model = _shared_model(candidate) if candidate else None
        if model is not None:
            _fitted = _Fitted(version=candidate, model=model)
            return


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
    key = model_key(version)
    fitted = _fitted_extractor
    if fitted is not None and fitted.version == key:
        return fitted.extractor
    extractor = cache_call(cache.get, EXTRACTOR_KEY.format(version=key))
    if extractor is None and fitted is not None and settings.RECOMMENDER_REFIT == "background":
        _build_in_background(version)
        return fitted.extractor
    if extractor is None:
        extractor = fit_extractor()
        if catalog_state() == version:
            cache_call(cache.set, EXTRACTOR_KEY.format(version=key), extractor, MODEL_TIMEOUT)
    _fitted_extractor = _FittedExtractor(version=key, extractor=extractor)
    return extractor
