"""Rank every role for one profile given as JSON, as the "Which role fits me" page does."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.model_store import recommender_model
from careers.recommender.fit import role_fits
from careers.recommender.persona import PersonaError, learner_from_persona, persona_file


class Command(BaseCommand):
    help = (
        "Rank every role for a profile (the recommend contract; target_role may be left "
        "out): skills had and needed, weeks and cost of the path to each."
    )

    def add_arguments(self, parser):
        parser.add_argument("--profile", required=True, type=Path, help="A profile JSON file.")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, profile: Path, format: str, **options):
        model = recommender_model()
        try:
            learner = learner_from_persona(
                persona_file(profile), model.catalog, role_required=False
            )
        except PersonaError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        fits = role_fits(model, learner)
        if format == "json":
            roles = [
                {
                    "role": fit.role,
                    "weeks": fit.weeks,
                    "have": fit.have,
                    "need": fit.need,
                    "cost_pkr": fit.cost_pkr,
                    "unknown_costs": fit.path.unknown_costs,
                    "unmet_skills": [unmet.skill for unmet in fit.path.unmet],
                }
                for fit in fits
            ]
            self.stdout.write(json.dumps({"roles": roles}, indent=2))
            return
        for rank, fit in enumerate(fits, start=1):
            self.stdout.write(
                f"{rank:>2}. {fit.name}: {fit.have} of {fit.need} skills, "
                f"{fit.weeks} weeks known, PKR {fit.cost_pkr:,} known"
            )
