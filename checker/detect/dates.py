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

class DateDetector:
    """Flags the same event dated differently by two outlets."""

    name = "dates"
    category = "date_time"

    def __init__(self, models_dir: Path = MODELS_DIR, lexicon: FrameLexicon | None = None) -> None:
        limits = load_thresholds(models_dir)["date_time"]
        self.min_similarity = limits["min_similarity"]
        self.min_similarity_same_anchor = limits["min_similarity_same_anchor"]
        self.lexicon = lexicon or FrameLexicon.from_models(models_dir)

    def event(self, mention: DateMention, statement: Statement) -> str:
        """The act a date belongs to. 'said on Monday that Canada was cancelling' dates the
        cancelling: a reporting verb hands over to the statement's first act."""
        anchor = mention.anchor
        if anchor in self.lexicon.cue_verbs or anchor == "announce":
            acts = [f for f in statement.frames
                    if f.role != "act" and f.predicate not in self.lexicon.cue_verbs and f.predicate != "announce"]
            if acts and acts[0].role == "blame" and not acts[0].agent_key:
                return self.lexicon.event_groups.get(anchor, anchor)  # 'claimed the attack on Tuesday' dates the claim
            anchor = acts[0].predicate if acts else anchor
        return self.lexicon.event_groups.get(anchor, anchor)

    def keys(self, statement: Statement) -> list[str]:
        return sorted({f"dated:{self.event(d, statement)}" for d in statement.dates if d.anchor})

    def detect(self, pair: Pair) -> list[Flag]:
        pairs = [(da, db) for da in _dating(pair.a) for db in _dating(pair.b) if _comparable(da, db)]
        ev = {id(d): self.event(d, s) for s in (pair.a, pair.b) for d in s.dates}
        agreeing_events = {ev[id(da)] for da, db in pairs if _overlap(da, db) and ev[id(da)] == ev[id(db)]}
        any_agreement = any(_overlap(da, db) for da, db in pairs)
        best: tuple[float, DateMention, DateMention] | None = None
        for da, db in pairs:
            if _overlap(da, db):
                continue
            same_event = bool(da.anchor) and ev[id(da)] == ev[id(db)]
            # When the two statements agree on some date, a clash elsewhere is about another event,
            # unless it is the same kind of event and they do not agree on that one.
            if any_agreement and (not same_event or ev[id(da)] in agreeing_events):
                continue
            floor = self.min_similarity_same_anchor if same_event else self.min_similarity
            if pair.similarity < floor:
                continue
            score = (0.55 if same_event else 0.35) + 0.45 * pair.similarity
            if best is None or score > best[0]:
                best = (score, da, db)
        if best is None:
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


_BOUND_WORDS = ("since", "by", "until", "till", "through", "as of", "up to")


def _dating(statement: Statement) -> list[DateMention]:
    """Dates that say when something happened; 'since 27 September' and 'by 14 October' only
    bound the period a count covers."""
    text = statement.text
    return [d for d in statement.dates if not text[max(0, d.start - 24):d.start].rstrip().lower().endswith(_BOUND_WORDS)]


def _comparable(a: DateMention, b: DateMention) -> bool:
    """Day vs decade says little; compare expressions of similar precision only."""
    order = {"day": 0, "week": 1, "month": 2, "season": 2, "year": 3, "decade": 4}
    return abs(order.get(a.granularity, 3) - order.get(b.granularity, 3)) <= 2


def _overlap(a: DateMention, b: DateMention) -> bool:
    return a.first <= b.last and b.first <= a.last


def _when(mention: DateMention) -> str:
    if mention.granularity == "day":
        return day(mention.first)
    if mention.granularity == "year":
        return str(mention.first.year)
    return f"{day(mention.first)}–{day(mention.last)}"
