"""The seed catalog keeps its promises: stable slugs, sources, and enough to learn from."""

import re
from datetime import date

import pytest
from django.db.models import Count, F, Q

from catalog.coverage import THRESHOLDS, catalog_coverage
from catalog.models import Offering, Provider, Role, Sector, Skill
from catalog.selectors import skill_prerequisite_graph

# Where the seed catalog stands; raise these as facts are checked, never lower them.
FLOOR = {"courses_with_length": 0.32, "specific_url": 0.85, "without_cost_or_route": 0.34}

pytestmark = pytest.mark.usefixtures("seed_catalog")

STABLE_SKILLS = [
    "python", "statistics", "linear-algebra", "sql", "data-analysis", "machine-learning",
    "deep-learning", "tensorflow", "pytorch", "nlp", "llms", "computer-vision",
    "reinforcement-learning", "docker", "kubernetes", "cloud", "mlops", "git",
    "excel", "bi-tools", "r", "linux", "dsa", "experimentation", "time-series",
    "data-engineering", "experiment-tracking", "ci-cd", "model-serving",
    "prompt-engineering", "rag", "llm-agents",
]  # fmt: skip
STABLE_ROLES = [
    "ml-engineer", "data-scientist", "nlp-engineer", "computer-vision-engineer",
    "mlops-engineer", "ai-researcher", "data-analyst", "ai-engineer", "bi-analyst",
]  # fmt: skip
SECTOR_TRACKS = {
    "healthcare-data-scientist": "healthcare",
    "agritech-data-scientist": "agriculture",
    "fintech-data-scientist": "finance-banking",
    "edtech-data-analyst": "education",
}

# What the source articles name, by the slug it has in the catalog.
ARTICLE_PROVIDERS = [
    "nust", "lums", "iba", "fast-nuces", "giki", "aku", "iub", "hec", "ncai",
    "ashar-aziz-foundation", "coursera", "karachi-ai", "pakistan-ai", "data-science-pakistan",
    "kaggle", "github", "neurips", "icml",
]  # fmt: skip
ARTICLE_OFFERINGS = [
    "iub-ai-program", "nust-aaf-dnn-bootcamp", "nust-aaf-llm-bootcamp", "giki-aaf-dnn-bootcamp",
    "hec-coursera-access", "coursera-genai-courses", "coursera-professional-certificates",
    "ncai-nust", "ncai-consortium-research-centres", "karachi-ai-community",
    "karachi-ai-meetups", "pakistan-ai-community", "data-science-pakistan-community",
    "local-ai-meetups-lahore", "neurips-conference", "icml-conference", "kaggle-competitions",
    "open-source-ai-contributions", "ai-hackathons", "ai-internships",
]  # fmt: skip
ARTICLE_SECTORS = ["healthcare", "agriculture", "finance-banking", "e-commerce", "education"]


@pytest.mark.django_db
def test_stable_slugs_exist():
    assert set(STABLE_SKILLS) <= set(Skill.objects.values_list("slug", flat=True))
    assert set(STABLE_ROLES) <= set(Role.objects.values_list("slug", flat=True))
    for role, sector in SECTOR_TRACKS.items():
        assert Role.objects.get(slug=role).sectors.filter(slug=sector).exists(), role


@pytest.mark.django_db
def test_everything_the_articles_name_is_in_the_catalog():
    assert set(ARTICLE_PROVIDERS) <= set(Provider.objects.values_list("slug", flat=True))
    assert set(ARTICLE_OFFERINGS) <= set(Offering.objects.values_list("slug", flat=True))
    assert set(ARTICLE_SECTORS) <= set(Sector.objects.values_list("slug", flat=True))


@pytest.mark.django_db
def test_every_stable_skill_is_taught_by_two_active_offerings_one_free():
    counts = {
        skill.slug: (skill.active, skill.free)
        for skill in Skill.objects.filter(slug__in=STABLE_SKILLS).annotate(
            active=Count("taught_by", filter=Q(taught_by__offering__is_active=True)),
            free=Count(
                "taught_by",
                filter=Q(taught_by__offering__is_active=True, taught_by__offering__cost_pkr=0),
            ),
        )
    }
    short = {slug: c for slug, c in counts.items() if c[0] < 2 or c[1] < 1}
    assert set(short) == {"excel"}  # no sourced free Excel course yet (see KNOWN_GAPS)


