"""The pipeline object: a thin sequence of swappable stages over one store.

    ingest -> statements -> embed (cached) -> neighbours -> stories -> topics
           -> candidates -> detect -> rank -> store

Each stage is a component passed to `Checker(...)`; defaults come from `models/`.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from checker.candidates import CandidateGenerator
from checker.detect import Pair, PairDetector, StatementDetector, build_detectors, build_statement_detectors
from checker.detect.base import load_thresholds
from checker.embed import Embedder, SentenceTransformerEmbedder, text_hash
from checker.parallel import ParallelExtraction
from checker.ingest import Ingestor
from checker.neighbours import NeighbourIndex
from checker.people import harmonise_people
from checker.rank import Ranker
from checker.records import Article, Flag, Skipped, Span, Statement, content_id
from checker.resources import MODELS_DIR
from checker.statements import StatementExtractor
from checker.stories import StoryClusterer
from checker.store import DetectionLog, Store
from checker.topics import TopicClusterer

Progress = Callable[[str, float], None]
# Sentences embedded between two writes to the store: large enough for the encoder's length sorting,
# small enough that a killed run keeps most of its work.
EMBED_CHUNK = 2048


@dataclass
class Report:
    """What an analysis did: counts, files skipped with reasons, and seconds per stage."""

    articles_read: int = 0
    articles_new: int = 0
    articles: int = 0
    statements: int = 0
    embedded: int = 0
    stories: int = 0
    topics: int = 0
    candidates: int = 0
    flags: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


class Checker:
    """Cross-source contradiction and framing checker over one SQLite store."""

    def __init__(
        self,
        store: Store,
        *,
        ingestor: Ingestor | None = None,
        extractor: StatementExtractor | None = None,
        embedder: Embedder | None = None,
        neighbour_index: NeighbourIndex | None = None,
        story_clusterer: StoryClusterer | None = None,
        topic_clusterer: TopicClusterer | None = None,
        candidates: CandidateGenerator | None = None,
        detectors: list[PairDetector] | None = None,
        statement_detectors: list[StatementDetector] | None = None,
        ranker: Ranker | None = None,
        models_dir: Path = MODELS_DIR,
        progress: Progress | None = None,
        workers: int = 1,
    ) -> None:
        cfg = load_thresholds(models_dir)
        self.store = store
        self.models_dir = models_dir
        self.ingestor = ingestor or Ingestor()
        self._extractor = extractor
        self.embedder = embedder or SentenceTransformerEmbedder()
        self.neighbour_index = neighbour_index or NeighbourIndex(**_params(cfg["neighbours"]))
        self.story_clusterer = story_clusterer or StoryClusterer(**_params(cfg["stories"]))
        self.topic_clusterer = topic_clusterer or TopicClusterer(**_params(cfg["topics"]))
        self.candidates = candidates or CandidateGenerator(**_params(cfg["candidates"]))
        self.detectors = detectors if detectors is not None else build_detectors(models_dir)
        self.statement_detectors = statement_detectors if statement_detectors is not None else build_statement_detectors(models_dir)
        self.ranker = ranker or Ranker.from_models(models_dir)
        self.progress = progress or (lambda stage, fraction: None)
        # workers > 1: large batches of new articles are parsed in that many processes, each with
        # the default extractor for `models_dir` (a handed-in extractor serves small batches)
        self.parallel = ParallelExtraction(workers=workers, models_dir=models_dir)

    @property
    def extractor(self) -> StatementExtractor:
        """Loaded on first need: a re-run with nothing new never loads spaCy."""
        if self._extractor is None:
            self._extractor = StatementExtractor(models_dir=self.models_dir)
        return self._extractor

    def analyze(self, paths: list[Path | str], full: bool = False) -> Report:
        """Ingest `paths` into the store, then bring stories, topics and flags up to date.

        By default only statements not analysed before are paired and judged, and new statements
        join the existing topics; `full=True` re-clusters and re-judges everything.
        """
        report = Report()
        with self._timed(report, "ingest"):
            result = self.ingestor.read_paths(paths)
            report.skipped = result.skipped
            report.articles_read = len(result.articles)
            report.articles_new = len(self.store.add_articles(result.articles))
        self.refresh(report, full=full)
        return report

    def refresh(self, report: Report | None = None, full: bool = False) -> Report:
        """Re-derive statements (new articles only), embeddings (new texts only), topics and flags."""
        report = report or Report()
        log = DetectionLog(self.store)
        articles = self.store.articles()
        with self._timed(report, "statements"):
            self._extract_missing(articles)
        statements = harmonise_people(self.store.statements())
        with self._timed(report, "embed"):
            vectors, report.embedded = self._embed(statements)
        article_index = {a.id: i for i, a in enumerate(articles)}
        owner = np.array([article_index[s.article_id] for s in statements], dtype=int)
        analysed = set() if full else log.analysed_ids()
        incremental = bool(analysed)
        fresh = {i for i, s in enumerate(statements) if s.id not in analysed}
        with self._timed(report, "topics"):
            # An incremental run looks up neighbours of the new statements only: every pair it
            # judges touches one of them, and m new rows cost m x n dot products, not an index.
            neighbours = self.neighbour_index.search(vectors, np.array(sorted(fresh), dtype=np.int64) if incremental else None)
            names: list[set[str]] = [set() for _ in articles]
            for s, i in zip(statements, owner):
                names[i].update(k for k in s.entity_keys if ":" in k or k.islower())
            known = {c: o for st in self.store.stories() for c, o in st.duplicates.items()} if incremental else None
            stories = self.story_clusterer.fit_predict(articles, owner, vectors, neighbours, names, known)
            story_of = {aid: st.id for st in stories for aid in st.article_ids}
            copies = {c for st in stories for c in st.duplicates}
            outlets = [articles[i].outlet for i in owner]
            if incremental:
                topics = self.topic_clusterer.extend(statements, outlets, vectors, neighbours, log.topic_assignment())
            else:
                topics = self.topic_clusterer.fit_predict(statements, outlets, vectors, neighbours)
        article_of = {s.id: s.article_id for s in statements}
        # New flags always touch a new article's statement, so they share no merge pair and no
        # repeat group with stored flags: ranking them alone and adding them gives the order a
        # re-rank of everything would. Once an article was removed, stored flags are re-ranked.
        additive = incremental and not self.store.stale_flags()
        with self._timed(report, "detect"):
            raw = self._detect(articles, statements, owner, vectors, neighbours, topics, story_of, copies, fresh, incremental, report)
            earlier = log.flags(set(article_of)) if incremental and not additive else []
            flags = self.ranker.rank(earlier + raw, article_of)
        with self._timed(report, "store"):
            log.record(raw, (statements[i].id for i in fresh), reset=not incremental)
            self.store.set_stories(stories)
            self.store.set_topics(topics)
            if additive:
                self.store.add_flags(flags)
            else:
                self.store.replace_flags(flags)
        report.articles, report.statements = len(articles), len(statements)
        report.stories, report.topics, report.flags = len(stories), len(topics), self.store.counts()["flags"]
        self.progress("done", 1.0)
        return report

    def compare(self, a: str, b: str, date_a: date | None = None, date_b: date | None = None) -> list[Flag]:
        """Judge two statements on their own, as if two outlets had printed them. Evidence spans
        are offsets into `a` and `b` as given (each may hold several sentences)."""
        arts = [
            Article(id=content_id("compare", "A", a), text=a, outlet="Outlet A", source="A", published=date_a),
            Article(id=content_id("compare", "B", b), text=b, outlet="Outlet B", source="B", published=date_b),
        ]
        sa, sb = (self.extractor.extract_article(art) for art in arts)
        if not sa or not sb:
            return []
        vectors = self.embedder.encode([s.text for s in sa + sb])
        flags = []
        for i, x in enumerate(sa):
            for j, y in enumerate(sb):
                pair = Pair(x, y, arts[0], arts[1], float(vectors[i] @ vectors[len(sa) + j]))
                for detector in self.detectors:
                    flags.extend(_into_input(f, x.start, y.start) for f in detector.detect(pair))
        owner = {s.id: s.article_id for s in sa + sb}
        return self.ranker.rank(flags, owner)

    # --- stages ---------------------------------------------------------------------------

    def _extract_missing(self, articles: list[Article]) -> None:
        done = self.store.article_ids_with_statements()
        todo = [a for a in articles if a.id not in done]
        extract = lambda article: self.extractor.extract_article(article)  # noqa: E731
        batches = self.parallel.extract(todo, extract) if self.parallel.applies(todo) else map(extract, todo)
        for n, statements in enumerate(batches, start=1):
            self.store.add_statements(statements)  # article by article: an interrupted run keeps what it extracted
            self.progress("statements", n / len(todo))

    def _embed(self, statements: list[Statement]) -> tuple[np.ndarray, int]:
        """Vectors for all statements; only texts never embedded with this model are encoded."""
        hashes = [text_hash(s.text) for s in statements]
        cached = self.store.embeddings(list(dict.fromkeys(hashes)), self.embedder.name)
        missing = list(dict.fromkeys(h for h in hashes if h not in cached))
        if missing:
            text_of = {h: s.text for h, s in zip(hashes, statements)}
            batch = EMBED_CHUNK
            for start in range(0, len(missing), batch):
                part = missing[start: start + batch]
                vectors = self.embedder.encode([text_of[h] for h in part])
                fresh = dict(zip(part, vectors))
                self.store.put_embeddings(fresh, self.embedder.name)
                cached.update(fresh)
                self.progress("embed", min(1.0, (start + batch) / len(missing)))
        if not statements:
            return np.zeros((0, 1), dtype=np.float32), 0
        return np.stack([cached[h] for h in hashes]).astype(np.float32), len(missing)

    def _detect(self, articles, statements, owner, vectors, neighbours, topics, story_of, copies, fresh, incremental, report) -> list[Flag]:  # type: ignore[no-untyped-def]
        """Raw (unranked) flags for candidate pairs touching a `fresh` statement, and fresh single statements."""
        keep = [i for i, s in enumerate(statements) if s.article_id not in copies]
        for detector in self.detectors:
            if hasattr(detector, "fit"):  # detectors that learn from the corpus (e.g. its alias pairs)
                detector.fit(statements)
        outlets = [articles[i].outlet for i in owner]
        stories = [story_of.get(s.article_id, s.article_id) for s in statements]
        keys_of = self._keys_of(statements, stories, {stories[i] for i in fresh} if incremental else None)
        candidates = self.candidates.generate(statements, outlets, stories, vectors, neighbours, topics, keys_of,
                                              only=fresh if incremental else None)
        keep_set = set(keep)
        candidates = [c for c in candidates if c.a in keep_set and c.b in keep_set]
        report.candidates = len(candidates)
        pairs = [
            Pair(statements[c.a], statements[c.b], articles[owner[c.a]], articles[owner[c.b]], c.similarity) for c in candidates
        ]
        flags: list[Flag] = []
        for n, detector in enumerate(self.detectors, start=1):
            if hasattr(detector, "detect_many"):  # detectors with a model judge pairs in batches
                flags.extend(f for found in detector.detect_many(pairs) for f in found)
            else:
                flags.extend(f for pair in pairs for f in detector.detect(pair))
            self.progress("detect", n / len(self.detectors))
        singles = [i for i in keep if i in fresh]
        for detector in self.statement_detectors:
            found = detector.detect_many([statements[i] for i in singles], [articles[owner[i]] for i in singles],
                                         vectors[singles] if singles else None)
            flags.extend(f for group in found for f in group)
        return flags

    def _keys_of(self, statements: list[Statement], stories: list[str], touched: set[str] | None) -> Callable[[Statement], list[str]]:
        """Every detector's blocking keys for a statement. Key buckets never cross a story, so an
        incremental run asks only about the stories its new statements joined (`touched`)."""
        story = {s.id: st for s, st in zip(statements, stories)}

        def keys(statement: Statement) -> list[str]:
            if touched is not None and story[statement.id] not in touched:
                return []
            return [k for d in self.detectors for k in d.keys(statement)]

        return keys

    @contextmanager
    def _timed(self, report: Report, stage: str) -> Iterator[None]:
        self.progress(stage, 0.0)
        start = time.perf_counter()
        yield
        report.seconds[stage] = report.seconds.get(stage, 0.0) + time.perf_counter() - start


def _params(section: dict) -> dict:
    """Constructor arguments from a config section; keys starting with '_' are its documentation."""
    return {k: v for k, v in section.items() if not k.startswith("_")}


def _into_input(flag: Flag, start_a: int, start_b: int) -> Flag:
    """Evidence offsets moved from the sentence to the whole text it came from."""
    return replace(
        flag,
        evidence_a=tuple(Span(sp.start + start_a, sp.end + start_a) for sp in flag.evidence_a),
        evidence_b=tuple(Span(sp.start + start_b, sp.end + start_b) for sp in flag.evidence_b),
    )
