"""Urdu is a first-class language: pages switch to it and read right to left."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from careers.recommender.data import Learner
from careers.recommender.features import CatalogModel
from careers.recommender.path import build_path
from tests.careers.recommender.catalogs import nlp_catalog


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    call_command("compilemessages", locale=["ur"], verbosity=0)


@pytest.mark.django_db
def test_choosing_urdu_translates_the_page_and_turns_it_right_to_left(client):
    response = client.post(reverse("set_language"), {"language": "ur", "next": "/catalog/"})
    assert response.status_code == 302
    body = client.get(reverse("catalog:offering_list")).content.decode()
    assert '<html lang="ur" dir="rtl">' in body
    assert "کیٹلاگ" in body  # "Catalog"


@pytest.mark.django_db
def test_english_stays_the_default(client):
    body = client.get(reverse("catalog:offering_list")).content.decode()
    assert '<html lang="en" dir="ltr">' in body


def test_path_reasons_follow_the_language():
    model = CatalogModel(nlp_catalog())
    with translation.override("ur"):
        path = build_path(model, Learner(target_role="nlp-engineer", budget_pkr=0))
    assert "مفت۔" in path.steps[0].reasons  # "Free."
