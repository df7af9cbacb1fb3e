"""Reads a learner profile given as JSON (the `recommend` contract) into a Learner."""

import json
from pathlib import Path
from typing import Any

from careers.recommender.data import DELIVERIES, EDUCATION_ORDER, Catalog, Learner

KEYS = {
    "target_role", "skills", "sectors", "city", "budget_pkr", "hours_per_week", "delivery",
    "goal", "field_of_study", "dismissed", "done", "education", "province",
}  # fmt: skip


class PersonaError(ValueError):
    def __init__(self, key: str, message: str):
        self.key = key
        super().__init__(f"{key}: {message}")


def persona_file(path: Path) -> Any:
    """A profile read from a JSON file; a file that cannot be read or parsed raises
    PersonaError on the "profile" key."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PersonaError("profile", f"cannot read {path}: {exc.strerror}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PersonaError("profile", f"{path} is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise PersonaError("profile", f"{path} nests too deeply to be a profile") from exc


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def learner_from_persona(data: Any, catalog: Catalog, *, role_required: bool = True) -> Learner:
    """Validate every key against the catalog; the first problem raises PersonaError.

    With ``role_required=False`` (ranking every role) the target role may be left out."""
    if not isinstance(data, dict):
        raise PersonaError("profile", "must be a JSON object")
    for key in data:
        if key not in KEYS:
            raise PersonaError(key, f"unknown key (expected some of {', '.join(sorted(KEYS))})")

    role = data.get("target_role")
    if not role_required and role is None:
        role = ""
    elif not isinstance(role, str) or role not in catalog.roles:
        raise PersonaError(
            "target_role", f"unknown role {role!r} (one of {', '.join(sorted(catalog.roles))})"
        )

    skills = data.get("skills", {})
    if not isinstance(skills, dict):
        raise PersonaError("skills", "must map skill slugs to a level from 1 to 3")
    for slug, level in skills.items():
        if slug not in catalog.skill_names:
            raise PersonaError("skills", f"unknown skill {slug!r}")
        if not _whole(level) or not 1 <= level <= 3:
            raise PersonaError("skills", f"level for {slug!r} must be 1, 2 or 3, not {level!r}")

    sectors = data.get("sectors", [])
    if not isinstance(sectors, list):
        raise PersonaError("sectors", "must be a list of sector slugs")
    for slug in sectors:
        if not isinstance(slug, str) or slug not in catalog.sector_names:
            raise PersonaError("sectors", f"unknown sector {slug!r}")

    city = data.get("city", "")
    if not isinstance(city, str) or city not in ("", *catalog.city_names):
        raise PersonaError(
            "city", f"unknown city {city!r} (one of {', '.join(catalog.city_names)})"
        )

    budget = data.get("budget_pkr")
    if budget is not None and (not _whole(budget) or budget < 0):
        raise PersonaError(
            "budget_pkr", f"must be a whole number of rupees, 0 or more, not {budget!r}"
        )

    hours = data.get("hours_per_week", 6)
    if not _whole(hours) or not 1 <= hours <= 80:
        raise PersonaError("hours_per_week", f"must be a whole number from 1 to 80, not {hours!r}")

    delivery = data.get("delivery", "any")
    if not isinstance(delivery, str) or delivery not in DELIVERIES:
        raise PersonaError("delivery", f"must be one of {', '.join(DELIVERIES)}, not {delivery!r}")

    words = {key: data.get(key, "") for key in ("goal", "field_of_study")}
    for key, value in words.items():
        if not isinstance(value, str):
            raise PersonaError(key, "must be text")

    province = data.get("province", "")
    if not isinstance(province, str) or province not in ("", *catalog.province_names):
        raise PersonaError(
            "province",
            f"unknown province {province!r} (one of {', '.join(catalog.province_names)})",
        )
    education = data.get("education", "")
    if not isinstance(education, str) or education not in ("", "other", *EDUCATION_ORDER):
        choices = ", ".join([*EDUCATION_ORDER, "other"])
        raise PersonaError("education", f"must be one of {choices}, not {education!r}")

    offerings = {item.slug for item in catalog.items}
    marks = {}
    for key in ("dismissed", "done"):
        value = data.get(key, [])
        if not isinstance(value, list):
            raise PersonaError(key, "must be a list of offering slugs")
        for slug in value:
            if not isinstance(slug, str) or slug not in offerings:
                raise PersonaError(key, f"unknown or retired offering {slug!r}")
        marks[key] = frozenset(value)

    return Learner(
        target_role=role,
        skills=dict(skills),
        sectors=tuple(sectors),
        city=city,
        budget_pkr=budget,
        hours_per_week=hours,
        delivery=delivery,
        goal=words["goal"],
        field_of_study=words["field_of_study"],
        education=education,
        province=province,
        dismissed=marks["dismissed"],
        done=marks["done"],
    )
