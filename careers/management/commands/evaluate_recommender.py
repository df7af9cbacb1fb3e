"""Score the recommender on labelled personas against three baselines."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.model_store import recommender_model
from careers.recommender.evaluation import SYSTEMS, evaluate, personas_from_json
from careers.recommender.persona import PersonaError

DEFAULT_PERSONAS = Path(__file__).resolve().parents[2] / "recommender" / "personas.json"
DEFAULT_LABELS = DEFAULT_PERSONAS.parent / "labels" / "persona_labels.json"
METRICS = [
    ("gap_coverage", "gap coverage (of what the catalog allows)"),
    ("full_coverage_share", "personas with full coverage"),
    ("prerequisite_violations", "prerequisite-order violations"),
    ("constraint_violations", "hard-constraint violations"),
    ("ndcg_at_5", "nDCG@5 against the labels"),
    ("intra_path_diversity", "intra-path diversity (1 - mean cosine)"),
    ("distinct_provider_share", "distinct providers per step"),
    ("labelled_forbidden_steps", "steps the labels forbid"),
    ("catalog_coverage", "catalog coverage (step offerings used)"),
    ("mean_steps", "mean steps per path"),
    ("pairwise_accuracy", "pairwise accuracy on held-out labelled pairs"),
    ("absurd_step_share", "share of steps the labels call absurd"),
]


class Command(BaseCommand):
    help = (
        "Build paths for the labelled personas, print metrics for Raasta and the baselines, "
        "and exit 1 if any Raasta path breaks a prerequisite or a hard constraint."
    )

    def add_arguments(self, parser):
        parser.add_argument("--personas", type=Path, default=DEFAULT_PERSONAS)
        parser.add_argument(
            "--labels",
            type=Path,
            default=DEFAULT_LABELS,
            help="an adviser's labels for the personas on today's catalog; 'none' to score "
            "against the persona file's own expectations",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, personas: Path, labels: Path, format: str, **options):
        model = recommender_model()
        adviser = {}
        if str(labels) != "none":
            try:
                adviser = json.loads(labels.read_text(encoding="utf-8"))["labels"]
            except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
                raise CommandError(f"labels: cannot read {labels}: {exc}", returncode=2) from exc
        try:
            data = json.loads(personas.read_text(encoding="utf-8"))
            cases = personas_from_json(data, model, adviser)
        except (OSError, json.JSONDecodeError, KeyError) as exc:
            raise CommandError(f"personas: cannot read {personas}: {exc}", returncode=2) from exc
        except PersonaError as exc:
            raise CommandError(f"personas: {exc}", returncode=2) from exc
        result = evaluate(model, cases)
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {"personas": result["personas"], "systems": result["systems"]}, indent=2
                )
            )
        else:
            self.stdout.write(self.as_text(result))
        ours = result["systems"]["raasta"]
        if ours["prerequisite_violations"] or ours["constraint_violations"]:
            raise CommandError(
                f"{ours['prerequisite_violations']} prerequisite and "
                f"{ours['constraint_violations']} constraint violations",
                returncode=1,
            )

    def as_text(self, result: dict) -> str:
        lines = [f"{result['personas']} personas", ""]
        lines.append(
            f"{'persona':<44} {'steps':>5} {'cover':>6} {'nDCG@5':>7} "
            f"{'prereq':>6} {'constr':>6}  missed"
        )
        for row in result["per_persona"]:
            ndcg = "-" if row["ndcg"] is None else f"{row['ndcg']:.2f}"
            lines.append(
                f"{row['persona'][:44]:<44} {row['steps']:>5} {row['coverage']:>6.2f} {ndcg:>7} "
                f"{row['prerequisite_violations']:>6} {row['constraint_violations']:>6}  "
                f"{', '.join(row['missed'])}"
            )
        lines.append("")
        header = f"{'metric':<44}" + "".join(f"{system:>22}" for system in SYSTEMS)
        lines.append(header)
        for key, label in METRICS:
            values = [result["systems"][system][key] for system in SYSTEMS]
            lines.append(
                f"{label:<44}" + "".join(f"{'-' if v is None else v:>22}" for v in values)
            )
        return "\n".join(lines)
