"""Concurrent reviewers: two processes writing verdicts to one database at once lose nothing.

The store runs SQLite in WAL mode with a busy timeout, and `set_verdict` reads and writes in one
BEGIN IMMEDIATE transaction, so writers queue instead of failing or overwriting each other.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.records import STATUSES
from checker.store import Store

REPO = Path(__file__).resolve().parents[1]
N = 500
WRITER = """
import json, sys, time, types
from pathlib import Path

# The store alone is under test: skip the package __init__, which loads the whole pipeline (4 s).
package = types.ModuleType("checker")
package.__path__ = [str(Path(sys.argv[6]) / "checker")]
sys.modules["checker"] = package
from checker.records import Flag, STATUSES
from checker.store import Store

db, who, mode, n, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
with Store(db) as store:
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    start = time.time()
    for i in range(n):
        if mode == "own":
            store.set_verdict(f"{who}-{i}", who, status=STATUSES[1 + i % 3], note=f"{who} note {i}")
        elif mode == "shared":
            store.set_verdict(f"shared-{i % 50}", who, note=f"{who} {i}")
        else:  # an analysis rewriting the whole flag table meanwhile: long write transactions
            flags = [Flag("date_time", "conflict", 0.5, f"s{i}-{k}", f"t{k}", "dates differ") for k in range(3000)]
            store.replace_flags(flags)
    print(json.dumps({"start": start, "end": time.time()}), flush=True)
"""


def _run_together(tmp_path: Path, db: Path, jobs: list[tuple[str, str, int]]) -> list[dict[str, float]]:
    """Start every writer, wait until all are connected, then let them go at the same instant."""
    script, go = tmp_path / "writer.py", tmp_path / "go"
    script.write_text(WRITER)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen([sys.executable, str(script), str(db), who, mode, str(n), str(go), str(REPO)], cwd=REPO, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for who, mode, n in jobs
    ]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    go.touch()
    windows = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        windows.append(json.loads(out.strip().splitlines()[-1]))
    return windows


def test_two_reviewers_write_500_verdicts_each_at_once_and_all_are_kept(tmp_path):
    db = tmp_path / "x.db"
    Store(db).close()
    windows = _run_together(tmp_path, db, [("ana", "own", N), ("ben", "own", N), ("analysis", "flags", 15)])
    (a, b, _) = windows
    assert a["start"] < b["end"] and b["start"] < a["end"], "the two reviewers really wrote at the same time"
    with Store(db) as store:
        assert store.counts()["verdicts"] == 2 * N
        for who in ("ana", "ben"):
            for i in range(N):
                v = store.verdict(f"{who}-{i}")
                assert (v["status"], v["note"], v["reviewer"]) == (STATUSES[1 + i % 3], f"{who} note {i}", who)
        audit = store.audit()
        assert len(audit) == 4 * N, "status and note of every verdict are audited"
        assert {(r["flag_id"], r["field"]) for r in audit} == {
            (f"{who}-{i}", field) for who in ("ana", "ben") for i in range(N) for field in ("status", "note")
        }
        assert store.counts()["flags"] == 3000


def test_two_reviewers_on_the_same_flags_lose_no_update(tmp_path):
    """Each change's `old` is the previous change's `new`: no read-modify-write race slipped through."""
    db = tmp_path / "x.db"
    Store(db).close()
    _run_together(tmp_path, db, [("ana", "shared", N), ("ben", "shared", N)])
    with Store(db) as store:
        audit = store.audit()
        assert len(audit) == 2 * N
        assert sum(r["reviewer"] == "ana" for r in audit) == N
        for k in range(50):
            chain = [r for r in audit if r["flag_id"] == f"shared-{k}"]
            assert chain[0]["old"] == ""
            assert all(later["old"] == earlier["new"] for earlier, later in zip(chain, chain[1:]))
            assert store.verdict(f"shared-{k}")["note"] == chain[-1]["new"]


@pytest.mark.parametrize("pragma,expected", [("journal_mode", "wal"), ("busy_timeout", 30000)])
def test_store_runs_in_wal_mode_with_a_busy_timeout(tmp_path, pragma, expected):
    with Store(tmp_path / "x.db") as store:
        assert store.db.execute(f"PRAGMA {pragma}").fetchone()[0] == expected
