"""Offline evaluation: paths for labelled personas, scored against the labels and baselines."""

import copy
import math
import random
from dataclasses import dataclass, field

import numpy as np

from careers.recommender.constraints import broken_constraints
from careers.recommender.data import Learner, Path
from careers.recommender.features import CatalogModel
from careers.recommender.path import _PathBuilder, build_path
from careers.recommender.persona import learner_from_persona
from careers.recommender.ranker import fit_ranker, labelled_pairs, pairwise_accuracy


@dataclass
class Persona:
    name: str
    learner: Learner
    must_cover: list[str]
    relevant: dict[str, int]
    must_not_include: list[str] = field(default_factory=list)


def personas_from_json(
    data: dict, model: CatalogModel, labels: dict | None = None
) -> list[Persona]:
    """The personas with what a path for each should hold. `labels` (persona name: relevant
    offerings and those to strike), from an adviser who labelled them on today's catalog,
    take the place of the persona file's own `expect` where they name the persona."""
    labels = labels or {}
    personas = []
    for entry in data["personas"]:
        expect = {**entry.get("expect", {}), **labels.get(entry["name"], {})}
        personas.append(
            Persona(
                name=entry["name"],
                learner=learner_from_persona(entry["profile"], model.catalog),
                must_cover=list(expect.get("must_cover", [])),
                relevant=dict(expect.get("relevant", {})),
                must_not_include=list(expect.get("must_not_include", [])),
            )
        )
    return personas


class _PopularBuilder(_PathBuilder):
    """Baseline: for each gap skill, the allowed offering that the most roles' skills touch."""

    def pick(self, rows, levels, relevance):
        popularity = self.model.popularity[rows]
        best = int(np.argmax(popularity))
        return int(rows[best]), int(levels[best])

    def shortlist(self, skill):
        rows, levels = self.candidates(skill)
        ready = self.ready(rows)
        return rows[ready], levels[ready], np.zeros(int(ready.sum()))


class _RandomBuilder(_PopularBuilder):
    """Baseline: for each gap skill, any allowed offering that teaches it."""

    def __init__(self, model, learner, seed):
        super().__init__(model, learner)
        self.random = random.Random(seed)

    def pick(self, rows, levels, relevance):
        best = self.random.randrange(len(rows))
        return int(rows[best]), int(levels[best])


def _fixed_path(model: CatalogModel, learner: Learner, fixed: dict[str, Path]) -> Path:
    """Baseline: one path per role, built for a beginner with no constraints, cut to this
    learner's gap. It knows nothing of their budget, city or marks."""
    role = learner.target_role
    if role not in fixed:
        fixed[role] = build_path(model, Learner(target_role=role))
    template = fixed[role]
    gap = set(_PathBuilder(model, learner).gap)
    steps = [s for s in template.steps if s.skill in gap or set(s.also_covers) & gap]
    return Path(
        role=role, steps=steps, communities=template.communities, unmet=[], gap=template.gap
    )


def _dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_5(path: Path, relevant: dict[str, int]) -> float | None:
    if not relevant:
        return None
    gains = [relevant.get(step.offering, 0) for step in path.steps[:5]]
    ideal = _dcg(sorted(relevant.values(), reverse=True)[:5])
    return _dcg(gains) / ideal if ideal else None


def prerequisite_violations(model: CatalogModel, learner: Learner, path: Path) -> int:
    """Steps that close a skill before a gap skill it needs, or that take an offering whose
    prerequisites neither the learner nor an earlier step provides."""
    covered_at: dict[str, int] = {}
    for index, step in enumerate(path.steps):
        for skill in (step.skill, *step.also_covers):
            covered_at.setdefault(skill, index)
    known = {s for s, level in learner.skills.items() if level > 0}
    for slug in learner.done:
        known |= set(model.items[model.index[slug]].skills)
    violations = 0
    needed = model.catalog.roles[learner.target_role].skills
    for index, step in enumerate(path.steps):
        for skill in (step.skill, *step.also_covers):
            level = needed.get(skill, (1, 0))[0]
            for need in model.catalog.needs_first(skill, level):
                if covered_at.get(need, -1) > index:
                    violations += 1
        item = model.items[model.index[step.offering]]
        for need in item.prerequisites:
            if need not in known and covered_at.get(need, math.inf) >= index:
                violations += 1
    return violations


