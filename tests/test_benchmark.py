"""The speed benchmark still runs (CI runs its smallest size; timings are not asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmarks.corpus import generate
from tests.conftest import REPO


def test_generator_is_deterministic_and_labelled():
    a, b = generate(500, seed=3), generate(500, seed=3)
    assert [x.text for x in a] == [x.text for x in b]
    assert len({x.story for x in a}) >= 2 and len({x.outlet for x in a}) >= 8
    assert generate(500, seed=4)[0].text != a[0].text


@pytest.mark.slow
def test_benchmark_smoke_at_1k():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "1000", "--no-bertopic"],
        cwd=REPO, capture_output=True, text=True, timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "r1 pipeline/encode" in done.stdout and "peak RSS" in done.stdout
    assert "onnx encode s" in done.stdout, "the ONNX backend is timed beside the torch encode"
