"""The offline metrics measure what they claim to."""

from careers.recommender.data import Learner, Path, Step
from careers.recommender.evaluation import (
    Persona,
    constraint_violations,
    evaluate,
    ndcg_at_5,
    prerequisite_violations,
)
from careers.recommender.features import CatalogModel
from tests.careers.recommender.catalogs import nlp_catalog


def step(offering, skill, order=1, also=()):
    return Step(order, skill, offering, offering, "online_course", "", 1, 0, list(also))


def path(*steps):
    return Path(role="nlp-engineer", steps=list(steps), communities=[], unmet=[], gap=[])


def test_ndcg_is_one_for_the_ideal_order_and_lower_otherwise():
    labels = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at_5(path(step("a", "x"), step("b", "y"), step("c", "z")), labels) == 1.0
    worse = ndcg_at_5(path(step("c", "x"), step("b", "y"), step("a", "z")), labels)
    assert 0 < worse < 1
    assert ndcg_at_5(path(step("q", "x")), labels) == 0
    assert ndcg_at_5(path(step("a", "x")), {}) is None


def test_prerequisite_violations_count_skills_placed_before_what_they_need():
    model = CatalogModel(nlp_catalog())
    learner = Learner(target_role="nlp-engineer", skills={"python": 2, "statistics": 2})
    good = path(step("ml-course", "machine-learning"), step("dl-course", "deep-learning", 2))
    bad = path(step("dl-course", "deep-learning"), step("ml-course", "machine-learning", 2))
    assert prerequisite_violations(model, learner, good) == 0
    # deep learning before machine learning, and dl-course assumes machine learning
    assert prerequisite_violations(model, learner, bad) == 2


def test_constraint_violations_count_steps_outside_budget_place_or_marks():
    model = CatalogModel(nlp_catalog())
    learner = Learner(
        target_role="mlops-engineer", budget_pkr=0, dismissed=frozenset({"docker-guide"})
    )
    assert constraint_violations(model, learner, path(step("k8s-paid", "kubernetes"))) == 1
    assert constraint_violations(model, learner, path(step("docker-guide", "docker"))) == 1
    assert constraint_violations(model, learner, path(step("python-basics", "python"))) == 0


def test_evaluate_scores_raasta_and_every_baseline():
    model = CatalogModel(nlp_catalog())
    personas = [
        Persona(
            name="beginner",
            learner=Learner(target_role="nlp-engineer", budget_pkr=0),
            must_cover=["python", "nlp"],
            relevant={"python-basics": 3, "nlp-course": 3, "ml-course": 2},
        )
    ]
    result = evaluate(model, personas)
    assert set(result["systems"]) == {
        "raasta", "raasta-no-similarity", "raasta-hand-weights", "most-popular", "random",
        "fixed-per-role",
    }  # fmt: skip
    ours = result["systems"]["raasta"]
    assert ours["gap_coverage"] == 1.0
    assert ours["prerequisite_violations"] == 0
    assert ours["constraint_violations"] == 0
    assert ours["ndcg_at_5"] == round(result["per_persona"][0]["ndcg"], 3)
