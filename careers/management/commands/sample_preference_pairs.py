"""Sample pairs of offerings for people to compare, for each labelled persona's gap skills.

The pairs are drawn at random from what the learner could take (budget, place, education,
not already known); nothing here ranks, so labels on them are independent of the ranker.
"""

import json
import random
from pathlib import Path

import numpy as np
from django.core.management.base import BaseCommand

from careers.model_store import recommender_model
from careers.recommender.constraints import allowed_mask
from careers.recommender.path import known_skills, skill_gap
from careers.recommender.persona import learner_from_persona
from catalog.models import Offering

LABELS_DIR = Path(__file__).resolve().parents[2] / "recommender" / "labels"
PERSONAS = Path(__file__).resolve().parents[2] / "recommender" / "personas.json"


class Command(BaseCommand):
    help = "Write pairs of candidate offerings per persona and gap skill, for labelling."

    def add_arguments(self, parser):
        parser.add_argument("--pairs-per-persona", type=int, default=7)
        parser.add_argument("--seed", type=int, default=11)
        parser.add_argument("--out", type=Path, default=LABELS_DIR / "pairs_to_label.json")

    def handle(self, *args, pairs_per_persona: int, seed: int, out: Path, **options):
        rng = random.Random(seed)
        model = recommender_model()
        offerings = Offering.objects.select_related("provider").in_bulk(field_name="slug")
        personas = json.loads(PERSONAS.read_text(encoding="utf-8"))["personas"]
        pairs, number = [], 0
        for persona in personas:
            learner = learner_from_persona(persona["profile"], model.catalog)
            known = known_skills(model, learner)
            gap = skill_gap(model, learner, known)
            allowed = allowed_mask(model, learner) & model.is_step
            options = []
            for skill in sorted(gap):
                rows, levels = model.teaching.get(skill, (np.empty(0, int), np.empty(0, int)))
                keep = allowed[rows] & (levels > known.get(skill, 0))
                if keep.sum() >= 2:
                    options.append((skill, [int(r) for r in rows[keep]]))
            rng.shuffle(options)
            for skill, rows in options[:pairs_per_persona]:
                a, b = rng.sample(rows, 2)
                number += 1
                pairs.append(
                    {
                        "id": number,
                        "persona": persona["name"],
                        "skill": skill,
                        "needed_level": gap[skill][0],
                        "a": describe(model.items[a], offerings),
                        "b": describe(model.items[b], offerings),
                    }
                )
        document = {
            "personas": {p["name"]: p["profile"] for p in personas},
            "pairs": pairs,
        }
        out.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
        self.stdout.write(f"{len(pairs)} pairs over {len(personas)} personas written to {out}")


def describe(item, offerings) -> dict:
    offering = offerings[item.slug]
    return {
        "slug": item.slug,
        "title": item.title,
        "provider": item.provider_name,
        "kind": item.kind,
        "level": item.level,
        "delivery": item.delivery,
        "city": item.city,
        "cost_pkr": item.cost_pkr,
        "cost_period": item.cost_period,
        "duration_weeks": item.duration_weeks,
        "hours_per_week": item.hours_per_week,
        "total_hours": offering.total_hours,
        "language": offering.language,
        "entry_education": item.entry_education,
        "teaches": item.skills,
        "assumes": list(item.prerequisites),
        "summary": offering.summary,
    }
