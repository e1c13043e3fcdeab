"""Speed and scale benchmark: every stage against the raw encoder and BERTopic, at several sizes.

    python -m benchmarks.run --sizes 1000 10000 100000 [--no-bertopic] [--backend torch|onnx] [--workers N] [--out FILE]

For each size it generates a synthetic corpus (benchmarks/corpus.py, seeded), analyses it into a
fresh database and prints wall time and peak RSS per stage, statements per second end to end, and
ratios measured side by side in the same run:
  1. pipeline throughput / raw SentenceTransformer.encode throughput on the same (distinct) sentences;
  2. our topics + detect time / BERTopic fit_transform time on the same embeddings, with the
     adjusted Rand index and V-measure of both against the generator's story labels;
  3. time at the largest / second-largest size for the stages other than embedding (scaling exponent);
  4. an incremental run that adds 1% new articles to the analysed corpus / the full run (the
     median of three runs, each on a copy of the analysed database).
With onnxruntime installed it also times the ONNX backend's encode on the same sentences and
gives its speed-up over the torch encode and its cosine to the torch vectors; `--backend onnx`
runs the pipeline itself on that backend (ratio 1 still divides by the raw torch encode).
Models are loaded before timing starts: loading is a fixed cost, not throughput.
"""

from __future__ import annotations

import argparse
import math
import os
import sqlite3
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, v_measure_score

from benchmarks.corpus import generate, write_jsonl
from checker import Checker, Store
from checker.embed import OnnxEmbedder, SentenceTransformerEmbedder, make_embedder
from checker.statements import StatementExtractor

STAGES = ("ingest", "statements", "embed", "topics", "detect", "store")


class RssSampler:
    """Peak resident memory per pipeline stage, sampled from /proc every 50 ms."""

    def __init__(self) -> None:
        self.stage = "setup"
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def update(self, stage: str, fraction: float) -> None:
        if stage in STAGES:
            self.stage = stage

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = _rss_bytes()
            self.peaks[self.stage] = max(self.peaks.get(self.stage, 0), rss)
            time.sleep(0.05)


@dataclass
class SizeResult:
    size: int
    statements: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    peak_rss: dict[str, int] = field(default_factory=dict)
    total: float = 0.0
    encode_seconds: float = 0.0
    bertopic_seconds: float | None = None
    ours_ari: float = 0.0
    ours_v: float = 0.0
    topics_ari: float = 0.0
    bertopic_ari: float | None = None
    bertopic_v: float | None = None
    incremental_seconds: float | None = None
    onnx_seconds: float | None = None
    onnx_cosine: tuple[float, float] | None = None  # mean, min against the torch vectors

    @property
    def rate(self) -> float:
        return self.statements / self.total if self.total else 0.0

    @property
    def outside_embedding(self) -> float:
        return sum(v for k, v in self.seconds.items() if k != "embed")


