"""number_quantity: different figures for the same count, beyond rounding and stated bounds."""

from __future__ import annotations

from pathlib import Path

from checker.detect.base import Pair, TermMatcher, dated_apart, load_contested, load_thresholds, outlet, shared_actors
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
        self.min_similarity_shared_actor = limits["min_similarity_shared_actor"]
        self.min_similarity_same_event = limits["min_similarity_same_event"]
        contested = load_contested(models_dir)
        self.events = {k: TermMatcher(v) for k, v in contested["count_events"].items() if not k.startswith("_")}
        self.tolerance = limits["tolerance"]
        classes = load_contested(models_dir)["count_classes"]
        self.count_class = {noun: name for name, nouns in classes.items() if not name.startswith("_") for noun in nouns}

    def counted(self, n: NumberMention) -> str:
        """What a figure counts, with synonyms folded ('civilians' and 'people' killed)."""
        return self.count_class.get(n.counts, n.counts)

    def keys(self, statement: Statement) -> list[str]:
        return sorted({f"counts:{self.counted(n)}" for n in statement.numbers if n.counts})

    def detect(self, pair: Pair) -> list[Flag]:
        floor = self.min_similarity_shared_actor if shared_actors(pair.a, pair.b) else self.min_similarity
        if pair.similarity < min(floor, self.min_similarity_same_event) or dated_apart(pair.a, pair.b, ("day", "week", "month")):
            return []
        for na in pair.a.numbers:
            for nb in pair.b.numbers:
                if not na.counts or self.counted(na) != self.counted(nb):
                    continue
                if pair.similarity < floor and not self._same_event(self.counted(na), pair):
                    continue
                if compatible(_figure(na), _figure(nb), self.tolerance):
                    continue
                if self._agrees_with_another(na, pair.b.numbers) or self._agrees_with_another(nb, pair.a.numbers):
                    continue
                return [self._flag(pair, na, nb)]
        return []

    def _same_event(self, counted: str, pair: Pair) -> bool:
        """Two counts of people who died are the same toll, however differently the sentences read."""
        matcher = self.events.get(counted)
        return matcher is not None and bool(matcher.find(pair.a.text)) and bool(matcher.find(pair.b.text))

    def _agrees_with_another(self, n: NumberMention, others: tuple[NumberMention, ...]) -> bool:
        """'16 killed, 532 in total' vs '532 dead': a matching figure elsewhere means no clash."""
        return any(self.counted(o) == self.counted(n) and compatible(_figure(n), _figure(o), self.tolerance) for o in others)

    def _flag(self, pair: Pair, na: NumberMention, nb: NumberMention) -> Flag:
        what = na.counts if na.counts not in ("usd", "eur", "gbp", "percent") else "the amount"
        return Flag(
            category=self.category,
            kind="conflict",
            score=0.6 + 0.35 * pair.similarity,
            a=pair.a.id,
            b=pair.b.id,
            explanation=(
                f"{outlet(pair.a_article)} gives {_figure_text(na)} for {what}; "
                f"{outlet(pair.b_article)} gives {_figure_text(nb)}."
            ),
            evidence_a=(Span(na.start, na.end),),
            evidence_b=(Span(nb.start, nb.end),),
            detector=self.name,
        )


def _figure_text(n: NumberMention) -> str:
    prefix = _QUALIFIER_TEXT[n.qualifier]
    return n.text if n.qualifier == "exact" or any(ch.isalpha() for ch in n.text.split()[0]) else prefix + n.text




def _figure(n: NumberMention) -> Figure:
    return Figure(value=n.value, unit="", qualifier=n.qualifier)



