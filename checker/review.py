"""What the review dashboard computes: queue filters and pages, overview tables, pair view, uploads, export.

`app.py` only lays out the page; everything it shows is computed here, so it is tested without
a browser and stays fast on large stores (the flags are loaded once per analysis, then filtered
in plain Python on every rerun).

Article text is untrusted: every HTML fragment built here escapes it with `html.escape` first.
"""

from __future__ import annotations

import argparse
import copy
import html
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from checker import export
from checker.errors import ReviewError
from checker.pipeline import Checker, Progress, Report
from checker.records import CATEGORIES, STATUSES, Skipped
from checker.store import Store

__all__ = [
    "AppOptions",
    "ContextSentence",
    "EXPORT_SCOPES",
    "FlagFilter",
    "FlagTable",
    "KINDS",
    "MAX_NOTE_CHARS",
    "PAGE_CSS",
    "Page",
    "ReviewError",
    "STATUS_COLOURS",
    "Segment",
    "Upload",
    "UploadLimits",
    "analyse_uploads",
    "app_options",
    "audit_frame",
    "category_counts",
    "category_label",
    "context_block",
    "context_html",
    "context_sentences",
    "count_outlet_categories",
    "current_verdicts",
    "export_rows",
    "explanation_html",
    "export_text",
    "flags_fingerprint",
    "highlight_html",
    "md_escape",
    "note_change",
    "overall_progress",
    "outlet_category_counts",
    "page_of",
    "paginate",
    "queue_frame",
    "safe_file_name",
    "safe_link",
    "save_verdict",
    "segments",
    "short_time",
    "side_html",
    "stage_uploads",
    "status_counts",
    "status_label",
    "story_table",
    "topic_neighbours",
    "topic_table",
    "upload_summary",
    "verdict_markdown",
    "with_progress",
]

DEFAULT_DB = "checker.db"
KINDS: tuple[str, ...] = ("conflict", "framing")
EXPORT_SCOPES: dict[str, str] = {
    "all": "all flags",
    "filter": "the current filter",
    "confirmed": "confirmed flags only",
}
_OPEN = {"status": "open", "note": "", "reviewer": "", "updated_at": ""}
_SEARCH_FIELDS = ("a_text", "b_text", "explanation", "a_outlet", "b_outlet", "a_title", "b_title", "a_source", "b_source", "flag_id")
MAX_NOTE_CHARS = 4000


# --- where the data lives ---------------------------------------------------------------------


@dataclass(frozen=True)
class AppOptions:
    """The database the dashboard reviews, and the folder it analyses when that database is empty."""

    db: Path
    corpus: Path


