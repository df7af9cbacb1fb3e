"""Profiles given as JSON are checked key by key."""

import pytest

from careers.recommender.persona import PersonaError, learner_from_persona
from tests.careers.recommender.catalogs import nlp_catalog

CATALOG = nlp_catalog()
GOOD = {
    "target_role": "nlp-engineer",
    "skills": {"python": 2},
    "sectors": ["education"],
    "city": "lahore",
    "budget_pkr": 0,
    "hours_per_week": 6,
    "delivery": "online",
}


def test_a_good_profile_becomes_a_learner():
    learner = learner_from_persona({**GOOD, "dismissed": ["nlp-course"]}, CATALOG)
    assert learner.target_role == "nlp-engineer"
    assert learner.skills == {"python": 2}
    assert learner.budget_pkr == 0
    assert learner.dismissed == {"nlp-course"}


def test_only_the_role_is_required():
    learner = learner_from_persona({"target_role": "mlops-engineer"}, CATALOG)
    assert (learner.budget_pkr, learner.hours_per_week, learner.delivery) == (None, 6, "any")


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"target_role": "astronaut"}, "target_role"),
        ({"skills": {"cobol": 1}}, "skills"),
        ({"skills": {"python": 4}}, "skills"),
        ({"skills": {"python": True}}, "skills"),
        ({"skills": ["python"]}, "skills"),
        ({"sectors": ["space"]}, "sectors"),
        ({"city": "atlantis"}, "city"),
        ({"budget_pkr": -1}, "budget_pkr"),
        ({"budget_pkr": "lots"}, "budget_pkr"),
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 81}, "hours_per_week"),
        ({"hours_per_week": 2.5}, "hours_per_week"),
        ({"delivery": "carrier-pigeon"}, "delivery"),
        ({"dismissed": ["no-such-course"]}, "dismissed"),
        ({"done": "python-basics"}, "done"),
        ({"favourite_colour": "green"}, "favourite_colour"),
    ],
)
def test_each_bad_value_names_its_key(change, key):
    with pytest.raises(PersonaError) as error:
        learner_from_persona({**GOOD, **change}, CATALOG)
    assert error.value.key == key
    assert str(error.value).startswith(f"{key}: ")


def test_a_profile_must_be_an_object():
    with pytest.raises(PersonaError, match="profile: must be a JSON object"):
        learner_from_persona(["nlp-engineer"], CATALOG)
