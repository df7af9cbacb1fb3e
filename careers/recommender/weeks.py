"""Weeks a step takes at the learner's pace, estimated from its kind when unpublished."""

from dataclasses import dataclass
from datetime import date, timedelta

from careers.recommender.data import Step

# For planning a step whose provider publishes no length: study hours for self-paced kinds
# (scaled to the learner's week), weeks for scheduled ones. A degree is not planned by weeks.
ESTIMATED_HOURS = {"online_course": 30, "certificate": 100, "practice": 20}
ESTIMATED_WEEKS = {"bootcamp": 6, "internship": 8}


def estimated_weeks_for(kind: str, hours_per_week: int) -> int | None:
    if kind in ESTIMATED_HOURS:
        return max(1, -(-ESTIMATED_HOURS[kind] // max(hours_per_week, 1)))
    return ESTIMATED_WEEKS.get(kind)


def step_weeks(step: Step, hours_per_week: int) -> int:
    """A step's weeks at the learner's pace, estimated from its kind when unpublished."""
    if step.weeks is not None:
        return step.weeks
    return estimated_weeks_for(step.kind, hours_per_week) or 0


def estimated_total(steps: list[Step], hours_per_week: int) -> int:
    """Of a path's weeks, those estimated from a step's kind because no length is published."""
    return sum(step_weeks(step, hours_per_week) for step in steps if step.weeks is None)


@dataclass(frozen=True)
class Slot:
    """Where one step sits in the week plan."""

    start_week: int  # 1 is this week
    end_week: int  # before start_week for a step with no weeks (a degree): out of the plan
    finish_on: date
    estimated: bool  # its weeks come from its kind, not from a published length


def schedule(steps: list[Step], hours_per_week: int, today: date) -> list[Slot]:
    """The steps one after another from this week, each at the learner's pace."""
    slots, week = [], 0
    for step in steps:
        weeks = step_weeks(step, hours_per_week)
        slots.append(
            Slot(
                start_week=week + 1,
                end_week=week + weeks,
                finish_on=today + timedelta(weeks=week + weeks),
                estimated=step.weeks is None,
            )
        )
        week += weeks
    return slots
