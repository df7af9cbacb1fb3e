"""Weeks a step takes at the learner's pace, estimated from its kind when unpublished."""

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
