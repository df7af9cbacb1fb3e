"""The seed catalog keeps its promises: stable slugs, sources, and enough to learn from."""

import pytest
from django.db.models import Count, Q

from catalog.models import Offering, Provider, Role, Sector, Skill

pytestmark = pytest.mark.usefixtures("seed_catalog")

STABLE_SKILLS = [
    "python", "statistics", "linear-algebra", "sql", "data-analysis", "machine-learning",
    "deep-learning", "tensorflow", "pytorch", "nlp", "llms", "computer-vision",
    "reinforcement-learning", "docker", "kubernetes", "cloud", "mlops", "git",
]  # fmt: skip
STABLE_ROLES = [
    "ml-engineer", "data-scientist", "nlp-engineer", "computer-vision-engineer",
    "mlops-engineer", "ai-researcher", "data-analyst",
]  # fmt: skip

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
    assert short == {}


@pytest.mark.django_db
def test_every_role_needs_skills_and_says_what_it_rests_on():
    for role in Role.objects.all():
        assert role.required_skills.exists(), role.slug
        assert role.basis.strip(), role.slug
        assert role.source_id, role.slug
        assert role.required_skills.filter(skill__slug="python").exists(), role.slug


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
