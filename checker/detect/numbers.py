"""number_quantity: different figures for the same count, beyond rounding and stated bounds."""

from __future__ import annotations

from pathlib import Path

from checker.detect.base import Pair, load_thresholds, outlet
from checker.numbers import Figure, compatible
from checker.records import Flag, NumberMention, Span, Statement
from checker.resources import MODELS_DIR

_QUALIFIER_TEXT = {"at_least": "at least ", "at_most": "at most ", "approx": "about ", "exact": ""}


class NumberDetector:
    """Flags two figures that count the same thing and cannot both be right."""

    name = "numbers"
    category = "number_quantity"

    def __init__(self, models_dir: Path = MODELS_DIR) -> None:
        limits = load_thresholds(models_dir)["number_quantity"]
        self.min_similarity = limits["min_similarity"]
        self.tolerance = limits["tolerance"]

    def keys(self, statement: Statement) -> list[str]:
        return sorted({f"counts:{n.counts}" for n in statement.numbers if n.counts})

    def detect(self, pair: Pair) -> list[Flag]:
        if pair.similarity < self.min_similarity:
            return []
        for na in pair.a.numbers:
            for nb in pair.b.numbers:
                if not na.counts or na.counts != nb.counts:
                    continue
                if compatible(_figure(na), _figure(nb), self.tolerance):
                    continue
                if _agrees_with_another(na, pair.b.numbers, self.tolerance):
                    continue
                return [self._flag(pair, na, nb)]
        return []

    def _flag(self, pair: Pair, na: NumberMention, nb: NumberMention) -> Flag:
        what = na.counts if na.counts not in ("usd", "eur", "gbp", "percent") else "the amount"
        return Flag(
            category=self.category,
            kind="conflict",
            score=0.6 + 0.35 * pair.similarity,
            a=pair.a.id,
            b=pair.b.id,
            explanation=(
                f"{outlet(pair.a_article)} gives {_QUALIFIER_TEXT[na.qualifier]}{na.text} for {what}; "
                f"{outlet(pair.b_article)} gives {_QUALIFIER_TEXT[nb.qualifier]}{nb.text}."
            ),
            evidence_a=(Span(na.start, na.end),),
            evidence_b=(Span(nb.start, nb.end),),
            detector=self.name,
        )


def _figure(n: NumberMention) -> Figure:
    return Figure(value=n.value, unit="", qualifier=n.qualifier)


def _agrees_with_another(na: NumberMention, others: tuple[NumberMention, ...], tolerance: float) -> bool:
    """'16 killed, 532 in total' vs '532 dead': a matching figure elsewhere means no clash."""
    return any(o.counts == na.counts and compatible(_figure(na), _figure(o), tolerance) for o in others)
