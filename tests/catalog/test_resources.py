"""Spreadsheet import and export of the catalog: round trips, relations by slug, refusals."""

import pytest
import tablib

from catalog.models import Offering, OfferingSkill, Role, RoleSkill, Skill
from catalog.resources import (
    OfferingResource,
    ProviderResource,
    RoleResource,
    SectorResource,
    SkillResource,
    SourceResource,
)
from catalog.selectors import catalog_version
from tests.factories import (
    OfferingFactory,
    ProviderFactory,
    RoleFactory,
    SectorFactory,
    SkillFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

OFFERING_HEADERS = [
    "slug",
    "title",
    "kind",
    "provider",
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
    "source",
    "sectors",
    "prerequisites",
    "skills",
]


def offering_row(slug: str, **values) -> dict:
    row = {
        "slug": slug,
        "title": slug.replace("-", " ").title(),
        "kind": "online_course",
        "provider": "",
        "summary": "Learn something useful.",
        "url": "https://example.org/course",
        "delivery": "online",
        "city": "",
        "cost_pkr": "0",
        "level": "beginner",
        "duration_weeks": "6",
        "hours_per_week": "4",
        "language": "en",
        "starts_on": "",
        "is_active": "1",
        "source": "src",
        "sectors": "",
        "prerequisites": "",
        "skills": "",
    }
    row.update(values)
    return row


def dataset(rows: list[dict], headers: list[str] | None = None) -> tablib.Dataset:
    headers = headers or list(rows[0])
    return tablib.Dataset(*[[row.get(h, "") for h in headers] for row in rows], headers=headers)


def as_csv(data: tablib.Dataset) -> tablib.Dataset:
    """What an editor's spreadsheet gives back: every value a string."""
    return tablib.import_set(data.export("csv"), format="csv")


def errors_by_row(result) -> dict[int, dict[str, list[str]]]:
    return {row.number: row.field_specific_errors for row in result.invalid_rows}


@pytest.fixture
def catalog_bits(db):
    source = SourceFactory(key="src")
    python = SkillFactory(slug="python", name="Python")
    ml = SkillFactory(slug="machine-learning", name="Machine learning")
    SkillFactory(slug="statistics", name="Statistics")
    SectorFactory(slug="health", name="Health")
    SectorFactory(slug="finance", name="Finance")
    ProviderFactory(slug="nust", name="NUST", source=source)
    return {"source": source, "python": python, "ml": ml}


RESOURCES = [
    SourceResource,
    SectorResource,
    SkillResource,
    ProviderResource,
    OfferingResource,
    RoleResource,
]


@pytest.mark.parametrize("file_format", ["csv", "json"])
@pytest.mark.parametrize("resource_class", RESOURCES, ids=lambda r: r.__name__)
def test_export_imports_back_unchanged(seed_catalog, resource_class, file_format):
    exported = resource_class().export()
    text = exported.export(file_format)
    version = catalog_version()

    result = resource_class().import_data(
        tablib.import_set(text, format=file_format), dry_run=True
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert len(result.rows) == len(exported) > 0
    assert {row.import_type for row in result.rows} == {"skip"}
    assert result.totals["new"] == result.totals["update"] == 0
    assert catalog_version() == version
    assert resource_class().export().export(file_format) == text


def test_offerings_round_trip_through_xlsx(seed_catalog):
    exported = OfferingResource().export()
    xlsx = exported.export("xlsx")

    result = OfferingResource().import_data(
        tablib.Dataset().load(xlsx, format="xlsx"), dry_run=False
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == len(exported) > 0
    assert result.totals["new"] == result.totals["update"] == 0
    assert OfferingResource().export().export("csv") == exported.export("csv")


def test_an_import_writes_relations_by_slug(catalog_bits):
    rows = [
        offering_row(
            "intro-ml",
            provider="nust",
            sectors="health, finance",
            prerequisites="statistics",
            skills="python:2, machine-learning:1",
            cost_pkr="15000",
        )
    ]
    version = catalog_version()

    result = OfferingResource().import_data(as_csv(dataset(rows)))

    assert not result.has_validation_errors(), errors_by_row(result)
    offering = Offering.objects.get(slug="intro-ml")
    assert offering.provider.slug == "nust"
    assert offering.source.key == "src"
    assert offering.cost_pkr == 15000
    assert {s.slug for s in offering.sectors.all()} == {"health", "finance"}
    assert [s.slug for s in offering.prerequisite_skills.all()] == ["statistics"]
    taught = {t.skill.slug: t.level for t in OfferingSkill.objects.filter(offering=offering)}
    assert taught == {"python": 2, "machine-learning": 1}
    assert catalog_version() > version


def test_importing_the_same_file_again_changes_nothing(catalog_bits):
    rows = [offering_row("intro-ml", skills="python:2", sectors="health")]
    OfferingResource().import_data(as_csv(dataset(rows)))
    version = catalog_version()

    result = OfferingResource().import_data(as_csv(dataset(rows)))

    assert [row.import_type for row in result.rows] == ["skip"]
    assert catalog_version() == version


def test_an_update_names_the_columns_it_changes(catalog_bits):
    offering = OfferingFactory(
        slug="intro-ml", source=catalog_bits["source"], skills={catalog_bits["python"]: 1}
    )
    exported = OfferingResource().export(queryset=Offering.objects.filter(pk=offering.pk))
    row = dict(zip(exported.headers, exported[0], strict=True))
    row.update(cost_pkr="2500", skills="python:3")

    result = OfferingResource().import_data(as_csv(dataset([row])))

    assert [r.import_type for r in result.rows] == ["update"]
    assert result.rows[0].changed_columns == ["cost_pkr", "skills"]
    offering.refresh_from_db()
    assert offering.cost_pkr == 2500
    assert offering.skills_taught.get().level == 3


def test_a_dry_run_writes_nothing(catalog_bits):
    version = catalog_version()

    result = OfferingResource().import_data(
        as_csv(dataset([offering_row("intro-ml", skills="python:1")])), dry_run=True
    )

    assert [row.import_type for row in result.rows] == ["new"]
    assert not Offering.objects.exists()
    assert not OfferingSkill.objects.exists()
    assert catalog_version() == version


def test_one_bad_row_refuses_the_whole_file(catalog_bits):
    rows = [
        offering_row("first-course"),
        offering_row("second-course", cost_pkr="-5"),
        offering_row("third-course", skills="python:2"),
    ]
    version = catalog_version()

    result = OfferingResource().import_data(as_csv(dataset(rows)))

    assert errors_by_row(result) == {
        2: {"cost_pkr": ["Ensure this value is greater than or equal to 0."]}
    }
    assert not Offering.objects.exists()
    assert not OfferingSkill.objects.exists()
    assert catalog_version() == version


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"provider": "nowhere"}, "provider", "unknown provider 'nowhere'"),
        ({"source": "nowhere"}, "source", "unknown source 'nowhere'"),
        ({"sectors": "health, mining"}, "sectors", "unknown sector 'mining'"),
        ({"prerequisites": "cooking"}, "prerequisites", "unknown skill 'cooking'"),
        ({"skills": "python:4"}, "skills", "level for 'python' must be 1, 2 or 3, not '4'"),
        ({"skills": "python"}, "skills", "'python' should be skill:level, e.g. python:2"),
        ({"skills": "python:1, python:2"}, "skills", "lists 'python' more than once"),
        ({"cost_pkr": "a lot"}, "cost_pkr", "'a lot' is not a whole number"),
        ({"duration_weeks": "0"}, "duration_weeks", "greater than or equal to 1"),
        ({"url": "not a link"}, "url", "Enter a valid URL."),
        ({"kind": "lecture"}, "kind", "Value 'lecture' is not a valid choice."),
        ({"title": ""}, "title", "This field cannot be blank."),
    ],
)
def test_a_bad_value_is_reported_on_its_row_and_column(catalog_bits, values, column, message):
    rows = [offering_row("fine-course"), offering_row("bad-course", **values)]

    result = OfferingResource().import_data(as_csv(dataset(rows)))

    errors = errors_by_row(result)
    assert list(errors) == [2]
    assert column in errors[2]
    assert any(message in text for text in errors[2][column]), errors[2]
    assert not Offering.objects.exists()


