"""Open causes: a statement that says why or how something happened is not known.

'The cause of the scanner failures has not been established', 'why the train derailed remains
unclear', 'investigators are still working to establish how the attackers got in', 'the board said,
without giving a reason'. Against another outlet that names a culprit for the same incident, this
is the neutral side of a blame framing: one outlet blames, the other says no one knows. The claim
is kept as a `Frame` with role 'onset' (an account of how the incident came about, naming no one),
predicate OPEN_CAUSE and theme the incident's word ('failure', 'derail'), when the sentence says.

Beside it, `ruled_out` finds a culprit cleared: 'no evidence that any foreign state was involved
in this attack'. Against an outlet that blames that actor, or one of that class, it is a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Span, Token

from checker.records import Frame
from checker.resources import lexicon_from

OPEN_CAUSE = "open cause"
RULED_OUT = "ruled out"  # the role of 'no evidence that any foreign state was involved': a culprit ruled out
_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_AMOUNTS = frozenset({"many", "much", "long", "far", "often", "soon", "big", "large"})


@dataclass(frozen=True)
class OpenCauseLexicon:
    """Word classes from the 'open_cause' section of `models/lexicons/frames.json`."""

    cause_nouns: frozenset[str] = frozenset()  # 'cause', 'reason': the cause named as a thing
    question_words: frozenset[str] = frozenset()  # 'how', 'why', 'who': the cause asked as a question
    open_words: frozenset[str] = frozenset()  # 'unclear', 'unknown': a predicate that leaves it open
    settled_words: frozenset[str] = frozenset()  # 'clear', 'known': open when negated ('it is not clear why')
    inquiry_verbs: frozenset[str] = frozenset()  # 'establish', 'say': open when negated, ongoing or 'without'
    ongoing_verbs: frozenset[str] = frozenset()  # 'work', 'try', 'investigate': an inquiry still under way
    evidence_nouns: frozenset[str] = frozenset()  # 'evidence', 'sign': 'no evidence that X was involved'
    involvement_words: frozenset[str] = frozenset()  # 'involve', 'behind', 'responsible': what X is cleared of

    @classmethod
    def from_data(cls, data: dict) -> "OpenCauseLexicon":
        return lexicon_from(cls, data)


def open_cause_frames(sent: Span, lex: OpenCauseLexicon, skip: Callable[[Token], bool] = lambda tok: False) -> list[Frame]:
    """Each place where the sentence says the cause (or the culprit) is not known, offsets
    relative to the sentence and spanning the cause and what leaves it open; `skip` drops verbs
    the sentence does not claim."""
    frames = []
    for tok in sent:
        found = _cause_left_open(tok, lex) or _question_left_open(tok, lex)
        if found is None or skip(found[0]):
            continue
        marker, theme, last = found
        start = min(tok.idx, marker.idx)
        end = max(t.idx + len(t.text) for t in (tok, marker, last))
        frames.append(Frame(predicate=OPEN_CAUSE, role="onset", start=start - sent.start_char,
                            end=end - sent.start_char, main=True, theme=theme))
    return frames


def ruled_out(tok: Token, lex: OpenCauseLexicon) -> tuple[Token, Token, str] | None:
    """'No evidence that any foreign state was involved in this attack', 'there is no sign that
    the union was behind the fire': the clause's verb, its subject (the culprit, or class of
    culprit, ruled out) and the incident's word when the clause names it."""
    if tok.dep_ not in ("acl", "ccomp") or tok.pos_ not in ("VERB", "AUX"):
        return None
    noun = tok.head
    if noun.lemma_.lower() not in lex.evidence_nouns or not any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return None
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")), None)
    if subject is None:
        return None
    words = {tok.lemma_.lower()} | {c.lemma_.lower() for c in tok.children if c.dep_ in ("prep", "acomp")}
    if not words & lex.involvement_words:
        return None
    incident = next((g.lemma_.lower() for c in tok.subtree if c.dep_ == "prep" and c.lower_ in ("in", "behind", "for")
                     for g in c.children if g.dep_ == "pobj"), "")
    return tok, subject, incident


