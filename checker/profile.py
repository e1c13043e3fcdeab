"""Outlet framing profiles: loaded wording, chosen labels, quoted voices, and flags by category.

One table feeds both `python -m checker profile` and the dashboard's outlet x category heatmap.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from checker.detect.base import TermMatcher, load_contested
from checker.detect.loaded import LoadedLanguageDetector
from checker.records import CATEGORIES
from checker.resources import MODELS_DIR
from checker.store import Store

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass
class OutletProfile:
    """How one outlet frames the story, counted over all its statements."""

    outlet: str
    articles: int = 0
    words: int = 0
    loaded_terms: Counter = field(default_factory=Counter)
    labels: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    voices: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)

    @property
    def loaded_per_1000(self) -> float:
        return 1000 * sum(self.loaded_terms.values()) / self.words if self.words else 0.0


def outlet_profiles(store: Store, models_dir: Path = MODELS_DIR) -> list[OutletProfile]:
    """One profile per outlet, from the statements and active flags in the store."""
    loaded = LoadedLanguageDetector(models_dir)
    contested = load_contested(models_dir)
    choices = {k: TermMatcher(v) for k, v in contested["names"].items()}
    choices.update({k: TermMatcher(v["loaded"] + v["neutral"]) for k, v in contested["labels"].items()})
    articles = {a.id: a for a in store.articles()}
    profiles: dict[str, OutletProfile] = {}
    for article in articles.values():
        profiles.setdefault(article.outlet, OutletProfile(article.outlet)).articles += 1
    for statement in store.statements():
        profile = profiles[articles[statement.article_id].outlet]
        profile.words += len(_WORD.findall(statement.text))
        profile.loaded_terms.update(statement.text[h.start:h.end].lower() for h in loaded.own_voice_hits(statement))
        for key, matcher in choices.items():
            profile.labels[key].update(h.term for h in matcher.find(statement.text))
        if statement.speaker:
            profile.voices[_voice(statement.speaker_side, statement.speaker_role, statement.speaker_key)] += 1
    for row in store.flag_rows():
        for side in ("a_outlet", "b_outlet"):
            if row[side] in profiles:
                profiles[row[side]].flags[row["category"]] += 1
    return sorted(profiles.values(), key=lambda p: p.outlet)


def heatmap_rows(profiles: list[OutletProfile]) -> list[dict[str, object]]:
    """Outlet x category flag counts, one dict per outlet (for a dataframe or a heatmap)."""
    return [{"outlet": p.outlet, **{c: p.flags.get(c, 0) for c in CATEGORIES}} for p in profiles]


def format_profiles(profiles: list[OutletProfile]) -> str:
    """Plain-text report, one block per outlet."""
    lines = []
    for p in profiles:
        lines.append(f"{p.outlet}  ({p.articles} articles, {p.words:,} words)")
        terms = ", ".join(f"{t} x{n}" for t, n in p.loaded_terms.most_common(8)) or "none"
        lines.append(f"  loaded terms: {p.loaded_per_1000:.1f} per 1,000 words ({terms})")
        chosen = [f"{k}: {', '.join(t for t, _ in c.most_common(3))}" for k, c in sorted(p.labels.items()) if c]
        lines.append("  labels chosen: " + ("; ".join(chosen) or "none"))
        voices = ", ".join(f"{v} x{n}" for v, n in p.voices.most_common(6)) or "none"
        lines.append(f"  voices quoted: {voices}")
        flags = ", ".join(f"{c} {p.flags[c]}" for c in CATEGORIES if p.flags.get(c)) or "none"
        lines.append(f"  flags: {flags}")
        lines.append("")
    return "\n".join(lines)


def _voice(side: str, role: str, key: str) -> str:
    """A speaker as a side and a role ('turkey: foreign minister'), the name when neither is known."""
    if side or role:
        return ": ".join(x for x in (side, role) if x)
    return key.split(":", 1)[-1]
