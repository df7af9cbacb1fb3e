"""Time the recommender on a synthetic catalog held in memory; prints JSON."""

import json
import statistics
import time

import numpy as np
from django.core.management.base import BaseCommand
from threadpoolctl import threadpool_limits

from careers.model_store import recommender_model
from careers.recommender.features import CatalogModel
from careers.recommender.path import build_path
from careers.recommender.synthetic import synthetic_catalog, synthetic_learners


def _timed(function, repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return _summary(samples)


def _timed_in_turn(first, second, repeat: int) -> tuple[dict, dict]:
    """Two functions timed alternately, one call each per round."""
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for function, into in ((first, samples[0]), (second, samples[1])):
            start = time.perf_counter()
            function()
            into.append((time.perf_counter() - start) * 1000)
    return _summary(samples[0]), _summary(samples[1])


def _summary(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(p95, 3),
        "runs": len(samples),
    }


class Command(BaseCommand):
    help = "Benchmark fitting, scoring and path building on N synthetic offerings (no database)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=50, help="runs for scoring and paths")
        parser.add_argument("--fit-repeat", type=int, default=3, help="runs for fitting")

    def handle(self, *args, items: int, repeat: int, fit_repeat: int, **options):
        catalog = synthetic_catalog(items)
        learners = synthetic_learners(catalog, repeat)
        with threadpool_limits(1):
            fit = _timed(lambda: CatalogModel(catalog), fit_repeat)
            model = CatalogModel(catalog)
            # The ranker's weights are per feature, not per offering: the ones learned from
            # the labelled pairs on the real catalog rank the synthetic one too.
            model.ranker = recommender_model().ranker
            vector = model.learner_vector(learners[0], list(catalog.roles["role-0"].skills))
            dense = np.asarray(vector, dtype=np.float32)
            turn = iter(learners * 2)
            score = _timed(
                lambda: model.scores(model.learner_vector(next(turn), ["skill-1", "skill-2"])),
                repeat,
            )
            # The path and its floor are timed in turn, so both meet the same machine: on a
            # shared machine the floor alone has moved by half between runs.
            turn = iter(learners * 2)
            paths = []
            path, floor = _timed_in_turn(
                lambda: paths.append(build_path(model, next(turn))),
                lambda: model.matrix @ dense,
                repeat,
            )
        result = {
            "items": items,
            "features": model.matrix.shape[1],
            "nonzeros": int(model.matrix.nnz),
            "ranker": "learned" if model.ranker is not None else "hand weights",
            "fit": fit,
            "score_one_profile": score,
            "build_one_path": path,
            "floor_one_matvec": floor,
            "path_over_floor": round(path["median_ms"] / max(floor["median_ms"], 1e-9), 2),
            "mean_steps": round(sum(len(p.steps) for p in paths) / len(paths), 1),
        }
        self.stdout.write(json.dumps(result, indent=2))
