"""attribution: the same act or statement credited to different people holding the same office,
or to whoever ordered it by one outlet and to the doer's own will by another."""

from __future__ import annotations

import re

from dataclasses import dataclass, replace
from pathlib import Path

from checker.detect.base import Pair, TermMatcher, content_words, dated_apart, first_day, load_thresholds, outlet, stem
from checker.frames import FrameLexicon
from checker.records import Flag, Frame, Span, Statement
from checker.resources import MODELS_DIR


@dataclass(frozen=True)
class _Credit:
    """A person the statement credits with saying or doing its content, and their office."""

    key: str
    name: str
    role: str
    side: str
    span: Span | None


class AttributionDetector:
    """Two outlets, one office, two different office-holders credited with the act."""

    name = "attribution"
    category = "attribution"

    def __init__(self, models_dir: Path = MODELS_DIR, lexicon: FrameLexicon | None = None) -> None:
        limits = load_thresholds(models_dir)["attribution"]
        self.min_similarity = limits["min_similarity"]
        self.min_shared_content = limits["min_shared_content"]
        self.min_quote_words = limits.get("min_quote_words", 5)
        self.min_quote_overlap = limits.get("min_quote_overlap", 0.8)
        self.initiative_min_similarity = limits["initiative_min_similarity"]
        self.initiative_max_days = limits["initiative_max_days"]
        lexicon = lexicon or FrameLexicon.from_models(models_dir)
        self.own_initiative = TermMatcher(lexicon.own_initiative)
        self.finding_verbs = lexicon.finding_verbs
        self.finding_min_similarity = limits["finding_min_similarity"]
        self.first_finding_min_similarity = limits["first_finding_min_similarity"]

    def keys(self, statement: Statement) -> list[str]:
        keys = {f"office:{c.role}" for c in credits(statement)}
        keys |= {"credited-act"} if _acts(statement) else set()
        return sorted(keys | ({"credited-finding"} if self._findings(statement) else set()))

    def detect(self, pair: Pair) -> list[Flag]:
        for ca in credits(pair.a):
            for cb in credits(pair.b):
                if ca.role != cb.role or ca.key == cb.key:
                    continue
                if ca.side and cb.side and ca.side != cb.side:
                    continue
                if not self._same_act(pair, ca, cb):
                    continue
                return [self._flag(pair, ca, cb)]
        return (self._same_quote_other_speaker(pair) or self._same_act_other_actor(pair) or self._ordered_or_own_will(pair)
                or self._found_by_another(pair))

    def _found_by_another(self, pair: Pair) -> list[Flag]:
        """One finding credited to two finders: 'it was the ministry's own inspectors who first
        spotted the problem' against 'the faults were found by the safety agency's inspectors'.
        Two findings are one when the statements are close, or loosely alike and both say who
        found it first (the first finder is one)."""
        if dated_apart(pair.a, pair.b):
            return []
        found_a, found_b = self._findings(pair.a), self._findings(pair.b)
        for fa in found_a:
            for fb in found_b:
                if fa.agent_key == fb.agent_key or _may_be_one(fa, fb) or _may_be_one(fb, fa):
                    continue
                first = _first(pair.a, fa) and _first(pair.b, fb)
                if pair.similarity < (self.first_finding_min_similarity if first else self.finding_min_similarity):
                    continue
                return [Flag(
                    category=self.category,
                    kind="conflict",
                    score=0.75 + 0.1 * pair.similarity,
                    a=pair.a.id,
                    b=pair.b.id,
                    explanation=f"{outlet(pair.a_article)} credits the finding to {fa.agent}; "
                                f"{outlet(pair.b_article)} to {fb.agent}: check who found it{' first' if first else ''}.",
                    evidence_a=(Span(fa.agent_start, fa.agent_end), Span(fa.start, fa.end)),
                    evidence_b=(Span(fb.agent_start, fb.agent_end), Span(fb.start, fb.end)),
                    detector=self.name,
                )]
        return []

    def _findings(self, statement: Statement) -> list[Frame]:
        """Acts of finding something out, with the finder named."""
        return [f for f in statement.frames if f.role == "act" and not f.negated and f.agent_start >= 0
                and f.agent_key and f.predicate.split()[0] in self.finding_verbs
                and statement.text[f.agent_start:f.agent_end].lower() not in _PRONOUNS]  # 'it found': which 'it' is unsure

    def _ordered_or_own_will(self, pair: Pair) -> list[Flag]:
        """'The regulator ordered the utility to lower the reservoirs' against 'the utility began
        lowering them on its own initiative, before any instruction': one act, credited to whoever
        gave the order by one outlet and to the doer's own will by the other."""
        for p in (pair, pair.swapped()):
            own = self.own_initiative.find(p.b.text)
            orders = [f for f in _acts(p.a) if f.predicate in _ORDERING and not f.negated]
            if not own or not orders or self.own_initiative.find(p.a.text):
                continue
            order = orders[0]
            shared = (content_words(p.a.text) & content_words(p.b.text)) - content_words(order.agent) - {"order", "instruction"}
            tied = p.similarity >= self.min_similarity and len(shared) >= self.min_shared_content
            if p.similarity < self.initiative_min_similarity and not tied:
                continue
            gap = _days_apart(p.a, p.b)
            if gap is not None and gap > self.initiative_max_days:
                continue  # 'ordered to close the ward on Friday' is not 'closed a ward voluntarily last year'
            hit, apart = own[0], bool(gap)
            flag = Flag(
                category=self.category,
                kind="conflict" if apart else "framing",
                score=(0.85 if apart else 0.75) + 0.1 * p.similarity,
                a=p.a.id,
                b=p.b.id,
                explanation=f"{outlet(p.a_article)} says {order.agent} ordered it ('{p.a.text[order.start:order.end]}'); "
                            f"{outlet(p.b_article)} says it was done of the doer's own will ('{p.b.text[hit.start:hit.end]}').",
                evidence_a=(Span(order.start, order.end), Span(order.agent_start, order.agent_end)),
                evidence_b=(Span(hit.start, hit.end),),
                detector=self.name,
            )
            return [flag]
        return []

    def _same_quote_other_speaker(self, pair: Pair) -> list[Flag]:
        """The same words in quotation marks, put in two different mouths."""
        a, b = pair.a, pair.b
        if not (a.quoted and b.quoted and a.speaker_key and b.speaker_key) or a.speaker_key == b.speaker_key:
            return []
        if _same_speaker(a, b) or _same_speaker(b, a):
            return []
        qa, qb = _quote(a.text), _quote(b.text)
        if qa is None or qb is None:
            return []
        words_a, words_b = _words(a.text[qa.start:qa.end]), _words(b.text[qb.start:qb.end])
        if min(len(words_a), len(words_b)) < self.min_quote_words:
            return []
        if len(words_a & words_b) < self.min_quote_overlap * min(len(words_a), len(words_b)):
            return []
        return [
            Flag(
                category=self.category,
                kind="conflict",
                score=0.8,
                a=a.id,
                b=b.id,
                explanation=f"The same words are quoted from {a.speaker or a.speaker_key.split(':')[-1]} by {outlet(pair.a_article)} "
                            f"and from {b.speaker or b.speaker_key.split(':')[-1]} by {outlet(pair.b_article)}: check who said it.",
                evidence_a=tuple(s for s in (qa, _find(a, a.speaker)) if s),
                evidence_b=tuple(s for s in (qb, _find(b, b.speaker)) if s),
                detector=self.name,
            )
        ]

    def _same_act_other_actor(self, pair: Pair) -> list[Flag]:
        """One act (an order, a suspension) credited to two different named actors, whatever their offices."""
        if pair.similarity < self.min_similarity or dated_apart(pair.a, pair.b):
            return []
        for fa in _acts(pair.a):
            for fb in _acts(pair.b):
                if fa.agent_key == fb.agent_key or (fa.agent_side and fb.agent_side and fa.agent_side != fb.agent_side):
                    continue
                if _may_be_one(fa, fb) or _may_be_one(fb, fa):
                    continue  # 'the transport minister' may well be 'Paulina Drescott, the transport minister'
                if fa.predicate != fb.predicate and not _same_group(fa.predicate, fb.predicate, pair):
                    continue
                ca = _Credit(fa.agent_key, fa.agent, fa.agent_role or "actor", fa.agent_side, Span(fa.agent_start, fa.agent_end))
                cb = _Credit(fb.agent_key, fb.agent, fb.agent_role or "actor", fb.agent_side, Span(fb.agent_start, fb.agent_end))
                themes_a, themes_b = {stem(w) for w in fa.theme.split()}, {stem(w) for w in fb.theme.split()}
                if themes_a and themes_b and not themes_a & themes_b:
                    continue  # 'ordered the forfeiture' is not 'ordered the boarding'
                one_theme = bool(themes_a & themes_b)
                act_words = content_words(fa.predicate) | content_words(fb.predicate)
                # one ordered thing ('the boarding') is enough for the two sentences to share besides names
                if self._same_act(pair, ca, cb, act_words=act_words, needed=1 if one_theme else None):
                    flag = self._flag(pair, ca, cb)
                    # one act word, two named people: as strong as two holders of one office
                    sure = fa.predicate == fb.predicate and fa.agent_key.startswith("person:") and fb.agent_key.startswith("person:")
                    return [flag if sure else replace(flag, score=flag.score - 0.1)]
        return []

    def _same_act(self, pair: Pair, ca: _Credit, cb: _Credit, act_words: frozenset[str] = frozenset(),
                  needed: int | None = None) -> bool:
        """Same topic by embedding, or loosely similar and sharing what the act is about (words, places);
        the act's own word ('order') says nothing about which order."""
        needed = self.min_shared_content if needed is None else needed
        names = content_words(ca.name) | content_words(cb.name) | content_words(ca.role) | act_words
        shared = (content_words(pair.a.text) & content_words(pair.b.text)) - names
        places = {k for k in pair.a.entity_keys & pair.b.entity_keys if not k.startswith("person:")}
        if pair.similarity >= self.min_similarity:
            return len(shared) + len(places) >= needed
        return pair.similarity >= self.min_similarity / 2 and len(shared) + len(places) >= self.min_shared_content

    def _flag(self, pair: Pair, ca: _Credit, cb: _Credit) -> Flag:
        when_a, when_b = first_day(pair.a), first_day(pair.b)
        dated = when_a and when_b and when_a != when_b
        text = (
            f"{outlet(pair.a_article)} credits {ca.role} {ca.name}{f' ({when_a})' if when_a else ''}; "
            f"{outlet(pair.b_article)} credits {cb.role} {cb.name}{f' ({when_b})' if when_b else ''}"
            + (": two different decisions, or one credited to the wrong person." if dated else ": check who acted.")
        )
        return Flag(
            category=self.category,
            kind="conflict",
            score=(0.95 if dated else 0.85) + 0.04 * pair.similarity,  # the closer pair of restatements first
            a=pair.a.id,
            b=pair.b.id,
            explanation=text,
            evidence_a=_evidence(pair.a, ca),
            evidence_b=_evidence(pair.b, cb),
            detector=self.name,
        )


