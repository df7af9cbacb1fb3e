"""Reads for the learner side: the catalog as the recommender sees it, and its fitted model."""

import threading
from dataclasses import dataclass

from django.db.models import Prefetch

from careers.models import Profile, ProfileSkill, StepStatus
from careers.recommender.data import Catalog, Item, RoleNeeds
from careers.recommender.features import CatalogModel
from catalog.models import City, Offering, Role, Sector, Skill
from catalog.selectors import catalog_version


def recommender_catalog() -> Catalog:
    """Every active offering, skill and role as plain data, in a fixed number of queries."""
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
            cost_pkr=o.cost_pkr,
            duration_weeks=o.duration_weeks,
            hours_per_week=o.hours_per_week,
            skills={t.skill.slug: t.level for t in o.skills_taught.all()},
            prerequisites=tuple(s.slug for s in o.prerequisite_skills.all()),
            sectors=tuple(s.slug for s in o.sectors.all()),
        )
        for o in offerings
    )
    skills = Skill.objects.prefetch_related("prerequisites").order_by("slug")
    roles = Role.objects.prefetch_related("required_skills__skill", "sectors").order_by("slug")
    return Catalog(
        items=items,
        skill_names={s.slug: s.name for s in skills},
        prerequisites={s.slug: frozenset(p.slug for p in s.prerequisites.all()) for s in skills},
        roles={
            r.slug: RoleNeeds(
                slug=r.slug,
                name=r.name,
                skills={n.skill.slug: (n.level, n.weight) for n in r.required_skills.all()},
                sectors=tuple(s.slug for s in r.sectors.all()),
            )
            for r in roles
        },
        city_names={str(value): str(label) for value, label in City.choices},
        sector_names=dict(Sector.objects.values_list("slug", "name")),
    )


@dataclass
class _Fitted:
    version: int
    model: CatalogModel


_fitted: _Fitted | None = None
_lock = threading.Lock()


def recommender_model() -> CatalogModel:
    """The fitted model for the current catalog.

    Costs one single-row query while the catalog is unchanged; after any edit, in any
    process, the next call here refits from the database.
    """
    global _fitted
    version = catalog_version()
    fitted = _fitted
    if fitted is not None and fitted.version == version:
        return fitted.model
    with _lock:
        if _fitted is None or _fitted.version != version:
            _fitted = _Fitted(version=version, model=CatalogModel(recommender_catalog()))
        return _fitted.model


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


def learner_data_export(*, user) -> dict:
    """Everything Raasta holds about a learner, as plain JSON-ready data."""
    profile = profile_for(user=user)
    data: dict = {
        "account": {"email": user.email, "joined": user.date_joined.isoformat()},
        "profile": None,
        "skills": [],
        "marks": [],
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
        "updated_at": profile.updated_at.isoformat(),
    }
    data["skills"] = [
        {"skill": row.skill.slug, "level": row.level} for row in profile.skills.all()
    ]
    data["marks"] = [
        {
            "offering": mark.offering.slug,
            "status": mark.status,
            "marked_at": mark.created_at.isoformat(),
            "updated_at": mark.updated_at.isoformat(),
        }
        for mark in StepStatus.objects.filter(profile=profile).select_related("offering")
    ]
    return data
