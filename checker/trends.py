"""Trend claims: a quantity said to have gone up, or down.

'The ministry slashed the hospitals' IT security budget by a third in 2024' and 'spending on
cyber security has risen every year since 2023' cannot both be right: one quantity, told to move
in opposite directions over the same years. Each claim is kept as a `Frame` with role 'trend':
predicate the direction ('up', 'down'), theme the content lemmas of what moved (the verb's object,
or its subject when nothing is acted on: 'the budget was cut', 'spending rose'), negated whether
the sentence says it did not move that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Span, Token

from checker.records import Frame
from checker.resources import lexicon_from

ROLE = "trend"
_OBJECTS = ("dobj", "nsubjpass")
_SUBJECTS = ("nsubj",)
_MODIFIERS = ("compound", "amod", "nmod")
_ABOUT = frozenset({"on", "for", "of", "in"})  # 'spending on security', 'the budget for hospitals'


@dataclass(frozen=True)
class TrendLexicon:
    """Word classes from the 'trends' section of `models/lexicons/frames.json`."""

    up: frozenset[str] = frozenset()  # 'rise', 'increase', 'boost': lemmas
    down: frozenset[str] = frozenset()  # 'cut', 'slash', 'fall'
    vague_nouns: frozenset[str] = frozenset()  # 'number', 'level', 'amount': say nothing of what moved

    @classmethod
    def from_data(cls, data: dict) -> "TrendLexicon":
        return lexicon_from(cls, data)

    def direction(self, lemma: str) -> str:
        return "up" if lemma in self.up else "down" if lemma in self.down else ""


def trend_frames(sent: Span, lex: TrendLexicon, skip: Callable[[Token], bool] = lambda tok: False) -> list[Frame]:
    """Every quantity the sentence says went up or down (offsets relative to the sentence);
    `skip` drops verbs the sentence does not claim ('plans to cut the budget')."""
    frames = []
    for verb in sent:
        if verb.pos_ != "VERB" or skip(verb):
            continue
        direction = lex.direction(verb.lemma_.lower())
        if not direction:
            continue
        thing = next((c for c in verb.children if c.dep_ in _OBJECTS), None)
        if thing is None:
            thing = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        words = _what_moved(thing, lex) if thing is not None and (thing.pos_ == "NOUN" or thing.tag_ == "VBG") else ()
        if not words:
            continue
        start, end = min(verb.idx, thing.left_edge.idx), max(verb.idx + len(verb.text), thing.idx + len(thing.text))
        frames.append(Frame(
            predicate=direction,
            role=ROLE,
            start=start - sent.start_char,
            end=end - sent.start_char,
            negated=any(c.dep_ == "neg" for c in verb.children),
            theme=" ".join(words),
        ))
    return frames


def _what_moved(noun: Token, lex: TrendLexicon) -> tuple[str, ...]:
    """The content lemmas naming the quantity: the noun (a gerund too: 'Spending on ...' opening a
    sentence is tagged a verb), its modifiers, and what it is spent on or counts ('spending on
    cyber security': spending, cyber, security)."""
    tokens = [noun, *(c for c in noun.children if c.dep_ in _MODIFIERS)]
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in _ABOUT):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            tokens += [obj, *(c for c in obj.children if c.dep_ in _MODIFIERS)]
    words = {t.lower_ if t.tag_ == "VBG" else t.lemma_.lower() for t in tokens  # 'spending', not 'spend'
             if t.is_alpha and not t.is_stop and (t.i == noun.i or t.pos_ in ("NOUN", "PROPN", "ADJ"))}
    return tuple(sorted(words - lex.vague_nouns))
