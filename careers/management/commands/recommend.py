"""Print the learning path for one profile given as JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.model_store import recommender_model
from careers.recommender.data import Path as LearningPath
from careers.recommender.path import build_path
from careers.recommender.persona import PersonaError, learner_from_persona, persona_file


def path_as_json(path: LearningPath) -> dict:
    return {
        "role": path.role,
        "steps": [
            {
                "order": step.order,
                "skill": step.skill,
                "offering": step.offering,
                "kind": step.kind,
                "weeks": step.weeks,
                "cost_pkr": step.cost_pkr,
                "reasons": step.reasons,
                "reason_codes": step.reason_codes,
            }
            for step in path.steps
        ],
        "communities": path.communities,
        "total_weeks": path.total_weeks,
        "unmet_skills": [unmet.skill for unmet in path.unmet],
        "unmet_reasons": {unmet.skill: unmet.reason for unmet in path.unmet},
        "unmet_codes": {unmet.skill: unmet.code for unmet in path.unmet},
    }


class Command(BaseCommand):
    help = "Build the learning path for a profile (JSON) and print it as JSON or text."

    def add_arguments(self, parser):
        parser.add_argument("--profile", required=True, type=Path, help="A profile JSON file.")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, profile: Path, format: str, **options):
        model = recommender_model()
        try:
            learner = learner_from_persona(persona_file(profile), model.catalog)
        except PersonaError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        path = build_path(model, learner)
        if format == "json":
            self.stdout.write(json.dumps(path_as_json(path), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(path_as_text(path, model.catalog.skill_names))


def path_as_text(path: LearningPath, names: dict[str, str]) -> str:
    lines = [f"Path to {path.role}: {len(path.steps)} steps, {path.total_weeks} weeks known"]
    for step in path.steps:
        weeks = f"{step.weeks} wk" if step.weeks is not None else "length not known"
        cost = (
            "free"
            if step.cost_pkr == 0
            else "cost not known"
            if step.cost_pkr is None
            else f"PKR {step.cost_pkr:,}"
        )
        lines.append(
            f"{step.order:>2}. {names[step.skill]}: {step.title} ({step.kind}, {weeks}, {cost})"
        )
        lines.extend(f"      - {reason}" for reason in step.reasons)
    if path.communities:
        lines.append("Communities and events: " + ", ".join(path.communities))
    for unmet in path.unmet:
        lines.append(f"Not covered: {names[unmet.skill]}: {unmet.reason}")
    return "\n".join(lines)
