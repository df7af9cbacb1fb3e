"""Urdu is a first-class language: pages switch to it and read right to left."""

import pickle

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from careers.recommender.data import Learner
from careers.recommender.features import CatalogModel
from careers.recommender.path import build_path
from catalog.models import Offering, Provider
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


def test_path_reasons_are_put_in_words_in_the_language_they_are_read_in():
    model = CatalogModel(nlp_catalog())
    with translation.override("en"):
        path = build_path(model, Learner(target_role="nlp-engineer", budget_pkr=0))
    with translation.override("ur"):
        assert "مفت۔" in path.steps[0].reasons  # "Free."
    with translation.override("en"):
        assert "Free." in path.steps[0].reasons


def test_unmet_reasons_are_put_in_words_in_the_language_they_are_read_in():
    model = CatalogModel(nlp_catalog())
    with translation.override("en"):
        path = build_path(model, Learner(target_role="mlops-engineer", budget_pkr=0))
    [unmet] = path.unmet
    with translation.override("en"):
        assert unmet.reason == "No free offering teaches Kubernetes."
    with translation.override("ur"):
        assert unmet.reason != "No free offering teaches Kubernetes."
        assert "Kubernetes" in unmet.reason
    # Kept in the shared cache, it holds its code and parameters, not the catalog.
    assert pickle.loads(pickle.dumps(unmet)).wording is None
    assert unmet.params["budget"] == 0


@pytest.mark.django_db
def test_urdu_names_are_shown_in_urdu_and_english_ones_in_english(client, seed_catalog):
    from catalog.models import Offering, Role

    role = Role.objects.get(slug="data-analyst")
    english = client.get(role.get_absolute_url()).content.decode()
    assert f"<h1><bdi>{role.name}</bdi></h1>" in english
    client.post(reverse("set_language"), {"language": "ur", "next": "/"})
    urdu = client.get(role.get_absolute_url()).content.decode()
    assert f"<h1><bdi>{role.name_ur}</bdi></h1>" in urdu
    assert role.summary_ur.split()[0] in urdu

    # An offering shows its Urdu title where the catalog has one, its English otherwise.
    offering = Offering.objects.active().first()
    body = client.get(offering.get_absolute_url()).content.decode()
    assert f"<h1><bdi>{offering.title}</bdi></h1>" in body
    Offering.objects.filter(pk=offering.pk).update(title_ur="ڈیٹا کا تعارف")
    body = client.get(offering.get_absolute_url()).content.decode()
    assert "<h1><bdi>ڈیٹا کا تعارف</bdi></h1>" in body


def test_a_model_fitted_in_english_names_skills_in_urdu_when_read_in_urdu():
    from careers.recommender.data import LocalNames

    names = LocalNames({"statistics": "Statistics"}, {"statistics": "شماریات"})
    model = CatalogModel(nlp_catalog())
    with translation.override("en"):
        assert names["statistics"] == "Statistics"
    with translation.override("ur"):
        assert names["statistics"] == "شماریات"
        assert dict(names) == {"statistics": "شماریات"}
    assert model.catalog.skill_names  # a plain dict still works as before


@pytest.mark.parametrize(
    ("model", "name"),
    [
        (Offering, "kind"),
        (Offering, "delivery"),
        (Offering, "city"),
        (Offering, "level"),
        (Provider, "kind"),
        (Provider, "city"),
    ],
)
def test_a_choice_reads_as_djangos_own_label_in_either_language(model, name):
    field = model._meta.get_field(name)
    values = [value for value, _ in field.flatchoices] + ["", "no-such-value"]
    for language in ("en", "ur"):
        with translation.override(language):
            for value in values:
                row = model(**{name: value})
                django_label = model._get_FIELD_display(row, field)
                assert getattr(row, f"get_{name}_display")() == django_label, (language, value)
