"""causation_blame: who started it. One side blamed vs neutral wording vs the other side blamed;
a culprit named vs the same culprit cleared ('no evidence that any foreign state was involved');
and what a death is put down to (the event, or natural causes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from checker.detect.base import Pair, content_words, dated_apart, first_day, load_thresholds, outlet, shared_actors, stem
from checker.deaths import EVENT, NATURAL, ROLE as DEATH
from checker.frames import CULPRIT, FrameLexicon
from checker.open_causes import OPEN_CAUSE, RULED_OUT
from checker.records import Flag, Frame, Span, Statement
from checker.resources import MODELS_DIR


@dataclass(frozen=True)
class _Onset:
    """How a statement tells the start of hostilities: the onset word and who it blames."""

    onset: Frame
    blamed: Frame | None
    direct: bool = False  # blamed as the one who started it, not only named with a blame word
    incidents: frozenset[str] = frozenset()  # every onset word and open question's incident in the statement
    left_open: bool = False  # the statement says the cause is not known


class CausationDetector:
    """Flags pairs that tell the start of the same hostilities with different culprits, or one
    death with two causes."""

    name = "causation"
    category = "causation_blame"

    def __init__(self, models_dir: Path = MODELS_DIR, lexicon: FrameLexicon | None = None) -> None:
        self.lexicon = lexicon or FrameLexicon.from_models(models_dir)
        limits = load_thresholds(models_dir)["causation_blame"]
        self.min_similarity = limits["min_similarity"]
        self.direct_min_similarity = limits["direct_min_similarity"]
        self.open_cause_base = limits["open_cause_base"]
        self.hostility = frozenset(stem(w) for w in self.lexicon.hostility_nouns)

    def keys(self, statement: Statement) -> list[str]:
        deaths = sorted({f"death:{f.agent_key}" for f in statement.frames if f.role == DEATH})
        onset = self.onset_of(statement) or any(f.role == RULED_OUT for f in statement.frames)
        return (["onset"] if onset else []) + deaths

    def onset_of(self, statement: Statement) -> _Onset | None:
        """The statement's account of how hostilities began, if it gives one."""
        onsets = [f for f in statement.frames if f.role == "onset"]
        if not onsets:
            return None
        incident = any(f.predicate in self.lexicon.incidents or f.predicate in (CULPRIT, OPEN_CAUSE) for f in onsets)
        if not incident and not content_words(statement.text) & self.hostility:
            return None
        blamed = next((f for f in onsets if self.lexicon.is_actor(f) and not f.negated), None)
        if blamed is None:
            blamed = next((f for f in statement.frames if f.role == "blame" and self.lexicon.is_actor(f) and not f.negated), None)
        incidents = frozenset(f.theme if f.predicate == OPEN_CAUSE else f.predicate for f in onsets) - {""}
        direct = blamed is not None and blamed.role == "onset" or _clause_blame(onsets, blamed)
        left_open = next((f for f in onsets if f.predicate == OPEN_CAUSE), None)
        return _Onset(_told(onsets, blamed, left_open), blamed, direct=direct, incidents=incidents, left_open=left_open is not None)

    def detect(self, pair: Pair) -> list[Flag]:
        return self._onsets(pair) or self._cleared(pair) or self._death_causes(pair)

    def _cleared(self, pair: Pair) -> list[Flag]:
        """'The attack was the work of hackers serving the Velkorian state' against 'no evidence
        that any foreign state was involved in this attack': the culprit one outlet names is one
        the other says nothing points to (the same actor, or its class named by the culprit's
        phrase), for the same incident."""
        if pair.similarity < self.min_similarity:
            return []
        for p in (pair, pair.swapped()):
            cleared = [f for f in p.b.frames if f.role == RULED_OUT]
            told = self.onset_of(p.a) if cleared else None
            if told is None or told.blamed is None:
                continue
            culprit = _culprit_phrase(p.a, told.blamed)
            words = {stem(w) for w in re.findall(r"[a-z]+", culprit.lower())}
            for frame in cleared:
                same_actor = bool(frame.agent_key) and _side(frame) == _side(told.blamed)
                head = frame.agent.split()[-1].lower() if frame.agent else ""
                if not (same_actor or (head and stem(head) in words)):
                    continue
                incident = not frame.theme or stem(frame.theme) in {stem(w) for w in content_words(p.a.text)}
                if not incident and p.similarity < self.direct_min_similarity:
                    continue
                text = (f"{outlet(p.a_article)} blames {culprit}; {outlet(p.b_article)} says nothing points to "
                        f"{frame.agent} ('{p.b.text[frame.start:frame.end]}').")
                return [Flag(category=self.category, kind="conflict", score=0.85 + 0.1 * p.similarity, a=p.a.id, b=p.b.id,
                             explanation=text, evidence_a=_spans(told), evidence_b=(Span(frame.start, frame.end),),
                             detector=self.name)]
        return []

    def _death_causes(self, pair: Pair) -> list[Flag]:
        """'The smoke killed Edwin' against 'Mr Harrowby died of natural causes': one person's
        death, put down to the event by one outlet and to nature by the other."""
        if pair.similarity < self.min_similarity:
            return []
        for fa in (f for f in pair.a.frames if f.role == DEATH):
            for fb in (f for f in pair.b.frames if f.role == DEATH):
                if fa.agent_key != fb.agent_key or {fa.predicate, fb.predicate} != {NATURAL, EVENT}:
                    continue
                return [
                    Flag(
                        category=self.category,
                        kind="conflict",
                        score=0.85 + 0.1 * pair.similarity,
                        a=pair.a.id,
                        b=pair.b.id,
                        explanation=f"{outlet(pair.a_article)} puts {fa.agent}'s death down to {fa.theme} "
                                    f"('{pair.a.text[fa.start:fa.end]}'); {outlet(pair.b_article)} to {fb.theme} "
                                    f"('{pair.b.text[fb.start:fb.end]}').",
                        evidence_a=(Span(fa.start, fa.end),),
                        evidence_b=(Span(fb.start, fb.end),),
                        detector=self.name,
                    )
                ]
        return []

    def _onsets(self, pair: Pair) -> list[Flag]:
        """Two accounts of how the event began, with different culprits or one with none."""
        oa, ob = self.onset_of(pair.a), self.onset_of(pair.b)
        if oa is None or ob is None or pair.similarity < self.min_similarity:
            return []
        shared_words = len(content_words(pair.a.text) & content_words(pair.b.text))
        same_event = (
            shared_actors(pair.a, pair.b)
            or pair.similarity >= 0.5
            or _dated_together(pair.a, pair.b)
            or (pair.similarity >= 0.3 and shared_words >= 2)
            or (pair.similarity >= 0.3 and shared_words >= 1 and _incident(oa, self.lexicon) and _incident(ob, self.lexicon))
            or (pair.similarity >= 0.3 and _incident(oa, self.lexicon) and _incident(ob, self.lexicon) and self._same_kind(oa, ob))
            or (oa.direct and ob.direct and (self._whole_event(oa) or self._whole_event(ob)))
            or (oa.direct and ob.direct and pair.similarity >= self.direct_min_similarity)
            or self._open_cause_of(oa, ob) or self._open_cause_of(ob, oa)
            or (oa.left_open and self._whole_event(ob)) or (ob.left_open and self._whole_event(oa))
        )
        if dated_apart(pair.a, pair.b) or not same_event:
            return []
        if oa.blamed and ob.blamed:
            if _side(oa.blamed) == _side(ob.blamed):
                return []
            kind = "conflict" if oa.direct and ob.direct else "framing"
            first, second = (oa, ob) if oa.direct or not ob.direct else (ob, oa)
            p = pair if first is oa else pair.swapped()
            verbs = sum(1 for o in (oa, ob) if o.blamed and o.blamed.predicate not in self.lexicon.onset_nouns)
            base = 0.8 + 0.05 * verbs if kind == "conflict" else 0.72
            return [self._flag(p, first, second, kind, base + 0.1 * pair.similarity)]
        dated = _dated_together(pair.a, pair.b)
        bonus = 0.05 if dated else 0.0
        if not (ob if oa.blamed else oa).onset.main and not dated:
            # A passing mention ('the toll from when the dam failed') is no neutral account of the
            # event, unless it names the same day ('since fighting broke out on 27 September').
            return []
        if oa.blamed:
            return [self._flag(pair, oa, ob, "framing", self._neutral_base(ob) + bonus + 0.1 * pair.similarity)]
        if ob.blamed:
            return [self._flag(pair.swapped(), ob, oa, "framing", self._neutral_base(oa) + bonus + 0.1 * pair.similarity)]
        return []

    def _neutral_base(self, neutral: _Onset) -> float:
        """A neutral account ('the dam gave way') against a culprit is the framing editors ask
        about; 'the cause is not known' is often simply true when written, before a finding
        named anyone, so it ranks below conflicts of fact."""
        return self.open_cause_base if neutral.onset.predicate == OPEN_CAUSE else 0.8

    def _open_cause_of(self, told: _Onset, blamed: _Onset) -> bool:
        """'The cause of the scanner failures has not been established' against 'those machines
        failed because the board rushed its staff': the question left open names the incident
        the other outlet puts down to someone (same word stem or same kind of event)."""
        if not told.left_open or blamed.blamed is None:
            return False
        return any(self._one_incident(word, blamed.onset.predicate) for word in told.incidents)

    def _one_incident(self, a: str, b: str) -> bool:
        """Two words for one incident: the same kind of event ('rammed', 'collided') or one stem
        ('failed', 'failures')."""
        group = self.lexicon.event_groups.get(a)
        if group is not None and group == self.lexicon.event_groups.get(b):
            return True
        a, b = stem(a), stem(b)
        return min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))

    def _whole_event(self, onset: _Onset) -> bool:
        """Blame for the story's event as a whole, named with a generic word ('this disaster was the
        work of one man', 'the whole fiasco is the board's fault') or with none ('it was X's
        negligence that opened the door', 'cuts by X left the hospitals defenceless'). Candidates
        share a story, so that culprit and any other culprit in the story are two answers to one
        question."""
        if onset.blamed is None:
            return False
        unnamed = onset.blamed.predicate == CULPRIT and not onset.blamed.theme and onset.incidents <= {CULPRIT}
        return unnamed or onset.blamed.theme in self.lexicon.generic_incident_nouns

    def _same_kind(self, oa: _Onset, ob: _Onset) -> bool:
        """'Militants torched the coach' and 'the bus caught fire': one kind of incident (event_groups)."""
        groups = self.lexicon.event_groups
        kind_a, kind_b = groups.get(oa.onset.predicate), groups.get(ob.onset.predicate)
        return kind_a is not None and kind_a == kind_b

    def _flag(self, pair: Pair, oa: _Onset, ob: _Onset, kind: str, score: float) -> Flag:
        when = first_day(pair.a) or first_day(pair.b)
        when_text = f" on {when}" if when else ""
        who_a = _agent_phrase(pair.a, oa.blamed)
        incident = _incident(oa, self.lexicon)
        surface = pair.a.text[oa.onset.start:oa.onset.end]
        hostilities = not incident and oa.onset.predicate not in (CULPRIT, OPEN_CAUSE)  # 'began', 'broke out'
        what = "the start of the hostilities" if hostilities else f"what happened ('{surface}')"
        first = f"{outlet(pair.a_article)} blames {who_a} for {what}{when_text}"
        if kind == "conflict" and ob.blamed:
            text = f"{first}; {outlet(pair.b_article)} blames {_agent_phrase(pair.b, ob.blamed)}."
        elif ob.blamed:
            text = f"{first}; {outlet(pair.b_article)} puts {_agent_phrase(pair.b, ob.blamed)} in the wrong ('{ob.blamed.predicate}')."
        elif ob.onset.predicate == OPEN_CAUSE:
            text = (f"{first}; {outlet(pair.b_article)} says the cause is not known "
                    f"('{pair.b.text[ob.onset.start:ob.onset.end]}').")
        else:
            text = (f"{first}; {outlet(pair.b_article)} says only that it happened "
                    f"('{pair.b.text[ob.onset.start:ob.onset.end]}'), naming no one.")
        return Flag(
            category=self.category,
            kind=kind,  # type: ignore[arg-type]
            score=score,
            a=pair.a.id,
            b=pair.b.id,
            explanation=text,
            evidence_a=_spans(oa),
            evidence_b=_spans(ob),
            detector=self.name,
        )


