"""Writes to the catalog."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from catalog.loading import FACT_SOURCES, SLUG_FIELD, CatalogFileError, CatalogPlan, Entry
from catalog.models import (
    AccessRoute,
    CatalogVersion,
    Offering,
    OfferingSkill,
    Provider,
    Role,
    RoleSkill,
    Sector,
    Skill,
    Source,
)
from catalog.prerequisites import cycle_message, prerequisite_cycle
from catalog.selectors import skill_prerequisite_graph


@dataclass
class SectionReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LoadReport:
    sections: dict[str, SectionReport] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(r.created or r.updated for r in self.sections.values())


_batch_open: ContextVar[bool] = ContextVar("catalog_batch_open", default=False)


@contextmanager
def catalog_signals_quiet() -> Iterator[None]:
    """Within this block, row saves do not bump the catalog version one by one; the caller
    bumps it once at the end if anything changed (a load or an import of thousands of rows)."""
    token = _batch_open.set(True)
    try:
        yield
    finally:
        _batch_open.reset(token)


def catalog_signals_are_quiet() -> bool:
    return _batch_open.get()


def catalog_version_bump() -> None:
    """Tell every server process that the catalog changed (see CatalogVersion)."""
    updated = CatalogVersion.objects.filter(pk=1).update(
        version=F("version") + 1, token=uuid.uuid4(), changed_at=timezone.now()
    )
    if not updated:
        CatalogVersion.objects.get_or_create(pk=1, defaults={"version": 2})
    hook = getattr(settings, "CATALOG_CHANGED", None)
    if hook:
        # Once the change is committed, so a model fitted from it sees the change.
        transaction.on_commit(import_string(hook))


@transaction.atomic
def skill_prerequisites_set(*, skill: Skill, prerequisites: list[Skill]) -> None:
    """Replace a skill's prerequisites, refusing any change that would close a cycle."""
    graph = skill_prerequisite_graph()
    graph[skill.slug] = {prerequisite.slug for prerequisite in prerequisites}
    cycle = prerequisite_cycle(graph)
    if cycle:
        raise ValidationError({"prerequisites": cycle_message(cycle)})
    skill.prerequisites.set(prerequisites)


class _Writer:
    def __init__(self, report: LoadReport):
        self.report = report
        self.rows: dict[str, dict[str, models.Model]] = {}  # each section read once

    def upsert(self, section: str, model: type[models.Model], entry: Entry, **extra: Any):
        """Create or update one row by slug; returns (object, created, changed)."""
        slug_field = SLUG_FIELD.get(section, "slug")
        values = {**entry.fields, **extra}
        if section not in self.rows:
            self.rows[section] = {getattr(o, slug_field): o for o in model.objects.all()}
        obj = self.rows[section].get(entry.slug)
        if obj is None:
            obj = model.objects.create(**{slug_field: entry.slug}, **values)
            self.rows[section][entry.slug] = obj
            return obj, True, True
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
        return obj, False, bool(changed)

    def set_many(self, manager, objects: list[models.Model]) -> bool:
        if {o.pk for o in manager.all()} == {o.pk for o in objects}:
            return False
        manager.set(objects)
        return True

    def count(self, section: str, created: bool, changed: bool) -> None:
        report = self.report.sections.setdefault(section, SectionReport())
        if created:
            report.created += 1
        elif changed:
            report.updated += 1
        else:
            report.unchanged += 1


def _by_slug(model: type[models.Model], field_name: str = "slug") -> dict[str, Any]:
    return {getattr(obj, field_name): obj for obj in model.objects.all()}


@transaction.atomic
def catalog_load(*, plan: CatalogPlan) -> LoadReport:
    """Write a validated catalog plan: create or update by slug, never delete.

    Rows that already match the plan are left untouched, so loading twice changes nothing.
    """
    report = LoadReport()
    writer = _Writer(report)
    try:
        with catalog_signals_quiet():
            _catalog_write(plan, writer)
    except IntegrityError as exc:
        raise CatalogFileError([f"the database refused the catalog: {exc}"]) from exc
    if report.changed:
        # One bump for the whole load: row signals were quiet, and bulk writes send none.
        catalog_version_bump()
    return report