def test_a_slug_twice_in_one_file_is_refused(catalog_bits):
    rows = [offering_row("same"), offering_row("other"), offering_row("same")]

    result = OfferingResource().import_data(as_csv(dataset(rows)))

    errors = errors_by_row(result)
    assert set(errors) == {1, 3}
    assert errors[1]["slug"] == ["'same' is used by more than one row (rows 1, 3)"]
    assert not Offering.objects.exists()


def test_role_skills_are_written_with_level_and_weight(catalog_bits):
    rows = [
        {
            "slug": "ml-engineer",
            "name": "ML engineer",
            "summary": "Builds models.",
            "outlook": "",
            "basis": "Test.",
            "source": "src",
            "sectors": "finance",
            "skills": "python:3:5, machine-learning:2:4",
        }
    ]

    result = RoleResource().import_data(as_csv(dataset(rows)))

    assert not result.has_validation_errors(), errors_by_row(result)
    role = Role.objects.get(slug="ml-engineer")
    needs = {n.skill.slug: (n.level, n.weight) for n in RoleSkill.objects.filter(role=role)}
    assert needs == {"python": (3, 5), "machine-learning": (2, 4)}
    assert [s.slug for s in role.sectors.all()] == ["finance"]


def test_a_role_skill_weight_out_of_range_is_refused(catalog_bits):
    role = RoleFactory(slug="analyst", source=catalog_bits["source"])
    rows = [
        {"slug": "analyst", "name": role.name, "summary": "x", "basis": "y", "source": "src"},
    ]
    rows[0]["skills"] = "python:2:9"

    result = RoleResource().import_data(as_csv(dataset(rows)))

    assert errors_by_row(result) == {
        1: {"skills": ["weight for 'python' must be a whole number from 1 to 5, not '9'"]}
    }
    assert not RoleSkill.objects.exists()