def _told(onsets: list[Frame], blamed: Frame | None, left_open: Frame | None) -> Frame:
    """The frame that tells how it happened: the open question when the statement says no more
    than that ('why the train derailed remains unclear'), else the first onset ('one bus caught
    fire, and police said the cause was under investigation' tells the fire neutrally)."""
    if blamed is not None or left_open is None:
        return onsets[0]
    told = [f for f in onsets if f.main and f is not left_open and not left_open.start <= f.start < left_open.end]
    return told[0] if told else left_open


def _incident(onset: _Onset, lexicon: FrameLexicon) -> bool:
    """Told as an incident (failed, caused, linked) rather than as hostilities starting: within
    one story, two such accounts sharing a word are accounts of the same incident."""
    predicate = onset.onset.predicate
    return predicate in lexicon.incidents or predicate in lexicon.neutral_cause_verbs or predicate == "cause"


def _agent_phrase(statement: Statement, frame: Frame | None) -> str:
    """The words the outlet used for the culprit ('the Armenian forces'), else the actor's name."""
    if frame is None:
        return ""
    if 0 <= frame.agent_start < frame.agent_end <= len(statement.text):
        phrase = statement.text[frame.agent_start:frame.agent_end]
        if phrase.lower() not in ("they", "he", "she", "it", "who", "them", "him"):
            return phrase
    return frame.agent


