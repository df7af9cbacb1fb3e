"""The catalog loader: all or nothing, idempotent, errors that name entry and field."""

import io
import textwrap

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from catalog.loading import CatalogFileError, catalog_plan_from_documents, catalog_plan_from_path
from catalog.models import Offering, OfferingSkill, Provider, Role, Skill, Source
from catalog.services import catalog_load

GOOD = """
sources:
  - {key: article, title: An article about AI in Pakistan}
sectors:
  - {slug: healthcare, name: Healthcare}
skills:
  - {slug: python, name: Python, category: programming, aliases: [py]}
  - {slug: machine-learning, name: Machine learning, category: ml, prerequisites: [python]}
providers:
  - {slug: nust, name: NUST, kind: university, city: islamabad, source: article}
offerings:
  - slug: intro-ml
    title: Intro to ML
    kind: online_course
    provider: nust
    summary: Learn the basics.
    delivery: online
    cost_pkr: 0
    level: beginner
    skills: {machine-learning: 1}
    prerequisites: [python]
    sectors: [healthcare]
    source: article
roles:
  - slug: ml-engineer
    name: ML engineer
    summary: Builds models.
    basis: Made up for a test.
    source: article
    skills: [{skill: machine-learning, level: 2, weight: 5}]
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(tmp_path, text, name="catalog.yaml"):
    out = io.StringIO()
    call_command("load_catalog", str(write(tmp_path, name, text)), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loads_every_section_with_relations(tmp_path):
    load(tmp_path, GOOD)
    offering = Offering.objects.get(slug="intro-ml")
    assert offering.provider.slug == "nust"
    assert offering.is_free
    assert [s.slug for s in offering.prerequisite_skills.all()] == ["python"]
    assert offering.skills_taught.get().skill.slug == "machine-learning"
    assert list(
        Skill.objects.get(slug="machine-learning").prerequisites.values_list("slug", flat=True)
    ) == ["python"]
    assert Skill.objects.get(slug="python").alias_list == ["py"]
    need = Role.objects.get(slug="ml-engineer").required_skills.get()
    assert (need.skill.slug, need.level, need.weight) == ("machine-learning", 2, 5)


@pytest.mark.django_db
def test_loading_twice_changes_nothing(tmp_path):
    load(tmp_path, GOOD)
    stamp = Offering.objects.get(slug="intro-ml").updated_at
    rows = OfferingSkill.objects.values_list("pk", flat=True)
    before = list(rows)

    output = load(tmp_path, GOOD)

    assert "already up to date" in output
    assert "0 created    0 updated" in output
    assert Offering.objects.get(slug="intro-ml").updated_at == stamp
    assert list(rows) == before


@pytest.mark.django_db
def test_a_changed_entry_is_updated_in_place(tmp_path):
    load(tmp_path, GOOD)
    output = load(tmp_path, GOOD.replace("cost_pkr: 0", "cost_pkr: 15000"))
    assert "offerings     0 created    1 updated    0 unchanged" in output
    assert Offering.objects.get(slug="intro-ml").cost_pkr == 15000
    assert Offering.objects.count() == 1


@pytest.mark.django_db
def test_bad_entry_rejects_the_whole_file_and_names_entry_and_field(tmp_path):
    bad = GOOD.replace("cost_pkr: 0", "cost_pkr: -5")
    with pytest.raises(CommandError) as error:
        load(tmp_path, bad)
    message = str(error.value)
    assert "nothing was written" in message
    assert "offerings[0] 'intro-ml': cost_pkr:" in message
    assert Source.objects.count() == 0
    assert Skill.objects.count() == 0


@pytest.mark.django_db
def test_bad_file_leaves_a_loaded_catalog_untouched(tmp_path):
    load(tmp_path, GOOD)
    bad = GOOD.replace("title: Intro to ML", "title: Renamed").replace(
        "delivery: online", "delivery: by-pigeon"
    )
    with pytest.raises(CommandError, match="delivery: Value 'by-pigeon' is not a valid choice"):
        load(tmp_path, bad)
    assert Offering.objects.get(slug="intro-ml").title == "Intro to ML"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("provider: nust", "provider: lums"),
            "offerings[0] 'intro-ml': provider: unknown provider 'lums'",
        ),
        (
            ("skills: {machine-learning: 1}", "skills: {machine-learning: 7}"),
            "level for 'machine-learning' must be 1, 2 or 3",
        ),
        (("source: article\nroles", "source: nowhere\nroles"), "source: unknown source 'nowhere'"),
        (
            ("    level: beginner\n", "    level: beginner\n    colour: green\n"),
            "colour: unknown field",
        ),
        (
            ("weight: 5", "weight: 9"),
            "roles[0] 'ml-engineer': skills[0]: weight must be a whole number from 1 to 5",
        ),
        (
            ("    title: Intro to ML\n", ""),
            "offerings[0] 'intro-ml': title: This field cannot be blank.",
        ),
        (
            (
                "{slug: healthcare, name: Healthcare}",
                "{slug: healthcare, name: Healthcare}\n  - {slug: healthcare, name: Health}",
            ),
            "slug: 'healthcare' is also used by",
        ),
    ],
)
def test_each_kind_of_problem_is_reported(tmp_path, change, expected):
    old, new = change
    assert old in GOOD
    with pytest.raises(CatalogFileError) as error:
        catalog_plan_from_path(write(tmp_path, "catalog.yaml", GOOD.replace(old, new, 1)))
    assert any(expected in line for line in error.value.errors), error.value.errors


@pytest.mark.django_db
def test_prerequisite_cycle_in_a_file_is_rejected_naming_the_skills(tmp_path):
    cyclic = GOOD.replace(
        "{slug: python, name: Python, category: programming, aliases: [py]}",
        "{slug: python, name: Python, category: programming, prerequisites: [machine-learning]}",
    )
    with pytest.raises(
        CommandError, match="Prerequisite cycle: machine-learning → python → machine-learning"
    ):
        load(tmp_path, cyclic)
    assert Skill.objects.count() == 0


@pytest.mark.django_db
def test_cycle_through_a_skill_already_in_the_database_is_rejected(tmp_path):
    load(tmp_path, GOOD)
    only_python = """
    skills:
      - {slug: python, name: Python, category: programming, prerequisites: [machine-learning]}
    """
    with pytest.raises(CommandError, match="Prerequisite cycle"):
        load(tmp_path, only_python, name="more.yaml")


@pytest.mark.django_db
def test_malformed_yaml_is_rejected_with_the_file_name(tmp_path):
    with pytest.raises(CommandError, match=r"broken\.yaml: not valid YAML"):
        load(tmp_path, "skills: [\n  {slug: python", name="broken.yaml")


@pytest.mark.django_db
def test_unknown_section_and_wrong_shapes_are_rejected():
    with pytest.raises(CatalogFileError) as error:
        catalog_plan_from_documents(
            [("x.yaml", {"courses": [], "skills": {"python": 1}, "sectors": ["healthcare"]})]
        )
    assert error.value.errors == [
        "x.yaml: unknown section 'courses' "
        "(expected one of sources, sectors, skills, providers, routes, offerings, roles)",
        "x.yaml: skills: must be a list of entries",
        "x.yaml: sectors[0]: must be a mapping of fields",
    ]


@pytest.mark.django_db
def test_check_option_validates_without_writing(tmp_path):
    out = io.StringIO()
    call_command("load_catalog", str(write(tmp_path, "c.yaml", GOOD)), "--check", stdout=out)
    assert "valid, nothing written" in out.getvalue()
    assert Offering.objects.count() == 0


@pytest.mark.django_db
def test_the_seed_catalog_loads_and_reloads_without_changes():
    first = catalog_load(plan=catalog_plan_from_path())
    assert first.sections["offerings"].created > 50
    second = catalog_load(plan=catalog_plan_from_path())
    assert not second.changed


@pytest.mark.django_db
def test_a_load_that_changes_something_bumps_the_catalog_version_once_at_least(tmp_path):
    from catalog.selectors import catalog_version

    start = catalog_version()
    load(tmp_path, GOOD)
    loaded = catalog_version()
    assert loaded > start
    load(tmp_path, GOOD)
    assert catalog_version() == loaded


@pytest.mark.django_db
def test_a_partial_entry_changes_only_the_fields_and_relations_it_gives(tmp_path):
    load(tmp_path, GOOD)
    load(
        tmp_path,
        """
        offerings:
          - slug: intro-ml
            cost_pkr: 2500
        """,
        name="partial.yaml",
    )
    offering = Offering.objects.get(slug="intro-ml")
    assert offering.cost_pkr == 2500
    assert offering.title == "Intro to ML"
    assert offering.summary == "Learn the basics."
    assert offering.provider.slug == "nust"
    assert list(offering.skills_taught.values_list("skill__slug", "level")) == [
        ("machine-learning", 1)
    ]
    assert list(offering.prerequisite_skills.values_list("slug", flat=True)) == ["python"]
    assert list(offering.sectors.values_list("slug", flat=True)) == ["healthcare"]
    role = Role.objects.get(slug="ml-engineer")
    load(tmp_path, "roles:\n  - {slug: ml-engineer, outlook: Steady demand.}\n", name="r.yaml")
    role.refresh_from_db()
    assert role.outlook == "Steady demand."
    assert role.required_skills.count() == 1


@pytest.mark.django_db
def test_a_partial_file_for_a_new_entry_still_needs_its_required_fields(tmp_path):
    with pytest.raises(CommandError) as error:
        load(tmp_path, "offerings:\n  - {slug: brand-new, cost_pkr: 0}\n")
    message = str(error.value)
    assert "offerings[0] 'brand-new': title: This field cannot be blank." in message
    assert "offerings[0] 'brand-new': source: this field is required" in message


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("{level: true}", "level: must be text"),
        ("{cost_pkr: true}", "cost_pkr: must be a whole number"),
        ("{cost_pkr: [1, 2]}", "cost_pkr: must be a whole number"),
        ("{title: [[a, b]]}", "title: must be text"),
        ("{summary: {a: 1}}", "summary: must be text"),
        ("{is_active: 'yes'}", "is_active: must be true or false"),
        ("{starts_on: 12}", "starts_on: must be a date (YYYY-MM-DD)"),
        ("{last_round: '2026-13-01'}", "last_round: '2026-13-01' is not a date (YYYY-MM-DD)"),
        ("{cost_usd: 'ten'}", "cost_usd: must be a number"),
        ("{skills: {python: true}}", "skills: level for 'python' must be 1, 2 or 3, not True"),
        ("{skills: [[python, 2]]}", "skills: must map skill slugs to the level reached (1-3)"),
        ("{sectors: [[healthcare]]}", "sectors: must be a list of sector slugs"),
        ("{prerequisites: python}", "prerequisites: must be a list of skill slugs"),
        ("{source: [article]}", "source: unknown source ['article']"),
        ("{source: {title: No address}}", "source: an inline source needs its url"),
        ("{free_routes: [nowhere]}", "free_routes: unknown route 'nowhere'"),
    ],
)
@pytest.mark.django_db
def test_malformed_values_are_refused_whole_naming_entry_and_field(tmp_path, entry, expected):
    load(tmp_path, GOOD)
    before = Offering.objects.get(slug="intro-ml").updated_at
    with pytest.raises(CommandError) as error:
        load(tmp_path, f"offerings:\n  - {{slug: intro-ml, {entry[1:]}\n", name="bad.yaml")
    assert f"bad.yaml: offerings[0] 'intro-ml': {expected}" in str(error.value)
    assert Offering.objects.get(slug="intro-ml").updated_at == before


@pytest.mark.django_db
def test_an_inline_source_becomes_a_dated_source_shared_by_its_address(tmp_path):
    load(tmp_path, GOOD)
    page = "{url: 'https://example.org/course', title: Course page, checked_on: 2026-11-29}"
    load(
        tmp_path,
        f"""
        offerings:
          - {{slug: intro-ml, source: {page}}}
        providers:
          - {{slug: nust, source: {page}}}
        """,
        name="sourced.yaml",
    )
    offering = Offering.objects.select_related("source").get(slug="intro-ml")
    assert offering.source.url == "https://example.org/course"
    assert offering.source.checked_on.isoformat() == "2026-11-29"
    assert Provider.objects.get(slug="nust").source == offering.source
    assert Source.objects.filter(url="https://example.org/course").count() == 1


@pytest.mark.django_db
def test_a_value_nested_past_any_catalog_is_refused_before_parsing(tmp_path):
    """The YAML parser's C code would take the whole process down on this file."""
    deep = "offerings:\n  - slug: deep\n    title: " + "[" * 100_000 + "]" * 100_000 + "\n"
    with pytest.raises(CommandError, match="nests deeper than 100 levels"):
        load(tmp_path, deep, name="deep.yaml")
    assert not Offering.objects.filter(slug="deep").exists()


