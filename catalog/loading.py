"""Reads and validates catalog data files before anything is written.

A catalog file is YAML with the sections ``sources``, ``sectors``, ``skills``,
``providers``, ``routes``, ``offerings`` and ``roles``; entries refer to each other by
slug (sources by key, or a source given inline as a mapping with its address). An entry
that already exists changes only the fields and relations the file gives. Every problem is
reported with the file, the entry and the field, and then nothing is written.
"""

import hashlib
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models

from catalog.models import (
    AccessRoute,
    Offering,
    Provider,
    Role,
    Sector,
    Skill,
    SkillLevel,
    Source,
)
from catalog.prerequisites import cycle_message, prerequisite_cycle
from catalog.selectors import skill_prerequisite_graph

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
# libyaml's safe loader when PyYAML was built with it: the same documents, ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogFileError(Exception):
    """A catalog file that cannot be loaded; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Entry:
    """One validated entry: the model fields the file gives, and its relations by slug.

    Only what the file states is here, so loading a partial entry leaves every other field
    and relation of an existing row as it is.
    """

    slug: str
    fields: dict[str, Any]
    relations: dict[str, Any] = field(default_factory=dict)
    exists: bool = False


@dataclass
class CatalogPlan:
    sources: list[Entry] = field(default_factory=list)
    sectors: list[Entry] = field(default_factory=list)
    skills: list[Entry] = field(default_factory=list)
    providers: list[Entry] = field(default_factory=list)
    routes: list[Entry] = field(default_factory=list)
    offerings: list[Entry] = field(default_factory=list)
    roles: list[Entry] = field(default_factory=list)


SECTIONS: dict[str, type[models.Model]] = {
    "sources": Source,
    "sectors": Sector,
    "skills": Skill,
    "providers": Provider,
    "routes": AccessRoute,
    "offerings": Offering,
    "roles": Role,
}
SLUG_FIELD = {"sources": "key"}
SCALARS: dict[str, set[str]] = {
    "sources": {"title", "publisher", "url", "licence", "checked_on"},
    "sectors": {"name", "name_ur", "description"},
    "skills": {"name", "name_ur", "category", "description", "aliases", "prerequisites_from"},
    "providers": {"name", "short_name", "kind", "city", "url", "description"},
    "routes": {"name", "eligibility", "description", "url", "is_active"},
    "offerings": {
        "title",
        "title_ur",
        "kind",
        "summary",
        "summary_ur",
        "url",
        "delivery",
        "city",
        "cost_pkr",
        "cost_usd",
        "cost_period",
        "level",
        "duration_weeks",
        "hours_per_week",
        "total_hours",
        "language",
        "data_weight",
        "schedule",
        "starts_on",
        "last_round",
        "entry_education",
        "entry_test",
        "entry_note",
        "province",
        "is_active",
    },
    "roles": {"name", "name_ur", "summary", "summary_ur", "outlook", "basis"},
}
RELATIONS: dict[str, set[str]] = {
    "sources": set(),
    "sectors": set(),
    "skills": {"prerequisites"},
    "providers": {"source"},
    "routes": {"provider", "source"},
    "offerings": {
        "provider",
        "skills",
        "prerequisites",
        "sectors",
        "free_routes",
        "source",
        "length_source",
        "cost_source",
    },
    "roles": {"sectors", "skills", "source"},
}
# Which section each relation points into.
TARGETS = {
    "source": "sources",
    "length_source": "sources",
    "cost_source": "sources",
    "provider": "providers",
    "prerequisites": "skills",
    "sectors": "sectors",
    "free_routes": "routes",
}
# An offering's length and cost may each come from a page of their own.
FACT_SOURCES = ("length_source", "cost_source")
INLINE_SOURCE_KEYS = {"url", "title", "publisher", "licence", "checked_on"}
LEVELS = {choice.value for choice in SkillLevel}
# PostgreSQL cannot store a NUL character in text.
NUL = "\x00"


def _shown(value: Any) -> str:
    """A value from the file as a message shows it: short, however long or deep it is."""
    return reprlib.repr(value)


def _is_level(value: Any) -> bool:
    # A list or mapping is no level, and cannot be looked up in a set.
    return isinstance(value, int | float) and not isinstance(value, bool) and value in LEVELS


def catalog_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
        if not files:
            raise CatalogFileError([f"{path}: no .yaml files found"])
        return files
    if not path.exists():
        raise CatalogFileError([f"{path}: no such file or folder"])
    return [path]


MAX_NESTING = 100  # a catalog entry nests four or five levels; the YAML parser's C code
# has no guard of its own and takes the process down on a value nested ~100,000 deep.


def _flow_nesting(text: str) -> int:
    """The deepest nesting of [ and {, quoted or not: checked before parsing. Catalog prose
    never holds a hundred unclosed brackets, so counting inside quotes costs nothing."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def catalog_plan_from_path(path: Path = DEFAULT_DATA_DIR) -> CatalogPlan:
    """Read one file or every YAML file in a folder and validate them together."""
    documents: list[tuple[str, Any]] = []
    errors: list[str] = []
    for file in catalog_files(path):
        try:
            text = file.read_text(encoding="utf-8")
            if _flow_nesting(text) > MAX_NESTING:
                errors.append(f"{file.name}: nests deeper than {MAX_NESTING} levels")
                continue
            documents.append((file.name, yaml.load(text, Loader=YAML_LOADER)))
        except yaml.YAMLError as exc:
            errors.append(f"{file.name}: not valid YAML: {exc}")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{file.name}: cannot be read: {exc}")
        except (ValueError, RecursionError) as exc:  # e.g. the date 2026-02-30, once parsed
            errors.append(f"{file.name}: not valid YAML: {exc}")
    if errors:
        raise CatalogFileError(errors)
    return catalog_plan_from_documents(documents)


def catalog_plan_from_documents(documents: Iterable[tuple[str, Any]]) -> CatalogPlan:
    validator = _Validator()
    for name, document in documents:
        validator.read_document(name, document)
    return validator.finish()


def inline_source_key(url: str) -> str:
    """A stable key for a source given inline by its address."""
    return "page-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _type_problem(model_field: models.Field, value: Any) -> str | None:
    """Why a YAML value cannot be stored in this field, or None when its shape fits.

    YAML reads ``true`` as a boolean, ``[a]`` as a list and ``2026-01-01`` as a date; the
    model's own cleaning would turn many of these into strings or numbers silently.
    """
    if value is None:
        return None
    if isinstance(model_field, models.BooleanField):
        return None if isinstance(value, bool) else "must be true or false"
    if isinstance(model_field, models.DateField):
        if isinstance(value, date):
            return None
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                return f"'{value}' is not a date (YYYY-MM-DD)"
            return None
        return "must be a date (YYYY-MM-DD)"
    if isinstance(model_field, models.DecimalField):
        ok = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        return None if ok else "must be a number"
    if isinstance(model_field, models.IntegerField):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "must be a whole number"
    if isinstance(model_field, models.CharField | models.TextField):
        if not isinstance(value, str):
            return "must be text"
        return "must not contain a NUL character" if NUL in value else None
    return None


class _Validator:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.plan = CatalogPlan()
        self.where: dict[tuple[str, str], str] = {}
        self.inline_sources: dict[str, Entry] = {}
        self.stored: dict[str, dict[str, models.Model]] = {}

    def stored_rows(self, section: str) -> dict[str, models.Model]:
        """The rows already in the database for a section, by slug, read once."""
        if section not in self.stored:
            slug_field = SLUG_FIELD.get(section, "slug")
            rows = SECTIONS[section].objects.all()
            self.stored[section] = {getattr(row, slug_field): row for row in rows}
        return self.stored[section]

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
            if entries is None:
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

        model = SECTIONS[section]
        values: dict[str, Any] = {}
        for key in SCALARS[section] & set(raw):
            value = raw[key]
            if section == "skills" and key == "aliases" and isinstance(value, list):
                if not all(isinstance(alias, str) for alias in value):
                    self.error(where, "aliases: must be a list of names")
                    continue
                value = ", ".join(value)
            model_field = model._meta.get_field(key)
            problem = _type_problem(model_field, value)
            if problem:
                self.error(where, f"{key}: {problem}")
                continue
            if value is None and not model_field.null and model_field.has_default():
                continue  # not stated: a new entry takes the default, an old one keeps its value
            if value is None and not model_field.null:
                if not (model_field.blank and isinstance(model_field, models.CharField)):
                    self.error(where, f"{key}: cannot be empty")
                    continue
                value = ""
            if isinstance(model_field, models.DateField) and isinstance(value, str):
                value = date.fromisoformat(value)
            values[key] = value

        existing = self.stored_rows(section).get(slug)
        instance = existing or model(**{slug_field: slug})
        for key, value in values.items():
            setattr(instance, key, value)
        relation_fields = {"source", "provider", *FACT_SOURCES}
        exclude = [f.name for f in model._meta.fields if f.name in relation_fields]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(where, f"{field_name}: {message}")
        except (TypeError, ValueError) as exc:
            self.error(where, str(exc))

        relations = {key: raw[key] for key in RELATIONS[section] if key in raw}
        for key in ("source", *FACT_SOURCES):
            if isinstance(relations.get(key), dict):
                relations[key] = self.read_inline_source(where, relations[key], key)
        fields = {key: getattr(instance, key) for key in values}
        entry = Entry(slug=slug, fields=fields, relations=relations, exists=existing is not None)
        entry.relations["where"] = where
        getattr(self.plan, section).append(entry)

    def read_inline_source(self, where: str, raw: dict, field: str = "source") -> str | None:
        """Turn ``source: {url: ..., title: ...}`` into a source entry; returns its key."""
        unknown = set(raw) - INLINE_SOURCE_KEYS
        if unknown:
            expected = ", ".join(sorted(INLINE_SOURCE_KEYS))
            first = sorted(unknown, key=str)[0]  # keys may be numbers as well as names
            self.error(where, f"{field}: unknown field {first} (expected {expected})")
            return None
        url = raw.get("url")
        if not isinstance(url, str) or not url:
            self.error(where, f"{field}: an inline source needs its url")
            return None
        key = inline_source_key(url)
        if key not in self.inline_sources:
            before = len(self.errors)
            self.read_entry(f"{where}: source", "sources", {"key": key, **raw})
            if len(self.errors) > before:
                return None
            self.inline_sources[key] = self.plan.sources[-1]
        return key

    def finish(self) -> CatalogPlan:
        known = {
            section: {entry.slug for entry in getattr(self.plan, section)}
            | self.stored_rows(section).keys()
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

        def one(key: str, required: bool) -> None:
            if key not in rel:
                if required and not entry.exists:
                    self.error(where, f"{key}: this field is required")
                return
            value = rel[key]
            target = TARGETS[key]
            if value in (None, ""):
                rel[key] = None
                if required:
                    self.error(where, f"{key}: this field is required")
            elif not isinstance(value, str) or value not in known[target]:
                self.error(where, f"{key}: unknown {target[:-1]} {_shown(value)}")

        def many(key: str) -> None:
            if key not in rel:
                return
            target = TARGETS[key]
            value = [] if rel[key] is None else rel[key]
            rel[key] = value
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.error(where, f"{key}: must be a list of {target[:-1]} slugs")
                rel[key] = []
                return
            for slug in value:
                if slug not in known[target]:
                    self.error(where, f"{key}: unknown {target[:-1]} '{slug}'")
            if len(set(value)) != len(value):
                self.error(where, f"{key}: lists the same {target[:-1]} twice")

        if "source" in RELATIONS[section]:
            one("source", required=True)
        if "provider" in RELATIONS[section]:
            one("provider", required=False)
        for key in FACT_SOURCES:
            if key in RELATIONS[section]:
                one(key, required=False)
        for key in ("prerequisites", "sectors", "free_routes"):
            if key in RELATIONS[section]:
                many(key)
        if section == "skills" and entry.slug in rel.get("prerequisites", []):
            self.error(where, "prerequisites: a skill cannot require itself")
        if section == "offerings" and "skills" in rel:
            rel["skills"] = self.taught_levels(where, rel["skills"], known)
        if section == "roles" and "skills" in rel:
            rel["skills"] = self.needed_levels(where, rel["skills"], known)

    def taught_levels(self, where: str, taught: Any, known: dict[str, set[str]]) -> dict:
        if taught is None:
            return {}
        if not isinstance(taught, dict):
            self.error(where, "skills: must map skill slugs to the level reached (1-3)")
            return {}
        for slug, level in taught.items():
            if slug not in known["skills"]:
                self.error(where, f"skills: unknown skill {_shown(slug)}")
            if not _is_level(level):
                self.error(
                    where,
                    f"skills: level for {_shown(slug)} must be 1, 2 or 3, not {_shown(level)}",
                )
        return taught

    def needed_levels(self, where: str, needed: Any, known: dict[str, set[str]]) -> list:
        if needed is None:
            return []
        if not isinstance(needed, list):
            self.error(where, "skills: must be a list of {skill, level, weight}")
            return []
        seen: set[str] = set()
        for position, item in enumerate(needed):
            at = f"skills[{position}]"
            if not isinstance(item, dict) or set(item) - {"skill", "level", "weight"}:
                self.error(where, f"{at}: expected the keys skill, level and weight")
                continue
            slug = item.get("skill")
            if not isinstance(slug, str) or slug not in known["skills"]:
                self.error(where, f"{at}: unknown skill {_shown(slug)}")
            elif slug in seen:
                self.error(where, f"{at}: lists '{slug}' twice")
            seen.add(slug)
            level = item.get("level")
            if not _is_level(level):
                self.error(where, f"{at}: level must be 1, 2 or 3, not {_shown(level)}")
            weight = item.get("weight", 3)
            if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 5:
                self.error(where, f"{at}: weight must be a whole number from 1 to 5")
        return needed

    def check_unique_names(self) -> None:
        for section, name_field in (
            ("sectors", "name"),
            ("skills", "name"),
            ("providers", "name"),
            ("routes", "name"),
            ("roles", "name"),
        ):
            first: dict[str, str] = {}
            for entry in getattr(self.plan, section):
                if name_field not in entry.fields:
                    continue
                name = entry.fields[name_field]
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
            if isinstance(prerequisites, list):
                graph[entry.slug] = set(prerequisites)
            else:
                graph.setdefault(entry.slug, set())
        cycle = prerequisite_cycle(graph)
        if cycle:
            self.error("skills", cycle_message(cycle))