def _clause_blame(onsets: list[Frame], blamed: Frame | None) -> bool:
    """An aggression verb found as the agent of an onset ('began when X attacked') blames directly."""
    return blamed is not None and any(o.agent_key == blamed.agent_key and o.agent_key for o in onsets)


def _culprit_phrase(statement: Statement, blamed: Frame) -> str:
    """The culprit as the outlet describes it, to the end of its clause: 'hackers serving the
    Velkorian state'."""
    if not 0 <= blamed.agent_start < len(statement.text):
        return blamed.agent
    rest = statement.text[blamed.agent_start:]
    return re.split(r"[,;:.()\u2014]", rest, maxsplit=1)[0].strip()


def _side(frame: Frame) -> str:
    return frame.agent_side or frame.agent_key


def _spans(onset: _Onset) -> tuple[Span, ...]:
    spans = [Span(onset.onset.start, onset.onset.end)]
    if onset.blamed is not None and onset.blamed.agent_start >= 0:
        spans.append(Span(onset.blamed.agent_start, onset.blamed.agent_end))
        if onset.blamed is not onset.onset:
            spans.append(Span(onset.blamed.start, onset.blamed.end))
    return tuple(sorted(set(spans), key=lambda s: s.start))




def _dated_together(a: Statement, b: Statement) -> bool:
    """Both name the same day: the clearest sign they tell the same start."""
    return any(x.granularity == y.granularity == "day" and x.first <= y.last and y.first <= x.last
               for x in a.dates for y in b.dates)