def _days_apart(a: Statement, b: Statement) -> int | None:
    """Days between the nearest dates of two statements (0 when they meet), None if either is undated."""
    gaps = [max((y.first - x.last).days, (x.first - y.last).days, 0) for x in a.dates for y in b.dates]
    return min(gaps, default=None)


_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "this", "that"})
_ORDERING = frozenset({"order", "instruct", "direct", "force", "compel"})


def _acts(statement: Statement) -> list:
    """Announced acts with a named doer: a person, a body, or an office holder."""
    return [
        f for f in statement.frames
        if f.role == "announce" and f.agent_start >= 0 and f.agent_key.split(":")[0] in ("person", "org", "role")
    ]


def _first(statement: Statement, frame: Frame) -> bool:
    """'who first spotted', 'the first cases were detected': a claim about who found it first."""
    return "first" in _words(statement.text[max(0, frame.start - 12):frame.end])


def _may_be_one(office: Frame, other: Frame) -> bool:
    """An office named without its holder ('the transport minister') against a named person of
    that office, or of an office the statement does not give."""
    return office.agent_key.startswith("role:") and (not other.agent_role or other.agent_role == office.agent_role)


def _same_group(a: str, b: str, pair: Pair) -> bool:
    """'ordered' (A) and 'the order issued by' (B) name one act: both statements use the word."""
    return bool(content_words(pair.a.text) & content_words(pair.b.text) & (content_words(a) | content_words(b)))




