"""The prerequisite graph stays acyclic."""

import pytest
from django.core.exceptions import ValidationError

from catalog.prerequisites import prerequisite_closure, prerequisite_cycle
from catalog.services import skill_prerequisites_set
from tests.factories import SkillFactory


def test_acyclic_graph_has_no_cycle():
    graph = {"ml": {"python", "stats"}, "dl": {"ml"}, "python": set(), "stats": set()}
    assert prerequisite_cycle(graph) is None


def test_cycle_is_returned_closed():
    assert prerequisite_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_self_loop_is_a_cycle():
    assert prerequisite_cycle({"a": {"a"}}) == ["a", "a"]


def test_diamond_is_not_a_cycle():
    graph = {"top": {"left", "right"}, "left": {"base"}, "right": {"base"}, "base": set()}
    assert prerequisite_cycle(graph) is None


def test_closure_follows_prerequisites_transitively():
    graph = {"llms": {"nlp"}, "nlp": {"dl"}, "dl": {"ml"}, "ml": set(), "sql": set()}
    assert prerequisite_closure(graph, ["llms"]) == {"llms", "nlp", "dl", "ml"}


@pytest.mark.django_db
def test_setting_prerequisites_that_close_a_cycle_is_refused():
    python = SkillFactory(slug="python", name="Python")
    ml = SkillFactory(slug="machine-learning", name="Machine learning")
    dl = SkillFactory(slug="deep-learning", name="Deep learning")
    skill_prerequisites_set(skill=ml, prerequisites=[python])
    skill_prerequisites_set(skill=dl, prerequisites=[ml])

    with pytest.raises(ValidationError) as error:
        skill_prerequisites_set(skill=python, prerequisites=[dl])

    assert error.value.message_dict["prerequisites"] == [
        "Prerequisite cycle: deep-learning → machine-learning → python → deep-learning"
    ]
    assert list(python.prerequisites.all()) == []
