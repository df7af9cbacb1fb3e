"""Bumps the catalog version whenever a catalog row or relation changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from catalog import models
from catalog.services import catalog_signals_are_quiet, catalog_version_bump

WATCHED = (
    models.Skill,
    models.Sector,
    models.Provider,
    models.Offering,
    models.OfferingSkill,
    models.Role,
    models.RoleSkill,
    models.Source,
)
WATCHED_M2M = (
    models.Skill.prerequisites.through,
    models.Offering.prerequisite_skills.through,
    models.Offering.sectors.through,
    models.Role.sectors.through,
)


def _bump(sender, **kwargs) -> None:
    if kwargs.get("raw") or catalog_signals_are_quiet():
        return
    if "action" in kwargs and not kwargs["action"].startswith("post_"):
        return
    catalog_version_bump()


def connect() -> None:
    for model in WATCHED:
        post_save.connect(
            _bump, sender=model, dispatch_uid=f"catalog-version-save-{model.__name__}"
        )
        post_delete.connect(
            _bump, sender=model, dispatch_uid=f"catalog-version-delete-{model.__name__}"
        )
    for through in WATCHED_M2M:
        m2m_changed.connect(
            _bump, sender=through, dispatch_uid=f"catalog-version-m2m-{through.__name__}"
        )