def app_options(argv: Sequence[str], environ: Mapping[str, str], default_corpus: Path) -> AppOptions:
    """`--db`/`--corpus` after `streamlit run app.py --` win over CHECKER_DB/CHECKER_CORPUS, then the defaults."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--db")
    parser.add_argument("--corpus")
    args, _ = parser.parse_known_args(list(argv))
    db = args.db or environ.get("CHECKER_DB") or DEFAULT_DB
    corpus = args.corpus or environ.get("CHECKER_CORPUS") or str(default_corpus)
    return AppOptions(Path(db), Path(corpus))


def with_progress(checker: Checker, progress: Progress, store: Store | None = None) -> Checker:
    """A shallow copy sharing the loaded models, reporting to `progress` (and writing to `store`).

    The cached checker is shared by every browser session, so a run never changes it in place.
    """
    run = copy.copy(checker)
    run.progress = progress
    if store is not None:
        run.store = store
    return run


_STAGES: dict[str, tuple[float, float, str]] = {
    "ingest": (0.00, 0.05, "reading files"),
    "statements": (0.05, 0.35, "finding statements"),
    "embed": (0.35, 0.80, "embedding statements"),
    "topics": (0.80, 0.85, "grouping stories and topics"),
    "detect": (0.85, 0.97, "comparing outlets"),
    "store": (0.97, 1.00, "saving"),
    "done": (1.00, 1.00, "done"),
}


def overall_progress(stage: str, fraction: float) -> tuple[float, str]:
    """One bar for the whole run: the pipeline reports each stage from 0 to 1, the editor sees 0 to 1 once."""
    start, end, text = _STAGES.get(stage, (0.0, 1.0, stage))
    return start + (end - start) * min(max(fraction, 0.0), 1.0), text


def md_escape(text: str) -> str:
    """Backslash-escape Markdown (and Streamlit's `:directive[...]`) so untrusted text shows as typed."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|:$~])", r"\\\1", text)


# --- the flags of one analysis ------------------------------------------------------------------


def flags_fingerprint(store: Store) -> tuple[Any, ...]:
    """Changes whenever an analysis changes the active flags; the key for caching a `FlagTable`."""
    flags = store.db.execute("SELECT COUNT(*), MAX(last_seen), TOTAL(score) FROM flags WHERE active=1").fetchone()
    articles = store.db.execute("SELECT COUNT(*), MAX(added_at) FROM articles").fetchone()
    return (*flags, *articles)


@dataclass(frozen=True)
class FlagTable:
    """The active flags, best first, with what filtering needs precomputed.

    Rows are loaded as "open"; verdicts are read on every rerun and laid over them, so the
    cached table never goes stale when an editor records one.
    """

    rows: tuple[dict[str, Any], ...]
    search: tuple[str, ...]

    @classmethod
    def from_store(cls, store: Store) -> "FlagTable":
        story_of = dict(store.db.execute("SELECT id, COALESCE(story_id, id) FROM articles"))
        rows = []
        for row in store.flag_rows():
            row.update(_OPEN, story_id=story_of.get(row["a_article"], ""))
            rows.append(row)
        search = tuple(" ".join(str(r.get(k) or "") for k in _SEARCH_FIELDS).lower() for r in rows)
        return cls(tuple(rows), search)

    @property
    def outlets(self) -> list[str]:
        return sorted({r[k] for r in self.rows for k in ("a_outlet", "b_outlet") if r[k]}, key=str.lower)

    def filter(self, flt: "FlagFilter", verdicts: Mapping[str, Mapping[str, str]]) -> list[dict[str, Any]]:
        """Rows matching `flt`, in rank order, each carrying its current verdict."""
        out = []
        for row, hay in zip(self.rows, self.search):
            verdict = verdicts.get(row["flag_id"])
            if flt.matches(row, verdict["status"] if verdict else "open", hay):
                out.append({**row, **verdict} if verdict else row)
        return out

    def with_verdicts(self, verdicts: Mapping[str, Mapping[str, str]]) -> list[dict[str, Any]]:
        return [{**row, **verdicts[row["flag_id"]]} if row["flag_id"] in verdicts else row for row in self.rows]


@dataclass(frozen=True)
class FlagFilter:
    """What the editor narrowed the queue to; an empty set means no restriction."""

    categories: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    outlets: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    stories: frozenset[str] = frozenset()
    min_score: float = 0.0
    max_score: float = 1.0
    text: str = ""

    def matches(self, row: Mapping[str, Any], status: str, search: str) -> bool:
        """`search` is the row's lower-cased searchable text, precomputed once per analysis."""
        return (
            (not self.categories or row["category"] in self.categories)
            and (not self.kinds or row["kind"] in self.kinds)
            and (not self.statuses or status in self.statuses)
            and (not self.stories or row.get("story_id") in self.stories)
            and (not self.outlets or row["a_outlet"] in self.outlets or row["b_outlet"] in self.outlets)
            and self.min_score <= row["score"] <= self.max_score
            and all(word in search for word in self.text.lower().split())
        )


def current_verdicts(store: Store) -> dict[str, dict[str, str]]:
    """Every verdict by flag id; read on each rerun, so a verdict shows at once in every session."""
    sql = "SELECT flag_id, status, note, reviewer, COALESCE(updated_at, '') FROM verdicts"
    return {r[0]: dict(zip(("status", "note", "reviewer", "updated_at"), r[1:])) for r in store.db.execute(sql)}


# --- pages of the queue -------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page of a filtered queue; `number` is 1-based and always within 1..`count`."""

    rows: list[dict[str, Any]]
    number: int
    count: int
    total: int
    first: int  # 1-based position of the first row, 0 when empty

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def paginate(rows: Sequence[dict[str, Any]], number: int, size: int) -> Page:
    """The requested page, clamped into range so a narrowed filter never shows an empty page."""
    size = max(1, size)
    count = max(1, -(-len(rows) // size))
    number = min(max(1, number), count)
    start = (number - 1) * size
    chunk = list(rows[start: start + size])
    return Page(chunk, number, count, len(rows), start + 1 if chunk else 0)


def page_of(rows: Sequence[dict[str, Any]], flag_id: str, size: int) -> int | None:
    """The page holding `flag_id` in `rows`, or None when the filter hides it."""
    for i, row in enumerate(rows):
        if row["flag_id"] == flag_id:
            return i // max(1, size) + 1
    return None


def category_label(category: str) -> str:
    return category.replace("_", " / ", 1) if category == "causation_blame" else category.replace("_", " ")


def status_label(status: str) -> str:
    return status.replace("_", " ")


STATUS_COLOURS: dict[str, str] = {"open": "gray", "confirmed": "green", "dismissed": "red", "needs_check": "orange"}


def short_time(stamp: str) -> str:
    """`2024-03-05T10:04:19+00:00` as `2024-03-05 10:04 UTC`: what an editor reads at a glance."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})", stamp or "")
    return f"{match.group(1)} {match.group(2)} UTC" if match else (stamp or "")


def verdict_markdown(row: Mapping[str, Any]) -> str:
    """The verdict as a coloured badge with who gave it and when; the reviewer's name is escaped."""
    status = row["status"]
    line = f":{STATUS_COLOURS.get(status, 'gray')}-badge[{status_label(status)}]"
    if row.get("reviewer"):
        line += f" by **{md_escape(row['reviewer'])}**, {md_escape(short_time(row.get('updated_at', '')))}"
    return line


def queue_frame(rows: Sequence[dict[str, Any]], selected: str = "") -> pd.DataFrame:
    """The page as a table: the open flag marked, the columns an editor scans."""
    return pd.DataFrame(
        {
            "open": ["▶" if r["flag_id"] == selected else "" for r in rows],
            "rank": [r["rank"] for r in rows],
            "category": [category_label(r["category"]) for r in rows],
            "kind": [r["kind"] for r in rows],
            "score": [float(r["score"]) for r in rows],
            "outlets": [f"{r['a_outlet']} ↔ {r['b_outlet']}" if r["b_outlet"] else r["a_outlet"] for r in rows],
            "status": [status_label(r["status"]) for r in rows],
            "statement": [r["a_text"] for r in rows],
        },
        columns=["open", "rank", "category", "kind", "score", "outlets", "status", "statement"],
    )


# --- overview -------------------------------------------------------------------------------------


def status_counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Flags per verdict status, every status present (rows carry their verdict)."""
    counts = Counter(r["status"] for r in rows)
    return {s: counts.get(s, 0) for s in STATUSES}


def category_counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = Counter(r["category"] for r in rows)
    return {c: counts.get(c, 0) for c in CATEGORIES}


def outlet_category_counts(store: Store, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Long table (outlet, category, flags) for the heatmap: how many flags involve each outlet.

    Taken from `checker.profile` when it offers the table (so the dashboard and
    `python -m checker profile` agree), else counted from `rows`. Slow-ish on big stores: cache it.
    """
    profiled = _profile_counts(store)
    return profiled if profiled is not None else count_outlet_categories(rows)


def count_outlet_categories(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Outlet x category flag counts from flag rows; a flag counts once for each of its two outlets."""
    counts: Counter[tuple[str, str]] = Counter()
    for r in rows:
        for outlet in {r["a_outlet"], r["b_outlet"]} - {""}:
            counts[(outlet, r["category"])] += 1
    outlets = sorted({o for o, _ in counts}, key=str.lower)
    data = [(o, c, counts.get((o, c), 0)) for o in outlets for c in CATEGORIES]
    return pd.DataFrame(data, columns=["outlet", "category", "flags"])


def _profile_counts(store: Store) -> pd.DataFrame | None:
    """The heatmap table from `checker.profile` (`profile_table`, or `heatmap_rows(outlet_profiles())`)."""
    try:
        from checker import profile
    except ImportError:
        return None
    if hasattr(profile, "profile_table"):
        table = pd.DataFrame(profile.profile_table(store))
    elif hasattr(profile, "heatmap_rows") and hasattr(profile, "outlet_profiles"):
        table = pd.DataFrame(profile.heatmap_rows(profile.outlet_profiles(store)))
    else:
        return None
    return _long_counts(table)


def _long_counts(table: pd.DataFrame) -> pd.DataFrame | None:
    """Accept the table long (outlet, category, flags) or wide (outlet plus one column per category)."""
    if {"outlet", "category", "flags"} <= set(table.columns):
        return table[["outlet", "category", "flags"]].reset_index(drop=True)
    categories = [c for c in CATEGORIES if c in table.columns]
    if "outlet" not in table.columns or not categories:
        return None
    return table.melt(id_vars="outlet", value_vars=categories, var_name="category", value_name="flags")


def story_table(store: Store, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per story: headline of its first article, articles, outlets, dates and flags."""
    flags = Counter(r.get("story_id", "") for r in rows)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in export.story_records(store):
        groups[rec["story_id"]].append(rec)
    out = []
    for story_id, recs in groups.items():
        dated = sorted(recs, key=lambda r: r["published"] or "9999")
        out.append({
            "story": dated[0]["title"] or dated[0]["source"],
            "articles": len(recs),
            "wire copies": sum(1 for r in recs if r["duplicate_of"]),
            "outlets": len({r["outlet"] for r in recs}),
            "from": dated[0]["published"] or "",
            "to": max((r["published"] or "" for r in recs), default=""),
            "flags": flags.get(story_id, 0),
            "story_id": story_id,
        })
    return pd.DataFrame(out, columns=["story", "articles", "wire copies", "outlets", "from", "to", "flags", "story_id"]).sort_values(
        ["flags", "articles"], ascending=False, ignore_index=True
    )


def topic_table(store: Store, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per cross-outlet topic: its label, statements, outlets and the flags touching it."""
    topic_of: dict[str, str] = {}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in store.topic_rows():
        topic_of[rec["statement_id"]] = rec["topic_id"]
        groups[rec["topic_id"]].append(rec)
    flags: Counter[str] = Counter()
    for r in rows:
        for topic in {topic_of.get(r["a_statement"]), topic_of.get(r["b_statement"])} - {None}:
            flags[topic] += 1
    out = [
        {
            "topic": recs[0]["label"] or recs[0]["text"][:80],
            "statements": len(recs),
            "outlets": len({r["outlet"] for r in recs}),
            "flags": flags.get(topic_id, 0),
            "topic_id": topic_id,
        }
        for topic_id, recs in groups.items()
    ]
    return pd.DataFrame(out, columns=["topic", "statements", "outlets", "flags", "topic_id"]).sort_values(
        ["flags", "outlets"], ascending=False, ignore_index=True
    )


# --- pair view --------------------------------------------------------------------------------------


PAGE_CSS = """
[data-testid="stMainBlockContainer"]{padding-top:2.5rem}
.ck-card{border:1px solid rgba(128,128,128,.35);border-radius:.5rem;padding:.75rem 1rem;margin-bottom:.5rem}
.ck-meta{font-size:.85rem;opacity:.85;margin-bottom:.2rem}
.ck-outlet{font-weight:700}
.ck-headline{font-style:italic;margin-bottom:.5rem}
.ck-statement{font-size:1.08rem;line-height:1.6;margin:.25rem 0 .6rem 0}
.ck-source{font-size:.8rem;opacity:.7;overflow-wrap:anywhere}
mark.ck-ev{background:#ffd54f;color:#111;padding:0 .12em;border-radius:.2em}
.ck-expl{font-size:1rem;line-height:1.5;padding:.55rem .8rem;border-radius:.4rem;
  background:rgba(255,193,7,.14);border-left:4px solid #f0a500;margin-bottom:.6rem}
.ck-context p{margin:.25rem 0;opacity:.72;line-height:1.5}
.ck-context p.ck-focus{opacity:1;border-left:3px solid #f0a500;padding-left:.55rem}
"""


def explanation_html(row: Mapping[str, Any]) -> str:
    """The detector's one-sentence explanation (it quotes article words, so it is escaped too)."""
    return f'<div class="ck-expl">{html.escape(row["explanation"])}</div>'


@dataclass(frozen=True)
class Segment:
    """A run of statement text, `marked` when it lies inside an evidence span."""

    text: str
    marked: bool


def segments(text: str, spans: Iterable[Sequence[int]]) -> list[Segment]:
    """Split `text` at the evidence spans; overlapping spans merge, out-of-range ones are clipped or dropped."""
    clean = sorted((max(0, int(s)), min(len(text), int(e))) for s, e in spans if int(e) > int(s))
    merged: list[list[int]] = []
    for start, end in clean:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        if start > pos:
            out.append(Segment(text[pos:start], False))
        out.append(Segment(text[start:end], True))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:], False))
    return out


def highlight_html(text: str, spans: Iterable[Sequence[int]]) -> str:
    """Statement text as escaped HTML with the differing words in `<mark>`; nothing of `text` is markup."""
    return "".join(
        f'<mark class="ck-ev">{html.escape(s.text)}</mark>' if s.marked else html.escape(s.text)
        for s in segments(text, spans)
    )


def safe_link(url: str, label: str) -> str:
    """A link only for http(s) addresses; anything else (javascript:, data:) is shown as text."""
    if not re.match(r"^https?://", url or "", flags=re.IGNORECASE):
        return html.escape(url or "")
    return f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer nofollow">{html.escape(label)}</a>'


def side_html(row: Mapping[str, Any], side: str) -> str:
    """One statement of a pair as an escaped HTML card: outlet, date, headline, source, highlighted text."""
    p = side  # "a" or "b"
    date = row[f"{p}_published"] or "no date"
    source = html.escape(row[f"{p}_source"] or "")
    link = safe_link(row[f"{p}_url"], "original") if row[f"{p}_url"] and row[f"{p}_url"] != row[f"{p}_source"] else ""
    return (
        '<div class="ck-card">'
        f'<div class="ck-meta"><span class="ck-outlet">{html.escape(row[f"{p}_outlet"])}</span>'
        f' · {html.escape(date)}</div>'
        f'<div class="ck-headline">{html.escape(row[f"{p}_title"] or "(no headline)")}</div>'
        f'<div class="ck-statement">{highlight_html(row[f"{p}_text"], row[f"{p}_evidence"])}</div>'
        f'<div class="ck-source">source: {source}{" · " + link if link else ""}</div>'
        "</div>"
    )


@dataclass(frozen=True)
class ContextSentence:
    """A sentence around a flagged statement; `focus` marks the flagged one."""

    index: int
    text: str
    focus: bool


def context_sentences(store: Store, article_id: str, index: int, radius: int = 2) -> list[ContextSentence]:
    """The flagged statement with up to `radius` sentences either side, in article order.

    Store has no such lookup yet; the query uses the `statements_article` index.
    """
    sql = "SELECT idx, text FROM statements WHERE article_id=? AND idx BETWEEN ? AND ? ORDER BY idx"
    rows = store.db.execute(sql, (article_id, index - radius, index + radius))
    return [ContextSentence(i, text, i == index) for i, text in rows]


def context_html(sentences: Sequence[ContextSentence], spans: Iterable[Sequence[int]]) -> str:
    """The surrounding sentences as escaped HTML, the flagged one emphasised with its evidence marked."""
    spans = list(spans)
    parts = [
        f'<p class="ck-ctx ck-focus">{highlight_html(s.text, spans)}</p>' if s.focus else f'<p class="ck-ctx">{html.escape(s.text)}</p>'
        for s in sentences
    ]
    return '<div class="ck-context">' + "".join(parts) + "</div>" if parts else ""


def context_block(store: Store, row: Mapping[str, Any], side: str, radius: int = 2) -> str:
    """The context HTML for side "a" or "b" of a flag row, or a plain note when none is stored."""
    sentences = context_sentences(store, row[f"{side}_article"], row[f"{side}_index"], radius)
    return context_html(sentences, row[f"{side}_evidence"]) or "<p>No surrounding sentences are stored for this article.</p>"


def topic_neighbours(store: Store, row: Mapping[str, Any]) -> pd.DataFrame:
    """Statements of other articles in the topic(s) of the pair: how the rest of the coverage puts it."""
    ids = [i for i in (row["a_statement"], row["b_statement"]) if i]
    articles = [a for a in (row["a_article"], row["b_article"]) if a]
    marks, amarks = ",".join("?" * len(ids)), ",".join("?" * len(articles))
    sql = f"""SELECT a.outlet, COALESCE(a.published, ''), s.text, a.source FROM topics t
              JOIN statements s ON s.id = t.statement_id JOIN articles a ON a.id = s.article_id
              WHERE t.topic_id IN (SELECT topic_id FROM topics WHERE statement_id IN ({marks}))
                AND a.id NOT IN ({amarks})
              ORDER BY a.outlet, a.published, s.idx"""
    data = store.db.execute(sql, (*ids, *articles)).fetchall()
    return pd.DataFrame(data, columns=["outlet", "published", "statement", "source"])


# --- verdicts -----------------------------------------------------------------------------------------


def save_verdict(store: Store, flag_id: str, reviewer: str, status: str | None = None, note: str | None = None) -> None:
    """Write a verdict and/or note at once (audited by the store); a reviewer name is required."""
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise ReviewError("type your name in the sidebar before recording a verdict")
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise ReviewError(f"the note is {len(note):,} characters; keep it under {MAX_NOTE_CHARS:,}")
    store.set_verdict(flag_id, reviewer, status=status, note=note)


def note_change(edited: str | None, loaded: str) -> str | None:
    """The note to save, or None when the editor left it as loaded.

    Saving an untouched note would overwrite a colleague's newer note with this session's stale copy.
    """
    return None if edited is None or edited == loaded else edited


def audit_frame(store: Store, flag_id: str) -> pd.DataFrame:
    """The verdict history of one flag, newest first."""
    rows = store.audit(flag_id)
    frame = pd.DataFrame(rows, columns=["at", "reviewer", "field", "old", "new"])
    return frame.iloc[::-1].reset_index(drop=True)


# --- uploads --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadLimits:
    """Bounds on what one upload may bring; the ingestor's own limits apply inside zips."""

    max_file_mb: int = 20
    max_total_mb: int = 100
    max_files: int = 200


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the browser gave and its bytes."""

    name: str
    data: bytes = field(repr=False)


def safe_file_name(name: str, taken: set[str]) -> str:
    """A plain, unique file name for `name` inside the upload folder: no folders, no leading dots."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = re.sub(r"[^\w.\- ]+", "_", base).lstrip(". ").strip() or "upload"
    stem, suffix = PurePosixPath(base).stem, PurePosixPath(base).suffix
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate, n = f"{stem}-{n}{suffix}", n + 1
    taken.add(candidate.lower())
    return candidate


def stage_uploads(uploads: Sequence[Upload], folder: Path, limits: UploadLimits) -> tuple[list[Path], list[Skipped]]:
    """Write the uploads that fit the limits into `folder`; the others are returned with their reason."""
    written: list[Path] = []
    rejected: list[Skipped] = []
    taken: set[str] = set()
    total = 0
    for n, upload in enumerate(uploads):
        size_mb = len(upload.data) / (1024 * 1024)
        if n >= limits.max_files:
            rejected.append(Skipped(upload.name, f"more than {limits.max_files} files in one upload; add it in another batch"))
        elif size_mb > limits.max_file_mb:
            rejected.append(Skipped(upload.name, f"too large ({size_mb:.1f} MB; the limit is {limits.max_file_mb} MB)"))
        elif total + len(upload.data) > limits.max_total_mb * 1024 * 1024:
            rejected.append(Skipped(upload.name, f"the upload passes {limits.max_total_mb} MB in all; add it in another batch"))
        else:
            total += len(upload.data)
            path = folder / safe_file_name(upload.name, taken)
            path.write_bytes(upload.data)
            written.append(path)
    return written, rejected


def analyse_uploads(checker: Checker, uploads: Sequence[Upload], limits: UploadLimits | None = None) -> Report:
    """Analyse uploaded files incrementally; they exist on disk only inside a temporary folder.

    `Report.skipped` lists every file (or row) not taken, with its reason, rejected uploads first.
    """
    limits = limits or UploadLimits()
    with tempfile.TemporaryDirectory(prefix="checker-upload-") as tmp:
        paths, rejected = stage_uploads(uploads, Path(tmp), limits)
        report = checker.analyze(paths) if paths else Report()
    report.skipped = rejected + list(report.skipped)
    return report


def upload_summary(report: Report) -> str:
    """One line on what an upload added, and where to go next."""
    if not report.articles_read:
        return "No article could be read from the upload; the reasons are listed below."
    repeats = report.articles_read - report.articles_new
    again = f"; {repeats} already stored" if repeats else ""
    return f"Added {report.articles_new} new article(s){again}. {report.flags} flags in all now: review them in the Queue."


# --- export ---------------------------------------------------------------------------------------------


def export_rows(
    table: FlagTable, verdicts: Mapping[str, Mapping[str, str]], filtered: Sequence[dict[str, Any]], scope: str
) -> list[dict[str, Any]]:
    """The rows to export for `scope` (see EXPORT_SCOPES), best first, with current verdicts."""
    if scope == "filter":
        return list(filtered)
    rows = table.with_verdicts(verdicts)
    if scope == "confirmed":
        return [r for r in rows if r["status"] == "confirmed"]
    if scope == "all":
        return rows
    raise ReviewError(f"unknown export scope '{scope}' (use one of: {', '.join(EXPORT_SCOPES)})")


def export_text(rows: Sequence[dict[str, Any]], fmt: str) -> str:
    """The same fields and cell escaping as `python -m checker export --format csv|jsonl`."""
    return export.to_string(export.flag_records(rows), export.FLAG_FIELDS, fmt)
