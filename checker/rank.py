"""Ranker: one flag per statement pair, ordered so the most consequential come first.

Conflicts rank above framing, who-started-it and who-said-it above wording, and the same
framing repeated across many sentence pairs of the same two articles is pushed down so one
loaded label does not fill the queue.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from checker.detect.base import load_thresholds
from checker.records import Flag
from checker.resources import MODELS_DIR


@dataclass(frozen=True)
class Ranker:
    """Weights from `models/detectors.json` turn detector confidence into a rank score."""

    category_weight: dict[str, float]
    kind_weight: dict[str, float]
    repeat_penalty: float
    repeat_categories: frozenset[str] = frozenset()
    kind_weight_overrides: dict[str, dict[str, float]] = field(default_factory=dict)
    conflict_repeat_penalty: float = 1.0
    conflict_repeat_exempt: frozenset[str] = frozenset()

    @classmethod
    def from_models(cls, models_dir: Path = MODELS_DIR) -> "Ranker":
        cfg = load_thresholds(models_dir)["ranker"]
        return cls(
            category_weight=cfg["category_weight"],
            kind_weight=cfg["kind_weight"],
            repeat_penalty=cfg["repeat_penalty"],
            repeat_categories=frozenset(cfg["repeat_categories"]),
            kind_weight_overrides=cfg.get("kind_weight_overrides", {}),
            conflict_repeat_penalty=cfg.get("conflict_repeat_penalty", 1.0),
            conflict_repeat_exempt=frozenset(cfg.get("conflict_repeat_exempt", ())),
        )

    def rank(self, flags: list[Flag], article_of: dict[str, str]) -> list[Flag]:
        """Merge flags of the same pair, score them, demote repeats; best first, ties broken by id."""
        merged = self._merge(flags)
        scored = [replace(f, score=round(self.weight(f) * f.score, 4)) for f in merged]
        scored.sort(key=lambda f: (-f.score, f.id))
        seen: Counter[tuple[str, ...]] = Counter()
        out = []
        for flag in scored:
            groups = self._groups(flag, article_of)
            repeats = max((seen[g] for g in groups), default=0)
            seen.update(groups)
            penalty = self.conflict_repeat_penalty if flag.kind == "conflict" else self.repeat_penalty
            out.append(replace(flag, score=round(flag.score * penalty**repeats, 4)) if repeats else flag)
        out.sort(key=lambda f: (-f.score, f.id))
        return out

    def _groups(self, flag: Flag, article_of: dict[str, str]) -> list[tuple[str, ...]]:
        """Flags that repeat one another: the same statement against many sentences of one article,
        and (for word-choice categories) the same two articles again and again."""
        if not flag.b:
            return [(flag.category, article_of.get(flag.a, ""))] if flag.category in self.repeat_categories else []
        art_a, art_b = article_of.get(flag.a, ""), article_of.get(flag.b, "")
        if flag.kind == "conflict" and flag.category in self.conflict_repeat_exempt:
            return []
        groups = [(flag.category, flag.kind, flag.a, art_b), (flag.category, flag.kind, flag.b, art_a)]
        if flag.category in self.repeat_categories:
            groups.append((flag.category, *sorted((art_a, art_b))))
        return groups

    def weight(self, flag: Flag) -> float:
        kinds = {**self.kind_weight, **self.kind_weight_overrides.get(flag.category, {})}
        return self.category_weight.get(flag.category, 0.5) * kinds.get(flag.kind, 0.8)

    def _merge(self, flags: list[Flag]) -> list[Flag]:
        """Keep the strongest flag of each statement pair; name the other categories in `also`."""
        by_pair: dict[tuple[str, str], list[Flag]] = {}
        for flag in flags:
            by_pair.setdefault(tuple(sorted((flag.a, flag.b))), []).append(flag)  # type: ignore[arg-type]
        merged = []
        for group in by_pair.values():
            group.sort(key=lambda f: (-self.weight(f) * f.score, f.category))
            best = group[0]
            also = tuple(dict.fromkeys(f.category for f in group[1:] if f.category != best.category))
            merged.append(replace(best, also=also) if also else best)
        return merged