def _cause_left_open(tok: Token, lex: OpenCauseLexicon) -> tuple[Token, str, Token] | None:
    """'The cause of the failures has not been established', 'the reason remains unclear',
    'without giving a reason', 'gave no reason'."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.cause_nouns:
        return None
    head = tok.head
    theme = next((g.lemma_.lower() for p in tok.children if p.dep_ == "prep" and p.lower_ in ("of", "for")
                  for g in p.children if g.dep_ == "pobj"), "")
    marker = _open(head, lex) if tok.dep_ in ("nsubj", "nsubjpass") else None
    if marker is not None:
        return marker, theme, marker
    if tok.dep_ == "dobj" and head.lemma_.lower() in lex.inquiry_verbs:
        if _negated(head) or _after_without(head) or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            return head, theme, tok.right_edge
    return None


def _question_left_open(tok: Token, lex: OpenCauseLexicon) -> tuple[Token, str, Token] | None:
    """'Why the train derailed remains unclear', 'has not said how the bacteria entered the
    plant', 'without saying which vessel had struck the other', 'still working to establish how
    the attackers got in'. Not amounts ('how many'), nor what is yet to happen ('how it will pay')."""
    if tok.lower_ not in lex.question_words or tok.tag_ not in ("WRB", "WP", "WDT"):
        return None
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in _AMOUNTS:
        return None
    verb = tok.head.head if tok.dep_ == "det" else tok.head
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("ccomp", "csubj", "xcomp", "pcomp"):
        return None
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return None
    asker = verb.head
    marker = _open(asker, lex)
    if marker is None and asker.lemma_.lower() in lex.inquiry_verbs and (_after_without(asker) or _ongoing(asker, lex)):
        marker = asker
    return (marker, verb.lemma_.lower(), verb.right_edge) if marker is not None else None


def _open(head: Token, lex: OpenCauseLexicon) -> Token | None:
    """The word that leaves the matter open, if the predicate does: 'remains unclear', 'is
    unknown', 'is under investigation', 'is not clear', or an inquiry verb negated ('has not been
    established', 'did not say')."""
    if head.lemma_.lower() in lex.open_words:
        return head
    for c in head.children:
        if c.dep_ in ("acomp", "attr") and c.lemma_.lower() in lex.open_words:
            return c
        if c.dep_ == "acomp" and c.lemma_.lower() in lex.settled_words and _negated(head):
            return c
        if c.dep_ == "prep" and c.lower_ == "under":
            found = next((g for g in c.children if g.lemma_.lower() in lex.open_words), None)
            if found is not None:
                return found
    return head if head.lemma_.lower() in lex.inquiry_verbs and _negated(head) else None


def _negated(verb: Token) -> bool:
    """'has not said', 'never established', 'no one knows', and 'it was not possible to
    establish': a negation on the verb, its subject, or the predicates it completes."""
    for _ in range(3):
        if any(c.dep_ == "neg" or c.lower_ in _NEGATIONS and c.dep_ == "advmod" or _nobody(c) for c in verb.children):
            return True
        if verb.dep_ not in ("xcomp", "acomp", "ccomp") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _nobody(subject: Token) -> bool:
    """'No one knows why', 'nobody has explained how'."""
    if subject.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return subject.lower_ in ("nobody", "no-one") or any(d.dep_ == "det" and d.lower_ == "no" for d in subject.children)


def _after_without(verb: Token) -> bool:
    """'..., without giving a reason', 'without saying which vessel struck the other'."""
    return verb.dep_ == "pcomp" and verb.head.lower_ == "without"


def _ongoing(verb: Token, lex: OpenCauseLexicon) -> bool:
    """An inquiry still under way: 'investigators are working to establish', 'police are
    investigating how', 'still trying to determine'."""
    if verb.lemma_.lower() in lex.ongoing_verbs:
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_.lower() in lex.ongoing_verbs
