"""What a detector is, what it receives, and the small shared tools detectors use.

A pair detector has `keys(statement)` (blocking keys that ask the candidate stage to pair
statements sharing them) and `detect(pair)`; a statement detector has `detect(statement,
article)`. Both return typed `Flag`s with evidence spans and a one-sentence explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from pathlib import Path
from typing import Iterable, Protocol, Sequence, runtime_checkable

from checker.records import Article, DateMention, Span, Statement
from checker.resources import load_json

_WORD = re.compile(r"[a-z0-9][a-z0-9'’\-]*")
_STOP = frozenset(
    "a an the of to in on and or for with by at from that this these those is was were are be been being has "
    "have had it its as he she they them their his her we our you i said says say also not no but after before "
    "over about into than then there here which who whom what when where while will would could should may might "
    "can do does did just only more most other some such so up out one two all any each both very".split()
)


@dataclass(frozen=True)
class Pair:
    """Two statements from different outlets, with their articles and embedding cosine."""

    a: Statement
    b: Statement
    a_article: Article
    b_article: Article
    similarity: float

    def swapped(self) -> "Pair":
        return Pair(self.b, self.a, self.b_article, self.a_article, self.similarity)


@runtime_checkable
class PairDetector(Protocol):
    name: str
    category: str

    def keys(self, statement: Statement) -> Iterable[str]: ...

    def detect(self, pair: Pair) -> list: ...


@runtime_checkable
class StatementDetector(Protocol):
    """Judges single statements; `detect_many` takes a batch (a model inside needs batches)."""

    name: str
    category: str

    def detect(self, statement: Statement, article: Article) -> list: ...

    def detect_many(self, statements: list[Statement], articles: list[Article], vectors=None) -> list[list]: ...


@dataclass(frozen=True)
class Hit:
    """A lexicon term found in a text: the term as listed, and where it is."""

    term: str
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


class TermMatcher:
    """Finds listed terms on word boundaries; '*' in a term stands for up to four words."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = sorted({t.lower() for t in terms}, key=len, reverse=True)
        parts = [_term_regex(t) for t in self.terms]
        self.pattern = re.compile(r"(?<![\w-])(" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE) if parts else None
        self._by_regex = [(re.compile(r"^" + _term_regex(t) + r"$", re.IGNORECASE), t) for t in self.terms]
        # Detectors ask about the same statement once per candidate pair it is in: remember the answer.
        self._hits = lru_cache(maxsize=1 << 17)(self._scan)

    def find(self, text: str) -> list[Hit]:
        return list(self._hits(text))

    def _scan(self, text: str) -> tuple[Hit, ...]:
        if self.pattern is None:
            return ()
        return tuple(Hit(self._term_of(m.group(0)), m.start(), m.end()) for m in self.pattern.finditer(text))

    def _term_of(self, found: str) -> str:
        for regex, term in self._by_regex:
            if regex.match(found):
                return term
        return found.lower()


def outside(hits: list[Hit], within: list[Hit]) -> list[Hit]:
    """The hits not part of a longer term found in the same text ('named as a suspect' in 'no one
    has been named as a suspect', 'claimed' in 'claimed responsibility')."""
    return [h for h in hits if not any(w.start <= h.start and h.end <= w.end for w in within)]


def _term_regex(term: str) -> str:
    pieces = [r"\s+".join(re.escape(w) for w in p.split()) for p in term.split("*")]
    return r"(?:\s+\S+){0,4}?\s+".join(pieces)


def load_thresholds(models_dir: Path) -> dict:
    return load_json(models_dir / "detectors.json")


def load_contested(models_dir: Path) -> dict:
    return load_json(models_dir / "lexicons" / "contested.json")


@lru_cache(maxsize=1 << 17)
def content_words(text: str) -> frozenset[str]:
    """Lower-case words that carry meaning (no function words, no single letters)."""
    return frozenset(stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2)


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter2 (Snowball) stem: 'clashes' meets 'clash', 'illnesses' meets 'illness'."""
    return _stemmer().stemWord(word)


def shared_actors(a: Statement, b: Statement, with_context: bool = True) -> set[str]:
    """Actor keys both statements name (optionally counting the sentence before each)."""
    keys_a = set(a.entity_keys) | ({a.speaker_key} if a.speaker_key else set())
    keys_b = set(b.entity_keys) | ({b.speaker_key} if b.speaker_key else set())
    if with_context:
        keys_a |= set(a.context_keys)
        keys_b |= set(b.context_keys)
    return keys_a & keys_b


def in_quote(statement: Statement, start: int) -> bool:
    """True when a position of the statement lies inside quotation marks."""
    before = statement.text[:start]
    opened = before.count("“") - before.count("”")
    straight = before.count('"') % 2
    return opened > 0 or straight == 1


def outlet(article: Article) -> str:
    return article.outlet or article.source


def short(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_MONTHS_AS_WRITTEN = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def day(value: object) -> str:
    """A date as editors write it: 27 Sept. 2020, 12 May 2030."""
    if not isinstance(value, date):
        return str(value)
    return f"{value.day} {_MONTHS_AS_WRITTEN[value.month - 1]} {value.year}"


def dated_apart(a: Statement, b: Statement, precision: tuple[str, ...] = ("day",)) -> bool:
    """Both statements carry dates of this precision and none of them meet: likely two events."""
    return dates_apart([d for d in a.dates if d.granularity in precision], [d for d in b.dates if d.granularity in precision])


def dates_apart(da: Sequence[DateMention], db: Sequence[DateMention]) -> bool:
    """Both sides carry dates and no two of them meet."""
    return bool(da and db) and not any(x.first <= y.last and y.first <= x.last for x in da for y in db)


def first_day(statement: Statement) -> str:
    """The statement's first day-precise date, as editors write it, or ''."""
    days = [d for d in statement.dates if d.granularity == "day"]
    return day(days[0].first) if days else ""
