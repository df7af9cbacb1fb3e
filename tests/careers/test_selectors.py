"""The recommender's catalog comes from the database and is refitted only after a change."""

import pytest

from careers import learning_path, model_store, selectors
from careers.recommender.data import Learner
from careers.recommender.path import build_path
from catalog.models import Offering, OfferingSkill
from catalog.selectors import catalog_version
from tests.factories import OfferingFactory, RoleFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_catalog():
    docker = SkillFactory(slug="docker", name="Docker")
    RoleFactory(slug="mlops-engineer", name="MLOps engineer", skills={docker: (2, 5)})
    paid = OfferingFactory(
        slug="docker-paid", title="Docker in depth", cost_pkr=20000, skills={docker: 2}
    )
    OfferingFactory(slug="docker-retired", is_active=False, skills={docker: 2})
    return paid


def test_the_catalog_holds_active_offerings_with_their_relations(small_catalog):
    catalog = model_store.recommender_catalog()
    assert [i.slug for i in catalog.items] == ["docker-paid"]
    assert catalog.items[0].skills == {"docker": 2}
    assert catalog.roles["mlops-engineer"].skills == {"docker": (2, 5)}


def test_loading_the_catalog_takes_a_fixed_number_of_queries(
    small_catalog, django_assert_max_num_queries
):
    for _ in range(20):
        OfferingFactory(skills={SkillFactory(): 1})
    with django_assert_max_num_queries(12):
        model_store.recommender_catalog()


def test_unchanged_catalog_costs_one_query_and_reuses_the_model(
    small_catalog, django_assert_num_queries
):
    first = model_store.recommender_model()
    with django_assert_num_queries(1):
        assert model_store.recommender_model() is first


def test_any_catalog_edit_bumps_the_version_and_refits(small_catalog):
    free_only = Learner(target_role="mlops-engineer", budget_pkr=0)
    before = model_store.recommender_model()
    assert build_path(before, free_only).steps == []

    version = catalog_version()
    small_catalog.cost_pkr = 0
    small_catalog.save()
    assert catalog_version() > version

    after = model_store.recommender_model()
    assert after is not before
    assert [s.offering for s in build_path(after, free_only).steps] == ["docker-paid"]


def add_sector(offering):
    offering.sectors.create(name="Health", slug="health")


def raise_level(offering):
    taught = OfferingSkill.objects.get(offering=offering)
    taught.level = 3
    taught.save()


def retire(offering):
    offering.is_active = False
    offering.save()


def remove_skill(offering):
    OfferingSkill.objects.get(offering=offering).delete()


@pytest.mark.parametrize("edit", [add_sector, raise_level, retire, remove_skill, Offering.delete])
def test_relation_and_delete_edits_also_bump_the_version(small_catalog, edit):
    version = catalog_version()
    edit(small_catalog)
    assert catalog_version() > version


def test_similar_offerings_are_active_and_best_first(small_catalog):
    docker = small_catalog.skills_taught.get().skill
    close = OfferingFactory(slug="docker-basics", title="Docker basics", skills={docker: 1})
    OfferingFactory(slug="unrelated", title="Pottery for beginners", summary="Clay and wheels.")
    similar = selectors.similar_offerings(offering=small_catalog)
    assert similar[0] == close
    assert all(o.is_active for o in similar)
    assert small_catalog not in similar


def test_offering_page_shows_similar_offerings(client, small_catalog):
    docker = small_catalog.skills_taught.get().skill
    OfferingFactory(slug="docker-basics", title="Docker basics", skills={docker: 1})
    body = client.get(small_catalog.get_absolute_url()).content.decode()
    assert "Similar offerings" in body
    assert 'href="/catalog/docker-basics/"' in body


def test_a_finished_offering_still_counts_after_it_is_retired(small_catalog, django_user_model):
    from careers.models import Profile, StepStatus
    from catalog.models import Role
    from catalog.services import offerings_set_active

    user = django_user_model.objects.create_user("done@example.pk", "done@example.pk", "x")
    profile = Profile.objects.create(
        user=user, target_role=Role.objects.get(slug="mlops-engineer"), budget_pkr=50000
    )
    StepStatus.objects.create(
        profile=profile, offering=small_catalog, status=StepStatus.Status.DONE
    )
    offerings_set_active(offerings=Offering.objects.filter(pk=small_catalog.pk), is_active=False)
    view = learning_path.learning_path_for(profile=profile)
    assert view.steps == []
    assert view.unmet == []
    assert [m.offering.slug for m in view.finished] == ["docker-paid"]


def test_a_restored_catalog_with_a_repeated_version_number_is_refitted(small_catalog):
    from catalog.models import CatalogVersion

    first = model_store.recommender_model()
    number = CatalogVersion.objects.get(pk=1).version
    # A restore brings back other rows under a version number this process has seen.
    Offering.objects.filter(slug="docker-paid").update(is_active=False)
    Offering.objects.filter(slug="docker-retired").update(is_active=True)
    from catalog.services import catalog_version_bump

    catalog_version_bump()
    CatalogVersion.objects.filter(pk=1).update(version=number)
    assert [i.slug for i in model_store.recommender_model().catalog.items] == ["docker-retired"]
    assert first.catalog.items[0].slug == "docker-paid"


def test_a_degree_with_no_published_length_stays_out_of_the_week_plan_and_calendar(
    django_user_model,
):
    from careers.calendar import calendar_for_path
    from careers.models import Profile
    from catalog.models import Role

    stats = SkillFactory(slug="statistics", name="Statistics")
    docker = SkillFactory(slug="docker", name="Docker")
    role = RoleFactory(slug="analyst", name="Analyst", skills={stats: (2, 5), docker: (1, 3)})
    OfferingFactory(slug="bs-statistics", kind="degree", duration_weeks=None, skills={stats: 3})
    OfferingFactory(slug="docker-course", duration_weeks=3, skills={docker: 1})
    user = django_user_model.objects.create_user("deg@example.pk", "deg@example.pk", "x")
    profile = Profile.objects.create(user=user, target_role=Role.objects.get(pk=role.pk))
    view = learning_path.learning_path_for(profile=profile)
    degree = next(item for item in view.steps if item.step.offering == "bs-statistics")
    course = next(item for item in view.steps if item.step.offering == "docker-course")
    assert not degree.in_plan and course.in_plan
    assert view.total_weeks == 3
    ics = calendar_for_path(view=view, host="raasta.test")
    assert ics.count("BEGIN:VEVENT") == 1
    assert "docker-course" not in ics or "Docker" in ics
    assert "Bs-Statistics" not in ics and "bs-statistics" not in ics.lower().replace(" ", "-")


def test_the_profiles_field_of_study_and_saved_steps_reach_the_recommender(
    small_catalog, django_user_model
):
    from careers.learning_path import PathFilters
    from careers.models import Profile, StepStatus
    from catalog.models import Role

    user = django_user_model.objects.create_user("bg@example.pk", "bg@example.pk", "x")
    profile = Profile.objects.create(
        user=user,
        target_role=Role.objects.get(slug="mlops-engineer"),
        field_of_study="BS Telecom Engineering",
        goal="Run models for a mobile network",
    )
    StepStatus.objects.create(
        profile=profile, offering=small_catalog, status=StepStatus.Status.SAVED
    )
    learner = learning_path.learner_for(
        profile=profile,
        marks=list(profile.marks.select_related("offering", "skill")),
        filters=PathFilters(),
    )
    assert learner.field_of_study == "BS Telecom Engineering"
    assert learner.goal == "Run models for a mobile network"
    assert learner.pinned == {"docker-paid": ""}