def _catalog_write(plan: CatalogPlan, writer: _Writer) -> None:
    """Write what the plan states; relations an entry leaves out stay as they are."""
    for entry in plan.sources:
        writer.count("sources", *writer.upsert("sources", Source, entry)[1:])
    sources = _by_slug(Source, "key")

    simple: list[tuple[str, type[models.Model], list[Entry]]] = [
        ("sectors", Sector, plan.sectors),
        ("skills", Skill, plan.skills),
    ]
    created_slugs: dict[str, set[str]] = {"sectors": set(), "skills": set()}
    changed_slugs: dict[str, set[str]] = {"sectors": set(), "skills": set()}
    for section, model, entries in simple:
        for entry in entries:
            _, created, changed = writer.upsert(section, model, entry)
            if created:
                created_slugs[section].add(entry.slug)
            elif changed:
                changed_slugs[section].add(entry.slug)
    sectors = _by_slug(Sector)
    skills = _by_slug(Skill)
    for entry in plan.skills:
        if "prerequisites" not in entry.relations:
            continue
        skill = skills[entry.slug]
        wanted = [skills[slug] for slug in entry.relations["prerequisites"]]
        if writer.set_many(skill.prerequisites, wanted):
            changed_slugs["skills"].add(entry.slug)
    for section, _, entries in simple:
        for entry in entries:
            writer.count(
                section,
                entry.slug in created_slugs[section],
                entry.slug in changed_slugs[section],
            )

    for entry in plan.providers:
        extra = _foreign_keys(entry, sources=sources)
        writer.count("providers", *writer.upsert("providers", Provider, entry, **extra)[1:])
    providers = _by_slug(Provider)

    for entry in plan.routes:
        extra = _foreign_keys(entry, sources=sources, providers=providers)
        writer.count("routes", *writer.upsert("routes", AccessRoute, entry, **extra)[1:])
    routes = _by_slug(AccessRoute)

    for entry in plan.offerings:
        rel = entry.relations
        extra = _foreign_keys(entry, sources=sources, providers=providers)
        offering, created, changed = writer.upsert("offerings", Offering, entry, **extra)
        if "prerequisites" in rel:
            changed |= writer.set_many(
                offering.prerequisite_skills, [skills[s] for s in rel["prerequisites"]]
            )
        if "sectors" in rel:
            changed |= writer.set_many(offering.sectors, [sectors[s] for s in rel["sectors"]])
        if "free_routes" in rel:
            changed |= writer.set_many(
                offering.free_routes, [routes[s] for s in rel["free_routes"]]
            )
        if "skills" in rel:
            taught = {skills[slug].pk: level for slug, level in rel["skills"].items()}
            changed |= offering_skills_set(offering=offering, levels=taught, created=created)
        writer.count("offerings", created, changed)

    for entry in plan.roles:
        rel = entry.relations
        extra = _foreign_keys(entry, sources=sources)
        role, created, changed = writer.upsert("roles", Role, entry, **extra)
        if "sectors" in rel:
            changed |= writer.set_many(role.sectors, [sectors[s] for s in rel["sectors"]])
        if "skills" in rel:
            needed = {
                skills[item["skill"]].pk: (item["level"], item.get("weight", 3))
                for item in rel["skills"]
            }
            changed |= role_skills_set(role=role, needs=needed, created=created)
        writer.count("roles", created, changed)


def _foreign_keys(entry: Entry, **by_slug: dict[str, Any]) -> dict[str, Any]:
    """The entry's source and provider rows, for those the file names."""
    extra = {}
    sources, providers = by_slug.get("sources"), by_slug.get("providers")
    pairs = [("source", sources), ("provider", providers)]
    pairs += [(key, sources) for key in FACT_SOURCES]
    for key, rows in pairs:
        if rows is not None and key in entry.relations:
            slug = entry.relations[key]
            extra[key] = rows[slug] if slug else None
    return extra


@transaction.atomic
def offerings_set_active(
    *, offerings: models.QuerySet[Offering], is_active: bool
) -> list[Offering]:
    """Activate or retire offerings in one write; returns the ones whose flag changed."""
    changed = list(offerings.exclude(is_active=is_active))
    if changed:
        # update() skips auto_now and model signals, so set updated_at and bump by hand.
        Offering.objects.filter(pk__in=[offering.pk for offering in changed]).update(
            is_active=is_active, updated_at=timezone.now()
        )
        catalog_version_bump()
    return changed


def offering_skills_set(
    *, offering: Offering, levels: dict[int, int], created: bool = False
) -> bool:
    """Make an offering teach exactly these skills (skill id -> level reached).

    Returns whether anything changed. Writes in bulk without signals: the caller bumps
    the catalog version. ``created`` says the offering is new, so it has nothing to compare.
    """
    if not created:
        if dict(offering.skills_taught.values_list("skill_id", "level")) == levels:
            return False
        offering.skills_taught.all().delete()
    OfferingSkill.objects.bulk_create(
        OfferingSkill(offering=offering, skill_id=skill_id, level=level)
        for skill_id, level in levels.items()
    )
    return True


def role_skills_set(
    *, role: Role, needs: dict[int, tuple[int, int]], created: bool = False
) -> bool:
    """Make a role need exactly these skills (skill id -> (level, weight)).

    Returns whether anything changed. Writes in bulk without signals: the caller bumps
    the catalog version. ``created`` says the role is new, so it has nothing to compare.
    """
    if not created:
        current = {
            skill_id: (level, weight)
            for skill_id, level, weight in role.required_skills.values_list(
                "skill_id", "level", "weight"
            )
        }
        if current == needs:
            return False
        role.required_skills.all().delete()
    RoleSkill.objects.bulk_create(
        RoleSkill(role=role, skill_id=skill_id, level=level, weight=weight)
        for skill_id, (level, weight) in needs.items()
    )
    return True
