"""Drop page furniture (share buttons, comment forms, captions, credits) from article lines.

The patterns live in `models/boilerplate.json` so they can be extended without code changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from checker.resources import load_json

_TERMINAL = tuple(".!?\"'”’»)…:")
# 'OTTAWA (Reuters) - ', 'BRACKEN FORD, Westmere, 2 March (Wire) - ', 'TOLSBURY, Oct 5 (NWS) - ': a
# capitalised place, up to two region names, a day-month or month-day, an agency, then a dash.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'/ -]{1,30}(?:,\s*[A-Z][A-Za-z.' -]{1,30}){0,2}?"
    r"(?:,?\s*(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"(?:\s*\([^)]{1,40}\))?\s*[–—-]\s*(?=[A-Z“\"])"
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class BoilerplateFilter:
    """Keeps the lines of a page that are article text; configured from a JSON rule file."""

    line_patterns: tuple[re.Pattern[str], ...]
    trailing_blurb: re.Pattern[str]
    heading_max_words: int
    caption_similarity: float
    title_separators: tuple[str, ...]

    @classmethod
    def from_models(cls, models_dir: Path) -> "BoilerplateFilter":
        rules = load_json(models_dir / "boilerplate.json")
        return cls(
            line_patterns=tuple(re.compile(p, re.IGNORECASE) for p in rules["line_patterns"]),
            trailing_blurb=re.compile(rules["trailing_blurb_pattern"]),
            heading_max_words=int(rules["heading_max_words"]),
            caption_similarity=float(rules["caption_similarity"]),
            title_separators=tuple(rules["title_site_separators"]),
        )

    def is_furniture(self, line: str) -> bool:
        """True for a line that is page furniture whatever its neighbours."""
        return any(p.search(line) for p in self.line_patterns)

    def is_heading(self, line: str) -> bool:
        """Short unpunctuated lines are section headings, captions or credits, not statements."""
        words = _WORD.findall(line)
        return len(words) <= self.heading_max_words and not line.rstrip().endswith(_TERMINAL)

    def clean(self, lines: list[str]) -> list[str]:
        """Return the article's paragraphs with furniture, headings, captions and blurbs removed."""
        kept = [ln.strip() for ln in lines if ln.strip() and not self.is_furniture(ln.strip())]
        kept = self._drop_repeated_captions(kept)
        kept = [ln for ln in kept if not self.is_heading(ln)]
        while kept and self.trailing_blurb.search(kept[-1]) and len(kept) > 1:
            kept.pop()
        return [_DATELINE.sub("", ln, count=1) for ln in kept]

    def _drop_repeated_captions(self, lines: list[str]) -> list[str]:
        """A line repeated (nearly) word for word by its neighbour is an image caption."""
        drop: set[int] = set()
        for i in range(1, len(lines)):
            if _jaccard(lines[i - 1], lines[i]) >= self.caption_similarity:
                drop.update((i - 1, i))
        return [ln for i, ln in enumerate(lines) if i not in drop]

    def split_title(self, line: str) -> str:
        """Strip a trailing site name ("Headline | Site News") from a title line."""
        for sep in self.title_separators:
            head, found, tail = line.rpartition(sep)
            if found and head and len(_WORD.findall(tail)) <= 4:
                return head.strip()
        return line.strip()


def _jaccard(a: str, b: str) -> float:
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)