@pytest.mark.django_db(transaction=True)
def test_loading_waits_for_its_own_model_build_but_not_for_a_servers_threads():
    """A server's thread (a live server, a worker) runs before the load and keeps running;
    the command must return all the same."""
    import threading

    stop = threading.Event()
    server = threading.Thread(target=stop.wait, name="a-server", daemon=False)
    server.start()
    finished = threading.Event()

    def load():
        try:
            call_command("load_catalog", verbosity=0, stdout=io.StringIO())
            finished.set()
        finally:
            connections.close_all()

    loader = threading.Thread(target=load, daemon=True)
    try:
        loader.start()
        assert finished.wait(timeout=120), "load_catalog waited for a thread it did not start"
    finally:
        stop.set()
        server.join()


@pytest.mark.django_db
def test_a_length_or_a_cost_can_name_its_own_page(tmp_path):
    """A course's length is often on another page than the rest of its facts: each of the
    two names its own source, and leaving it out later keeps it."""
    load(tmp_path, GOOD)
    length_page = "{url: 'https://example.org/syllabus', title: Syllabus, checked_on: 2026-11-29}"
    load(
        tmp_path,
        f"""
        offerings:
          - {{slug: intro-ml, duration_weeks: 6, length_source: {length_page},
              cost_pkr: 12000, cost_source: article}}
        """,
        name="facts.yaml",
    )
    offering = Offering.objects.select_related("length_source", "cost_source").get(slug="intro-ml")
    assert offering.length_source.url == "https://example.org/syllabus"
    assert offering.cost_source.key == "article"
    assert offering.source.key == "article"

    load(tmp_path, "offerings:\n  - {slug: intro-ml, summary: Changed.}\n", name="later.yaml")
    assert Offering.objects.get(slug="intro-ml").length_source.url.endswith("/syllabus")


