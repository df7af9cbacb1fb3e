"""Writes on the learner side: profiles, skills and accounts."""

import secrets
import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from careers.models import Profile, ProfileSkill, SharedPath, StepNote, StepStatus
from catalog.models import Offering, Role, Sector, Skill


def learner_changed(*, profile_id: int) -> uuid.UUID:
    """Give the learner a new revision: what their pages show has changed. Returns it."""
    revision = uuid.uuid4()
    Profile.objects.filter(pk=profile_id).update(revision=revision)
    return revision


PROFILE_FIELDS = (
    "education_level",
    "field_of_study",
    "institution",
    "city",
    "province",
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


def profile_language_set(*, user: AbstractBaseUser, language: str) -> None:
    """Remember the language a learner chose, for every device they sign in on."""
    Profile.objects.update_or_create(user=user, defaults={"language": language})


@transaction.atomic
def profile_skills_add(*, user: AbstractBaseUser, skills: dict[Skill, int]) -> Profile:
    """Add skills the learner confirmed (from their CV) at the levels they chose; skills
    already listed take the chosen level, and nothing else in the profile changes."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    for skill, level in skills.items():
        ProfileSkill.objects.update_or_create(
            profile=profile, skill=skill, defaults={"level": level}
        )
    return profile


@transaction.atomic
def profile_target_role_set(*, user: AbstractBaseUser, role: Role) -> Profile:
    """Make a role the learner's target, keeping the rest of their profile."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    profile.target_role = role
    profile.save(update_fields=["target_role"])
    return profile


@transaction.atomic
def account_delete(*, user: AbstractBaseUser) -> None:
    """Delete the account and everything that belongs to it: profile, skills and marks."""
    user.delete()


def mark_set(
    *, profile: Profile, offering: Offering, status: str, skill: Skill | None = None
) -> StepStatus | None:
    """Put a learner's mark on an offering, or take it off with status "clear".

    ``skill`` is the step the learner marked it from, so a saved offering stays that step.
    """
    if status == "clear":
        StepStatus.objects.filter(profile=profile, offering=offering).delete()
        return None
    if status not in StepStatus.Status.values:
        raise ValueError(f"unknown status {status!r}")
    mark, _ = StepStatus.objects.update_or_create(
        profile=profile, offering=offering, defaults={"status": status, "skill": skill}
    )
    return mark


def note_set(*, profile: Profile, offering: Offering, text: str) -> StepNote | None:
    """Keep a learner's note on an offering; an empty note takes it away. A note longer than
    StepNote.MAX_LENGTH is refused with ValidationError and the stored one is kept."""
    if len(text) > StepNote.MAX_LENGTH:
        raise ValidationError(
            ngettext(
                "A note can hold %(count)d character; this one has %(length)d. Nothing was saved.",
                "A note can hold %(count)d characters; this one has %(length)d. "
                "Nothing was saved.",
                StepNote.MAX_LENGTH,
            )
            % {"count": StepNote.MAX_LENGTH, "length": len(text)}
        )
    text = text.strip()
    if not text:
        StepNote.objects.filter(profile=profile, offering=offering).delete()
        return None
    note, _ = StepNote.objects.update_or_create(
        profile=profile, offering=offering, defaults={"text": text}
    )
    return note


@transaction.atomic
def path_share_create(*, profile: Profile, snapshot: dict) -> SharedPath:
    """A new read-only link to the path as it is now; earlier links stop working."""
    path_share_revoke(profile=profile)
    return SharedPath.objects.create(
        profile=profile, token=secrets.token_urlsafe(24), snapshot=snapshot
    )


@transaction.atomic
def path_share_revoke(*, profile: Profile) -> int:
    revoked = SharedPath.objects.filter(profile=profile, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        learner_changed(profile_id=profile.pk)
    return revoked
