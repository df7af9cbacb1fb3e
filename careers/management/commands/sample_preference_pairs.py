"""Sample pairs of offerings for people to compare, for each labelled persona's gap skills.

The pairs are drawn at random from what the learner could take (budget, place, education,
not already known); nothing here ranks, so labels on them are independent of the ranker.

`--contrast local-vs-online` draws only pairs that set a long or open-ended programme held
in the learner's own city (a bootcamp, certificate or degree, in person or hybrid, of 20
weeks or more or with no published length) against an online course for the same skill,
for the learners who could take both. They are added after the pairs already in `--out`,
numbered on from them, so earlier labels keep their pairs.

`--contrast practice-vs-course` draws pairs that set practice (competitions, projects)
against an online course, for a skill the learner has not started.

`--contrast other-sector` sets an offering made for sectors, none of them the learner's,
against one made for any sector or one of theirs; `--contrast off-role` sets one that also
teaches skills the learner's role neither needs nor builds on against one that does not.

`--personas FILE --add` draws pairs for another file's personas (a new batch, say learners
who wrote a goal), added after the pairs and personas already in `--out`.
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
        parser.add_argument("--contrast", choices=sorted(CONTRASTS), default=None)
        parser.add_argument("--personas", type=Path, default=PERSONAS)
        parser.add_argument(
            "--add",
            action="store_true",
            help="keep the pairs and personas already in --out and number on from them "
            "(always so with --contrast)",
        )

    def handle(
        self, *args, pairs_per_persona: int, seed: int, out: Path, contrast, add, **options
    ):
        rng = random.Random(seed)
        model = recommender_model()
        offerings = Offering.objects.select_related("provider").in_bulk(field_name="slug")
        personas = json.loads(options["personas"].read_text(encoding="utf-8"))["personas"]
        pairs, number, earlier = [], 0, {}
        if contrast or add:
            document = json.loads(out.read_text(encoding="utf-8"))
            pairs, earlier = document["pairs"], document["personas"]
            number = max((pair["id"] for pair in pairs), default=0)
        for persona in personas:
            learner = learner_from_persona(persona["profile"], model.catalog)
            known = known_skills(model, learner)
            gap = skill_gap(model, learner, known)
            allowed = allowed_mask(model, learner) & model.is_step
            options = []
            for skill in sorted(gap):
                rows, levels = model.teaching.get(skill, (np.empty(0, int), np.empty(0, int)))
                keep = allowed[rows] & (levels > known.get(skill, 0))
                rows = [int(r) for r in rows[keep]]
                if contrast:
                    one, other, new_skills_only = CONTRASTS[contrast]
                    if new_skills_only and known.get(skill, 0):
                        continue
                    sides = (
                        [r for r in rows if one(model, r, learner)],
                        [r for r in rows if other(model, r, learner)],
                    )
                    if all(sides):
                        options.append((skill, sides))
                elif len(rows) >= 2:
                    options.append((skill, rows))
            rng.shuffle(options)
            for skill, rows in options[:pairs_per_persona]:
                if contrast:
                    a, b = rng.choice(rows[0]), rng.choice(rows[1])
                    if rng.random() < 0.5:  # which side is which says nothing
                        a, b = b, a
                else:
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
            "personas": {**earlier, **{p["name"]: p["profile"] for p in personas}},
            "pairs": pairs,
        }
        out.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
        self.stdout.write(f"{len(pairs)} pairs over {len(personas)} personas written to {out}")


LONG_WEEKS = 20


def _long_local(item, city: str) -> bool:
    return (
        item.kind in ("bootcamp", "certificate", "degree")
        and item.delivery in ("in_person", "hybrid")
        and bool(city)
        and item.city == city
        and (item.duration_weeks is None or item.duration_weeks >= LONG_WEEKS)
    )


def _online_course(item) -> bool:
    return item.kind == "online_course" and item.delivery == "online"


def _other_sector(model, row: int, learner) -> bool:
    """Made for one or more sectors, none of them the learner's."""
    sectors = model.items[row].sectors
    return bool(sectors) and not set(sectors) & set(learner.sectors)


def _off_role(model, row: int, learner) -> bool:
    """Teaches a skill the learner's role neither needs nor builds on."""
    needs = model.catalog.roles[learner.target_role].skills
    return any(
        skill not in needs and not any(skill in model.requires(need) for need in needs)
        for skill in model.items[row].skills
    )


# Each contrast: what one side of a pair is, what the other is, and whether only skills
# the learner has not started count.
CONTRASTS = {
    "local-vs-online": (
        lambda model, row, learner: _long_local(model.items[row], learner.city),
        lambda model, row, learner: _online_course(model.items[row]),
        False,
    ),
    "practice-vs-course": (
        lambda model, row, learner: model.items[row].kind == "practice",
        lambda model, row, learner: model.items[row].kind == "online_course",
        True,
    ),
    "other-sector": (
        _other_sector,
        lambda model, row, learner: not _other_sector(model, row, learner),
        False,
    ),
    "off-role": (
        _off_role,
        lambda model, row, learner: not _off_role(model, row, learner),
        False,
    ),
}


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
        "sectors": list(item.sectors),
        "summary": offering.summary,
    }
