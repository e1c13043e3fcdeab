"""date_time: the same event placed at dates or clock times that cannot both be right.

Dates are compared as resolved day ranges (relative dates already resolved against each
article's publication date), so "early October" and "on Monday 5 October" agree. Clock times
are compared in minutes, within a few minutes' reading (a quarter hour when hedged).
"""

from __future__ import annotations

import re

from pathlib import Path
from typing import Sequence, TypeVar

from checker.dates import clock_gap
from checker.detect.base import Pair, dated_apart, day, load_thresholds, outlet
from checker.frames import FrameLexicon
from checker.records import DateMention, Flag, Span, Statement, TimeMention
from checker.resources import MODELS_DIR
from checker.trends import ROLE as TREND

M = TypeVar("M", DateMention, TimeMention)


class DateDetector:
    """Flags the same event dated differently by two outlets."""

    name = "dates"
    category = "date_time"

    def __init__(self, models_dir: Path = MODELS_DIR, lexicon: FrameLexicon | None = None) -> None:
        limits = load_thresholds(models_dir)["date_time"]
        self.min_similarity = limits["min_similarity"]
        self.min_similarity_same_anchor = limits["min_similarity_same_anchor"]
        self.clock_minutes = limits.get("clock_minutes", 4)
        self.clock_minutes_approx = limits.get("clock_minutes_approx", 15)
        self.lexicon = lexicon or FrameLexicon.from_models(models_dir)

    def event(self, mention: DateMention | TimeMention, statement: Statement) -> str:
        """The act a date belongs to. 'said on Monday that Canada was cancelling' dates the
        cancelling: a reporting verb hands over to the statement's first act, unless that act has
        a date of its own ('were killed on Saturday, police said on Sunday')."""
        anchor = mention.anchor
        dated_acts = any(d.anchor and d.anchor not in self.lexicon.cue_verbs and d.anchor != "announce" for d in statement.dates)
        if (anchor in self.lexicon.cue_verbs or anchor == "announce") and not dated_acts:
            acts = [f for f in statement.frames
                    if f.role not in ("act", TREND) and f.predicate not in self.lexicon.cue_verbs and f.predicate != "announce"]
            if acts and acts[0].role == "blame" and not acts[0].agent_key:
                return self.lexicon.event_groups.get(anchor, anchor)  # 'claimed the attack on Tuesday' dates the claim
            anchor = acts[0].predicate if acts else anchor
        return self.lexicon.event_groups.get(anchor, anchor)

    def keys(self, statement: Statement) -> list[str]:
        timed = (*statement.dates, *(t for t in statement.times if t.anchor not in _NO_EVENT))
        return sorted({f"dated:{self.event(d, statement)}" for d in timed if d.anchor})

    def detect(self, pair: Pair) -> list[Flag]:
        return self._dates(pair) or self._clock(pair)

    def _clock(self, pair: Pair) -> list[Flag]:
        """The same act at clock times too far apart (on the same day, if both give one)."""
        if dated_apart(pair.a, pair.b):
            return []
        ev = {id(t): self.event(t, s) for s in (pair.a, pair.b) for t in s.times}
        pairs = [(ta, tb) for ta in _timing(pair.a) for tb in _timing(pair.b)]
        any_agreement = any(not self._apart(ta, tb) for ta, tb in pairs)
        best: tuple[float, TimeMention, TimeMention] | None = None
        for ta, tb in pairs:
            same_event = ev[id(ta)] == ev[id(tb)] and ta.anchor not in _NO_EVENT
            if not self._apart(ta, tb) or (any_agreement and not same_event):
                continue
            score = self._score(same_event, pair.similarity)
            if score is not None and (best is None or score > best[0]):
                best = (score, ta, tb)
        if best is None:
            return []
        score, ta, tb = best
        text = f"{outlet(pair.a_article)} times it at {ta.text}; {outlet(pair.b_article)} at {tb.text.rstrip('.')}."
        return [self._flag(pair, score, text, Span(ta.start, ta.end), Span(tb.start, tb.end))]

    def _score(self, same_event: bool, similarity: float) -> float | None:
        """Different acts need near-paraphrases to count as one event; the same act a modest likeness."""
        if similarity < (self.min_similarity_same_anchor if same_event else self.min_similarity):
            return None
        return (0.55 if same_event else 0.35) + 0.45 * similarity

    def _apart(self, a: TimeMention, b: TimeMention) -> bool:
        """Further apart than a clock reading allows: a few minutes, or a quarter hour when hedged."""
        limit = self.clock_minutes_approx if a.approx or b.approx else self.clock_minutes
        return clock_gap(a.minute, b.minute, a.meridiem and b.meridiem) > limit

    def _dates(self, pair: Pair) -> list[Flag]:
        pairs = [(da, db) for da in _dating(pair.a) for db in _dating(pair.b) if _comparable(da, db)]
        ev = {id(d): self.event(d, s) for s in (pair.a, pair.b) for d in s.dates}
        agreeing_events = {ev[id(da)] for da, db in pairs if _overlap(da, db) and ev[id(da)] == ev[id(db)]}
        any_agreement = any(_overlap(da, db) for da, db in pairs)
        best: tuple[float, DateMention, DateMention] | None = None
        for da, db in pairs:
            if _overlap(da, db):
                continue
            if ev[id(da)] in _NO_EVENT and ev[id(db)] in _NO_EVENT:
                continue  # 'officials said on Monday' and 'on Saturday': two days of saying, no event
            same_event = bool(da.anchor) and ((ev[id(da)] == ev[id(db)] and not _themes_differ(da, pair.a, db, pair.b))
                                              or _same_theme(da, pair.a, db, pair.b))
            # When the two statements agree on some date, a clash elsewhere is about another event,
            # unless it is the same kind of event and they do not agree on that one.
            if any_agreement and (not same_event or ev[id(da)] in agreeing_events):
                continue
            score = self._score(same_event, pair.similarity)
            if score is not None and (best is None or score > best[0]):
                best = (score, da, db)
        if best is None:
            return []
        score, da, db = best
        text = (f"{outlet(pair.a_article)} dates it {_when(da)} ('{da.text}'); "
                f"{outlet(pair.b_article)} dates it {_when(db)} ('{db.text}').")
        return [self._flag(pair, score, text, Span(da.start, da.end), Span(db.start, db.end))]

    def _flag(self, pair: Pair, score: float, explanation: str, span_a: Span, span_b: Span) -> Flag:
        return Flag(category=self.category, kind="conflict", score=min(score, 0.95), a=pair.a.id, b=pair.b.id,
                    explanation=explanation, evidence_a=(span_a,), evidence_b=(span_b,), detector=self.name)


