"""number_quantity: different figures for the same count, beyond rounding and stated bounds."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from checker.detect.base import (Pair, TermMatcher, content_words, dates_apart, day, load_contested, load_thresholds, outlet,
                                 shared_actors, stem)
from checker.frames import FrameLexicon
from checker.numbers import Figure, compatible
from checker.records import DateMention, Flag, NumberMention, Span, Statement
from checker.resources import MODELS_DIR
from checker.trends import ROLE as TREND

_QUALIFIER_TEXT = {"at_least": "at least ", "at_most": "at most ", "approx": "about ", "just_over": "just over ",
                   "just_under": "just under ", "exact": "", "range": ""}


class NumberDetector:
    """Flags two figures that count the same thing and cannot both be right."""

    name = "numbers"
    category = "number_quantity"

    def __init__(self, models_dir: Path = MODELS_DIR, lexicon: FrameLexicon | None = None) -> None:
        limits = load_thresholds(models_dir)["number_quantity"]
        self.min_similarity = limits["min_similarity"]
        self.min_similarity_shared_actor = limits["min_similarity_shared_actor"]
        self.min_similarity_same_event = limits["min_similarity_same_event"]
        self.min_similarity_shared_word = limits["min_similarity_shared_word"]
        self.max_ratio = limits["max_ratio"]
        self.trend_min_similarity = limits["trend_min_similarity"]
        contested = load_contested(models_dir)
        self.events = {k: TermMatcher(v) for k, v in contested["count_events"].items() if not k.startswith("_")}
        self.tolerance = limits["tolerance"]
        self.cumulative = frozenset(limits.get("cumulative_events", ()))
        self.people_events = frozenset(limits.get("people_events", ()))
        self.reporting = (lexicon or FrameLexicon.from_models(models_dir)).cue_verbs
        classes = contested["count_classes"]
        self.count_class = {noun: name for name, nouns in classes.items() if not name.startswith("_") for noun in nouns}
        # A statement meets many candidate partners: read each figure's event once.
        self._event_at = lru_cache(maxsize=1 << 17)(self._scan_event)

    def counted(self, n: NumberMention) -> str:
        """What a figure counts, with synonyms folded ('civilians' and 'people' killed); a share
        ('one in ten of the buses') is a share of it."""
        if n.counts.startswith("share of "):
            noun = n.counts[len("share of "):]
            return "share of " + (self.count_class.get(noun) or self.count_class.get(_singular(noun)) or noun)
        for noun in (n.counts, n.counts.split()[-1] if n.counts else ""):  # 'product line', then 'line'
            found = self.count_class.get(noun) or self.count_class.get(_singular(noun))
            if found:
                return found
        return n.counts.split()[-1] if n.counts else ""

    def _what(self, n: NumberMention, event: str) -> str:
        """What a figure counts; a bare figure of a casualty event ('143 were injured') counts people."""
        if n.counts:
            return self.counted(n)
        return "people" if event in self.people_events else ""

    def keys(self, statement: Statement) -> list[str]:
        return sorted({f"counts:{self.counted(n)}" for n in statement.numbers if n.counts})

    def detect(self, pair: Pair) -> list[Flag]:
        return self._figures(pair) or self._trends(pair)

    def _figures(self, pair: Pair) -> list[Flag]:
        """Two figures of one count that cannot both be right."""
        floor = self.min_similarity_shared_actor if shared_actors(pair.a, pair.b) else self.min_similarity
        if pair.similarity < min(floor, self.min_similarity_same_event):
            return []
        for na in pair.a.numbers:
            for nb in pair.b.numbers:
                event_a, event_b = self.event_of(pair.a, na), self.event_of(pair.b, nb)
                what = self._what(na, event_a)
                if not what or what != self._what(nb, event_b):
                    continue
                if _kinds_differ(pair.a.text, na, pair.b.text, nb):
                    continue  # '300 ageing diesel buses' is no count of '214 electric buses'
                if (not na.counts or not nb.counts) and event_a != event_b:
                    continue  # a bare '143 injured' is a count only of the same event: not '61 taken to hospital'
                if event_a != event_b and event_a and event_b:
                    continue  # 'killed 11' is no count of '200 gathered'
                ranked = na.counts == nb.counts and na.counts.startswith("age of ")  # 'the youngest' is one person
                if pair.similarity < floor and not (event_a and event_b) and not ranked and not self._tied_by_words(pair, na, nb):
                    continue  # an event word ties the figures only when both clauses name it (so pair order never matters)
                if _places_in_clause(pair.a, na) ^ _places_in_clause(pair.b, nb) and \
                        _places_in_clause(pair.a, na) and _places_in_clause(pair.b, nb):
                    continue  # '1,100 in Bracken Ford' and '3,000 in Bracken Ford and Wenlow' count different places
                limit = event_a == event_b == _GUARANTEED  # 'guaranteed up to 100,000' is the cap itself, not a bound on it
                if compatible(_figure(na, limit), _figure(nb, limit), self.tolerance):
                    continue
                if _orders_apart(na, nb, self.max_ratio):
                    continue  # 'up to 5,000 a day' and 'roughly 640 million' are two sums, not one misreported
                apart = _counted_apart(pair.a, na, pair.b, nb, self.reporting)
                if apart and not (event_a in self.cumulative and self._falls(pair, na, nb)):
                    continue  # counts at different times differ; a toll that falls later does not
                if self._agrees_with_another(na, event_a, pair.b) or self._agrees_with_another(nb, event_b, pair.a):
                    continue
                return [self._flag(pair, na, nb, what, apart)]
        return []

    def _trends(self, pair: Pair) -> list[Flag]:
        """One quantity told to go down by one outlet and up by the other over the same time ('slashed
        the security budget in 2024' / 'security spending has risen every year since 2023'): what
        moved shares a word, and the periods meet (or one is not given)."""
        if pair.similarity < self.trend_min_similarity:
            return []
        for fa in (f for f in pair.a.frames if f.role == TREND and not f.negated):
            for fb in (f for f in pair.b.frames if f.role == TREND and not f.negated):
                if fa.predicate == fb.predicate or not set(fa.theme.split()) & set(fb.theme.split()):
                    continue
                if _periods_apart(pair):
                    return []  # the statements' periods: the same for every pair of their trends
                return [Flag(
                    category=self.category,
                    kind="conflict",
                    score=0.6 + 0.3 * pair.similarity,
                    a=pair.a.id,
                    b=pair.b.id,
                    explanation=f"{outlet(pair.a_article)} says it {_MOVES[fa.predicate]} ('{pair.a.text[fa.start:fa.end]}'); "
                                f"{outlet(pair.b_article)} says it {_MOVES[fb.predicate]} ('{pair.b.text[fb.start:fb.end]}').",
                    evidence_a=(Span(fa.start, fa.end),),
                    evidence_b=(Span(fb.start, fb.end),),
                    detector=self.name,
                )]
        return []

    def _tied_by_words(self, pair: Pair, na: NumberMention, nb: NumberMention) -> bool:
        """Two figures that both name what they count, in clauses that share a word besides it
        ('38 tonnes ... in the hold' / 'more than 60 tonnes ... in her hold'): one count. Only the
        figures' own clauses count: a long sentence shares some word with anything."""
        if pair.similarity < self.min_similarity_shared_word or not (na.counts and nb.counts):
            return False
        own = content_words(na.counts) | content_words(nb.counts) | content_words(na.text) | content_words(nb.text)
        return bool((content_words(_clause(pair.a.text, na)) & content_words(_clause(pair.b.text, nb))) - own)

    def _falls(self, pair: Pair, na: NumberMention, nb: NumberMention) -> bool:
        """The later of two dated counts of the same toll is the lower one: a toll only grows."""
        when_a, when_b = _as_of(pair.a), _as_of(pair.b)
        if when_a is None or when_b is None or when_a == when_b:
            return False
        earlier, later = (na, nb) if when_a < when_b else (nb, na)
        return later.value < earlier.value * (1 - self.tolerance)

    def event_of(self, statement: Statement, n: NumberMention) -> str:
        """What happened to what the figure counts: the event word nearest to it in its own clause.

        Two counts of people who died are one toll however differently the sentences read; the
        nearest word decides between 'killed 21 and wounded about 70'. A bare figure counts people
        only through what happened to them, so their event wins over a nearer one ('the number of
        people killed when the dam failed rose to 14' is a toll).
        """
        return self._event_at(statement.text, n.start, n.end, not n.counts)

    def _scan_event(self, text: str, start: int, end: int, bare: bool = False) -> str:
        lo, hi = _clause_bounds(text, start, end)
        clause = text[lo:hi]
        best, best_distance = "", len(clause) + 1
        events = self.events.items()
        if bare and any(self.events[e].find(clause) for e in self.people_events if e in self.events):
            events = [(e, m) for e, m in events if e in self.people_events]
        for event, matcher in events:
            for hit in matcher.find(clause):
                distance = max(lo + hit.start - end, start - (lo + hit.end), 0)
                if distance < best_distance:
                    best, best_distance = event, distance
        if not best and lo > 0 and _RESTATED.match(clause):
            return self._scan_event(text, lo - 1, lo - 1)  # 'demanded 150 bitcoin, worth about 9.6 million florins'
        return best

    def _agrees_with_another(self, n: NumberMention, event: str, other: Statement) -> bool:
        """'16 killed, 532 in total' vs '532 dead': a matching figure of the same count elsewhere
        means no clash ('seven were hurt' is no match for 'seven died')."""
        what = self._what(n, event)
        for o in other.numbers:
            other_event = self.event_of(other, o)
            limit = event == other_event == _GUARANTEED
            if self._what(o, other_event) == what and (not event or not other_event or event == other_event) \
                    and compatible(_figure(n, limit), _figure(o, limit), self.tolerance):
                return True
        return False

    def _flag(self, pair: Pair, na: NumberMention, nb: NumberMention, counted: str, apart: bool = False) -> Flag:
        what = {"usd": "the amount", "eur": "the amount", "gbp": "the amount", "percent": "the amount",
                "minute": "the length of time", "km/h": "the speed", "mph": "the speed"}.get(na.counts, na.counts or counted)
        if apart:
            later = f" ({day(_as_of(pair.a))} and {day(_as_of(pair.b))}: the later count is lower, and a toll only grows)"
        else:
            later = ""
        return Flag(
            category="date_time" if na.counts == "minute" else self.category,  # how long: a time, not a count
            kind="conflict",
            score=0.6 + 0.35 * pair.similarity,
            a=pair.a.id,
            b=pair.b.id,
            explanation=(
                f"{outlet(pair.a_article)} gives {_figure_text(na)} for {what}; "
                f"{outlet(pair.b_article)} gives {_figure_text(nb)}{later}."
            ),
            evidence_a=(Span(na.start, na.end),),
            evidence_b=(Span(nb.start, nb.end),),
            detector=self.name,
        )


_MOVES = {"up": "went up", "down": "went down"}


def _periods_apart(pair: Pair) -> bool:
    """The years or days the two statements speak of do not meet; 'since 2023' runs to the day the
    article was published."""
    def period(statement: Statement, published: date) -> list[tuple[date, date]]:
        spans = []
        for d in statement.dates:
            since = statement.text[max(0, d.start - 8):d.start].rstrip().lower().endswith(("since", "from"))
            spans.append((d.first, max(d.last, published) if since else d.last))
        return spans
    pa, pb = period(pair.a, pair.a_article.published), period(pair.b, pair.b_article.published)
    return bool(pa and pb) and not any(x0 <= y1 and y0 <= x1 for x0, x1 in pa for y0, y1 in pb)


def _kinds_differ(text_a: str, na: NumberMention, text_b: str, nb: NumberMention) -> bool:
    """Both figures say what kind of thing they count, and the kinds share no word ('diesel buses'
    / 'electric buses'); one saying nothing ('214 buses') may count either."""
    kind_a, kind_b = _kind(text_a, na), _kind(text_b, nb)
    return bool(kind_a and kind_b and not kind_a & kind_b)


def _kind(text: str, n: NumberMention) -> frozenset[str]:
    """The words between a figure and the noun it counts ('ageing diesel' in '300 ageing diesel buses')."""
    if not n.counts or n.counts.startswith(("share of ", "age of ")):
        return frozenset()
    words = _WORD.findall(text[n.end:n.end + 60])[:5]
    noun = n.counts.split()[-1]  # a lemma: 'bus' begins 'buses', 'child' 'children'
    at = next((i for i, w in enumerate(words) if w.lower().startswith(noun)), None)
    # a name or a people ('Corvessan ships') says whose, not what kind
    return frozenset(stem(w) for w in words[:at] if w not in _NOT_KINDS and w.islower()) if at else frozenset()


_WORD = re.compile(r"[A-Za-z][a-z-]+")
_NOT_KINDS = frozenset({"of", "the", "its", "their", "more", "other", "new", "old", "such", "those", "these", "all", "own"})


def _figure_text(n: NumberMention) -> str:
    prefix = _QUALIFIER_TEXT[n.qualifier]
    if n.qualifier == "exact" or (any(ch.isalpha() for ch in n.text.split()[0]) and not n.counts.startswith("share of ")):
        return n.text  # the entity's words hold the hedge ('more than 300'); a share's never do
    return prefix + n.text




_CLAUSE_BREAKS = ",;:()\u2014\u2013"
# A clause that only restates the figure before it in other money ('150 bitcoin, worth about 9.6
# million florins'): its figure counts what that figure counts, in the same event.
_RESTATED = re.compile(r"\s*(?:worth|equivalent to|the equivalent of|valued at)\b", re.I)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG"})  # the small NER model often calls a village an ORG


def _clause(text: str, n: NumberMention) -> str:
    lo, hi = _clause_bounds(text, n.start, n.end)
    return text[lo:hi]


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of text around a figure up to the nearest punctuation that ends a clause."""
    lo = max((text.rfind(ch, 0, start) for ch in _CLAUSE_BREAKS), default=-1) + 1
    his = [i for i in (text.find(ch, end) for ch in _CLAUSE_BREAKS) if i != -1]
    return lo, min(his, default=len(text))


def _places_in_clause(statement: Statement, n: NumberMention) -> frozenset[str]:
    """Places named in the figure's clause: the scope of what it counts ('1,100 in Bracken Ford').
    The small NER model calls some villages an ORG, so an ORG counts too, but only after a place
    preposition ('of Millbrook and Ashby'): 'Eddery's lead' is no scope."""
    lo, hi = _clause_bounds(statement.text, n.start, n.end)
    return frozenset(m.key or m.text.lower() for m in statement.entities
                     if m.label in _PLACE_LABELS and lo <= m.start and m.end <= hi
                     and (m.label != "ORG" or _LOCATIVE.search(statement.text[max(lo, m.start - 20):m.start])))


_LOCATIVE = re.compile(r"\b(in|at|across|throughout|near|around|outside|inside|from|of|and|or)\s+(the\s+)?$", re.I)  # "of Millbrook and Ashby"


def _singular(noun: str) -> str:
    """The parser leaves some plurals unlemmatised ('servicemen'); fold the regular ones."""
    if noun.endswith("men"):
        return noun[:-3] + "man"
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _dates_of(statement: Statement, n: NumberMention, reporting: frozenset[str] = frozenset()) -> list[DateMention]:
    """The dates that say when a figure was counted: in its clause, attached to a word of its
    clause, or to the saying of it ('On Monday, officials said 14 had died'); not to another event
    of the sentence ('the crew of 12 were detained and the boat ... arrived on Tuesday')."""
    lo, hi = _clause_bounds(statement.text, n.start, n.end)
    words = content_words(statement.text[lo:hi])
    return [d for d in statement.dates if d.granularity in ("day", "week", "month")
            and ((lo <= d.start and d.end <= hi) or d.anchor in reporting
                 or (d.anchor and stem(d.anchor.split()[0]) in words))]


def _counted_apart(a: Statement, na: NumberMention, b: Statement, nb: NumberMention,
                   reporting: frozenset[str] = frozenset()) -> bool:
    """Both figures are dated and no two of their dates meet: counts made at different times."""
    return dates_apart(_dates_of(a, na, reporting), _dates_of(b, nb, reporting))


def _as_of(statement: Statement) -> date | None:
    """The latest day a statement's dates reach: when its count was made ('by 14 October')."""
    days = [d.last for d in statement.dates if d.granularity in ("day", "week")]
    return max(days, default=None)


def _orders_apart(a: NumberMention, b: NumberMention, max_ratio: float) -> bool:
    """Nonzero figures more than `max_ratio` times apart (a range by its nearer end)."""
    low_a, high_a = a.value, a.high or a.value
    low_b, high_b = b.value, b.high or b.value
    if min(low_a, low_b) <= 0:
        return False
    return high_a * max_ratio < low_b or high_b * max_ratio < low_a


def _figure(n: NumberMention, limit: bool = False) -> Figure:
    """The figure as a value with its hedge; a limit's 'up to' is the limit itself ('guaranteed up
    to 100,000' and 'only the first 50,000 is guaranteed' are two limits)."""
    qualifier = "exact" if limit and n.qualifier == "at_most" else n.qualifier
    return Figure(value=n.value, unit="", qualifier=qualifier, high=n.high)


_GUARANTEED = "guaranteed"  # the count event of a limit (count_events in contested.json)