def constraint_violations(model: CatalogModel, learner: Learner, path: Path) -> int:
    """Steps and extras that break a hard constraint: the same constraints the path
    builder applies, so the count cannot drift from what the builder promises."""
    broken = sum(
        1 for step in path.steps if broken_constraints(model, learner, model.index[step.offering])
    )
    broken += sum(1 for step in path.steps if step.offering in learner.done)
    for slug in path.communities:
        row = model.index[slug]
        codes = set(broken_constraints(model, learner, row)) - {"kinds_left_out"}
        if "over_budget" in codes and np.isnan(model.cost[row]):
            codes.discard("over_budget")  # communities rarely publish a price
        broken += bool(codes)
    return broken


def feasible_gap(model: CatalogModel, learner: Learner) -> set[str]:
    """The gap skills the catalog lets the learner close: those taught past
    their level by an allowed offering whose own prerequisites they have or can gain."""
    builder = _PathBuilder(model, learner)
    reachable = {s for s, level in builder.known.items() if level > 0}
    feasible: set[str] = set()
    grew = True
    while grew:
        grew = False
        for skill in builder.gap:
            if skill in feasible:
                continue
            rows, _ = builder.candidates(skill)
            if any(set(model.items[r].prerequisites) <= reachable for r in rows):
                feasible.add(skill)
                reachable |= {
                    s
                    for r in rows
                    for s in model.items[r].skills
                    if set(model.items[r].prerequisites) <= reachable
                }
                grew = True
    return feasible


def diversity(model: CatalogModel, path: Path) -> float | None:
    rows = [model.index[s.offering] for s in path.steps]
    if len(rows) < 2:
        return None
    vectors = model.matrix[rows]
    sims = (vectors @ vectors.T).toarray()
    upper = sims[np.triu_indices(len(rows), k=1)]
    return float(1 - upper.mean())


@dataclass
class Scores:
    coverage: list[float] = field(default_factory=list)
    prerequisite_violations: int = 0
    constraint_violations: int = 0
    ndcg: list[float] = field(default_factory=list)
    diversity: list[float] = field(default_factory=list)
    providers: list[float] = field(default_factory=list)
    forbidden: int = 0
    offerings: set[str] = field(default_factory=set)
    steps: list[int] = field(default_factory=list)
    absurd_steps: int = 0
    judged_steps: int = 0
    pairwise_accuracy: float | None = None

    def add(
        self,
        model: CatalogModel,
        persona: Persona,
        path: Path,
        feasible: set[str],
        absurd: set[str] | None = None,
    ) -> dict:
        learner = persona.learner
        covered = {s for step in path.steps for s in (step.skill, *step.also_covers)}
        coverage = len(covered & feasible) / len(feasible) if feasible else 1.0
        row = {
            "coverage": coverage,
            "prerequisite_violations": prerequisite_violations(model, learner, path),
            "constraint_violations": constraint_violations(model, learner, path),
            "ndcg": ndcg_at_5(path, persona.relevant),
            "diversity": diversity(model, path),
            "forbidden": len({s.offering for s in path.steps} & set(persona.must_not_include)),
            "missed": sorted(set(persona.must_cover) - covered),
        }
        self.coverage.append(coverage)
        self.prerequisite_violations += row["prerequisite_violations"]
        self.constraint_violations += row["constraint_violations"]
        if row["ndcg"] is not None:
            self.ndcg.append(row["ndcg"])
        if row["diversity"] is not None:
            self.diversity.append(row["diversity"])
        if path.steps:
            providers = [s.provider or s.offering for s in path.steps]
            self.providers.append(len(set(providers)) / len(providers))
        self.forbidden += row["forbidden"]
        if absurd is not None:  # a persona whose pairs an adviser labelled
            self.judged_steps += len(path.steps)
            self.absurd_steps += sum(1 for s in path.steps if s.offering in absurd)
        self.offerings |= {s.offering for s in path.steps}
        self.steps.append(len(path.steps))
        return row

    def summary(self, model: CatalogModel) -> dict:
        def mean(values):
            return round(float(np.mean(values)), 3) if values else None

        step_offerings = int(model.is_step.sum())
        return {
            "gap_coverage": mean(self.coverage),
            "full_coverage_share": mean([c == 1.0 for c in self.coverage]),
            "prerequisite_violations": self.prerequisite_violations,
            "constraint_violations": self.constraint_violations,
            "ndcg_at_5": mean(self.ndcg),
            "intra_path_diversity": mean(self.diversity),
            "distinct_provider_share": mean(self.providers),
            "labelled_forbidden_steps": self.forbidden,
            "catalog_coverage": round(len(self.offerings) / step_offerings, 3)
            if step_offerings
            else None,
            "mean_steps": mean(self.steps),
            "absurd_step_share": round(self.absurd_steps / self.judged_steps, 3)
            if self.judged_steps
            else None,
            "pairwise_accuracy": self.pairwise_accuracy,
        }


