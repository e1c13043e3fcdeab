"""Score flags against hand-annotated gold pairs (the format of shared/eval/README.md).

A flag matches a gold pair when, in either order, each flagged statement comes from the gold
statement's file and covers it: at least half of the gold text's word tokens appear in the
flagged statement, and the flagged statement is at most three times the gold length plus ten
tokens. Precision counts only flags that match some gold pair (the gold is not exhaustive);
a flag on a `consistent` pair is a false positive.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import GoldError

_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens with punctuation and quote marks stripped."""
    return _PUNCT.sub(" ", text.lower()).split()


@dataclass(frozen=True)
class GoldPair:
    id: str
    a_file: str
    a_text: str
    b_file: str
    b_text: str
    label: str
    category: str
    also: tuple[str, ...]
    must_flag: bool


@dataclass
class EvalResult:
    """Figures the issue asks for, per label and per category."""

    flags: int = 0
    matched_flags: int = 0
    per_label: dict[str, dict[str, float]] = field(default_factory=dict)
    per_category: dict[str, dict[str, float]] = field(default_factory=dict)
    flagged_recall: float = 0.0
    flagged_precision: float = 0.0
    consistent_unflagged: float = 1.0
    category_accuracy: float = 0.0
    must_flag_ranks: dict[str, int | None] = field(default_factory=dict)
    pairs: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def load_gold(path: Path) -> list[GoldPair]:
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            pairs.append(
                GoldPair(
                    id=d["id"], a_file=d["a"]["file"], a_text=d["a"]["text"], b_file=d["b"]["file"],
                    b_text=d["b"]["text"], label=d["label"], category=d["category"],
                    also=tuple(d.get("also") or ()), must_flag=bool(d.get("must_flag")),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}: line {number}: not a gold pair ({exc})") from exc
    return pairs


def covers(flagged_text: str, flagged_source: str, gold_text: str, gold_file: str) -> bool:
    """The README's matching rule for one side of a pair."""
    if _file_of(flagged_source) != gold_file:
        return False
    gold, flagged = tokens(gold_text), tokens(flagged_text)
    if not gold or len(flagged) > 3 * len(gold) + 10:
        return False
    have = set(flagged)
    return sum(1 for t in gold if t in have) >= len(gold) / 2


def matches(row: dict[str, Any], gold: GoldPair) -> bool:
    a = (row["a_text"], row["a_source"])
    b = (row["b_text"], row["b_source"])
    forward = covers(*a, gold.a_text, gold.a_file) and covers(*b, gold.b_text, gold.b_file)
    backward = covers(*b, gold.a_text, gold.a_file) and covers(*a, gold.b_text, gold.b_file)
    return forward or backward


def evaluate(rows: list[dict[str, Any]], gold: list[GoldPair]) -> EvalResult:
    """Score ranked flag rows (best first, as the store returns them) against gold pairs.

    Ranks count only flags on the gold's own files: a database holding several stories is
    reviewed story by story, so another story's flags do not push this one's down.
    """
    files = {g.a_file for g in gold} | {g.b_file for g in gold}
    rows = [r for r in rows if _file_of(r["a_source"]) in files and (not r.get("b_source") or _file_of(r["b_source"]) in files)]
    result = EvalResult(flags=sum(1 for r in rows if r.get("b_statement")))
    hits: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    matched = 0
    for rank, row in enumerate(rows, start=1):
        if not row.get("b_statement"):
            continue
        found = [g for g in gold if matches(row, g)]
        if found:
            matched += 1
        for g in found:
            hits[g.id].append((rank, row))
    result.matched_flags = matched
    _label_scores(result, gold, hits)
    _category_scores(result, gold, hits)
    for g in gold:
        first = hits[g.id][0] if hits[g.id] else None
        result.pairs.append(
            {
                "id": g.id, "label": g.label, "category": g.category, "must_flag": g.must_flag,
                "rank": first[0] if first else None,
                "flag_category": first[1]["category"] if first else None,
                "flag_kind": first[1]["kind"] if first else None,
            }
        )
        if g.must_flag:
            result.must_flag_ranks[g.id] = first[0] if first else None
    return result


def _label_scores(result: EvalResult, gold: list[GoldPair], hits: dict) -> None:
    flagged = [g for g in gold if g.label in ("conflict", "framing")]
    consistent = [g for g in gold if g.label == "consistent"]
    tp = sum(1 for g in flagged if hits[g.id])
    fp = sum(1 for g in consistent if hits[g.id])
    result.flagged_recall = tp / len(flagged) if flagged else 1.0
    result.flagged_precision = tp / (tp + fp) if tp + fp else 1.0
    result.consistent_unflagged = 1 - fp / len(consistent) if consistent else 1.0
    for label in ("conflict", "framing"):
        golds = [g for g in gold if g.label == label]
        found = sum(1 for g in golds if any(r["kind"] == label for _, r in hits[g.id]))
        predicted = sum(1 for g in gold if any(r["kind"] == label for _, r in hits[g.id]))
        result.per_label[label] = _prf(found, predicted, len(golds))


def _category_scores(result: EvalResult, gold: list[GoldPair], hits: dict) -> None:
    flagged = [g for g in gold if g.label in ("conflict", "framing") and hits[g.id]]
    right = sum(1 for g in flagged if _category_right(g, hits[g.id][0][1]))
    result.category_accuracy = right / len(flagged) if flagged else 0.0
    for category in sorted({g.category for g in gold if g.label != "consistent"}):
        golds = [g for g in gold if g.category == category and g.label != "consistent"]
        found = sum(1 for g in golds if hits[g.id] and category in _flag_categories(hits[g.id][0][1]))
        predicted = sum(1 for g in gold if hits[g.id] and category in _flag_categories(hits[g.id][0][1]))
        result.per_category[category] = _prf(found, predicted, len(golds))


def _flag_categories(row: dict[str, Any]) -> set[str]:
    return {row["category"], *[c for c in (row.get("also") or "").split(",") if c]}


def _category_right(g: GoldPair, row: dict[str, Any]) -> bool:
    return bool(_flag_categories(row) & {g.category, *g.also})


def _prf(found: int, predicted: int, total: int) -> dict[str, float]:
    p = found / predicted if predicted else 0.0
    r = found / total if total else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": total}


def _file_of(source: str) -> str:
    """Rows of a .jsonl/.csv export carry 'file.jsonl#3'; gold names the file."""
    return Path(source.split("#")[0]).name


def format_table(result: EvalResult) -> str:
    """Plain-text report: the headline figures, per label, per category, must-flag ranks."""
    lines = [
        f"flags (pairs): {result.flags}   matched to gold: {result.matched_flags}",
        f"conflict+framing recall: {result.flagged_recall:.3f}   precision: {result.flagged_precision:.3f}",
        f"consistent pairs left unflagged: {result.consistent_unflagged:.3f}",
        f"category right on matched pairs: {result.category_accuracy:.3f}",
        "",
        f"{'label/category':<20} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}",
    ]
    for name, s in [*result.per_label.items(), *result.per_category.items()]:
        lines.append(f"{name:<20} {s['precision']:>6.2f} {s['recall']:>6.2f} {s['f1']:>6.2f} {s['support']:>4}")
    lines.append("")
    lines.append("must-flag pairs: rank among the flags on the gold's files, as exported")
    for gid, rank in result.must_flag_ranks.items():
        lines.append(f"  {gid:<45} {rank if rank else 'MISSED'}")
    lines.append("")
    lines.append("every gold pair: id, label, category -> rank, flagged category/kind")
    for p in result.pairs:
        got = f"{p['rank']} {p['flag_category']}/{p['flag_kind']}" if p["rank"] else "-"
        lines.append(f"  {p['id']:<45} {p['label']:<10} {p['category']:<18} -> {got}")
    return "\n".join(lines)


@dataclass(frozen=True)
class GoldLoaded:
    """A statement with loaded language in the outlet's own voice (`*_loaded.jsonl`)."""

    file: str
    text: str
    terms: tuple[str, ...]


def is_loaded_gold(path: Path) -> bool:
    """Loaded-statement gold has `terms` and no pair sides."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                first = json.loads(line)
            except json.JSONDecodeError:
                return False
            return isinstance(first, dict) and "terms" in first and "a" not in first
    return False


def load_loaded_gold(path: Path) -> list[GoldLoaded]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(GoldLoaded(file=d["file"], text=d["text"], terms=tuple(d.get("terms") or ())))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}: line {number}: not a loaded-statement gold line ({exc})") from exc
    return out


def evaluate_loaded(rows: list[dict[str, Any]], gold: list[GoldLoaded]) -> dict[str, Any]:
    """Which gold loaded statements carry a `loaded_language` flag, and from which detector
    (the lexicon or the bias model); precision over loaded flags on the gold's files."""
    files = {g.file for g in gold}
    flags = [r for r in rows if r["category"] == "loaded_language" and _file_of(r["a_source"]) in files]
    found: list[dict[str, Any]] = []
    for g in gold:
        hit = next((r for r in flags if covers(r["a_text"], r["a_source"], g.text, g.file)), None)
        found.append({"file": g.file, "text": g.text, "flagged": hit is not None,
                      "detector": hit["detector"] if hit else None})
    matched = sum(1 for r in flags if any(covers(r["a_text"], r["a_source"], g.text, g.file) for g in gold))
    by_detector: dict[str, int] = defaultdict(int)
    for f in found:
        if f["flagged"]:
            by_detector[f["detector"]] += 1
    return {"statements": len(gold), "flagged": sum(f["flagged"] for f in found),
            "recall": round(sum(f["flagged"] for f in found) / len(gold), 3) if gold else 0.0,
            "loaded_flags": len(flags), "loaded_flags_on_gold": matched,
            "by_detector": dict(by_detector), "items": found}


def format_loaded(result: dict[str, Any]) -> str:
    lines = [f"loaded statements flagged: {result['flagged']} of {result['statements']} "
             f"(recall {result['recall']:.3f}); by detector: {result['by_detector']}",
             f"loaded_language flags on these files: {result['loaded_flags']} "
             f"({result['loaded_flags_on_gold']} on gold statements; the gold is not exhaustive)", ""]
    for item in result["items"]:
        lines.append(f"  {'yes' if item['flagged'] else ' - '} {item['file']}: {item['text'][:90]}")
    return "\n".join(lines)