@pytest.mark.django_db
def test_an_unknown_fact_source_is_refused_naming_the_field(tmp_path):
    load(tmp_path, GOOD)
    with pytest.raises(CommandError) as error:
        load(tmp_path, "offerings:\n  - {slug: intro-ml, cost_source: nowhere}\n", name="b.yaml")
    assert "offerings[0] 'intro-ml': cost_source: unknown source 'nowhere'" in str(error.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", "prerequisites_from: must be a whole number"),
        ("[2]", "prerequisites_from: must be a whole number"),
        ("4", "prerequisites_from: Value 4 is not a valid choice."),
    ],
)
@pytest.mark.django_db
def test_the_level_a_skills_prerequisites_apply_from_is_loaded_kept_and_checked(
    tmp_path, value, expected
):
    load(tmp_path, GOOD)
    load(tmp_path, "skills:\n  - {slug: machine-learning, prerequisites_from: 2}\n", name="a.yaml")
    skill = Skill.objects.get(slug="machine-learning")
    assert skill.prerequisites_from == 2
    assert list(skill.prerequisites.values_list("slug", flat=True)) == ["python"]
    load(tmp_path, "skills:\n  - {slug: machine-learning, name: ML}\n", name="b.yaml")
    assert Skill.objects.get(slug="machine-learning").prerequisites_from == 2  # kept
    with pytest.raises(CommandError) as error:
        load(tmp_path, f"skills:\n  - {{slug: python, prerequisites_from: {value}}}\n", "c.yaml")
    assert f"c.yaml: skills[0] 'python': {expected}" in str(error.value)
    assert Skill.objects.get(slug="python").prerequisites_from == 1
