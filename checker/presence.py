"""Presence claims: a thing said to be, or never to have been, in a place.

'No styrene had entered the river' and 'traces of styrene were detected in the river'; 'the
trawler never entered our waters' and 'she was caught well inside those waters'; 'no ballot was
ever in that skip' and 'ballots were found dumped in a skip'. Each is one fact, where something
was, asserted by one outlet and denied by another, whatever verbs carry it. The claim is kept as a
`Frame` with role 'presence': predicate is the thing (its lemma, or its name), theme the place's
words, negated whether the sentence says it was not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Span, Token

from checker.records import Frame
from checker.resources import lexicon_from

ROLE = "presence"
_NOBODY = frozenset({"nobody", "no-one", "nothing", "none"})
_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class PresenceLexicon:
    """Word classes from the 'presence' section of `models/lexicons/frames.json`."""

    verbs: frozenset[str] = frozenset()  # 'find', 'detect', 'be': with a place after 'in', 'inside', ...
    entering_verbs: frozenset[str] = frozenset()  # 'enter', 'reach': the place is the object
    place_prepositions: frozenset[str] = frozenset()
    strict_place_prepositions: frozenset[str] = frozenset()  # 'inside': a place whatever the verb ('in' may be figurative)
    portion_nouns: frozenset[str] = frozenset()  # 'traces of styrene', 'hundreds of ballots': the thing is what follows 'of'

    @classmethod
    def from_data(cls, data: dict) -> "PresenceLexicon":
        return lexicon_from(cls, data)


def presence_frames(sent: Span, lex: PresenceLexicon, skip: Callable[[Token], bool] = lambda tok: False) -> list[Frame]:
    """Every 'thing in place' the sentence asserts or denies (offsets relative to the sentence);
    `skip` drops verbs the sentence does not claim ('asked whether any styrene reached the river')."""
    frames = []
    for verb in sent:
        if verb.pos_ not in ("VERB", "AUX") or skip(verb):
            continue
        lemma = verb.lemma_.lower()
        if lemma in lex.verbs or lemma in lex.entering_verbs:
            place = _place(verb, lemma, lex, lex.place_prepositions)
            subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        else:  # any act done 'well inside' a place puts what it was done to there: 'was stopped inside our waters'
            place = _place(verb, lemma, lex, lex.strict_place_prepositions)
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        thing = _thing(subject, lex) if subject is not None else None
        if place is None or thing is None:
            continue
        start = min(subject.left_edge.idx, verb.idx) - sent.start_char
        end = place.idx + len(place.text) - sent.start_char
        frames.append(Frame(
            predicate=_name(thing),
            role=ROLE,
            start=start,
            end=end,
            agent=" ".join(t.text for t in thing.subtree if t.dep_ in ("compound", "flat") or t.i == thing.i),
            agent_start=thing.idx - sent.start_char,
            agent_end=thing.idx + len(thing.text) - sent.start_char,
            negated=_negated(verb, subject, thing),
            theme=" ".join(_place_words(place)),
        ))
    return frames


def _place(verb: Token, lemma: str, lex: PresenceLexicon, prepositions: frozenset[str]) -> Token | None:
    """'entered the River Osk' (object), 'detected in the Osk', 'found dumped in a skip' (the
    place may hang on the participle after the verb)."""
    if lemma in lex.entering_verbs:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
            return obj
    for head in (verb, *(c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB")):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in prepositions:
                obj = next((g for g in prep.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")), None)
                if obj is not None:
                    return obj
    return None


def _thing(subject: Token, lex: PresenceLexicon) -> Token | None:
    """The subject, or what a portion word measures: 'traces of styrene' is styrene."""
    if subject.pos_ not in ("NOUN", "PROPN"):
        return None
    if subject.lemma_.lower() in lex.portion_nouns:
        of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        return inner if inner is not None and inner.pos_ in ("NOUN", "PROPN") else None
    return subject


def _name(thing: Token) -> str:
    """A common noun by its lemma ('ballots' is 'ballot'); a name by its words ('selka dawn')."""
    if thing.pos_ == "PROPN":
        return " ".join(t.lower_ for t in thing.subtree if t.dep_ in ("compound", "flat") or t.i == thing.i)
    return thing.lemma_.lower()


def _place_words(place: Token) -> list[str]:
    """The place and its modifiers as lemmas: 'Corvessan territorial waters' -> corvessan territorial water."""
    words = [t for t in place.subtree if t.i <= place.i and t.dep_ in ("compound", "amod", "nmod", "flat") or t.i == place.i]
    return [t.lemma_.lower() for t in words if t.pos_ in ("NOUN", "PROPN", "ADJ")]


def _negated(verb: Token, subject: Token, thing: Token) -> bool:
    """'never entered', 'had not reached', 'no styrene had entered', 'nothing was found in'."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(
        noun.lower_ in _NOBODY or any(d.dep_ == "det" and d.lower_ == "no" for d in noun.children)
        for noun in (subject, thing)
    )
