"""Writes on the learner side: profiles, skills and accounts."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from careers.models import Profile, ProfileSkill
from catalog.models import Sector, Skill

PROFILE_FIELDS = (
    "education_level",
    "field_of_study",
    "institution",
    "city",
    "willing_to_relocate",
    "delivery",
    "target_role",
    "goal",
    "budget_pkr",
    "hours_per_week",
)


@transaction.atomic
def profile_update(
    *,
    user: AbstractBaseUser,
    fields: dict[str, Any],
    sectors: list[Sector],
    skills: dict[Skill, int],
) -> Profile:
    """Write a learner's profile, sectors and skills together, or not at all."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    for name in PROFILE_FIELDS:
        if name in fields:
            setattr(profile, name, fields[name])
    profile.full_clean(exclude=["user"])
    profile.save()
    profile.sectors.set(sectors)

    existing = {row.skill_id: row for row in profile.skills.all()}
    wanted = {skill.pk: level for skill, level in skills.items()}
    profile.skills.exclude(skill_id__in=wanted).delete()
    for skill_id, level in wanted.items():
        row = existing.get(skill_id)
        if row is None:
            ProfileSkill.objects.create(profile=profile, skill_id=skill_id, level=level)
        elif row.level != level:
            row.level = level
            row.save(update_fields=["level"])
    return profile


@transaction.atomic
def account_delete(*, user: AbstractBaseUser) -> None:
    """Delete the account and everything that belongs to it: profile, skills and marks."""
    user.delete()