_BOUND_WORDS = ("since", "by", "until", "till", "through", "as of", "up to")


def _dating(statement: Statement) -> list[DateMention]:
    """Dates that say when something happened; 'since 27 September' and 'by 14 October' only
    bound the period a count covers, unless a clause tells what happened that day ('since Sunday
    7 October, when officials completed the takeover'; not 'until 2026, when', a year)."""
    unbounded = {id(d) for d in _unbounded(statement, statement.dates, _BOUND_WORDS, 24)}
    return [d for d in statement.dates
            if id(d) in unbounded or (d.granularity == "day" and _WHEN.match(statement.text, d.end))]


_WHEN = re.compile(r",?\s+when\b")


def _unbounded(statement: Statement, mentions: Sequence[M], bounds: tuple[str, ...], window: int) -> list[M]:
    """The mentions not just after one of the words that make them a bound of a period."""
    text = statement.text
    return [m for m in mentions if not text[max(0, m.start - window):m.start].rstrip().lower().endswith(bounds)]


def _decided(mention: DateMention, statement: Statement) -> str:
    """What the dated decision was about: the theme of the announcing frame of the date's own verb
    nearest to it ('signed the emergency authorisation on February 5, and X then signed the
    contract': the authorisation)."""
    frames = [f for f in statement.frames if f.role == "announce" and f.predicate == mention.anchor and f.theme]
    nearest = min(frames, key=lambda f: abs(f.start - mention.start), default=None)
    return nearest.theme if nearest else ""


def _themes_differ(da: DateMention, a: Statement, db: DateMention, b: Statement) -> bool:
    """'Signed the contract on February 9' and 'signed the authorisation on February 5': one verb,
    two decisions."""
    theme_a, theme_b = _decided(da, a), _decided(db, b)
    return bool(theme_a and theme_b) and theme_a != theme_b


def _same_theme(da: DateMention, a: Statement, db: DateMention, b: Statement) -> bool:
    """'ordered an inquiry last night' and 'announced an inquiry on Monday': two words for one
    decision, tied by what was decided."""
    theme_a = next((f.theme for f in a.frames if f.role == "announce" and f.predicate == da.anchor and f.theme), "")
    theme_b = next((f.theme for f in b.frames if f.role == "announce" and f.predicate == db.anchor and f.theme), "")
    return bool(theme_a) and theme_a == theme_b


_NO_EVENT = frozenset({"", "be", "have", "do", "say", "tell"})
_TIME_BOUNDS = ("from", "until", "till", "by", "since", "before", "after", "between", "and")


def _timing(statement: Statement) -> list[TimeMention]:
    """Clock times that say when something happened; 'open from 7 a.m. until 10 p.m.' and 'by
    noon' only bound a period."""
    return _unbounded(statement, statement.times, _TIME_BOUNDS, 12)


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
