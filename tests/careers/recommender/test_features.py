"""The fitted feature space: normalised rows, learners in the same space, similar items."""

import pickle

import numpy as np
import pytest

from careers.recommender.data import Learner
from careers.recommender.features import CatalogModel
from careers.recommender.synthetic import synthetic_catalog, synthetic_learners
from tests.careers.recommender.catalogs import catalog, item, nlp_catalog


def test_every_row_is_unit_length():
    model = CatalogModel(nlp_catalog())
    norms = np.sqrt(np.asarray(model.matrix.multiply(model.matrix).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0, atol=1e-5)


def test_learner_vector_is_unit_length_and_scores_are_cosines():
    model = CatalogModel(nlp_catalog())
    vector = model.learner_vector(Learner(target_role="nlp-engineer"), ["nlp", "deep-learning"])
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
    scores = model.scores(vector)
    assert scores.shape == (len(model.items),)
    assert scores.max() <= 1.0 + 1e-5
    # The NLP course matches a learner whose gap is NLP better than the Docker guide does.
    assert scores[model.index["nlp-course"]] > scores[model.index["docker-guide"]]


def test_scores_through_the_touched_columns_equal_the_whole_matrix_product():
    """A learner's sparse vector is multiplied through the columns it touches only; the
    scores are those of the whole matrix, before and after the model is pickled."""
    model = CatalogModel(synthetic_catalog(400))
    for learner in synthetic_learners(model.catalog, 5):
        vector = model.learner_vector(learner, list(learner.skills) or ["skill-1"])
        assert 0 < np.count_nonzero(vector) < len(vector) / 8
        assert np.allclose(model.scores(vector), model.matrix @ vector, atol=1e-6)
    dense = np.random.default_rng(0).random(model.matrix.shape[1]).astype(np.float32)
    assert np.allclose(model.scores(dense), model.matrix @ dense, atol=1e-5)
    copy = pickle.loads(pickle.dumps(model))
    assert "_columns" not in copy.__dict__
    assert np.allclose(copy.scores(vector), model.matrix @ vector, atol=1e-6)


def test_learner_vector_matches_the_item_rows_construction():
    """A learner built from an item's own words and labels lands on that item's text and
    skill features, so the hand-built projection agrees with scikit-learn's transform."""
    model = CatalogModel(nlp_catalog())
    vector = model.learner_vector(Learner(target_role="nlp-engineer", goal="nlp course"), ["nlp"])
    best = int(np.argmax(model.scores(vector)))
    assert model.items[best].slug == "nlp-course"


def two_nlp_courses() -> CatalogModel:
    return CatalogModel(
        nlp_catalog(
            item("urdu-nlp", {"nlp": 2}, text="Urdu text and speech, Roman Urdu, Nastaliq"),
            item("clinical-nlp", {"nlp": 2}, text="clinical notes, medicine, hospital records"),
        )
    )


def similarity_of(model: CatalogModel, learner: Learner, slug: str) -> float:
    return float(model.scores(model.learner_vector(learner, ["nlp"]))[model.index[slug]])


def test_the_learners_field_of_study_moves_them_towards_offerings_in_its_words():
    model = two_nlp_courses()
    doctor = Learner(target_role="nlp-engineer", field_of_study="MBBS, clinical medicine")
    poet = Learner(target_role="nlp-engineer", field_of_study="MPhil Urdu literature")
    assert similarity_of(model, doctor, "clinical-nlp") > similarity_of(model, doctor, "urdu-nlp")
    assert similarity_of(model, poet, "urdu-nlp") > similarity_of(model, poet, "clinical-nlp")


def test_what_the_learner_finished_moves_them_towards_offerings_like_it():
    model = two_nlp_courses()
    plain = Learner(target_role="nlp-engineer")
    finished = Learner(target_role="nlp-engineer", done=frozenset({"urdu-nlp"}))
    assert similarity_of(model, finished, "urdu-nlp") > similarity_of(model, plain, "urdu-nlp")
    after = similarity_of(model, finished, "urdu-nlp") - similarity_of(
        model, finished, "clinical-nlp"
    )
    before = similarity_of(model, plain, "urdu-nlp") - similarity_of(model, plain, "clinical-nlp")
    assert after > before + 0.05


def test_saving_an_offering_does_not_move_the_learner():
    """A saved offering is kept as its step; saving it must not reorder the rest."""
    model = two_nlp_courses()
    saved = Learner(target_role="nlp-engineer", pinned={"urdu-nlp": "nlp"})
    plain = Learner(target_role="nlp-engineer")
    assert np.array_equal(
        model.learner_vector(saved, ["nlp"]), model.learner_vector(plain, ["nlp"])
    )


def test_similar_offerings_exclude_itself_and_repeat_no_provider():
    shared = {"provider": "uni", "provider_name": "Uni"}
    model = CatalogModel(
        catalog(
            item("dl-a", {"deep-learning": 2}, **shared),
            item("dl-b", {"deep-learning": 2}, **shared),
            item("dl-c", {"deep-learning": 2}),
            item("docker", {"docker": 1}),
        )
    )
    similar = model.similar("dl-a", count=3)
    slugs = [slug for slug, _ in similar]
    assert "dl-a" not in slugs
    assert slugs[0] == "dl-c"  # dl-b shares dl-a's provider
    assert "dl-b" not in slugs
    assert all(0 < score <= 1 for _, score in similar)
    assert model.similar("no-such-offering") == []


def test_a_catalog_without_sectors_or_text_still_fits():
    model = CatalogModel(catalog(item("x", {"python": 1}, text="", title="the")))
    assert model.matrix.shape[0] == 1
    assert np.isfinite(model.learner_vector(Learner(target_role="nlp-engineer"), []).sum())


def test_empty_catalog_fits_and_plans_nothing():
    from careers.recommender.path import build_path

    path = build_path(CatalogModel(catalog()), Learner(target_role="mlops-engineer"))
    assert path.steps == []
    assert {u.skill for u in path.unmet} == {"python", "docker", "kubernetes"}


def test_synthetic_catalog_paths_keep_every_constraint():
    from careers.recommender.evaluation import constraint_violations, prerequisite_violations
    from careers.recommender.path import build_path

    cat = synthetic_catalog(600, seed=3)
    model = CatalogModel(cat)
    for learner in synthetic_learners(cat, 40, seed=5):
        path = build_path(model, learner)
        assert prerequisite_violations(model, learner, path) == 0
        assert constraint_violations(model, learner, path) == 0


def test_the_learners_vector_is_the_same_in_every_language():
    """The offerings are read in English, so the learner's gap is too, whatever language
    the page is in: with the Urdu names, the gap's words matched nothing and an Urdu
    reader got another path."""
    from dataclasses import replace

    from django.utils import translation

    from careers.recommender.data import LocalNames

    base = nlp_catalog()
    urdu = {"nlp": "قدرتی زبان کی پروسیسنگ", "deep-learning": "ڈیپ لرننگ"}
    model = CatalogModel(replace(base, skill_names=LocalNames(base.skill_names, urdu)))
    learner = Learner(target_role="nlp-engineer")
    vectors = {}
    for language in ("en", "ur"):
        with translation.override(language):
            vectors[language] = model.learner_vector(learner, ["nlp", "deep-learning"])
    assert np.array_equal(vectors["en"], vectors["ur"])
