"""certainty_hedging: one outlet hedges ("reportedly", "alleged") what another states as confirmed."""

from __future__ import annotations

import re
from pathlib import Path

from checker.detect.base import Hit, Pair, TermMatcher, content_words, load_contested, load_thresholds, outlet, outside
from checker.records import Flag, Statement
from checker.resources import MODELS_DIR


class CertaintyDetector:
    """Flags the same claim hedged by one outlet and stated with certainty by another."""

    name = "certainty"
    category = "certainty_hedging"

    def __init__(self, models_dir: Path = MODELS_DIR) -> None:
        lexicon = load_contested(models_dir)
        limits = load_thresholds(models_dir)["certainty_hedging"]
        self.min_similarity = limits["min_similarity"]
        self.sure_min_similarity = limits.get("sure_min_similarity", self.min_similarity)
        self.plain_min_shared_words = limits["plain_min_shared_words"]
        self.hedge_terms = TermMatcher(lexicon["hedges"])
        self.not_hedges = TermMatcher(lexicon.get("not_hedges", {}).get("terms", []))
        self.certain = TermMatcher(lexicon["certainty"])

    def hedges(self, text: str) -> list[Hit]:
        """Hedge words in `text`, except inside phrases that only look hedged ('claimed responsibility'),
        and certainty words someone withholds ('neither the police nor the navy has confirmed it')."""
        withheld = [h for h in _outside(self.certain.find(text), self.hedge_terms, text) if _negated(text, h)]
        return sorted(_outside(self.hedge_terms.find(text), self.not_hedges, text) + withheld, key=lambda h: h.start)

    def certainties(self, text: str) -> list[Hit]:
        """Certainty words in `text`, except inside a hedge ('would not confirm') or negated."""
        return [h for h in _outside(self.certain.find(text), self.hedge_terms, text) if not _negated(text, h)]

    def keys(self, statement: Statement) -> list[str]:
        return ["certainty"] if self.hedges(statement.text) or self.certainties(statement.text) else []

    def detect(self, pair: Pair) -> list[Flag]:
        # the same figure in both ('may have overpaid by up to 51.7 million' / 'were overcharged by
        # 51.7 million') is a shared particular as much as a shared word; a small one ('Gate 3')
        # is more often a name than a finding
        figures = {(n.value, n.counts) for n in pair.a.numbers if n.counts and n.value >= 10} \
            & {(n.value, n.counts) for n in pair.b.numbers}
        shared = len(content_words(pair.a.text) & content_words(pair.b.text)) + len(figures)
        if pair.similarity < min(self.min_similarity, self.sure_min_similarity) or shared < 2:
            return []
        for p in (pair, pair.swapped()):
            hedged, sure = self.hedges(p.a.text), self.certainties(p.b.text)
            if not hedged or self.certainties(p.a.text) or self.hedges(p.b.text):
                continue
            if pair.similarity < self.min_similarity and not sure:
                continue  # 'may have' against 'it is now confirmed' needs less likeness than against a plain statement
            if sure or (shared >= self.plain_min_shared_words and not p.b.attributed):
                return [
                    Flag(
                        category=self.category,
                        kind="framing",
                        score=(0.5 if sure else 0.42) + 0.4 * p.similarity,
                        a=p.a.id,
                        b=p.b.id,
                        explanation=(
                            f"{outlet(p.a_article)} hedges it ('{p.a.text[hedged[0].start:hedged[0].end]}'); "
                            f"{outlet(p.b_article)} states it "
                            + (f"with certainty ('{p.b.text[sure[0].start:sure[0].end]}')." if sure else "as fact, in its own voice.")
                        ),
                        evidence_a=tuple(h.span for h in hedged),
                        evidence_b=tuple(h.span for h in sure),
                        detector=self.name,
                    )
                ]
        return []


_NEGATOR = re.compile(r"\b(?:not|never|neither|nor|no one|nobody|yet to|n't)\b[^.;,]{0,60}$", re.I)


def _negated(text: str, hit: Hit) -> bool:
    """A negation shortly before the word, in the same clause: 'has not confirmed', 'nor ... has confirmed'."""
    return bool(_NEGATOR.search(text[max(0, hit.start - 70):hit.start]))


def _outside(hits: list[Hit], covers: TermMatcher, text: str) -> list[Hit]:
    """The hits not inside a longer phrase that `covers` finds in the same text."""
    return outside(hits, covers.find(text)) if hits else hits