def run_size(size: int, embedder: SentenceTransformerEmbedder | OnnxEmbedder, extractor: StatementExtractor, bertopic: bool,
             incremental: bool, seed: int, reference: SentenceTransformerEmbedder, onnx: OnnxEmbedder | None,
             workers: int = 1) -> SizeResult:
    result = SizeResult(size)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "feed"
        write_jsonl(generate(size, seed=seed), folder)
        with Store(Path(tmp) / "bench.db") as store, RssSampler() as sampler:
            checker = Checker(store, extractor=extractor, embedder=embedder, progress=sampler.update, workers=workers)
            start = time.perf_counter()
            report = checker.analyze([folder])
            result.total = time.perf_counter() - start
            result.seconds, result.peak_rss, result.statements = dict(report.seconds), dict(sampler.peaks), report.statements
            statements = store.statements()
            texts = [s.text for s in statements]
            unique = list(dict.fromkeys(texts))  # what the pipeline had to embed: repeats come from its cache
            labels, ours, topic_labels = _labels(store, statements)
            start = time.perf_counter()
            encoded = reference.model.encode(unique, batch_size=reference.batch_size, convert_to_numpy=True, normalize_embeddings=True)
            result.encode_seconds = time.perf_counter() - start
            if onnx is not None:
                start = time.perf_counter()
                fast = onnx.encode(unique)
                result.onnx_seconds = time.perf_counter() - start
                cosine = (fast * np.asarray(encoded)).sum(axis=1)
                result.onnx_cosine = (float(cosine.mean()), float(cosine.min()))
            row = {t: i for i, t in enumerate(unique)}
            vectors = np.asarray(encoded)[[row[t] for t in texts]]
            result.ours_ari, result.ours_v = adjusted_rand_score(labels, ours), v_measure_score(labels, ours)
            result.topics_ari = adjusted_rand_score(labels, topic_labels)
            if bertopic:
                result.bertopic_seconds, result.bertopic_ari, result.bertopic_v = _bertopic(texts, np.asarray(vectors), labels, seed)
            if incremental:
                extra = Path(tmp) / "extra"
                write_jsonl(generate(max(20, size // 100), seed=seed + 1), extra)
                result.incremental_seconds = _incremental_seconds(checker, Path(tmp), extra)
    return result


def _incremental_seconds(full: Checker, tmp: Path, extra: Path, runs: int = 3) -> float:
    """Median time to add `extra` to copies of the analysed database, with the full run's loaded
    models: one run of a second or two swings by half its length on a shared machine, and each
    copy starts from the same state."""
    seconds = []
    for n in range(runs):
        path = tmp / f"incremental-{n}.db"
        copy = sqlite3.connect(str(path))
        full.store.db.backup(copy)
        copy.close()
        with Store(path) as other:
            checker = Checker(other, extractor=full.extractor, embedder=full.embedder, detectors=full.detectors,
                              statement_detectors=full.statement_detectors, workers=full.parallel.workers)
            start = time.perf_counter()
            checker.analyze([extra])
            seconds.append(time.perf_counter() - start)
    return float(np.median(seconds))


def _labels(store: Store, statements: list) -> tuple[list[int], list[str], list[str]]:  # type: ignore[type-arg]
    """Generator story per statement (from the URL), our story, and our topic (or the statement alone)."""
    rows = store.db.execute("SELECT id, url, story_id FROM articles").fetchall()
    truth = {aid: int(url.split("/")[3]) for aid, url, _ in rows}
    story = {aid: sid or aid for aid, _, sid in rows}
    topic_of = {sid: tid for sid, tid, _ in store.db.execute("SELECT statement_id, topic_id, label FROM topics")}
    return (
        [truth[s.article_id] for s in statements],
        [story[s.article_id] for s in statements],
        [topic_of.get(s.id, s.id) for s in statements],
    )


def _bertopic(texts: list[str], vectors: np.ndarray, labels: list[int], seed: int) -> tuple[float, float, float]:
    from bertopic import BERTopic
    from umap import UMAP

    model = BERTopic(umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed), verbose=False)
    start = time.perf_counter()
    topics, _ = model.fit_transform(texts, embeddings=vectors)
    seconds = time.perf_counter() - start
    return seconds, adjusted_rand_score(labels, topics), v_measure_score(labels, topics)


def format_report(results: list[SizeResult]) -> str:
    lines = [f"{'size':>8} {'stmts':>7} {'stmt/s':>7} " + " ".join(f"{s + ' s':>11}" for s in STAGES) + f" {'total s':>8} {'peak RSS':>9}"]
    for r in results:
        peak = max(r.peak_rss.values(), default=0)
        lines.append(
            f"{r.size:>8} {r.statements:>7} {r.rate:>7.0f} "
            + " ".join(f"{r.seconds.get(s, 0):>11.1f}" for s in STAGES)
            + f" {r.total:>8.1f} {peak / 2**30:>8.2f}G"
        )
    lines.append("")
    lines.append(f"{'size':>8} {'r1 pipeline/encode':>19} {'r2 ours/BERTopic':>17} {'ARI ours':>9} {'V ours':>7} {'ARI BERTopic':>13} {'V BERTopic':>11} {'r4 incr/full':>13}")
    for r in results:
        r1 = r.encode_seconds / r.total if r.total else 0
        ours_t = r.seconds.get("topics", 0) + r.seconds.get("detect", 0)
        r2 = f"{ours_t / r.bertopic_seconds:.3f}" if r.bertopic_seconds else "-"
        r4 = f"{r.incremental_seconds / r.total:.3f}" if r.incremental_seconds is not None else "-"
        bari = f"{r.bertopic_ari:.3f}" if r.bertopic_ari is not None else "-"
        bv = f"{r.bertopic_v:.3f}" if r.bertopic_v is not None else "-"
        lines.append(f"{r.size:>8} {r1:>19.3f} {r2:>17} {r.ours_ari:>9.3f} {r.ours_v:>7.3f} {bari:>13} {bv:>11} {r4:>13}")
    if len(results) >= 2 and results[-2].outside_embedding:
        a, b = results[-2], results[-1]
        ratio = b.outside_embedding / a.outside_embedding
        exponent = math.log(ratio) / math.log(b.statements / a.statements)
        lines.append("")
        lines.append(f"r3 stages other than embedding, {b.size} vs {a.size}: time ratio {ratio:.2f}, statements ratio {b.statements / a.statements:.2f}, scaling exponent {exponent:.3f}")
    if any(r.onnx_seconds for r in results):
        lines.append("")
        lines.append(f"{'size':>8} {'torch encode s':>15} {'onnx encode s':>14} {'speed-up':>9} {'cosine mean':>12} {'cosine min':>11}")
        for r in results:
            if r.onnx_seconds and r.onnx_cosine:
                lines.append(f"{r.size:>8} {r.encode_seconds:>15.1f} {r.onnx_seconds:>14.1f} {r.encode_seconds / r.onnx_seconds:>9.2f} "
                             f"{r.onnx_cosine[0]:>12.5f} {r.onnx_cosine[1]:>11.5f}")
    lines.append("(ARI/V: statement clusterings against the generator's story labels; ours = the story stage, BERTopic = its topics.)")
    return "\n".join(lines)


def _onnx_or_none() -> OnnxEmbedder | None:
    """The ONNX backend, when onnxruntime is installed (it is in requirements.txt)."""
    import importlib.util

    return OnnxEmbedder() if importlib.util.find_spec("onnxruntime") else None


def _rss_bytes() -> int:
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="statements per corpus")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-bertopic", action="store_true", help="skip the BERTopic comparison (it needs `pip install bertopic`)")
    parser.add_argument("--incremental-at", type=int, default=10000, help="size at which to time a 1%% incremental run")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)),
                        help="processes that parse articles, as `analyze --workers` (default: the CPUs this process may use); "
                             "their start-up and model loading are timed")
    parser.add_argument("--backend", choices=("torch", "onnx"), default="torch",
                        help="embedding backend of the pipeline (default: torch); ratio 1 divides by the raw torch encode either way")
    args = parser.parse_args(argv)
    reference = SentenceTransformerEmbedder()
    onnx = _onnx_or_none()
    embedder = onnx if args.backend == "onnx" and onnx is not None else make_embedder(args.backend)
    for model in {id(m): m for m in (reference, onnx, embedder) if m is not None}.values():
        model.encode(["warm up"])
    extractor = StatementExtractor()
    results = []
    for size in args.sizes:
        print(f"[size {size}]", flush=True)
        results.append(run_size(size, embedder, extractor, not args.no_bertopic, size == args.incremental_at or len(args.sizes) == 1,
                                args.seed, reference, onnx, args.workers))
        print(format_report(results), flush=True)
    text = format_report(results)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
