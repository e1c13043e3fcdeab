"""date_time: the same event placed at dates that cannot both be right.

Dates are compared as resolved day ranges (relative dates already resolved against each
article's publication date), so "early October" and "on Monday 5 October" agree.
"""

from __future__ import annotations

from pathlib import Path

from checker.detect.base import Pair, day, load_thresholds, outlet
from checker.frames import FrameLexicon
from checker.records import DateMention, Flag, Span, Statement
from checker.resources import MODELS_DIR

# Event words that name the same kind of event ("occupied" Karabakh / "under control" since).
_EVENT_ALIASES = {"occupy": "control", "seize": "control", "capture": "control", "take": "control", "hold": "control"}


class DateDetector:
    """Flags the same event dated differently by two outlets."""

    name = "dates"
    category = "date_time"

    def __init__(self, models_dir: Path = MODELS_DIR, lexicon: FrameLexicon | None = None) -> None:
        limits = load_thresholds(models_dir)["date_time"]
        self.min_similarity = limits["min_similarity"]
        self.min_similarity_same_anchor = limits["min_similarity_same_anchor"]
        self.lexicon = lexicon or FrameLexicon.from_models(models_dir)

    def event(self, mention: DateMention) -> str:
        anchor = _EVENT_ALIASES.get(mention.anchor, mention.anchor)
        return self.lexicon.verb_role(anchor) or anchor

    def keys(self, statement: Statement) -> list[str]:
        return sorted({f"dated:{self.event(d)}" for d in statement.dates if d.anchor})

    def detect(self, pair: Pair) -> list[Flag]:
        best: tuple[float, DateMention, DateMention] | None = None
        for da in pair.a.dates:
            for db in pair.b.dates:
                if da.first <= db.last and db.first <= da.last:
                    continue
                if not _comparable(da, db):
                    continue
                same_event = da.anchor and self.event(da) == self.event(db)
                floor = self.min_similarity_same_anchor if same_event else self.min_similarity
                if pair.similarity < floor:
                    continue
                score = (0.55 if same_event else 0.35) + 0.45 * pair.similarity
                if best is None or score > best[0]:
                    best = (score, da, db)
        if best is None or _agree_elsewhere(pair.a, pair.b):
            return []
        score, da, db = best
        return [
            Flag(
                category=self.category,
                kind="conflict",
                score=min(score, 0.95),
                a=pair.a.id,
                b=pair.b.id,
                explanation=(
                    f"{outlet(pair.a_article)} dates it {_when(da)} ('{da.text}'); "
                    f"{outlet(pair.b_article)} dates it {_when(db)} ('{db.text}')."
                ),
                evidence_a=(Span(da.start, da.end),),
                evidence_b=(Span(db.start, db.end),),
                detector=self.name,
            )
        ]


def _comparable(a: DateMention, b: DateMention) -> bool:
    """Day vs decade says little; compare expressions of similar precision only."""
    order = {"day": 0, "week": 1, "month": 2, "season": 2, "year": 3, "decade": 4}
    return abs(order.get(a.granularity, 3) - order.get(b.granularity, 3)) <= 2


def _agree_elsewhere(a: Statement, b: Statement) -> bool:
    """If every date of one statement meets a date of the other, they likely tell several events alike."""
    if not a.dates or not b.dates:
        return False
    return all(any(x.first <= y.last and y.first <= x.last for y in b.dates) for x in a.dates) and all(
        any(x.first <= y.last and y.first <= x.last for x in a.dates) for y in b.dates
    )


def _when(mention: DateMention) -> str:
    if mention.granularity == "day":
        return day(mention.first)
    if mention.granularity == "year":
        return str(mention.first.year)
    return f"{day(mention.first)}–{day(mention.last)}"