SYSTEMS = (
    "raasta",
    "raasta-no-similarity",
    "raasta-hand-weights",
    "most-popular",
    "random",
    "fixed-per-role",
)
FOLDS = 5
SPLITS = 5  # splits of the personas into folds, averaged


def _with_ranker(model: CatalogModel, ranker) -> CatalogModel:
    variant = copy.copy(model)
    variant.ranker = ranker
    return variant


def _cross_validated(model: CatalogModel, pairs: list, leave_out: frozenset[str]) -> float | None:
    """Pairwise accuracy on each fold's personas, with weights learned on the others, over
    several splits of the personas into folds: with a few hundred pairs, which personas
    share a fold moves one split's accuracy by about 0.02, more than the differences
    between the systems compared."""
    personas = sorted({pair.persona for pair in pairs})
    accuracies = []
    for split in range(SPLITS):
        order = list(personas)
        if split:  # the first split keeps the names' order; the rest are seeded shuffles
            random.Random(split).shuffle(order)
        for fold in range(FOLDS):
            held = set(order[fold::FOLDS])
            train = [p for p in pairs if p.persona not in held]
            test = [p for p in pairs if p.persona in held]
            ranker = fit_ranker(model, train, leave_out=leave_out)
            if ranker is None or not test:
                return None
            accuracies.append(pairwise_accuracy(model, ranker, test))
    return round(float(np.mean(accuracies)), 3)


def _accuracy_by(score, pairs: list) -> float | None:
    right = total = 0
    for pair in pairs:
        if pair.prefer == "same":
            continue
        total += 1
        a, b = score(pair.a), score(pair.b)
        right += 0.5 if a == b else (a > b) == (pair.prefer == "a")
    return round(right / total, 3) if total else None


def evaluate(model: CatalogModel, personas: list[Persona], seed: int = 1) -> dict:
    """Score Raasta's paths, its ablations and the baselines' on every persona."""
    pairs = labelled_pairs(model)
    absurd: dict[str, set[str]] = {}
    for pair in pairs:
        absurd.setdefault(pair.persona, set()).update(pair.absurd)
    variants = {
        "raasta": model,
        "raasta-no-similarity": _with_ranker(
            model, fit_ranker(model, pairs, leave_out=frozenset({"similarity"}))
        ),
        "raasta-hand-weights": _with_ranker(model, None),
    }
    scores = {system: Scores() for system in SYSTEMS}
    fixed: dict[str, Path] = {}
    rows = []
    for number, persona in enumerate(personas):
        learner = persona.learner
        paths = {name: build_path(variant, learner) for name, variant in variants.items()}
        paths["most-popular"] = _PopularBuilder(model, learner).build()
        paths["random"] = _RandomBuilder(model, learner, seed + number).build()
        paths["fixed-per-role"] = _fixed_path(model, learner, fixed)
        feasible = feasible_gap(model, learner)  # the same for every system
        result = {
            system: scores[system].add(model, persona, path, feasible, absurd.get(persona.name))
            for system, path in paths.items()
        }
        rows.append(
            {"persona": persona.name, "steps": len(paths["raasta"].steps), **result["raasta"]}
        )
    if pairs:
        scores["raasta"].pairwise_accuracy = _cross_validated(model, pairs, frozenset())
        scores["raasta-no-similarity"].pairwise_accuracy = _cross_validated(
            model, pairs, frozenset({"similarity"})
        )
        prior = model.step_prior
        scores["raasta-hand-weights"].pairwise_accuracy = _accuracy_by(
            lambda slug: float(prior[model.index[slug]]), pairs
        )
        scores["most-popular"].pairwise_accuracy = _accuracy_by(
            lambda slug: float(model.popularity[model.index[slug]]), pairs
        )
        chance = random.Random(seed)
        scores["random"].pairwise_accuracy = _accuracy_by(lambda slug: chance.random(), pairs)
    return {
        "personas": len(personas),
        "labelled_pairs": len(pairs),
        "per_persona": rows,
        "systems": {system: scores[system].summary(model) for system in SYSTEMS},
    }
