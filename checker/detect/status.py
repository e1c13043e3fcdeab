"""status_legality: loaded status words ("occupied") vs neutral ones ("under control"), and
legal labels ("war crime") asserted as fact vs reported as someone's claim."""

from __future__ import annotations

import re

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from checker.candidates import NEAREST
from checker.detect.base import (Hit, Pair, TermMatcher, content_words, dated_apart, in_quote, load_contested, load_thresholds, outlet,
                                 outside, shared_actors)
from checker.records import Flag, Span, Statement
from checker.resources import MODELS_DIR


class StatusDetector:
    """Flags the same status told with a loaded word by one outlet and a neutral one by another."""

    name = "status"
    category = "status_legality"

    def __init__(self, models_dir: Path = MODELS_DIR) -> None:
        lexicon = load_contested(models_dir)["status"]
        limits = load_thresholds(models_dir)["status_legality"]
        self.min_similarity = limits["min_similarity"]
        self.without_shared_actor = limits["without_shared_actor"]
        self.classes = {key: (TermMatcher(sides["loaded"]), TermMatcher(sides["neutral"])) for key, sides in lexicon.items()}
        opposites = load_contested(models_dir).get("status_opposites", {})
        self.opposites = {key: (TermMatcher(sides["without"]), TermMatcher(sides["with"]))
                          for key, sides in opposites.items() if not key.startswith("_")}
        # a state that is no legal status ('out of action' / 'in working order') is told and denied: negation
        self.opposite_category = {key: sides.get("category", self.category) for key, sides in opposites.items() if not key.startswith("_")}
        default = limits.get("opposite_min_similarity", 0.55)
        self.opposite_min_similarity = {key: sides.get("min_similarity", default) for key, sides in opposites.items() if not key.startswith("_")}
        self.opposite_of_person = {key for key, sides in opposites.items() if not key.startswith("_") and sides.get("person")}
        self.opposite_score = {key: sides["score"] for key, sides in opposites.items() if not key.startswith("_") and "score" in sides}
        self.verdict_min_similarity = limits["verdict_min_similarity"]
        self.inquiry_min_similarity = limits["inquiry_min_similarity"]
        self.verdict_tied_min_similarity = limits["verdict_tied_min_similarity"]
        self.verdict_tied_words = limits["verdict_tied_words"]
        verdicts = load_contested(models_dir).get("legal_verdicts", {})
        self.verdicts = TermMatcher([*lexicon["legality"]["loaded"], *verdicts.get("terms", ())])
        self.suspected = tuple(verdicts.get("suspected_before", ()))
        self.inquiry = TermMatcher(verdicts.get("inquiry", ()))
        self._legal_words = content_words(" ".join([*self.verdicts.terms, *self.inquiry.terms]))
        self._verdicts_in = lru_cache(maxsize=1 << 17)(self.verdicts.find)
        # Most statements name no status at all: scan each text once, skip pairs with nothing to compare.
        self._classes_in = lru_cache(maxsize=1 << 17)(self._scan)

    def _scan(self, text: str) -> frozenset[str]:
        found = {k for k, (lo, ne) in self.classes.items() if lo.find(text) or ne.find(text)}
        return frozenset(found | {k for k, (no, yes) in self.opposites.items() if no.find(text) or yes.find(text)})

    def keys(self, statement: Statement) -> list[str]:
        found = [f"status:{k}" for k in (*self.classes, *self.opposites) if k in self._classes_in(statement.text)]
        verdicts = self._verdicts_in(statement.text)
        if verdicts or self.inquiry.find(statement.text):
            found.append("status:verdict-or-inquiry")  # 'broke the law' meets 'assessing whether it met the rules'
        if self._stated_verdicts(statement):
            found.append(f"{NEAREST}verdict")  # a verdict meets the closest telling of every other article
        return found

    def detect(self, pair: Pair) -> list[Flag]:
        return self.detect_many([pair])[0]

    def detect_many(self, pairs: list[Pair]) -> list[list[Flag]]:
        """Each pair on its own, then the verdicts no other outlet shares: for each statement that
        rules something unlawful in its own voice, the closest statement of every other article
        that tells the same without a legal word."""
        results = [self._detect(p) for p in pairs]
        best: dict[tuple[str, str], tuple[float, int, bool]] = {}
        for i, pair in enumerate(pairs):
            if results[i] or not self._close_enough_for_verdict(pair):
                continue
            for swapped, p in ((False, pair), (True, pair.swapped())):
                if self._verdict_alone(p):
                    key = (p.a.id, p.b_article.id)
                    if key not in best or pair.similarity > best[key][0]:
                        best[key] = (pair.similarity, i, swapped)
        for _, i, swapped in best.values():
            p = pairs[i].swapped() if swapped else pairs[i]
            hits = self._verdicts_in(p.a.text)
            term = p.a.text[hits[0].start:hits[0].end]
            flag = self._flag(p, hits, [], f"{outlet(p.a_article)} rules it '{term}' in its own voice; "
                                            f"{outlet(p.b_article)} tells the same without that verdict.")
            told = tuple(Span(f.start, f.end) for f in p.b.frames if f.main)  # what B says happened instead
            results[i] = [replace(flag, evidence_b=told)]
        for i, p in self._open_questions(pairs, results).items():
            hits, inquiry = self._verdicts_in(p.a.text), self.inquiry.find(p.b.text)
            term, asked = p.a.text[hits[0].start:hits[0].end], p.b.text[inquiry[0].start:inquiry[0].end]
            results[i] = [self._flag(p, hits, inquiry, f"{outlet(p.a_article)} rules it '{term}' in its own voice; "
                                                       f"{outlet(p.b_article)} reports it as an open question ('{asked}').")]
        return results

    def _close_enough_for_verdict(self, pair: Pair) -> bool:
        """Close by cosine, or loosely close and telling the same particulars (words shared besides
        the legal ones: 'kept selling it illegally for days after the first positive swab' / 'went
        on shipping for five days after the first positive swab'). Names and figures are no
        particulars of what happened: every sentence of a story names its sides ('Armenian',
        'Azerbaijani'); and '3,200 residents' shares no '200' with '200 protesters'."""
        if pair.similarity >= self.verdict_min_similarity:
            return True
        shared = (content_words(pair.a.text) & content_words(pair.b.text)) - self._legal_words
        shared -= _side_words(pair.a) | _side_words(pair.b)
        shared = {w for w in shared if not w.isdigit() or _whole_number(w, pair.a.text) and _whole_number(w, pair.b.text)}
        return pair.similarity >= self.verdict_tied_min_similarity and len(shared) >= self.verdict_tied_words

    def _open_questions(self, pairs: list[Pair], results: list[list[Flag]]) -> dict[int, Pair]:
        """For each statement that rules something unlawful in its own voice, the closest statement
        of every other article that tells the same legal question as still open."""
        best: dict[tuple[str, str], tuple[float, int, Pair]] = {}
        for i, pair in enumerate(pairs):
            if results[i] or pair.similarity < self.inquiry_min_similarity:
                continue
            for p in (pair, pair.swapped()):
                if self._verdict_vs_inquiry(p):
                    key = (p.a.id, p.b_article.id)
                    if key not in best or pair.similarity > best[key][0]:
                        best[key] = (pair.similarity, i, p)
        return {i: p for _, i, p in best.values()}

    def _verdict_vs_inquiry(self, pair: Pair) -> bool:
        """A states a verdict as fact; B names the matter as under inquiry and states no verdict of
        its own; the two are tied by an actor, a word besides the legal ones, or the verdict itself."""
        hits = self._stated_verdicts(pair.a)
        if not hits or not self.inquiry.find(pair.b.text):
            return False
        suspected = self._verdicts_in(pair.b.text)
        if any(not self._suspected(pair.b.text, h) for h in suspected):
            return False
        tied = (content_words(pair.a.text) & content_words(pair.b.text)) - self._legal_words
        same_term = {h.term for h in hits} & {h.term for h in suspected}  # 'criminal negligence' vs 'possible criminal negligence'
        return bool(tied or same_term or shared_actors(pair.a, pair.b, with_context=False))

    def _verdict_alone(self, pair: Pair) -> bool:
        """A states a legal verdict as fact ('was unlawful', 'broke the law'); B states none."""
        return bool(self._stated_verdicts(pair.a)) and not self._verdicts_in(pair.b.text)

    def _stated_verdicts(self, statement: Statement) -> list[Hit]:
        """The legal verdicts the statement states as fact in the outlet's own voice, not as the
        matter under inquiry ('possible criminal negligence')."""
        hits = [h for h in self._verdicts_in(statement.text) if not self._suspected(statement.text, h)]
        return hits if hits and _asserted(statement, hits) else []

    def _suspected(self, text: str, hit: Hit) -> bool:
        """A verdict named as what is being looked into ('an investigation into possible criminal
        negligence', 'on suspicion of') is no verdict."""
        before = text[max(0, hit.start - 40):hit.start].lower()
        return any(marker in before for marker in self.suspected)

    def _detect(self, pair: Pair) -> list[Flag]:
        if not self._classes_in(pair.a.text) & self._classes_in(pair.b.text):
            return []  # every check below needs one status class in both
        if not dated_apart(pair.a, pair.b, _DATED):
            for p in (pair, pair.swapped()):  # 'out of action for a week in June' / 'working normally on Friday': two times
                flag = self._opposite(p)
                if flag:
                    return [flag]
        if not shared_actors(pair.a, pair.b) and pair.similarity < self.without_shared_actor:
            return []
        for key, (loaded, neutral) in self.classes.items():
            if pair.similarity < self.min_similarity.get(key, 0.35):
                continue
            for p in (pair, pair.swapped()):
                flag = self._loaded_vs_neutral(p, key, loaded.find(p.a.text), loaded.find(p.b.text), neutral.find(p.b.text))
                if flag:
                    return [flag]
        return []

    def _loaded_vs_neutral(self, pair: Pair, key: str, loaded_a: list[Hit], loaded_b: list[Hit], neutral_b: list[Hit]) -> Flag | None:
        if not loaded_a:
            return None
        if loaded_b:
            if key != "legality" or not (_asserted(pair.a, loaded_a) and not _asserted(pair.b, loaded_b)):
                return None
            return self._flag(pair, loaded_a, loaded_b, f"{outlet(pair.a_article)} states '{loaded_a[0].term}' as fact; {outlet(pair.b_article)} reports it as someone's claim.")
        if not neutral_b:
            return None
        a_term = pair.a.text[loaded_a[0].start:loaded_a[0].end]
        b_term = pair.b.text[neutral_b[0].start:neutral_b[0].end]
        return self._flag(pair, loaded_a, neutral_b, f"{outlet(pair.a_article)} calls it '{a_term}'; {outlet(pair.b_article)} says '{b_term}' for the same situation.")

    def _opposite(self, pair: Pair) -> Flag | None:
        """'ran without a valid licence' against 'was fully licensed': one status, denied and affirmed."""
        for key, (without, with_) in self.opposites.items():
            if pair.similarity < self.opposite_min_similarity[key]:
                continue
            if key in self.opposite_of_person and not any(k.startswith("person:") for k in pair.b.entity_keys):
                continue  # 'no one has been named as a suspect' is denied only by naming someone
            lacks, lacks_b = without.find(pair.a.text), without.find(pair.b.text)
            has = outside(with_.find(pair.b.text), lacks_b)
            if lacks and has and not lacks_b and not outside(with_.find(pair.a.text), lacks):
                a_term = pair.a.text[lacks[0].start:lacks[0].end]
                b_term = pair.b.text[has[0].start:has[0].end]
                flag = self._flag(pair, lacks, has, f"{outlet(pair.a_article)} says '{a_term}'; "
                                                    f"{outlet(pair.b_article)} says '{b_term}': both cannot be true.")
                score = self.opposite_score.get(key, 0.6 + 0.3 * pair.similarity)
                return replace(flag, kind="conflict", score=score, category=self.opposite_category[key])
        return None

    def _flag(self, pair: Pair, ha: list[Hit], hb: list[Hit], text: str) -> Flag:
        return Flag(
            category=self.category,
            kind="framing",
            score=0.6 + 0.35 * min(1.0, pair.similarity + 0.3),
            a=pair.a.id,
            b=pair.b.id,
            explanation=text,
            evidence_a=tuple(h.span for h in ha),
            evidence_b=tuple(h.span for h in hb),
            detector=self.name,
        )


_DATED = ("day", "week", "month")


def _asserted(statement: Statement, hits: list[Hit]) -> bool:
    """In the outlet's own voice: not inside quotes, not in an attributed sentence."""
    return not statement.attributed and not any(in_quote(statement, h.start) for h in hits)


def _whole_number(digits: str, text: str) -> bool:
    """'200' stands on its own in the text, not inside '3,200' or '2.200'."""
    return re.search(rf"(?<![\d,.]){digits}(?![\d]|[,.]\d)", text) is not None


def _side_words(statement: Statement) -> frozenset[str]:
    """The words of the peoples and groups a statement names (spaCy's NORP): the story's sides."""
    return content_words(" ".join(m.text for m in statement.entities if m.label == "NORP"))
