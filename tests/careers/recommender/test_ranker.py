"""The learned ranker: features an adviser would name, weights from labelled pairs."""

import numpy as np

from careers.recommender.data import Learner
from careers.recommender.features import CatalogModel
from careers.recommender.path import build_path
from careers.recommender.ranker import (
    FEATURES,
    LabelledPair,
    Ranker,
    candidate_features,
    fit_ranker,
    pairwise_accuracy,
)
from tests.careers.recommender.catalogs import item, nlp_catalog


def docker_catalog():
    return nlp_catalog(
        *(item(f"docker-free-{n}", {"docker": 2}, cost_pkr=0) for n in range(6)),
        *(item(f"docker-paid-{n}", {"docker": 2}, cost_pkr=5000) for n in range(6)),
    )


def pairs_preferring_free(model):
    """An adviser who always prefers the free one, whichever side it is shown on."""
    learner = Learner(target_role="mlops-engineer", budget_pkr=10000)
    pairs = []
    for a in range(6):
        for b in range(6):
            free, paid = f"docker-free-{a}", f"docker-paid-{b}"
            pairs.append(LabelledPair("p", learner, "docker", 2, free, paid, "a", frozenset()))
            pairs.append(LabelledPair("q", learner, "docker", 2, paid, free, "b", frozenset()))
    return pairs


def test_features_are_what_an_adviser_names():
    model = CatalogModel(docker_catalog())
    learner = Learner(target_role="mlops-engineer", budget_pkr=10000, hours_per_week=5)
    rows = np.array([model.index["docker-free-0"], model.index["docker-paid-0"]])
    features = candidate_features(
        model, learner, rows, np.array([2, 2]), 2, np.zeros(len(model.items))
    )
    named = dict(zip(FEATURES, features[1], strict=True))
    assert features.shape == (2, len(FEATURES))
    assert named["reaches_level"] == 1 and named["free"] == 0
    assert named["cost_share"] == 0.5  # 5,000 over one month, of a 10,000 budget
    assert named["log_weeks"] == np.float32(np.log1p(4))


def test_weights_learned_from_labels_order_new_pairs_the_same_way():
    model = CatalogModel(docker_catalog())
    pairs = pairs_preferring_free(model)
    ranker = fit_ranker(model, pairs)
    assert ranker.explain()["free"] > 0
    assert pairwise_accuracy(model, ranker, pairs) == 1.0
    model.ranker = ranker
    path = build_path(model, Learner(target_role="mlops-engineer", budget_pkr=10000))
    docker = next(s for s in path.steps if s.skill == "docker")
    assert docker.cost_pkr == 0


def test_too_few_labels_leave_the_hand_weights():
    model = CatalogModel(docker_catalog())
    assert fit_ranker(model, pairs_preferring_free(model)[:5]) is None


def test_the_path_scores_candidates_as_the_full_feature_rows_would():
    from careers.recommender.ranker import (
        learner_scores,
        level_scores,
        offering_scores,
    )

    model = CatalogModel(docker_catalog())
    # Every feature weighs, so each part is checked.
    ranker = Ranker(
        weights=np.linspace(-1, 1, len(FEATURES)) + 0.05,
        mean=np.full(len(FEATURES), 0.2),
        scale=np.full(len(FEATURES), 0.5),
        used=np.ones(len(FEATURES), dtype=bool),
    )
    learner = Learner(target_role="mlops-engineer", budget_pkr=4000, city="lahore")
    similarity = np.linspace(0, 1, len(model.items)).astype(np.float32)
    rows = np.arange(len(model.items))
    levels = np.array([model.items[r].skills.get("docker", 0) for r in rows])
    full = ranker.score(candidate_features(model, learner, rows, levels, 2, similarity))
    parts = (
        offering_scores(model, ranker)
        + learner_scores(model, learner, similarity, ranker)
        + level_scores(levels, 2, ranker)
    )
    assert np.allclose(full, parts, atol=1e-4)


def test_the_ranker_learns_the_similarity_a_path_serves():
    """Trained on one similarity and served another, the weight learned for it would
    mean nothing: the labelled pairs see the learner with their whole gap, as a path does."""
    from careers.recommender.path import _PathBuilder
    from careers.recommender.ranker import pair_features

    model = CatalogModel(docker_catalog())
    learner = Learner(target_role="mlops-engineer", goal="containers for fintech apps")
    builder = _PathBuilder(model, learner)
    pair = LabelledPair(
        "p", learner, "docker", 2, "docker-free-0", "docker-paid-3", "a", frozenset()
    )
    fa, fb = pair_features(model, pair, {})
    column = FEATURES.index("similarity")
    assert fa[column] == builder.similarity[model.index["docker-free-0"]]
    assert fb[column] == builder.similarity[model.index["docker-paid-3"]]


def test_learners_own_choices_move_the_weights_but_never_outweigh_the_adviser():
    from careers.recommender.ranker import MarkedChoice, mark_pairs

    model = CatalogModel(docker_catalog())
    adviser = pairs_preferring_free(model)
    # Learners who saved a paid course for Docker and set aside a free one.
    choices = [
        MarkedChoice(
            who=f"learner-{n}",
            learner=Learner(target_role="mlops-engineer", budget_pkr=10000),
            skill="docker",
            chosen=f"docker-paid-{n % 6}",
            set_aside=f"docker-free-{(n + 1) % 6}",
        )
        for n in range(500)
    ]
    from_marks = mark_pairs(model, choices, limit=len(adviser))
    assert len(from_marks) == len(adviser)  # at most as many as the adviser labelled
    assert all(p.prefer == "a" and p.a.startswith("docker-paid") for p in from_marks)
    free = FEATURES.index("free")
    alone = fit_ranker(model, adviser)
    with_marks = fit_ranker(model, adviser + from_marks)
    assert with_marks.weights[free] < alone.weights[free]


def test_a_choice_between_offerings_that_left_the_catalog_or_teach_another_skill_is_dropped():
    from careers.recommender.ranker import MarkedChoice, mark_pairs

    model = CatalogModel(docker_catalog())
    learner = Learner(target_role="mlops-engineer")
    choices = [
        MarkedChoice("a", learner, "docker", "docker-free-0", "retired-course"),
        MarkedChoice("b", learner, "docker", "docker-free-0", "python-basics"),
        MarkedChoice("c", learner, "docker", "docker-free-0", "docker-paid-1"),
    ]
    assert [(p.a, p.b) for p in mark_pairs(model, choices, limit=10)] == [
        ("docker-free-0", "docker-paid-1")
    ]
