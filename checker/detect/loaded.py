"""loaded_language: a single statement that uses loaded words in the outlet's own voice."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from checker.detect.base import TermMatcher, in_quote, load_contested, load_thresholds
from checker.records import Article, Flag, Span, Statement
from checker.resources import MODELS_DIR


class BiasScorer(Protocol):
    """A sentence classifier: probability that each sentence is biased."""

    def predict_proba(self, texts: list[str]) -> list[float]: ...


class LoadedLanguageDetector:
    """Flags loaded terms asserted by the outlet itself (quotes and attributed speech are the source's words)."""

    name = "loaded"
    category = "loaded_language"

    def __init__(self, models_dir: Path = MODELS_DIR) -> None:
        self.terms = TermMatcher(load_contested(models_dir)["loaded"])
        self.min_terms = load_thresholds(models_dir)["loaded_language"]["min_terms"]

    def own_voice_hits(self, statement: Statement) -> list:
        if statement.speaker and statement.cue not in ("according to",):
            return []
        return [h for h in self.terms.find(statement.text) if not in_quote(statement, h.start)]

    def detect(self, statement: Statement, article: Article) -> list[Flag]:
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
