"""Reads and validates catalog data files before anything is written.

A catalog file is YAML with the sections ``sources``, ``sectors``, ``skills``,
``providers``, ``offerings`` and ``roles``; entries refer to each other by slug
(sources by key). Every problem is reported with the file, the entry and the field.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models

from catalog.models import Offering, Provider, Role, Sector, Skill, SkillLevel, Source
from catalog.prerequisites import cycle_message, prerequisite_cycle
from catalog.selectors import skill_prerequisite_graph

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"


class CatalogFileError(Exception):
    """A catalog file that cannot be loaded; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Entry:
    """One validated entry: its model fields, and its relations by slug."""

    slug: str
    fields: dict[str, Any]
    relations: dict[str, Any] = field(default_factory=dict)


@dataclass
class CatalogPlan:
    sources: list[Entry] = field(default_factory=list)
    sectors: list[Entry] = field(default_factory=list)
    skills: list[Entry] = field(default_factory=list)
    providers: list[Entry] = field(default_factory=list)
    offerings: list[Entry] = field(default_factory=list)
    roles: list[Entry] = field(default_factory=list)


SECTIONS: dict[str, type[models.Model]] = {
    "sources": Source,
    "sectors": Sector,
    "skills": Skill,
    "providers": Provider,
    "offerings": Offering,
    "roles": Role,
}
SLUG_FIELD = {"sources": "key"}
SCALARS: dict[str, set[str]] = {
    "sources": {"title", "publisher", "url", "licence"},
    "sectors": {"name", "description"},
    "skills": {"name", "category", "description", "aliases"},
    "providers": {"name", "short_name", "kind", "city", "url", "description"},
    "offerings": {
        "title",
        "kind",
        "summary",
        "url",
        "delivery",
        "city",
        "cost_pkr",
        "level",
        "duration_weeks",
        "hours_per_week",
        "language",
        "starts_on",
        "is_active",
    },
    "roles": {"name", "summary", "outlook", "basis"},
}
RELATIONS: dict[str, set[str]] = {
    "sources": set(),
    "sectors": set(),
    "skills": {"prerequisites"},
    "providers": {"source"},
    "offerings": {"provider", "skills", "prerequisites", "sectors", "source"},
    "roles": {"sectors", "skills", "source"},
}
LEVELS = {choice.value for choice in SkillLevel}


def catalog_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
        if not files:
            raise CatalogFileError([f"{path}: no .yaml files found"])
        return files
    if not path.exists():
        raise CatalogFileError([f"{path}: no such file or folder"])
    return [path]


def catalog_plan_from_path(path: Path = DEFAULT_DATA_DIR) -> CatalogPlan:
    """Read one file or every YAML file in a folder and validate them together."""
    documents: list[tuple[str, Any]] = []
    errors: list[str] = []
    for file in catalog_files(path):
        try:
            documents.append((file.name, yaml.safe_load(file.read_text(encoding="utf-8"))))
        except yaml.YAMLError as exc:
            errors.append(f"{file.name}: not valid YAML: {exc}")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{file.name}: cannot be read: {exc}")
    if errors:
        raise CatalogFileError(errors)
    return catalog_plan_from_documents(documents)


def catalog_plan_from_documents(documents: Iterable[tuple[str, Any]]) -> CatalogPlan:
    validator = _Validator()
    for name, document in documents:
        validator.read_document(name, document)
    return validator.finish()


