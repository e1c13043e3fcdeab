"""negation_denial: one outlet asserts what another reports a party denying.

Rules find the shape "X denied involvement" against "supported by X", an act asserted against
the same act negated ("paid nothing", "no one has been arrested"), and a thing put in a place
against a denial that it was ever there ("no styrene entered the river"); a learned
contradiction model (when its artefact is present) catches denials in other words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from checker.detect.base import Pair, TermMatcher, content_words, dates_apart, load_thresholds, outlet, shared_actors, stem
from checker.frames import FrameLexicon
from checker.presence import ROLE as PRESENCE
from checker.records import Flag, Frame, Span, Statement
from checker.resources import MODELS_DIR

_INVOLVEMENT = ("support",)
_NEGATION = re.compile(r"\b(not|no|never|neither|nor|denied|denies|deny|rejected|rejects|dismissed|refuted|false)\b|n't\b", re.I)
_DENIABLE = ("support", "aggression", "announce")
_FIRST_PERSON_DENIAL = re.compile(r"\b(?:we|i)\s+(?:have\s+|had\s+|did\s+|do\s+|would\s+)?(?:never|not)\s+(?:\w+\s+)?\w*$|"
                                  r"\b(?:we|i)\s+(?:have|had|did|do|would)n[’']t\s+(?:\w+\s+)?\w*$", re.I)
_NEGATABLE = (*_DENIABLE, "act")  # 'received a warning' against 'received no warning'


class ContradictionJudge(Protocol):
    """A sentence-pair model: probability that the two statements contradict each other."""

    def contradiction(self, pairs: list[tuple[str, str]]) -> list[float]: ...


class ModelContradiction:
    """Adapts the trained NLI cross-encoder (checker.judges.nli) to `ContradictionJudge`.

    The model loads on the first pair it is asked about: a re-run with nothing new never loads it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._judge = None

    def contradiction(self, pairs: list[tuple[str, str]]) -> list[float]:
        if not pairs:
            return []
        if self._judge is None:
            from checker.judges.nli import NLIJudge

            self._judge = NLIJudge.load(self.path)
        column = list(self._judge.labels).index("contradiction")
        distinct = list(dict.fromkeys(pairs))  # the same two sentences, copied by several outlets, are read once
        found = dict(zip(distinct, self._judge.predict_proba(distinct)[:, column].tolist()))
        return [found[p] for p in pairs]


