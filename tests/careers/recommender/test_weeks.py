"""The week plan: steps one after another from this week, at the learner's pace."""

from datetime import date

from careers.recommender.data import Step
from careers.recommender.weeks import schedule


def step(kind: str, weeks: int | None) -> Step:
    return Step(
        order=1, skill="python", offering=kind, title=kind, kind=kind, provider="",
        weeks=weeks, cost_pkr=0,
    )  # fmt: skip


MONDAY = date(2026, 11, 30)


def test_steps_follow_each_other_from_this_week():
    slots = schedule([step("bootcamp", 4), step("practice", 2)], 6, MONDAY)
    assert [(s.start_week, s.end_week) for s in slots] == [(1, 4), (5, 6)]
    assert slots[1].finish_on == date(2027, 1, 11)
    assert not any(s.estimated for s in slots)


def test_an_unpublished_length_is_estimated_at_the_learners_hours():
    # About 30 hours for a course: 5 weeks at 6 hours, 3 at 10.
    assert schedule([step("online_course", None)], 6, MONDAY)[0].end_week == 5
    slot = schedule([step("online_course", None)], 10, MONDAY)[0]
    assert (slot.end_week, slot.estimated) == (3, True)


def test_a_degree_with_no_length_stays_out_of_the_plan_and_takes_no_weeks():
    degree, after = schedule([step("degree", None), step("bootcamp", 4)], 6, MONDAY)
    assert degree.end_week < degree.start_week
    assert (after.start_week, after.end_week) == (1, 4)
