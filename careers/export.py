"""Everything Raasta keeps about a learner, for them to download."""

from careers.models import SharedPath, StepNote, StepStatus
from careers.selectors import profile_for


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
        "province": profile.province,
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
