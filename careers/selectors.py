"""Reads for the learner side: the profile, marks, notes and share links."""

from django.db.models import Prefetch, prefetch_related_objects

from careers.model_store import recommender_model
from careers.models import Profile, ProfileSkill, SharedPath, StepNote, StepStatus
from catalog.models import Offering, OfferingSkill


def similar_offerings(*, offering: Offering, count: int = 4) -> list[Offering]:
    """Active offerings most like this one in the recommender's space, best first."""
    slugs = [slug for slug, _ in recommender_model().similar(offering.slug, count)]
    found = Offering.objects.active().select_related("provider").in_bulk(slugs, field_name="slug")
    return [found[slug] for slug in slugs if slug in found]


def profile_for(*, user) -> Profile | None:
    """The user's profile with its role, sectors and skills, or None before they make one."""
    profile = profile_alone_for(user=user)
    if profile is not None:
        profile_related_load(profile=profile)
    return profile


def profile_alone_for(*, user) -> Profile | None:
    """The user's profile with its role: one query, for a page that may need no more.
    `profile_related_load` adds the sectors and skills when it does."""
    return Profile.objects.select_related("target_role").filter(user=user).first()


def profile_related_load(*, profile: Profile) -> None:
    """Read the profile's sectors and skills, unless they were read already."""
    prefetch_related_objects(
        [profile], "sectors", Prefetch("skills", ProfileSkill.objects.select_related("skill"))
    )


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


def path_share_active(*, profile: Profile) -> SharedPath | None:
    return SharedPath.objects.filter(profile=profile, revoked_at__isnull=True).first()


def path_shared(*, token: str) -> SharedPath | None:
    return SharedPath.objects.filter(token=token, revoked_at__isnull=True).first()