class _Validator:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.plan = CatalogPlan()
        self.where: dict[tuple[str, str], str] = {}

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def read_document(self, name: str, document: Any) -> None:
        if document is None:
            return
        if not isinstance(document, dict):
            self.error(name, "the file must be a mapping of sections")
            return
        for section, entries in document.items():
            if section not in SECTIONS:
                known = ", ".join(SECTIONS)
                self.error(name, f"unknown section '{section}' (expected one of {known})")
                continue
            if not isinstance(entries, list):
                self.error(f"{name}: {section}", "must be a list of entries")
                continue
            for index, raw in enumerate(entries):
                self.read_entry(f"{name}: {section}[{index}]", section, raw)

    def read_entry(self, where: str, section: str, raw: Any) -> None:
        if not isinstance(raw, dict):
            self.error(where, "must be a mapping of fields")
            return
        slug_field = SLUG_FIELD.get(section, "slug")
        slug = raw.get(slug_field)
        if not isinstance(slug, str) or not slug:
            self.error(where, f"{slug_field}: this field is required")
            return
        where = f"{where} '{slug}'"
        if (section, slug) in self.where:
            self.error(
                where, f"{slug_field}: '{slug}' is also used by {self.where[section, slug]}"
            )
            return
        self.where[section, slug] = where

        allowed = SCALARS[section] | RELATIONS[section] | {slug_field}
        for key in raw:
            if key not in allowed:
                self.error(
                    where, f"{key}: unknown field (expected one of {', '.join(sorted(allowed))})"
                )

        values = {key: raw[key] for key in SCALARS[section] if key in raw}
        if section == "skills" and isinstance(values.get("aliases"), list):
            values["aliases"] = ", ".join(str(alias) for alias in values["aliases"])
        for key in ("url", "city", "short_name", "publisher", "licence", "outlook"):
            if key in values and values[key] is None:
                values[key] = ""
        if isinstance(values.get("starts_on"), str):
            try:
                values["starts_on"] = date.fromisoformat(values["starts_on"])
            except ValueError:
                self.error(where, f"starts_on: '{values['starts_on']}' is not a date (YYYY-MM-DD)")
                values.pop("starts_on")

        model = SECTIONS[section]
        instance = model(**{slug_field: slug, **values})
        relation_fields = {"source", "provider"}
        exclude = [f.name for f in model._meta.fields if f.name in relation_fields]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(where, f"{field_name}: {message}")
        except (TypeError, ValueError) as exc:
            self.error(where, str(exc))

        fields = {
            f.name: getattr(instance, f.name)
            for f in model._meta.concrete_fields
            if f.name in SCALARS[section]
        }
        relations = {key: raw.get(key) for key in RELATIONS[section]}
        entry = Entry(slug=slug, fields=fields, relations=relations)
        entry.relations["where"] = where
        getattr(self.plan, section).append(entry)

    def finish(self) -> CatalogPlan:
        known = {
            section: {entry.slug for entry in getattr(self.plan, section)}
            | set(
                SECTIONS[section].objects.values_list(SLUG_FIELD.get(section, "slug"), flat=True)
            )
            for section in SECTIONS
        }
        for section in SECTIONS:
            for entry in getattr(self.plan, section):
                self.check_relations(section, entry, known)
        self.check_unique_names()
        self.check_prerequisite_graph()
        if self.errors:
            raise CatalogFileError(self.errors)
        return self.plan

    def check_relations(self, section: str, entry: Entry, known: dict[str, set[str]]) -> None:
        where = entry.relations.pop("where")
        rel = entry.relations

        def one(key: str, target: str, required: bool) -> None:
            value = rel.get(key)
            if value in (None, ""):
                rel[key] = None
                if required:
                    self.error(where, f"{key}: this field is required")
            elif not isinstance(value, str) or value not in known[target]:
                self.error(where, f"{key}: unknown {target[:-1]} '{value}'")

        def many(key: str, target: str) -> None:
            value = rel.get(key) or []
            rel[key] = value
            if not isinstance(value, list):
                self.error(where, f"{key}: must be a list of {target} slugs")
                rel[key] = []
                return
            for slug in value:
                if slug not in known[target]:
                    self.error(where, f"{key}: unknown {target[:-1]} '{slug}'")
            if len(set(value)) != len(value):
                self.error(where, f"{key}: lists the same {target[:-1]} twice")

        if "source" in RELATIONS[section]:
            one("source", "sources", required=True)
        if section == "skills":
            many("prerequisites", "skills")
            if entry.slug in rel["prerequisites"]:
                self.error(where, "prerequisites: a skill cannot require itself")
        if section == "offerings":
            one("provider", "providers", required=False)
            many("prerequisites", "skills")
            many("sectors", "sectors")
            taught = rel.get("skills") or {}
            if not isinstance(taught, dict):
                self.error(where, "skills: must map skill slugs to the level reached (1-3)")
                taught = {}
            for slug, level in taught.items():
                if slug not in known["skills"]:
                    self.error(where, f"skills: unknown skill '{slug}'")
                if level not in LEVELS:
                    self.error(
                        where, f"skills: level for '{slug}' must be 1, 2 or 3, not {level!r}"
                    )
            rel["skills"] = taught
        if section == "roles":
            many("sectors", "sectors")
            needed = rel.get("skills") or []
            if not isinstance(needed, list):
                self.error(where, "skills: must be a list of {skill, level, weight}")
                needed = []
            seen: set[str] = set()
            for position, item in enumerate(needed):
                at = f"skills[{position}]"
                if not isinstance(item, dict) or set(item) - {"skill", "level", "weight"}:
                    self.error(where, f"{at}: expected the keys skill, level and weight")
                    continue
                slug = item.get("skill")
                if slug not in known["skills"]:
                    self.error(where, f"{at}: unknown skill '{slug}'")
                if slug in seen:
                    self.error(where, f"{at}: lists '{slug}' twice")
                seen.add(slug)
                if item.get("level") not in LEVELS:
                    self.error(where, f"{at}: level must be 1, 2 or 3, not {item.get('level')!r}")
                weight = item.get("weight", 3)
                if not isinstance(weight, int) or not 1 <= weight <= 5:
                    self.error(where, f"{at}: weight must be a whole number from 1 to 5")
            rel["skills"] = needed

    def check_unique_names(self) -> None:
        for section, name_field in (
            ("sectors", "name"),
            ("skills", "name"),
            ("providers", "name"),
            ("roles", "name"),
        ):
            first: dict[str, str] = {}
            for entry in getattr(self.plan, section):
                name = entry.fields.get(name_field)
                if name in first:
                    self.error(
                        self.where[section, entry.slug],
                        f"{name_field}: '{name}' is also the {name_field} of '{first[name]}'",
                    )
                first.setdefault(name, entry.slug)

    def check_prerequisite_graph(self) -> None:
        graph = skill_prerequisite_graph()
        for entry in self.plan.skills:
            prerequisites = entry.relations.get("prerequisites")
            graph[entry.slug] = set(prerequisites if isinstance(prerequisites, list) else [])
        cycle = prerequisite_cycle(graph)
        if cycle:
            self.error("skills", cycle_message(cycle))
