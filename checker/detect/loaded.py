"""loaded_language: a single statement that uses loaded words in the outlet's own voice."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from checker.detect.base import TermMatcher, in_quote, load_contested, load_thresholds
from checker.records import Article, Flag, Span, Statement
from checker.resources import MODELS_DIR, load_json


class BiasScorer(Protocol):
    """A sentence classifier: probability that each sentence is biased, and the words that drove it."""

    def predict_proba(self, texts: list[str]) -> Sequence[float]: ...

    def explain(self, text: str, top_k: int = 3) -> list[tuple[int, int, float]]: ...


class ModelBias:
    """Adapts the trained bias classifier (checker.judges.bias) to `BiasScorer`, loaded on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._judge = None
        # Occlusion needs a model pass per word: a sentence printed by several outlets is explained once.
        self._explained = lru_cache(maxsize=4096)(self._explain)

    @property
    def judge(self):  # type: ignore[no-untyped-def]
        if self._judge is None:
            from checker.judges.bias import BiasJudge

            self._judge = BiasJudge.load(self.path)
        return self._judge

    def predict_proba(self, texts: list[str]) -> Sequence[float]:
        return self.judge.predict_proba(texts) if texts else []

    def explain(self, text: str, top_k: int = 3) -> list[tuple[int, int, float]]:
        return self._explained(text, top_k)

    def _explain(self, text: str, top_k: int) -> list[tuple[int, int, float]]:
        return self.judge.explain(text, top_k=top_k)


@dataclass(frozen=True)
class Prefilter:
    """Logistic regression on the statement embeddings the pipeline already has: which statements
    the (slow) bias judge should read. Trained by `python -m checker train bias-prefilter`."""

    coef: np.ndarray
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path) -> "Prefilter | None":
        if not path.is_file():
            return None
        data = load_json(path)
        return cls(np.asarray(data["coef"], dtype=np.float32), float(data["intercept"]), float(data["threshold"]))

    def passes(self, vectors: np.ndarray) -> np.ndarray:
        """True for the statements the judge should read; all of them when the vectors come from
        another embedder than the one the prefilter was trained on (it cannot judge those)."""
        if vectors.ndim != 2 or vectors.shape[1] != len(self.coef):
            return np.ones(len(vectors), dtype=bool)
        z = vectors @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z)) >= self.threshold


class LoadedLanguageDetector:
    """Flags loaded terms asserted by the outlet itself (quotes and attributed speech are the source's words)."""

    name = "loaded"
    category = "loaded_language"

    def __init__(self, models_dir: Path = MODELS_DIR, scorer: BiasScorer | None = None,
                 prefilter: Prefilter | None = None) -> None:
        self.terms = TermMatcher(load_contested(models_dir)["loaded"])
        self.prefilter = prefilter
        limits = load_thresholds(models_dir)["loaded_language"]
        self.min_terms = limits["min_terms"]
        self.classifier_threshold = limits["classifier_threshold"]
        self.scorer = scorer

    def own_voice(self, statement: Statement) -> bool:
        """The outlet's own words: not a quotation, not someone's reported speech."""
        return not (statement.speaker and statement.cue not in ("according to",)) and not statement.text.lstrip().startswith(("“", '"'))

    def own_voice_hits(self, statement: Statement) -> list:
        if not self.own_voice(statement):
            return []
        return [h for h in self.terms.find(statement.text) if not in_quote(statement, h.start)]

    def detect(self, statement: Statement, article: Article) -> list[Flag]:
        return self.detect_many([statement], [article])[0]

    def detect_many(self, statements: list[Statement], articles: list[Article],
                    vectors: np.ndarray | None = None) -> list[list[Flag]]:
        """Lexicon hits first; the bias classifier (when shipped) reads the other own-voice statements
        in batches, or, given their embeddings and a prefilter, only those the prefilter passes."""
        results = [self._by_lexicon(s, a) for s, a in zip(statements, articles)]
        if self.scorer is None:
            return results
        todo = [i for i, flags in enumerate(results) if not flags and self.own_voice(statements[i])]
        if self.prefilter is not None and vectors is not None and todo:
            passed = self.prefilter.passes(vectors[todo])
            todo = [i for i, ok in zip(todo, passed) if ok]
        # A sentence repeated by several outlets (wire copy) is read once.
        texts = list(dict.fromkeys(statements[i].text for i in todo))
        probability = dict(zip(texts, self.scorer.predict_proba(texts))) if texts else {}
        for i in todo:
            p = probability[statements[i].text]
            if p >= self.classifier_threshold:
                results[i] = [self._by_model(statements[i], articles[i], float(p))]
        return results

    def _by_model(self, statement: Statement, article: Article, p: float) -> Flag:
        spans = [(s, e) for s, e, w in self.scorer.explain(statement.text, top_k=3) if w > 0] if self.scorer else []
        words = ", ".join(f"'{statement.text[s:e]}'" for s, e in spans) or "its wording as a whole"
        return Flag(
            category=self.category,
            kind="framing",
            score=round(0.4 + 0.3 * p, 4),
            a=statement.id,
            b="",
            explanation=f"The bias classifier reads {article.outlet or article.source}'s own sentence as loaded (p={p:.2f}), mostly for {words}.",
            evidence_a=tuple(Span(s, e) for s, e in spans),
            detector=self.name + ":model",
        )

    def _by_lexicon(self, statement: Statement, article: Article) -> list[Flag]:
        hits = self.own_voice_hits(statement)
        if len(hits) < self.min_terms:
            return []
        terms = ", ".join(dict.fromkeys(f"'{statement.text[h.start:h.end]}'" for h in hits))
        return [
            Flag(
                category=self.category,
                kind="framing",
                score=min(0.95, 0.55 + 0.12 * len(hits)),
                a=statement.id,
                b="",
                explanation=f"{article.outlet or article.source} uses loaded wording in its own voice: {terms}.",
                evidence_a=tuple(Span(h.start, h.end) for h in hits),
                detector=self.name,
            )
        ]
