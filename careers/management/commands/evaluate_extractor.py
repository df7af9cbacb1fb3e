"""Score the CV skill extractor, and each of its parts, against the labelled CVs."""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from careers.cv.evaluation import extraction_scores, extractor_variants, labelled_cvs
from careers.model_store import skill_extractor


class Command(BaseCommand):
    help = (
        "Precision and recall of skills and of levels on the labelled CVs in "
        "careers/cv/eval, for the extractor and its ablations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--split", choices=["dev", "test", "all"], default="test")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, split: str, format: str, **options):
        cvs = labelled_cvs(split=split)
        skills = skill_extractor().skills
        results = {
            name: asdict(extraction_scores(extractor, cvs))
            for name, extractor in extractor_variants(skills).items()
        }
        if format == "json":
            self.stdout.write(json.dumps({"split": split, "systems": results}, indent=2))
            return
        metrics = [m for m in next(iter(results.values())) if m != "cvs"]
        self.stdout.write(f"{len(cvs)} labelled CVs ({split} split)\n")
        self.stdout.write(f"{'metric':<18}" + "".join(f"{name:>17}" for name in results))
        for metric in metrics:
            row = "".join(f"{results[name][metric]:>17}" for name in results)
            self.stdout.write(f"{metric:<18}{row}")
