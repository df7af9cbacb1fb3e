"""The fitted recommender is built once per catalog version and shared through the cache;
no page waits for a refit once any model has been published."""

import threading

import numpy as np
import pytest
from django.core.cache import cache

from careers import model_store
from catalog.models import Offering
from catalog.services import catalog_version_bump

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_builds():
    for thread in threading.enumerate():
        if thread.name.startswith("recommender-fit"):
            thread.join(timeout=60)


@pytest.fixture
def background(settings, seed_catalog):
    settings.RECOMMENDER_REFIT = "background"
    cache.clear()
    model_store._fitted = None
    model_store._fitted_extractor = None
    yield
    wait_for_builds()
    model_store._fitted = None
    model_store._fitted_extractor = None


def forbid_fitting(monkeypatch, fit: str = "fit_model"):
    def fitted():
        raise AssertionError(f"a request called {fit}")

    monkeypatch.setattr(model_store, fit, fitted)


def test_a_catalog_edit_fits_and_publishes_the_new_model(background):
    Offering.objects.filter(slug="coursera-python-for-everybody").update(title="Python for All")
    catalog_version_bump()
    wait_for_builds()
    shared = model_store._shared_model(model_store.model_key(model_store.catalog_state()))
    assert shared is not None
    assert "Python for All" in [item.title for item in shared.items]


def test_a_new_process_reads_the_published_model_instead_of_fitting(background, monkeypatch):
    published = model_store.publish_model()
    forbid_fitting(monkeypatch)
    model_store._fitted = None  # as in a worker that has just started
    model = model_store.recommender_model()
    assert [item.slug for item in model.items] == [item.slug for item in published.items]


def test_after_an_edit_pages_keep_the_old_model_until_the_new_one_is_ready(
    background, monkeypatch
):
    old = model_store.recommender_model()
    old_version = model_store.catalog_state()
    retired = old.items[0].slug
    Offering.objects.filter(slug=retired).update(is_active=False)
    catalog_version_bump()  # starts the one background build
    assert model_store.recommender_model() is old  # served at once, without a fit
    wait_for_builds()
    new = model_store.recommender_model()
    assert new is not old
    assert retired not in new.index
    assert model_store.catalog_state() != old_version


def test_only_one_build_runs_per_version(background):
    model_store.publish_model()
    Offering.objects.filter(slug="coursera-python-for-everybody").update(title="Python for All")
    catalog_version_bump()
    version = model_store.model_key(model_store.catalog_state())
    # Every other process that notices the change finds the build taken.
    assert not cache.add(model_store.BUILD_KEY.format(version=version), "other", 60)
    wait_for_builds()


def test_a_site_that_never_published_fits_in_the_request(background):
    assert cache.get(model_store.LATEST_KEY) is None
    model = model_store.recommender_model()
    assert model.items
    assert cache.get(model_store.LATEST_KEY) == model.version
    assert model.version.startswith(model_store.catalog_state())


def test_a_new_release_fits_its_own_model_and_serves_the_last_one_meanwhile(
    background, monkeypatch
):
    """New labels or new recommender code, on an unchanged catalog: the model the earlier
    release published is not read back as the new release's own (it was fitted from the
    old labels), but it serves while the new release's build runs, so no page waits."""
    old = model_store.recommender_model()
    monkeypatch.setattr(model_store, "model_release", lambda: "a-later-release")
    model_store._fitted = None  # a worker of the new release, just started
    assert model_store.recommender_model() is not None  # the old model, at once
    wait_for_builds()
    new = model_store.recommender_model()
    assert new.version != old.version  # so paths and pages kept by the old one are not
    assert new.version.endswith("a-later-release")
    assert cache.get(model_store.LATEST_KEY) == new.version


def test_inline_mode_refits_on_the_next_call(settings, seed_catalog):
    settings.RECOMMENDER_REFIT = "inline"
    model_store._fitted = None
    old = model_store.recommender_model()
    Offering.objects.filter(slug=old.items[0].slug).update(is_active=False)
    catalog_version_bump()
    assert old.items[0].slug not in model_store.recommender_model().index


