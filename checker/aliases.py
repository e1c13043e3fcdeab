"""Former and current names of one company or body, learned from the coverage itself.

An article that says "Oakhollow Foods, which traded as Pennard Provisions until 2023" tells the
reader that the two names are one company; another outlet that says only "Pennard's" has chosen
the old name. The cues ('formerly', 'rebranded as', 'still call') are data in
`models/lexicons/contested.json` (`rename_cues`); nothing here knows any particular name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from checker.records import Span, Statement


@dataclass(frozen=True)
class AliasGroup:
    """Two names of one thing, with the forms a reader meets them in ('Pennard's' for 'Pennard Provisions')."""

    names: tuple[str, str]
    forms: tuple[frozenset[str], frozenset[str]]
    source: str  # id of the statement that links them
    # statements that state the link but lead with the old name ('Corrin Hydro, as people still
    # call the business rebranded as Tamsin Valley Power'): id -> index of the name they chose
    leads_old: dict[str, int] = field(default_factory=dict, compare=False)

    def used(self, text: str) -> set[int]:
        """Which of the two names (0, 1) a text uses."""
        if not any(f in text for forms in self.forms for f in forms):  # the cheap test first
            return set()
        return {k for k in (0, 1) if self.spans(text, k)}

    def spans(self, text: str, k: int) -> tuple[Span, ...]:
        """Where the text uses name k, in any of its forms (longest form wins an overlap)."""
        found: list[Span] = []
        for form in sorted(self.forms[k], key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?:['’]s)?(?![\w-])", text):
                if not any(s.start <= m.start() < s.end for s in found):
                    found.append(Span(m.start(), m.end()))
        return tuple(sorted(found, key=lambda s: s.start))


@lru_cache(maxsize=8)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile(r"\b(?:" + "|".join(cues) + r")\b", re.I) if cues else None


@dataclass
class AliasFinder:
    """Reads rename cues between two names in one sentence; `fit` over a corpus, then `groups`."""

    cues: tuple[str, ...]
    suffixes: frozenset[str] = frozenset()
    old_first: tuple[str, ...] = ()  # cues after the old name: 'X, as people still call it', 'X, now called Y'
    groups: list[AliasGroup] = field(default_factory=list)
    _runs_by_head: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _surnames: set[str] = field(default_factory=set, repr=False)

    def links(self, text: str) -> bool:
        """Whether `text` states a rename itself ('the group called itself Copperjaw until ...'):
        such a sentence names the old name on purpose."""
        pattern = self._pattern()
        return bool(pattern and pattern.search(text))

    def _pattern(self) -> re.Pattern[str] | None:
        return _cue_pattern(self.cues)

    def fit(self, statements: Iterable[Statement]) -> "AliasFinder":
        statements = list(statements)
        pattern = self._pattern()
        previous = _previous_statements(statements)
        self._runs_by_head: dict[str, set[str]] = {}
        self._surnames: set[str] = set()
        for s in statements:
            for m in _NAME.finditer(s.text):
                words = _clean(m.group()).split()
                if len(words) > 1:
                    self._runs_by_head.setdefault(words[0], set()).add(" ".join(words))
                    if words[0] not in _STARTERS:  # 'For Veltra' names no person Veltra
                        self._surnames.add(words[-1])
        seen: dict[frozenset[str], AliasGroup] = {}
        self.groups = []
        old_first = _cue_pattern(self.old_first)
        for s in statements:
            for cue in pattern.finditer(s.text) if pattern else ():
                pair = self._around(s, cue.start(), cue.end(), previous.get(s.id))
                if pair is None:
                    continue
                if frozenset(pair) not in seen:
                    seen[frozenset(pair)] = AliasGroup(pair, (self._forms(pair[0]), self._forms(pair[1])), s.id)
                    self.groups.append(seen[frozenset(pair)])
                group = seen[frozenset(pair)]
                if old_first and old_first.fullmatch(cue.group()) and s.text.lstrip().startswith(pair[0]):
                    group.leads_old[s.id] = group.names.index(pair[0])  # the sentence opens on the old name
            for m in _TWO_SIDES.finditer(s.text):  # 'which Corvessa calls the Orrin Isles and Teskand the Hennavik Islands'
                pair = (_clean(m.group("first")), _clean(m.group("second")))
                if pair[0].lower() != pair[1].lower() and frozenset(pair) not in seen:
                    seen[frozenset(pair)] = AliasGroup(pair, (self._forms(pair[0]), self._forms(pair[1])), s.id)
                    self.groups.append(seen[frozenset(pair)])
        return self

    def _around(self, s: Statement, start: int, end: int, previous: Statement | None = None) -> tuple[str, str] | None:
        """The name closest before the cue and the closest after it. Names are the capitalised
        word runs: the small NER model misses many company names it has never seen. A sentence
        that opens on a common noun ('The group changed its name from X') renames the body the
        sentence before it named first."""
        names = _names(s.text)
        before = [n for n in names if n[1] <= start and not _PLACE_OF.search(s.text, 0, n[0])]
        after = [n for n in names if n[0] >= end]
        if not before and previous is not None and _anaphoric(s.text[:start]):
            before = _names(previous.text)[:1]
        if not before or not after:
            return None
        a, b = _clean(before[-1][2]), _clean(after[0][2])
        if not a or not b or a.lower() == b.lower() or a.lower() in b.lower() or b.lower() in a.lower():
            return None
        return a, b

    def _forms(self, name: str) -> frozenset[str]:
        """The name; without a trailing company word ('Pennard' for 'Pennard Provisions'); and its
        first word alone when no other name in the coverage starts with it ('Tamsin' is not
        'Tamsin Valley Power' when the coverage also names the 'Tamsin River', and 'Brask' is not
        'Brask Mobility' when it also names a 'Teodor Brask')."""
        words = name.split()
        forms = {name}
        if len(words) > 1 and words[-1].lower() in self.suffixes:
            forms.add(" ".join(words[:-1]))
        if len(words) > 1 and self._runs_by_head.get(words[0], set()) <= {name, *forms} and words[0] not in self._surnames:
            forms.add(words[0])
        return frozenset(forms)


def _names(text: str) -> list[tuple[int, int, str]]:
    """Capitalised runs that can name a body: not a sentence opener, a month or a weekday
    ('until January traded as Brask Mobility' renames no January)."""
    return [(m.start(), m.end(), m.group()) for m in _NAME.finditer(text)
            if m.group().split()[0] not in _STARTERS and _clean(m.group()) not in _CALENDAR]


def _anaphoric(opening: str) -> bool:
    """'The hospital group, known as', 'It': the words before the cue refer back, naming nothing."""
    words = opening.strip(" ,").split()
    return bool(words) and words[0] in ("The", "It", "Its") and len(words) <= 4 and not _NAME.search(" ".join(words[1:]))


def _previous_statements(statements: list[Statement]) -> dict[str, Statement]:
    """Each statement's predecessor in its article, for a rename that refers back."""
    by_article: dict[str, list[Statement]] = {}
    for s in statements:
        by_article.setdefault(s.article_id, []).append(s)
    previous: dict[str, Statement] = {}
    for group in by_article.values():
        group.sort(key=lambda s: s.index)
        previous.update({b.id: a for a, b in zip(group, group[1:])})
    return previous


_RUN = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"  # a capitalised word run: a name the NER model may miss
_NAME = re.compile(_RUN)
# Two sides' names for one place: 'which Corvessa calls the Orrin Isles and Teskand the Hennavik
# Islands', 'what Armenians call Artsakh and Azerbaijanis call Karabakh'.
_TWO_SIDES = re.compile(
    rf"\b(?:which|what)\s+(?:the\s+)?{_RUN}\s+calls?\s+(?:it\s+|them\s+)?(?:the\s+)?(?P<first>{_RUN})\s*,?\s+"
    rf"(?:and|while|whereas)\s+(?:the\s+)?{_RUN}\s+(?:calls?\s+)?(?:it\s+|them\s+)?(?:the\s+)?(?P<second>{_RUN})")
# 'Veltra Transit Systems of Dolsk, until January traded as ...': a place after 'of' or 'in'
# qualifies the name before it and is not the renamed body.
_PLACE_OF = re.compile(r"\b(?:of|in|at|from|near)\s+(?:the\s+)?$")
_CALENDAR = frozenset("January February March April May June July August September October November December "
                      "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_STARTERS = frozenset("The A An In On At It Its This That These Those He She They We But And Or As For By "
                      "With From After Before When While If Since Some Most Many".split())


def _clean(name: str) -> str:
    return name.removesuffix("'s").removesuffix("’s").strip()
