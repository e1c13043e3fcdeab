"""Export flagged pairs, stories and topics as CSV or JSONL.

The field names of `FLAG_FIELDS` are a contract other tools read. CSV cells that a
spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, TextIO

from checker.store import Store

FLAG_FIELDS = (
    "flag_id", "category", "kind", "score", "explanation",
    "a_article", "a_source", "a_outlet", "a_published", "a_text", "a_evidence",
    "b_article", "b_source", "b_outlet", "b_published", "b_text", "b_evidence",
    "status", "note", "reviewer", "updated_at", "also", "rank", "detector",
)
STORY_FIELDS = ("story_id", "article", "source", "outlet", "published", "title", "duplicate_of")
TOPIC_FIELDS = ("topic_id", "statement_id", "article", "source", "outlet", "text")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def flag_records(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Export rows for flags: the evidence spans become the quoted words they point at."""
    out = []
    for row in rows:
        record = {k: row.get(k, "") for k in FLAG_FIELDS}
        record["a_evidence"] = _evidence_text(row["a_text"], row["a_evidence"])
        record["b_evidence"] = _evidence_text(row["b_text"], row["b_evidence"]) if row.get("b_text") else ""
        out.append(record)
    return out


def story_records(store: Store) -> list[dict[str, Any]]:
    sql = "SELECT story_id, id, source, outlet, published, title, duplicate_of FROM articles ORDER BY story_id, published, id"
    return [dict(zip(STORY_FIELDS, (r[0] or r[1], *r[1:]))) for r in store.db.execute(sql)]


def topic_records(store: Store) -> list[dict[str, Any]]:
    return [{k: row[k] for k in TOPIC_FIELDS} for row in store.topic_rows()]


def write(records: list[dict[str, Any]], fields: tuple[str, ...], fmt: str, out: TextIO) -> None:
    """Write records as `csv` (spreadsheet-safe) or `jsonl`."""
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps({k: record.get(k, "") for k in fields}, ensure_ascii=False) + "\n")
        return
    if fmt != "csv":
        raise ValueError(f"unknown export format '{fmt}' (use csv or jsonl)")
    # RFC 4180 line ends: with "\n" the csv module leaves a cell holding a bare CR unquoted, splitting the row.
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: safe_cell(record.get(k, "")) for k in fields})


def to_string(records: list[dict[str, Any]], fields: tuple[str, ...], fmt: str) -> str:
    buffer = io.StringIO()
    write(records, fields, fmt, buffer)
    return buffer.getvalue()


def safe_cell(value: Any) -> Any:
    """Stop spreadsheets from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, (list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _evidence_text(text: str, spans: list[list[int]]) -> str:
    return " | ".join(text[s:e] for s, e in spans if 0 <= s < e <= len(text))
