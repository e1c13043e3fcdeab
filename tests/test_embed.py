"""The embedding backends load the packaged model offline; the ONNX one gives the torch vectors."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import REPO

SENTENCES = [
    "Fire crews were called to the depot shortly after 3 a.m. on Tuesday.",
    "The union said 400 dockers walked out.",
    "Ok.",
    "The council's decision to close the shelter, announced without consultation on the eve of the "
    "coldest week of the year, left forty people, several of them elderly, with nowhere to sleep. " * 8,
]


def test_the_onnx_backend_gives_the_torch_vectors(tmp_path, embedder):
    from checker.embed import OnnxEmbedder

    onnx = OnnxEmbedder(cache_dir=tmp_path)
    vectors = onnx.encode(SENTENCES)
    reference = embedder.encode(SENTENCES)
    assert vectors.shape == reference.shape and vectors.dtype == np.float32
    assert float((vectors * reference).sum(axis=1).min()) >= 0.99
    assert onnx.encode([]).shape == (0, reference.shape[1])
    assert onnx.name != embedder.name, "vectors of the two backends are cached apart"
    [exported] = list(tmp_path.glob("*.onnx"))
    stamp = exported.stat().st_mtime_ns
    OnnxEmbedder(cache_dir=tmp_path).encode(SENTENCES[:1])
    assert exported.stat().st_mtime_ns == stamp and not list(tmp_path.glob("*.partial")), "the export is reused"


def test_an_unknown_backend_is_refused():
    from checker.embed import make_embedder

    with pytest.raises(ValueError, match="unknown embedding backend"):
        make_embedder("tensorflow")


def test_analyze_runs_on_the_onnx_backend(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The depot fire began at 3 a.m. on Tuesday, the fire service said.\n\n"
                                  "Twelve engines attended and no one was hurt.", encoding="utf-8")
    (folder / "b.txt").write_text("The depot fire began at 5 a.m. on Tuesday, according to residents.\n\n"
                                  "Three firefighters were treated for smoke inhalation.", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "checker", "analyze", str(folder), "--db", str(tmp_path / "c.db"), "--quiet",
         "--embed-backend", "onnx"],
        cwd=REPO, capture_output=True, text=True, timeout=600, env={**__import__("os").environ, "CHECKER_CACHE": str(tmp_path / "cache")},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "articles: 2" in done.stdout and list((tmp_path / "cache" / "onnx").glob("*.onnx"))