def test_pages_keep_their_model_while_the_shared_cache_is_away(background, settings):
    served = model_store.recommender_model()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert model_store.recommender_model() is served
    Offering.objects.filter(slug=served.items[0].slug).update(is_active=False)
    catalog_version_bump()
    assert model_store.recommender_model() is served  # stale, but the page answers
    model_store._fitted = None  # a new worker, with no cache to read from, fits its own
    assert served.items[0].slug not in model_store.recommender_model().index


def test_warming_loads_the_published_model_without_fitting_or_threads(background, monkeypatch):
    model_store.publish_model()
    forbid_fitting(monkeypatch)
    model_store._fitted = None
    before = threading.active_count()
    model_store.warm_recommender()
    assert model_store._fitted.version == model_store.model_key(model_store.catalog_state())
    assert threading.active_count() == before


def test_warming_after_an_unpublished_edit_takes_the_latest_published_model(
    background, monkeypatch, settings
):
    published = model_store.publish_model()
    old_version = model_store.model_key(model_store.catalog_state())
    settings.RECOMMENDER_REFIT = "inline"  # the edit starts no build in this process
    catalog_version_bump()
    settings.RECOMMENDER_REFIT = "background"
    forbid_fitting(monkeypatch)
    model_store._fitted = None
    before = threading.active_count()
    model_store.warm_recommender()
    assert model_store._fitted.version == old_version
    assert len(model_store._fitted.model.items) == len(published.items)
    assert threading.active_count() == before


def test_a_new_process_reads_the_published_cv_extractor_instead_of_fitting(
    background, monkeypatch
):
    model_store.publish_model()
    forbid_fitting(monkeypatch, "fit_extractor")
    extractor = model_store.skill_extractor()
    assert "python" in [p.skill for p in extractor.extract("Three years of Python and SQL.")]


def test_after_an_edit_the_cv_page_keeps_its_extractor_until_the_new_one_is_ready(background):
    old = model_store.skill_extractor()
    Offering.objects.filter(slug="coursera-python-for-everybody").update(title="Python for All")
    catalog_version_bump()
    assert model_store.skill_extractor() is old  # served at once, without a fit
    wait_for_builds()
    version = model_store.model_key(model_store.catalog_state())
    assert cache.get(model_store.EXTRACTOR_KEY.format(version=version)) is not None
    new = model_store.skill_extractor()
    assert new is not old


def test_learners_choices_from_their_marks_join_the_adviser_labels_in_the_fit(seed_catalog):
    from careers.models import StepStatus
    from catalog.models import Skill
    from tests.factories import learner_create

    profile = learner_create(
        "sana@example.pk", role="data-analyst", skills={"python": 1}, city="karachi"
    ).profile
    sql = Skill.objects.get(slug="sql")
    teaching_sql = list(
        Offering.objects.active().filter(skills_taught__skill=sql).order_by("slug")[:3]
    )
    chosen, aside, _ = teaching_sql
    StepStatus.objects.create(profile=profile, offering=chosen, skill=sql, status="saved")
    StepStatus.objects.create(profile=profile, offering=aside, status="not_interested")
    StepStatus.objects.create(profile=profile, offering=teaching_sql[2], status="in_progress")

    [choice] = model_store.marked_choices(limit=10)
    assert (choice.skill, choice.chosen, choice.set_aside) == ("sql", chosen.slug, aside.slug)
    assert choice.learner.target_role == "data-analyst" and choice.learner.city == "karachi"

    with_marks = model_store.fit_model().ranker
    StepStatus.objects.filter(status="not_interested").delete()
    assert model_store.marked_choices(limit=10) == []
    without = model_store.fit_model().ranker
    assert not np.allclose(with_marks.weights, without.weights)