@pytest.mark.django_db
def test_every_role_needs_skills_and_says_what_it_rests_on():
    for role in Role.objects.all():
        assert role.required_skills.exists(), role.slug
        assert role.basis.strip(), role.slug
        assert role.source_id, role.slug
        assert role.required_skills.filter(weight=5).exists(), role.slug


def prerequisite_closure(slug: str) -> set[str]:
    graph = skill_prerequisite_graph()
    seen: set[str] = set()
    stack = [slug]
    while stack:
        for prerequisite in graph[stack.pop()] - seen:
            seen.add(prerequisite)
            stack.append(prerequisite)
    return seen


@pytest.mark.parametrize(
    ("skill", "not_before"),
    [
        ("bi-tools", "python"),
        ("excel", "python"),
        ("data-analysis", "python"),
        ("prompt-engineering", "deep-learning"),
        ("rag", "deep-learning"),
        ("llm-agents", "deep-learning"),
        ("llm-evaluation", "deep-learning"),
    ],
)
@pytest.mark.django_db
def test_prerequisites_are_what_a_learner_truly_needs_first(skill, not_before):
    assert not_before not in prerequisite_closure(skill)


# Levels no sourced free offering reaches yet: a free Excel course, and free routes to
# advanced research, data engineering and MLOps. Closing one means deleting it here.
KNOWN_GAPS = {
    "ai-researcher: research-methods at 3",
    "bi-analyst: excel at 2",
    "data-analyst: excel at 2",
    "data-engineer: data-engineering at 3",
    "edtech-data-analyst: excel at 2",
    "fintech-data-scientist: excel at 1",
    "mlops-engineer: mlops at 3",
}


@pytest.mark.django_db
def test_every_level_a_role_requires_is_taught_by_two_active_offerings_one_free():
    gaps = catalog_coverage(today=date(2026, 11, 29)).role_gaps
    assert {f"{g.role}: {g.skill} at {g.level}" for g in gaps} == KNOWN_GAPS


@pytest.mark.django_db
def test_every_stable_city_has_an_in_person_or_hybrid_option():
    assert catalog_coverage(today=date(2026, 11, 29)).cities_without_place == []


@pytest.mark.django_db
def test_the_catalog_does_not_fall_below_its_measured_floor():
    """A ratchet: the shares the seed catalog has reached may rise, never fall.

    The product's targets (THRESHOLDS) are higher; catalog_report shows the gap.
    """
    report = catalog_coverage(today=date(2026, 11, 29))
    assert report.active >= THRESHOLDS["active_offerings"]
    assert report.share(report.courses_with_length, report.courses) >= FLOOR["courses_with_length"]
    assert report.share(report.specific_url, report.active) >= FLOOR["specific_url"]
    without = report.share(report.without_cost_or_route, report.active)
    assert without <= FLOOR["without_cost_or_route"]


@pytest.mark.django_db
def test_no_round_that_has_begun_is_offered_as_upcoming():
    today = date(2026, 11, 29)
    for offering in Offering.objects.active().exclude(starts_on=None):
        if offering.starts_on < today:
            assert offering.upcoming_start(today) is None
    assert not Offering.objects.filter(
        last_round__isnull=False, starts_on__isnull=False, starts_on__lte=F("last_round")
    ).exists()


@pytest.mark.django_db
def test_every_offering_and_provider_has_a_source_and_a_summary():
    assert not Offering.objects.filter(source__isnull=True).exists()
    assert not Offering.objects.filter(summary="").exists()
    assert not Provider.objects.filter(source__isnull=True).exists()


@pytest.mark.django_db
def test_onet_is_credited_as_its_licence_asks():
    role = Role.objects.get(slug="data-scientist")
    assert "U.S. Department of Labor" in role.source.licence
    assert "CC BY 4.0" in role.source.licence


URDU_LETTERS = re.compile(r"[\u0600-\u06FF]")


def test_every_role_skill_and_sector_has_an_urdu_name():
    for model in (Role, Skill, Sector):
        missing = list(model.objects.filter(name_ur="").values_list("slug", flat=True))
        assert not missing, f"{model.__name__} without an Urdu name: {missing}"
    # A tool's name stays in Latin letters (Python, SQL); the others are written in Urdu.
    assert Skill.objects.exclude(name_ur__regex=r"^[A-Za-z/ ]+$").count() >= 30
    for role in Role.objects.all():
        assert URDU_LETTERS.search(role.name_ur), role.slug
        assert URDU_LETTERS.search(role.summary_ur), role.slug
