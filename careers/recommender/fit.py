"""Which role fits a learner: every role ranked by what they already have and the path left."""

from dataclasses import dataclass, replace

from careers.recommender.data import Learner, Path
from careers.recommender.features import CatalogModel
from careers.recommender.path import build_path, known_skills
from careers.recommender.weeks import step_weeks


@dataclass
class RoleFit:
    role: str
    name: str
    have: int  # skills the role needs that the learner has at the level it needs
    need: int  # skills the role needs
    readiness: float  # the share of the role's weight the learner already covers
    path: Path
    hours_per_week: int
    known: dict[str, int]  # the learner's levels (finished offerings counted), shared

    @property
    def weeks(self) -> int:
        """Weeks of the path at the learner's pace, unpublished lengths estimated by kind."""
        return sum(step_weeks(step, self.hours_per_week) for step in self.path.steps)

    @property
    def cost_pkr(self) -> int:
        return self.path.total_cost_pkr


def role_fits(model: CatalogModel, learner: Learner) -> list[RoleFit]:
    """Every role, closest first: most of its weight already covered, then fewest weeks left,
    then least cost. Each carries the path the learner would follow to it."""
    known = known_skills(model, learner)
    fits = []
    for role in model.catalog.roles.values():
        needs = role.skills
        covered = [slug for slug, (level, _) in needs.items() if known.get(slug, 0) >= level]
        total_weight = sum(weight for _, weight in needs.values()) or 1
        fits.append(
            RoleFit(
                role=role.slug,
                name=role.local_name,
                have=len(covered),
                need=len(needs),
                readiness=sum(needs[slug][1] for slug in covered) / total_weight,
                path=build_path(model, replace(learner, target_role=role.slug)),
                hours_per_week=learner.hours_per_week,
                known=known,
            )
        )
    return sorted(fits, key=lambda fit: (-fit.readiness, fit.weeks, fit.cost_pkr, fit.name))