def credits(statement: Statement) -> list[_Credit]:
    """People with a known office who say or do what the statement reports."""
    out: list[_Credit] = []
    if statement.speaker_key.startswith("person:") and statement.speaker_role:
        out.append(_Credit(statement.speaker_key, statement.speaker, statement.speaker_role, statement.speaker_side, _find(statement, statement.speaker)))
    for frame in statement.frames:
        if frame.role in ("announce", "onset", "deny") and frame.agent_key.startswith("person:") and frame.agent_role:
            span = Span(frame.agent_start, frame.agent_end) if frame.agent_start >= 0 else None
            out.append(_Credit(frame.agent_key, frame.agent, frame.agent_role, frame.agent_side, span))
    unique = {c.key: c for c in out}
    return list(unique.values())


_QUOTE = re.compile(r"[\"“”]([^\"“”]{12,})[\"“”]")


def _quote(text: str) -> Span | None:
    """The longest stretch of the text in quotation marks."""
    found = max(_QUOTE.finditer(text), key=lambda m: len(m.group(1)), default=None)
    return Span(found.start(1), found.end(1)) if found else None


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _same_speaker(a: Statement, b: Statement) -> bool:
    """'the minister' (unnamed) and 'Strand, the health minister' may be one person."""
    kind, _, name = a.speaker_key.partition(":")
    if kind in ("person", "org"):
        return False
    words = set(re.findall(r"[a-z]+", (a.speaker_role or name).lower()))
    return bool(words) and words <= set(re.findall(r"[a-z]+", (b.speaker_role + " " + b.speaker).lower()))


def _find(statement: Statement, name: str) -> Span | None:
    pos = statement.text.find(name) if name else -1
    return Span(pos, pos + len(name)) if pos >= 0 else None


def _evidence(statement: Statement, credit: _Credit) -> tuple[Span, ...]:
    spans = [credit.span] if credit.span else []
    spans += [Span(d.start, d.end) for d in statement.dates if d.granularity == "day"][:1]
    return tuple(spans)

