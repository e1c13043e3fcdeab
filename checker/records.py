"""Plain data that flows between the pipeline stages.

Every stage takes and returns these dataclasses, so a stage can be tested alone
and swapped without touching its neighbours. Nothing here has behaviour beyond
small derived properties.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from typing import Literal

Kind = Literal["conflict", "framing"]

CATEGORIES: tuple[str, ...] = (
    "attribution",
    "causation_blame",
    "date_time",
    "number_quantity",
    "negation_denial",
    "naming_label",
    "status_legality",
    "certainty_hedging",
    "loaded_language",
)
STATUSES: tuple[str, ...] = ("open", "confirmed", "dismissed", "needs_check")


def content_id(*parts: object, length: int = 16) -> str:
    """Stable id from content, so re-running on the same input yields the same ids."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass(frozen=True)
class Article:
    """One article as ingested: cleaned main text plus what we know of its origin."""

    id: str
    text: str
    outlet: str
    source: str
    title: str = ""
    published: date | None = None
    url: str = ""


@dataclass(frozen=True)
class Skipped:
    """A file (or a row of a file) that could not be taken, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class Mention:
    """A named actor or place in a statement; `key` groups aliases (Ankara, Turkish -> turkey)."""

    text: str
    label: str
    start: int
    end: int
    key: str


@dataclass(frozen=True)
class DateMention:
    """A date expression resolved to an inclusive day range (`start`..`end`)."""

    text: str
    start: int
    end: int
    first: date
    last: date
    granularity: str  # day | week | month | season | year | decade
    anchor: str = ""  # lemma of the event word the date is attached to


@dataclass(frozen=True)
class TimeMention:
    """A clock time ('2.45 p.m.', 'at 14:52', 'noon') as minutes after midnight."""

    text: str
    start: int
    end: int
    minute: int
    meridiem: bool = True  # False for a bare 'at 2.51': morning or afternoon is not said
    approx: bool = False  # 'about 3 p.m.', 'shortly after 2.45'
    anchor: str = ""  # lemma of the event word the time is attached to


@dataclass(frozen=True)
class NumberMention:
    """A figure with what it counts and how it is hedged ("at least", "about")."""

    text: str
    start: int
    end: int
    value: float
    counts: str  # lemma of the counted noun, or unit such as "usd" / "percent"
    qualifier: str = ""  # exact | at_least | at_most | approx | just_over | just_under | range
    high: float | None = None  # top of a range: 'tens of thousands' is 20,000 to 99,999


@dataclass(frozen=True)
class Frame:
    """An event word with its agent: who did, started, announced or denied what."""

    predicate: str  # lemma of the event word
    role: str  # lexicon class: onset | aggression | announce | deny | support | report
    start: int
    end: int
    agent: str = ""  # surface text of the agent
    agent_key: str = ""  # normalised actor key (person, body or country)
    agent_side: str = ""  # country the agent stands for, when known
    agent_role: str = ""  # office of the agent, when known ("foreign minister")
    agent_start: int = -1
    agent_end: int = -1
    negated: bool = False  # "had not approved"
    main: bool = False  # the sentence's own event, not one in a subordinate clause
    theme: str = ""  # what was ordered or announced, as lemmas: 'boarding' in 'ordered the boarding'


@dataclass(frozen=True)
class Statement:
    """One sentence of an article, with who says it and what it names."""

    id: str
    article_id: str
    index: int
    start: int
    end: int
    text: str
    speaker: str = ""
    speaker_key: str = ""
    speaker_role: str = ""
    speaker_side: str = ""
    cue: str = ""
    quoted: bool = False
    headline: bool = False
    entities: tuple[Mention, ...] = ()
    context_keys: tuple[str, ...] = ()
    dates: tuple[DateMention, ...] = ()
    numbers: tuple[NumberMention, ...] = ()
    frames: tuple[Frame, ...] = ()
    times: tuple[TimeMention, ...] = ()

    @property
    def entity_keys(self) -> frozenset[str]:
        return frozenset(m.key for m in self.entities if m.key)

    @property
    def attributed(self) -> bool:
        """True when the outlet reports someone else's words rather than asserting them."""
        return bool(self.speaker or self.cue)


@dataclass(frozen=True)
class Story:
    """Articles about the same event; wire copies point at the article they copy."""

    id: str
    article_ids: tuple[str, ...]
    duplicates: dict[str, str] = field(default_factory=dict)  # copy id -> original id


@dataclass(frozen=True)
class Topic:
    """Statements on the same point across outlets."""

    id: str
    statement_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True)
class Span:
    """Character offsets inside one statement's text."""

    start: int
    end: int


@dataclass(frozen=True)
class Flag:
    """A typed difference between two statements (or one loaded statement when `b` is empty)."""

    category: str
    kind: Kind
    score: float
    a: str
    b: str
    explanation: str
    evidence_a: tuple[Span, ...] = ()
    evidence_b: tuple[Span, ...] = ()
    detector: str = ""
    also: tuple[str, ...] = ()  # further categories the same pair shows

    @cached_property
    def id(self) -> str:
        """Stable across runs: category and the two statement ids (ranking sorts on it, so computed once)."""
        ends = sorted([self.a, self.b]) if self.b else [self.a, ""]
        return content_id("flag", self.category, *ends)