class NegationDetector:
    """Flags 'X denies involvement' against a statement that X was involved."""

    name = "negation"
    category = "negation_denial"

    def __init__(self, models_dir: Path = MODELS_DIR, lexicon: FrameLexicon | None = None, judge: ContradictionJudge | None = None) -> None:
        limits = load_thresholds(models_dir)["negation_denial"]
        self.min_similarity = limits["min_similarity"]
        self.nli_min_similarity = limits["nli_min_similarity"]
        self.nli_threshold = limits["nli_threshold"]
        self.negated_min_similarity = limits["negated_min_similarity"]
        self.same_theme_min_similarity = limits.get("negated_same_theme_min_similarity", self.min_similarity)
        self.nli_max_pairs = limits.get("nli_max_pairs_per_statement", 3)
        self.presence_min_similarity = limits.get("presence_min_similarity", self.min_similarity)
        self.lexicon = lexicon or FrameLexicon.from_models(models_dir)
        self.phrases = TermMatcher(self.lexicon.denial_phrases)
        self.judge = judge

    def keys(self, statement: Statement) -> list[str]:
        """'denial', the verb of the sentence's own act or its event group, so 'was paid' meets
        'paid nothing' and 'hid' meets 'concealed' however they read, and what an order orders, so
        'nobody ordered it opened' meets 'X gave the order to open it'."""
        groups = self.lexicon.event_groups
        verbs = (f.predicate.partition(" ")[0] for f in statement.frames if f.role in _NEGATABLE and f.main)
        acts = {f"act:{stem(groups.get(v, v))}" for v in verbs}
        orders = {f"ordered:{f.theme}" for f in statement.frames if f.role == "announce" and f.theme}
        present = {f"presence:{f.predicate}" for f in statement.frames if f.role == PRESENCE}
        return sorted(acts | orders | present | ({"denial"} if self.denials(statement) else set()))

    def _negates(self, statement: Statement) -> bool:
        """Only statements that deny or negate something go to the model: that is what it is for, and it is slow."""
        return bool(
            _NEGATION.search(statement.text)
            or self.phrases.find(statement.text)
            or any(f.role == "deny" or f.negated for f in statement.frames)
        )

    def denials(self, statement: Statement) -> list[Frame]:
        """Denial frames with a named denier; 'calling it nonsense' counts as the speaker denying."""
        frames = [f for f in statement.frames if f.role == "deny" and (f.agent_side or f.agent_key)]
        if not frames and statement.speaker_key and self.phrases.find(statement.text):
            hit = self.phrases.find(statement.text)[0]
            frames = [Frame("deny", "deny", hit.start, hit.end, statement.speaker, statement.speaker_key, statement.speaker_side)]
        return frames

    def detect(self, pair: Pair) -> list[Flag]:
        return self.detect_many([pair])[0]

    def detect_many(self, pairs: list[Pair]) -> list[list[Flag]]:
        """Rules first; pairs they leave unflagged go to the contradiction model in batches."""
        results = [self._by_rule(p) or self._by_rule(p.swapped()) or self._negated_act(p) or self._presence(p) for p in pairs]
        if self.judge is None:
            return results
        todo = self._budget([
            i for i, flags in enumerate(results)
            if not flags and pairs[i].similarity >= self.nli_min_similarity and (self._negates(pairs[i].a) or self._negates(pairs[i].b))
        ], pairs)
        # premise: the assertion; hypothesis: the statement that negates it
        ordered = [(p.b.text, p.a.text) if self._negates(p.a) and not self._negates(p.b) else (p.a.text, p.b.text) for p in (pairs[i] for i in todo)]
        probabilities = self.judge.contradiction(ordered) if todo else []
        for i, p in zip(todo, probabilities):
            if p >= self.nli_threshold:
                results[i] = [self._model_flag(pairs[i], p)]
        return results

    def _budget(self, todo: list[int], pairs: list[Pair]) -> list[int]:
        """The most similar pairs first, at most `nli_max_pairs_per_statement` per statement: the
        model's cost then grows with the statements, not with the candidate pairs."""
        used: dict[str, int] = {}
        kept = []
        for i in sorted(todo, key=lambda i: -pairs[i].similarity):
            a, b = pairs[i].a.id, pairs[i].b.id
            if used.get(a, 0) < self.nli_max_pairs and used.get(b, 0) < self.nli_max_pairs:
                used[a], used[b] = used.get(a, 0) + 1, used.get(b, 0) + 1
                kept.append(i)
        return sorted(kept)

    def _negated_act(self, pair: Pair) -> list[Flag]:
        """'had been approved' against 'had not approved': one act, asserted and negated. An order
        of one named thing ('nobody ordered the gate opened' / 'X gave the order to open it') needs
        only a loose likeness: the shared theme says it is the same order."""
        if pair.similarity < min(self.min_similarity, self.same_theme_min_similarity):
            return []
        for fa in pair.a.frames:
            for fb in pair.b.frames:
                if fa.role in _NEGATABLE and fa.role == fb.role and fa.negated != fb.negated and self._one_act(fa.predicate, fb.predicate) \
                        and not (fa.role == "act" and fa.agent_key and fb.agent_key and fa.agent_key != fb.agent_key):
                    same_theme = fa.role == "announce" and bool(fa.theme) and fa.theme == fb.theme
                    nobody, tied = self._nobody_at_all(pair, fa, fb), same_theme or _shared_beyond(pair, fa, fb) or self._rebuts(pair, fa, fb)
                    if pair.similarity < self.min_similarity and not (same_theme or nobody):
                        continue
                    if pair.similarity < self.negated_min_similarity and not (tied or nobody):
                        continue
                    if _acts_dated_apart(pair, fa, fb):
                        continue  # 'arrested two men on 3 May' / 'no one was arrested on 9 May'
                    yes, no = (pair.b.text[fb.start:fb.end], pair.a.text[fa.start:fa.end])
                    says_yes, says_no = (pair.b_article, pair.a_article) if fa.negated else (pair.a_article, pair.b_article)
                    if not fa.negated:
                        yes, no = no, yes
                    legal = fa.predicate.split()[0] in self.lexicon.legal_process_verbs  # arrested or not: a legal status
                    return [
                        Flag(
                            category="status_legality" if legal else self.category,
                            kind="conflict",
                            score=0.9 if tied else 0.8,  # the act tied by what it was done to
                            a=pair.a.id,
                            b=pair.b.id,
                            also=(self.category,) if legal else (),
                            explanation=f"{outlet(says_yes)} says it happened ('{yes}'); {outlet(says_no)} says it did not ('{no}').",
                            evidence_a=(Span(fa.start, fa.end),),
                            evidence_b=(Span(fb.start, fb.end),),
                            detector=self.name,
                        )
                    ]
        return []

    def _one_act(self, a: str, b: str) -> bool:
        """'patch server' and 'patched server' (from 'unpatched'); 'pay *' ('paid nothing') and 'pay
        ransom'; 'hid losses' and 'concealed losses' (one event group)."""
        verb_a, _, obj_a = a.partition(" ")
        verb_b, _, obj_b = b.partition(" ")
        groups = self.lexicon.event_groups
        same_verb = stem(verb_a) == stem(verb_b) or groups.get(verb_a, verb_a) == groups.get(verb_b, verb_b)
        return same_verb and (obj_a == obj_b or "*" in (obj_a, obj_b))

    def _rebuts(self, pair: Pair, fa: Frame, fb: Frame) -> bool:
        """The negating side answers the claim itself: it calls the claim untrue ('we have not cut
        a single inspection, and any suggestion that we have is untrue') or denies the act in the
        first person ('we never hid any losses'). Such a denial is aimed at the very claim, so the
        two need share no word beyond the act."""
        statement, frame = (pair.a, fa) if fa.negated else (pair.b, fb)
        if self.phrases.find(statement.text):
            return True
        return bool(_FIRST_PERSON_DENIAL.search(statement.text[max(0, frame.start - 40):frame.start + 1]))

    def _presence(self, pair: Pair) -> list[Flag]:
        """'No styrene had entered the river' against 'traces of styrene were detected in the river':
        one thing, one place, there and not there. Thing and place together say it is one fact, so
        a loose likeness is enough."""
        if pair.similarity < self.presence_min_similarity:
            return []
        for fa in (f for f in pair.a.frames if f.role == PRESENCE):
            for fb in (f for f in pair.b.frames if f.role == PRESENCE):
                if fa.predicate != fb.predicate or fa.negated == fb.negated:
                    continue
                if not set(fa.theme.split()) & set(fb.theme.split()):
                    continue
                yes, no = (fb, fa) if fa.negated else (fa, fb)
                says_yes, says_no = (pair.b, pair.a) if fa.negated else (pair.a, pair.b)
                art_yes, art_no = (pair.b_article, pair.a_article) if fa.negated else (pair.a_article, pair.b_article)
                return [
                    Flag(
                        category=self.category,
                        kind="conflict",
                        score=0.9,  # thing, place and polarity all read off the sentences: specific evidence
                        a=pair.a.id,
                        b=pair.b.id,
                        explanation=f"{outlet(art_yes)} puts {yes.agent} there ('{says_yes.text[yes.start:yes.end]}'); "
                                    f"{outlet(art_no)} says {no.agent} never was ('{says_no.text[no.start:no.end]}').",
                        evidence_a=(Span(fa.start, fa.end),),
                        evidence_b=(Span(fb.start, fb.end),),
                        detector=self.name,
                    )
                ]
        return []

    def _nobody_at_all(self, pair: Pair, fa: Frame, fb: Frame) -> bool:
        """'No one has been arrested' against 'police arrested a supervisor': the act denied for
        anyone at all meets any instance of it in the story (unless dated apart, checked after)."""
        return pair.similarity >= self.same_theme_min_similarity and any(f.negated and f.predicate.endswith(" *") for f in (fa, fb))

    def _by_rule(self, pair: Pair) -> list[Flag]:
        if pair.similarity < self.min_similarity or not shared_actors(pair.a, pair.b):
            return []
        denials = self.denials(pair.a)
        if not denials or any(f.role == "deny" for f in pair.b.frames):
            return []
        denied = [f for f in pair.a.frames if f.role in _DENIABLE and _side(f)]
        for frame in pair.b.frames:
            if frame.role not in _DENIABLE or not _side(frame):
                continue
            # "X denied that Y fired on Z" against "Y fired on Z": the same act by the same side.
            for claim in denied:
                if self._same_act(claim, frame) and _side(claim) == _side(frame):
                    return [self._flag(pair, denials[0], frame)]
            # "Ankara denied involvement" against "supported by Ankara".
            for denial in denials:
                if frame.role in _INVOLVEMENT and _side(denial) == _side(frame):
                    return [self._flag(pair, denial, frame)]
        return []

    def _same_act(self, a: Frame, b: Frame) -> bool:
        groups = self.lexicon.event_groups
        return a.role == b.role and (a.predicate == b.predicate or groups.get(a.predicate, a.predicate) == groups.get(b.predicate, b.predicate) or a.role == "support")

    def _model_flag(self, pair: Pair, p: float) -> Flag:
        return Flag(
            category=self.category,
            kind="conflict",
            score=round(0.5 + 0.4 * p, 4),
            a=pair.a.id,
            b=pair.b.id,
            explanation=f"The contradiction model reads {outlet(pair.a_article)}'s and {outlet(pair.b_article)}'s statements as contradicting each other (p={p:.2f}).",
            detector=self.name + ":model",
        )

    def _flag(self, pair: Pair, denial: Frame, involvement: Frame) -> Flag:
        return Flag(
            category=self.category,
            kind="conflict",
            score=0.88,
            a=pair.a.id,
            b=pair.b.id,
            explanation=(
                f"{outlet(pair.a_article)} reports {denial.agent} denying it ('{denial.predicate}'); "
                f"{outlet(pair.b_article)} states {involvement.agent} did ('{involvement.predicate}')."
            ),
            evidence_a=tuple(s for s in (Span(denial.start, denial.end), _agent_span(denial)) if s),
            evidence_b=tuple(s for s in (Span(involvement.start, involvement.end), _agent_span(involvement)) if s),
            detector=self.name,
        )


def _acts_dated_apart(pair: Pair, fa: Frame, fb: Frame) -> bool:
    """Both acts carry their own day and the days differ: two acts, not one asserted and denied."""
    verb_a, verb_b = fa.predicate.split()[0], fb.predicate.split()[0]
    return dates_apart([d for d in pair.a.dates if d.anchor == verb_a and d.granularity == "day"],
                       [d for d in pair.b.dates if d.anchor == verb_b and d.granularity == "day"])


def _side(frame: Frame) -> str:
    return frame.agent_side or frame.agent_key


def _agent_span(frame: Frame) -> Span | None:
    return Span(frame.agent_start, frame.agent_end) if frame.agent_start >= 0 else None


def _shared_beyond(pair: Pair, fa: Frame, fb: Frame) -> bool:
    """Loosely similar statements about one act count when they share a word beyond the act's own
    ('paid ... through an intermediary' and 'paid nothing, directly or through an intermediary')."""
    own = content_words(fa.predicate) | content_words(fb.predicate) | content_words(pair.a.text[fa.start:fa.end]) | content_words(pair.b.text[fb.start:fb.end])
    return bool((content_words(pair.a.text) & content_words(pair.b.text)) - own)

