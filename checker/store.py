"""SQLite persistence: articles, statements, embeddings, stories, topics, flags, verdicts, audit.

WAL mode and a busy timeout let a reviewer write verdicts while an analysis runs; every
write is a short transaction, so a killed process loses at most the transaction in flight.
Verdicts are keyed by the flag's content id and never deleted: a verdict whose flag no
longer appears after re-analysis is kept and reported as orphaned.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

from checker.embed import text_hash
from checker.errors import StoreError
from checker.records import (
    STATUSES,
    Article,
    DateMention,
    Flag,
    Frame,
    Mention,
    NumberMention,
    Span,
    Statement,
    Story,
    TimeMention,
    Topic,
)

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles(
    id TEXT PRIMARY KEY, source TEXT NOT NULL, outlet TEXT NOT NULL, published TEXT, title TEXT,
    url TEXT, text TEXT NOT NULL, added_at TEXT NOT NULL, story_id TEXT, duplicate_of TEXT);
CREATE TABLE IF NOT EXISTS statements(
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, stop INTEGER NOT NULL, text TEXT NOT NULL,
    text_hash TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS statements_article ON statements(article_id, idx);
CREATE TABLE IF NOT EXISTS embeddings(
    text_hash TEXT NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY(text_hash, model));
CREATE TABLE IF NOT EXISTS topics(statement_id TEXT PRIMARY KEY, topic_id TEXT NOT NULL, label TEXT);
CREATE INDEX IF NOT EXISTS topics_topic ON topics(topic_id);
CREATE TABLE IF NOT EXISTS flags(
    id TEXT PRIMARY KEY, category TEXT NOT NULL, kind TEXT NOT NULL, score REAL NOT NULL,
    a_id TEXT NOT NULL, b_id TEXT, explanation TEXT NOT NULL, evidence_a TEXT, evidence_b TEXT,
    detector TEXT, also TEXT NOT NULL DEFAULT '', rank INTEGER, active INTEGER NOT NULL DEFAULT 1, first_seen TEXT, last_seen TEXT);
-- flags.rank is no longer written (ranks are counted when read); the column stays so older databases open.
CREATE INDEX IF NOT EXISTS flags_order ON flags(active, score DESC, id);
CREATE TABLE IF NOT EXISTS detections(a_id TEXT NOT NULL, b_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS detections_pair ON detections(a_id, b_id);
CREATE TABLE IF NOT EXISTS analysed(statement_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS verdicts(
    flag_id TEXT PRIMARY KEY, status TEXT NOT NULL DEFAULT 'open', note TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '', updated_at TEXT);
CREATE TABLE IF NOT EXISTS audit(
    id INTEGER PRIMARY KEY AUTOINCREMENT, flag_id TEXT NOT NULL, field TEXT NOT NULL,
    old TEXT, new TEXT, reviewer TEXT, at TEXT NOT NULL);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """One SQLite file; open with `Store(path)` and close (or use as a context manager)."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES('schema_version', ?)", (str(SCHEMA_VERSION),))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a checker database or damaged ({exc})") from exc

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def transaction(self, immediate: bool = False) -> "_Transaction":
        return _Transaction(self.db, immediate)

    # --- articles -------------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> list[str]:
        """Insert articles not yet stored; return the ids that are new."""
        new: list[str] = []
        with self.transaction():
            for a in articles:
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO articles(id, source, outlet, published, title, url, text, added_at) VALUES(?,?,?,?,?,?,?,?)",
                    (a.id, a.source, a.outlet, a.published.isoformat() if a.published else None, a.title, a.url, a.text, now()),
                )
                if cur.rowcount:
                    new.append(a.id)
        return new

    def articles(self) -> list[Article]:
        rows = self.db.execute("SELECT id, text, outlet, source, title, published, url FROM articles ORDER BY added_at, id")
        return [_article(r) for r in rows]

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute(
            "SELECT id, text, outlet, source, title, published, url FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        return _article(row) if row else None

    def remove_articles(self, article_ids: Iterable[str]) -> None:
        with self.transaction():
            self.db.executemany("DELETE FROM articles WHERE id=?", [(i,) for i in article_ids])

    def set_stories(self, stories: Iterable[Story]) -> None:
        with self.transaction():
            for story in stories:
                for article_id in story.article_ids:
                    self.db.execute(
                        "UPDATE articles SET story_id=?, duplicate_of=? WHERE id=?",
                        (story.id, story.duplicates.get(article_id), article_id),
                    )

    def stories(self) -> list[Story]:
        groups: dict[str, list[str]] = {}
        dups: dict[str, dict[str, str]] = {}
        for article_id, story_id, dup in self.db.execute("SELECT id, story_id, duplicate_of FROM articles ORDER BY added_at, id"):
            sid = story_id or article_id
            groups.setdefault(sid, []).append(article_id)
            if dup:
                dups.setdefault(sid, {})[article_id] = dup
        return [Story(sid, tuple(ids), dups.get(sid, {})) for sid, ids in groups.items()]

    # --- statements -----------------------------------------------------------------------

    def add_statements(self, statements: Iterable[Statement]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO statements(id, article_id, idx, start, stop, text, text_hash, data) VALUES(?,?,?,?,?,?,?,?)",
                [(s.id, s.article_id, s.index, s.start, s.end, s.text, text_hash(s.text), _dump_statement(s)) for s in statements],
            )

    def article_ids_with_statements(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT DISTINCT article_id FROM statements")}

    def statements(self) -> list[Statement]:
        rows = self.db.execute("SELECT data FROM statements ORDER BY article_id, idx")
        return [_load_statement(r[0]) for r in rows]

    def statements_by_id(self, ids: Iterable[str]) -> dict[str, Statement]:
        out: dict[str, Statement] = {}
        ids = list(ids)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk: chunk + 500]
            marks = ",".join("?" * len(part))
            for (data,) in self.db.execute(f"SELECT data FROM statements WHERE id IN ({marks})", part):
                s = _load_statement(data)
                out[s.id] = s
        return out

    # --- embeddings -----------------------------------------------------------------------

    def embeddings(self, hashes: list[str], model: str) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for chunk in range(0, len(hashes), 500):
            part = hashes[chunk: chunk + 500]
            marks = ",".join("?" * len(part))
            rows = self.db.execute(f"SELECT text_hash, vector FROM embeddings WHERE model=? AND text_hash IN ({marks})", [model, *part])
            for h, blob in rows:
                found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_embeddings(self, items: dict[str, np.ndarray], model: str) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO embeddings(text_hash, model, vector) VALUES(?,?,?)",
                [(h, model, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()],
            )

    # --- topics ---------------------------------------------------------------------------

    def set_topics(self, topics: Iterable[Topic]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM topics")
            self.db.executemany(
                "INSERT INTO topics(statement_id, topic_id, label) VALUES(?,?,?)",
                [(sid, t.id, t.label) for t in topics for sid in t.statement_ids],
            )

    def topic_rows(self) -> list[dict[str, Any]]:
        sql = """SELECT t.topic_id, s.id, a.id, a.source, a.outlet, s.text, t.label FROM topics t
                 JOIN statements s ON s.id = t.statement_id JOIN articles a ON a.id = s.article_id
                 ORDER BY t.topic_id, a.outlet, s.idx"""
        keys = ("topic_id", "statement_id", "article", "source", "outlet", "text", "label")
        return [dict(zip(keys, row)) for row in self.db.execute(sql)]

    # --- flags and verdicts ---------------------------------------------------------------

    def replace_flags(self, flags: list[Flag]) -> None:
        """Make `flags` the active set; older flags stay, inactive, for their verdicts."""
        with self.transaction():
            self.db.execute("UPDATE flags SET active=0")
            self._upsert_flags(flags)

    def add_flags(self, flags: list[Flag]) -> None:
        """Add `flags` to the active set (an incremental run: the flags already there keep their scores)."""
        with self.transaction():
            self._upsert_flags(flags)

    def stale_flags(self) -> int:
        """Active flags naming a statement that no longer exists (its article was removed)."""
        sql = """SELECT COUNT(*) FROM flags f WHERE f.active=1 AND (
                   NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = f.a_id)
                   OR (f.b_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statements s WHERE s.id = f.b_id)))"""
        return int(self.db.execute(sql).fetchone()[0])

    def _upsert_flags(self, flags: list[Flag]) -> None:
        """Write flags as active. Their rank is not stored: it is their place in the ranker's order
        (score, then id), counted when read, so adding flags rewrites no other row."""
        stamp = now()
        self.db.executemany(
            """INSERT INTO flags(id, category, kind, score, a_id, b_id, explanation, evidence_a, evidence_b,
                                 detector, also, rank, active, first_seen, last_seen)
               VALUES(?,?,?,?,?,?,?,?,?,?,?,NULL,1,?,?)
               ON CONFLICT(id) DO UPDATE SET category=excluded.category, kind=excluded.kind,
                 score=excluded.score, a_id=excluded.a_id, b_id=excluded.b_id,
                 explanation=excluded.explanation, evidence_a=excluded.evidence_a,
                 evidence_b=excluded.evidence_b, detector=excluded.detector, also=excluded.also,
                 active=1, last_seen=excluded.last_seen""",
            [
                (f.id, f.category, f.kind, f.score, f.a, f.b or None, f.explanation, _spans(f.evidence_a),
                 _spans(f.evidence_b), f.detector, ",".join(f.also), stamp, stamp)
                for f in flags
            ],
        )

    def set_verdict(self, flag_id: str, reviewer: str, status: str | None = None, note: str | None = None) -> None:
        """Record a verdict and/or note; every changed field goes to the audit table too."""
        if status is not None and status not in STATUSES:
            raise StoreError(f"unknown status '{status}' (use one of: {', '.join(STATUSES)})")
        stamp = now()
        with self.transaction(immediate=True):
            row = self.db.execute("SELECT status, note FROM verdicts WHERE flag_id=?", (flag_id,)).fetchone()
            old_status, old_note = row if row else ("open", "")
            changes = [(f, o, n) for f, o, n in (("status", old_status, status), ("note", old_note, note)) if n is not None and n != o]
            if not changes:
                return
            self.db.execute(
                """INSERT INTO verdicts(flag_id, status, note, reviewer, updated_at) VALUES(?,?,?,?,?)
                   ON CONFLICT(flag_id) DO UPDATE SET status=excluded.status, note=excluded.note,
                   reviewer=excluded.reviewer, updated_at=excluded.updated_at""",
                (flag_id, status if status is not None else old_status, note if note is not None else old_note, reviewer, stamp),
            )
            self.db.executemany(
                "INSERT INTO audit(flag_id, field, old, new, reviewer, at) VALUES(?,?,?,?,?,?)",
                [(flag_id, f, o, n, reviewer, stamp) for f, o, n in changes],
            )

    def verdict(self, flag_id: str) -> dict[str, str] | None:
        row = self.db.execute("SELECT status, note, reviewer, updated_at FROM verdicts WHERE flag_id=?", (flag_id,)).fetchone()
        return dict(zip(("status", "note", "reviewer", "updated_at"), row)) if row else None

    def audit(self, flag_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, flag_id, field, old, new, reviewer, at FROM audit"
        rows = self.db.execute(sql + (" WHERE flag_id=? ORDER BY id" if flag_id else " ORDER BY id"), (flag_id,) if flag_id else ())
        return [dict(zip(("id", "flag_id", "field", "old", "new", "reviewer", "at"), r)) for r in rows]

    def orphaned_verdicts(self) -> list[str]:
        """Verdicts whose flag no longer comes out of the analysis."""
        sql = "SELECT v.flag_id FROM verdicts v LEFT JOIN flags f ON f.id = v.flag_id WHERE f.id IS NULL OR f.active = 0"
        return [r[0] for r in self.db.execute(sql)]

    def flag_rows(self, include_inactive: bool = False) -> Iterator[dict[str, Any]]:
        """Flags joined with both statements, their articles and the verdict, best first.

        An inactive flag whose article was removed is still listed (texts empty): its verdict must stay visible.
        """
        sql = f"""
        SELECT f.id, f.category, f.kind, f.score, f.explanation, f.evidence_a, f.evidence_b, f.detector,
               ROW_NUMBER() OVER (ORDER BY f.active DESC, f.score DESC, f.id), f.active,
               f.also,
               sa.id, sa.text, sa.idx, aa.id, aa.source, aa.outlet, aa.published, aa.title, aa.url,
               sb.id, sb.text, sb.idx, ab.id, ab.source, ab.outlet, ab.published, ab.title, ab.url,
               COALESCE(v.status, 'open'), COALESCE(v.note, ''), COALESCE(v.reviewer, ''), COALESCE(v.updated_at, '')
        FROM flags f
        LEFT JOIN statements sa ON sa.id = f.a_id LEFT JOIN articles aa ON aa.id = sa.article_id
        LEFT JOIN statements sb ON sb.id = f.b_id LEFT JOIN articles ab ON ab.id = sb.article_id
        LEFT JOIN verdicts v ON v.flag_id = f.id
        WHERE {'sa.id IS NOT NULL OR f.active = 0' if include_inactive else 'f.active = 1 AND sa.id IS NOT NULL'}
        ORDER BY f.active DESC, f.score DESC, f.id"""
        for r in self.db.execute(sql):
            also, r = r[10], r[:10] + r[11:]
            yield {
                "flag_id": r[0], "category": r[1], "kind": r[2], "score": r[3], "explanation": r[4],
                "a_evidence": json.loads(r[5] or "[]"), "b_evidence": json.loads(r[6] or "[]"),
                "detector": r[7], "rank": r[8], "active": bool(r[9]),
                "a_statement": r[10] or "", "a_text": r[11] or "", "a_index": r[12], "a_article": r[13] or "",
                "a_source": r[14] or "", "a_outlet": r[15] or "", "a_published": r[16] or "", "a_title": r[17] or "",
                "a_url": r[18] or "",
                "b_statement": r[19] or "", "b_text": r[20] or "", "b_index": r[21], "b_article": r[22] or "",
                "b_source": r[23] or "", "b_outlet": r[24] or "", "b_published": r[25] or "", "b_title": r[26] or "",
                "b_url": r[27] or "", "status": r[28], "note": r[29], "reviewer": r[30], "updated_at": r[31],
                "also": also or "",
            }

    def counts(self) -> dict[str, int]:
        one = lambda sql: int(self.db.execute(sql).fetchone()[0])  # noqa: E731
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "outlets": one("SELECT COUNT(DISTINCT outlet) FROM articles"),
            "statements": one("SELECT COUNT(*) FROM statements"),
            "topics": one("SELECT COUNT(DISTINCT topic_id) FROM topics"),
            "flags": one("SELECT COUNT(*) FROM flags WHERE active=1"),
            "verdicts": one("SELECT COUNT(*) FROM verdicts"),
        }


class DetectionLog:
    """Raw detector output and which statements it covers, so a re-run only detects new pairs."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self.store = store

    def analysed_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT statement_id FROM analysed")}

    def flags(self, alive: set[str]) -> list[Flag]:
        """Stored raw flags whose statements still exist."""
        out = []
        for a_id, b_id, data in self.db.execute("SELECT a_id, b_id, data FROM detections"):
            if a_id in alive and (not b_id or b_id in alive):
                out.append(_load_flag(data))
        return out

    def record(self, flags: list[Flag], statement_ids: Iterable[str], reset: bool) -> None:
        """Add raw flags and mark statements analysed; `reset` forgets earlier runs first (a full run)."""
        with self.store.transaction():
            if reset:
                self.db.execute("DELETE FROM detections")
                self.db.execute("DELETE FROM analysed")
            self.db.executemany("INSERT INTO detections(a_id, b_id, data) VALUES(?,?,?)", [(f.a, f.b, _dump_flag(f)) for f in flags])
            self.db.executemany("INSERT OR IGNORE INTO analysed(statement_id) VALUES(?)", [(i,) for i in statement_ids])

    def topic_assignment(self) -> dict[str, tuple[str, str]]:
        """statement id -> (topic id, topic label) as stored by the last run."""
        return {r[0]: (r[1], r[2] or "") for r in self.db.execute("SELECT statement_id, topic_id, label FROM topics")}


class _Transaction:
    """BEGIN/COMMIT around a block; ROLLBACK on error. Nested use joins the outer one."""

    def __init__(self, db: sqlite3.Connection, immediate: bool = False) -> None:
        self.db = db
        self.immediate = immediate
        self.outer = False

    def __enter__(self) -> sqlite3.Connection:
        self.outer = not self.db.in_transaction
        if self.outer:
            self.db.execute("BEGIN IMMEDIATE" if self.immediate else "BEGIN")
        return self.db

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if not self.outer:
            return
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def _article(row: tuple) -> Article:
    return Article(
        id=row[0], text=row[1], outlet=row[2], source=row[3], title=row[4] or "",
        published=date.fromisoformat(row[5]) if row[5] else None, url=row[6] or "",
    )


def _dump_flag(f: Flag) -> str:
    return json.dumps(asdict(f), ensure_ascii=False)


def _load_flag(data: str) -> Flag:
    d = json.loads(data)
    d["evidence_a"] = tuple(Span(**x) for x in d.get("evidence_a", ()))
    d["evidence_b"] = tuple(Span(**x) for x in d.get("evidence_b", ()))
    d["also"] = tuple(d.get("also", ()))
    return Flag(**d)


def _spans(spans: tuple[Span, ...]) -> str:
    return json.dumps([[s.start, s.end] for s in spans])


def _dump_statement(s: Statement) -> str:
    return json.dumps(asdict(s), default=lambda v: v.isoformat() if isinstance(v, date) else str(v), ensure_ascii=False)


def _load_statement(data: str) -> Statement:
    d = json.loads(data)
    d["entities"] = tuple(Mention(**m) for m in d.get("entities", ()))
    d["dates"] = tuple(
        DateMention(**{**m, "first": date.fromisoformat(m["first"]), "last": date.fromisoformat(m["last"])})
        for m in d.get("dates", ())
    )
    d["numbers"] = tuple(NumberMention(**m) for m in d.get("numbers", ()))
    d["frames"] = tuple(Frame(**m) for m in d.get("frames", ()))
    d["times"] = tuple(TimeMention(**m) for m in d.get("times", ()))
    d["context_keys"] = tuple(d.get("context_keys", ()))
    return Statement(**d)
