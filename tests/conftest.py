"""Shared fixtures: loaded models are session-wide, data from ../shared is optional."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = REPO / "corpus"

needs_shared = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is not present")


@pytest.fixture(scope="session")
def extractor():
    from checker.statements import StatementExtractor

    return StatementExtractor()


@pytest.fixture(scope="session")
def embedder():
    from checker.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def checker_memory(extractor, embedder):
    """A Checker over an in-memory store, sharing the session's models."""
    from checker import Checker, Store

    store = Store(":memory:")
    yield Checker(store, extractor=extractor, embedder=embedder)
    store.close()


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, extractor, embedder):
    """The bundled demo corpus analysed once into a temporary database."""
    from checker import Checker, Store

    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with Store(path) as store:
        report = Checker(store, extractor=extractor, embedder=embedder).analyze([CORPUS / "stories"])
    return path, report
