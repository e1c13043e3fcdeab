"""Statement extraction in worker processes.

The spaCy parse and the frame rules are the pipeline's slowest stage (about two thirds of a
large run, see BENCHMARKS.md), and they run on one core. Articles are independent, so a pool of
worker processes, each with its own `StatementExtractor`, extracts them side by side and hands
the statements back in article order. Workers are started with 'spawn' (a fork of a process
that already runs PyTorch's thread pool can hang) and load their models once, which costs a few
seconds: batches smaller than `min_articles` are extracted in the calling process instead.

As with any 'spawn' pool, a script that asks for workers must start its work under
`if __name__ == "__main__":` (the command line and the review page do).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from checker.records import Article, Statement
from checker.resources import MODELS_DIR
from checker.statements import StatementExtractor

# The extractor of the worker process this module runs in (set by `_start`); the parent never sets it.
_worker_extractor: StatementExtractor | None = None


def _start(models_dir: Path) -> None:
    global _worker_extractor
    _worker_extractor = StatementExtractor(models_dir=models_dir)


def _extract(article: Article) -> list[Statement]:
    assert _worker_extractor is not None, "worker started without its extractor"
    return _worker_extractor.extract_article(article)


@dataclass(frozen=True)
class ParallelExtraction:
    """Extracts articles in `workers` processes when there are at least `min_articles` of them."""

    workers: int = 2
    min_articles: int = 200
    models_dir: Path = MODELS_DIR

    def applies(self, articles: list[Article]) -> bool:
        return self.workers > 1 and len(articles) >= self.min_articles

    def extract(self, articles: list[Article], fallback: Callable[[Article], list[Statement]]) -> Iterator[list[Statement]]:
        """Each article's statements, in the order given. If the pool breaks (a worker killed, out
        of memory), the articles not yet returned are extracted by `fallback` in this process."""
        done = 0
        try:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start, initargs=(self.models_dir,)) as pool:
                for statements in pool.map(_extract, articles, chunksize=4):
                    yield statements
                    done += 1
        except BrokenProcessPool:
            for article in articles[done:]:
                yield fallback(article)
