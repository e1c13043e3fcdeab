"""Causes of death: who or what a statement says killed someone.

'It was the toxic smoke that killed Edwin' and 'Mr Harrowby died of natural causes unconnected
with the derailment' give one death two causes; whether a death came from the event at all is
what editors most need to see. The claim is kept as a `Frame` with role 'death': the agent is the
person who died, the predicate whether the cause is 'natural', the 'event' or only 'medical'
(how, not why), the theme the cause's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Span, Token

from checker.coref import Referent
from checker.records import Frame
from checker.resources import lexicon_from

ROLE = "death"
NATURAL, EVENT, MEDICAL = "natural", "event", "medical"


@dataclass(frozen=True)
class DeathLexicon:
    """Word classes from the 'deaths' section of `models/lexicons/frames.json`."""

    killing_verbs: frozenset[str] = frozenset()  # 'killed', 'poisoned': the cause is the subject
    dying_verbs: frozenset[str] = frozenset()  # 'died of', 'succumbed to': the cause follows a preposition
    cause_prepositions: frozenset[str] = frozenset()
    natural_causes: tuple[str, ...] = ()  # 'natural causes', 'unconnected with': the event ruled out
    medical_causes: tuple[str, ...] = ()  # 'heart failure': how, not why; fits either account

    @classmethod
    def from_data(cls, data: dict) -> "DeathLexicon":
        return lexicon_from(cls, data)


def death_frames(sent: Span, lex: DeathLexicon, actor_of: Callable[[Token], Referent | None],
                 skip: Callable[[Token], bool] = lambda tok: False) -> list[Frame]:
    """Every death the sentence gives a cause for, with the person who died when the article names them."""
    frames = []
    for verb in sent:
        if verb.pos_ != "VERB" or skip(verb) or any(c.dep_ == "neg" for c in verb.children):
            continue
        lemma = verb.lemma_.lower()
        if lemma in lex.killing_verbs:
            victim, cause = _killed(verb)
        elif lemma in lex.dying_verbs:
            victim, cause = _died(verb, lex)
        else:
            continue
        if victim is None or cause is None:
            continue
        who = actor_of(victim)
        if who is None or not who.key.startswith("person:"):
            continue
        inside = set(verb.subtree) if cause.is_ancestor(verb) else set()  # not 'that killed him' in the cleft's cause
        told = [t for t in cause.subtree if t not in inside]
        words = " ".join(t.text for t in told).lower()
        start = min(verb.idx, told[0].idx) - sent.start_char
        end = max(t.idx + len(t.text) for t in (verb, victim, told[-1])) - sent.start_char
        frames.append(Frame(
            predicate=_kind(words, lex),
            role=ROLE,
            start=start,
            end=end,
            agent=who.text,
            agent_key=who.key,
            agent_start=victim.idx - sent.start_char,
            agent_end=victim.idx + len(victim.text) - sent.start_char,
            theme=" ".join(t.text for t in told),
        ))
    return frames


def _kind(cause: str, lex: DeathLexicon) -> str:
    """'natural causes unconnected with the fire' rules the event out; 'heart failure' says how,
    not why; anything else ('the smoke', 'injuries sustained in the crush') is the event's doing."""
    if any(term in cause for term in lex.natural_causes):
        return NATURAL
    return MEDICAL if any(term in cause for term in lex.medical_causes) else EVENT


def _killed(verb: Token) -> tuple[Token | None, Token | None]:
    """'the smoke killed him' / 'he was killed by the smoke' / 'it was the smoke that killed him'."""
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    if passive:
        victim = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        cause = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
        return victim, cause
    victim = next((c for c in verb.children if c.dep_ == "dobj"), None)
    cause = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if cause is not None and cause.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        cause = _phrase_top(verb.head)  # 'the smoke from the wagons that killed him'
    return victim, cause


def _died(verb: Token, lex: DeathLexicon) -> tuple[Token | None, Token | None]:
    """'he died of natural causes', 'she died from her injuries', 'he succumbed to the fumes'."""
    victim = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in lex.cause_prepositions:
            cause = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if cause is not None:
                return victim, cause
    return victim, None


def _phrase_top(noun: Token) -> Token:
    """'wagons' in 'the smoke from the burning wagons' -> 'smoke': climb out of prepositional phrases."""
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head.head
    return noun