SKILL_HEADERS = ["slug", "name", "category", "description", "aliases", "prerequisites"]


def skill_row(slug: str, prerequisites: str = "") -> dict:
    return {
        "slug": slug,
        "name": slug.title(),
        "category": "ml",
        "description": "",
        "aliases": "",
        "prerequisites": prerequisites,
    }


def test_skill_prerequisites_may_name_skills_later_in_the_file(catalog_bits):
    rows = [skill_row("deep-learning", "neural-nets, python"), skill_row("neural-nets", "python")]

    result = SkillResource().import_data(as_csv(dataset(rows)))

    assert not result.has_validation_errors(), errors_by_row(result)
    deep = Skill.objects.get(slug="deep-learning")
    assert {s.slug for s in deep.prerequisites.all()} == {"neural-nets", "python"}


def test_a_prerequisite_cycle_in_the_file_is_refused(catalog_bits):
    rows = [skill_row("alpha", "beta"), skill_row("beta", "alpha"), skill_row("gamma")]

    result = SkillResource().import_data(as_csv(dataset(rows)))

    errors = errors_by_row(result)
    assert set(errors) == {1, 2}
    assert errors[1]["prerequisites"] == ["Prerequisite cycle: alpha → beta → alpha"]
    assert not Skill.objects.filter(slug__in=["alpha", "beta", "gamma"]).exists()


def test_a_cycle_through_stored_skills_is_refused(catalog_bits):
    catalog_bits["ml"].prerequisites.set([catalog_bits["python"]])
    rows = [skill_row("python", "machine-learning")]
    rows[0]["name"] = "Python"

    result = SkillResource().import_data(as_csv(dataset(rows)))

    errors = errors_by_row(result)
    assert errors[1]["prerequisites"] == [
        "Prerequisite cycle: machine-learning → python → machine-learning"
    ]
    assert not catalog_bits["python"].prerequisites.exists()


@pytest.mark.django_db
def test_import_benchmark_prints_timings_and_keeps_nothing(seed_catalog):
    import io
    import json

    from django.core.management import call_command

    before = Offering.objects.count()
    out = io.StringIO()
    call_command("bench_import", "--rows", "20", stdout=out)
    result = json.loads(out.getvalue())
    assert result["import"]["totals"] == {"new": 20}
    assert result["recheck"]["totals"] == {"skip": 20}
    assert Offering.objects.count() == before


def test_a_lengths_and_a_costs_own_pages_export_and_import_by_key(catalog_bits):
    syllabus = SourceFactory(key="syllabus", url="https://example.org/syllabus")
    offering = OfferingFactory(slug="intro-ml", source=catalog_bits["source"])
    exported = OfferingResource().export(queryset=Offering.objects.filter(pk=offering.pk))
    row = dict(zip(exported.headers, exported[0], strict=True))
    assert row["length_source"] == "" and row["cost_source"] == ""
    row.update(duration_weeks="6", length_source="syllabus", cost_source="nowhere")

    refused = OfferingResource().import_data(as_csv(dataset([row])))
    assert refused.has_validation_errors()
    assert Offering.objects.get(pk=offering.pk).length_source is None

    row.update(cost_source="")
    result = OfferingResource().import_data(as_csv(dataset([row])))
    assert result.rows[0].changed_columns == ["duration_weeks", "length_source"]
    offering.refresh_from_db()
    assert offering.length_source == syllabus and offering.cost_source is None
