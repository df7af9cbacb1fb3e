"""Every role ranked for a learner, and two roles side by side."""

from dataclasses import dataclass

from django.db.models import Prefetch

from careers.learning_path import PathFilters, learner_for
from careers.model_store import recommender_model
from careers.models import Profile
from careers.recommender.data import Learner
from careers.recommender.fit import RoleFit, role_fits
from careers.recommender.weeks import estimated_total
from careers.selectors import marks_for
from catalog.models import Role, RoleSkill


@dataclass
class RoleFitView:
    fit: RoleFit
    role: Role
    estimated_weeks: int  # of the weeks, those estimated from a step's kind
    unmet: int

    @property
    def weeks(self) -> int:
        return self.fit.weeks

    @property
    def readiness_percent(self) -> int:
        return round(100 * self.fit.readiness)


def role_fits_for(*, profile: Profile | None) -> list[RoleFitView]:
    """Every role ranked for this learner (or for someone starting from nothing), each with
    the weeks and cost of the path to it from the same path builder."""
    model = recommender_model()
    if profile is None:
        learner = Learner(target_role="", budget_pkr=0)
    else:
        learner = learner_for(
            profile=profile, marks=marks_for(profile=profile), filters=PathFilters()
        )
    roles = (
        Role.objects.select_related("source")
        .prefetch_related(Prefetch("required_skills", RoleSkill.objects.select_related("skill")))
        .in_bulk(field_name="slug")
    )
    views = []
    for fit in role_fits(model, learner):
        estimated = estimated_total(fit.path.steps, learner.hours_per_week)
        views.append(
            RoleFitView(
                fit=fit, role=roles[fit.role], estimated_weeks=estimated, unmet=len(fit.path.unmet)
            )
        )
    return views


@dataclass
class RoleComparison:
    fits: list[RoleFitView]  # every role, for choosing
    chosen: list[RoleFitView]  # the two compared, when both are known roles
    rows: list[dict]  # per skill either role needs: the learner's level and each role's need


def role_comparison(*, profile: Profile | None, first: str, second: str) -> RoleComparison:
    """Two roles side by side for this learner: what each needs, skill by skill."""
    fits = role_fits_for(profile=profile)
    by_slug = {view.fit.role: view for view in fits}
    chosen = [by_slug[slug] for slug in (first, second) if slug in by_slug]
    rows = []
    if len(chosen) == 2:
        needs = [{n.skill.slug: n for n in view.role.required_skills.all()} for view in chosen]
        skills = {need.skill for role_needs in needs for need in role_needs.values()}
        known = chosen[0].fit.known
        rows = [
            {
                "skill": skill,
                "have": known.get(skill.slug, 0),
                "needs": [role_needs.get(skill.slug) for role_needs in needs],
            }
            for skill in sorted(skills, key=lambda s: s.name)
        ]
    return RoleComparison(fits=fits, chosen=chosen, rows=rows)
