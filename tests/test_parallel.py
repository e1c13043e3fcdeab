"""Parsing in worker processes gives exactly the statements of parsing in this one."""

from __future__ import annotations

import pytest

from checker.ingest import Ingestor
from checker.parallel import ParallelExtraction
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def articles():
    read = Ingestor().read_paths([CORPUS / "stories" / "harrowgate-dam-breach-2024"])
    assert len(read.articles) >= 6
    return read.articles[:6]


def test_workers_extract_the_same_statements_in_order(articles, extractor):
    parallel = ParallelExtraction(workers=2, min_articles=1)
    assert parallel.applies(articles) and not ParallelExtraction(workers=1, min_articles=1).applies(articles)
    got = list(parallel.extract(articles, fallback=lambda a: pytest.fail("the pool should not break")))
    assert got == [extractor.extract_article(a) for a in articles]


def test_a_pool_that_cannot_start_falls_back_to_this_process(articles, extractor, tmp_path):
    """Workers whose models cannot load break the pool: every article is still extracted, here."""
    used = []

    def fallback(article):
        used.append(article.id)
        return extractor.extract_article(article)

    broken = ParallelExtraction(workers=2, min_articles=1, models_dir=tmp_path / "no-models")
    got = list(broken.extract(articles, fallback))
    assert used == [a.id for a in articles]
    assert got == [extractor.extract_article(a) for a in articles]
