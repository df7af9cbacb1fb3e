"""The benchmark command builds its catalog in memory and ranks it with the weights
learned from the labelled pairs on the seed catalog."""

import io
import json

import pytest
from django.core.management import call_command


@pytest.mark.django_db
@pytest.mark.usefixtures("seed_catalog")
def test_bench_prints_timings_as_json():
    out = io.StringIO()
    call_command(
        "bench_recommender", "--items", "300", "--repeat", "3", "--fit-repeat", "1", stdout=out
    )
    result = json.loads(out.getvalue())
    assert result["items"] == 300
    assert result["ranker"] == "learned"
    for key in ("fit", "score_one_profile", "build_one_path", "floor_one_matvec"):
        assert result[key]["median_ms"] > 0
        assert result[key]["p95_ms"] >= result[key]["median_ms"]
