"""Crash safety: `analyze` killed with SIGKILL at seeded random points loses nothing.

After every kill the database opens, passes SQLite's integrity check, holds every verdict and
audit row given before, holds no half-written article (each has all its statements or none),
and a re-run completes to exactly the flags of an uninterrupted run. Re-analysis after articles
were removed keeps their verdicts as orphaned, shown by `export --orphaned`.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from checker import Checker, Store
from checker.cli import main as cli_main
from checker.embed import HashingEmbedder

REPO = Path(__file__).resolve().parents[1]
STORY = REPO / "corpus" / "stories" / "harrowgate-dam-breach-2024"
LATE = ("nws-2024-03-08-dam-findings.txt", "valley-courant-2024-03-06.txt")  # added by the killed runs
KILLS = 4
CHILD = """
import sys
from checker import Checker, Store
from checker.embed import HashingEmbedder

with Store(sys.argv[1]) as store:
    checker = Checker(store, embedder=HashingEmbedder(), progress=lambda stage, f: print(stage, round(f, 3), flush=True))
    print("ready", flush=True)
    checker.analyze([sys.argv[2]])
print("finished", flush=True)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(REPO)}


def _analyze(path: Path, folder: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    with Store(path) as store:
        Checker(store, extractor=extractor, embedder=HashingEmbedder()).analyze([folder])


def _snapshot(path: Path) -> dict:
    """What must never be lost, and what a complete run produces."""
    with Store(path) as store:
        db = store.db
        return {
            "verdicts": db.execute("SELECT * FROM verdicts ORDER BY flag_id").fetchall(),
            "audit": db.execute("SELECT * FROM audit ORDER BY id").fetchall(),
            "active": {r[0] for r in db.execute("SELECT id FROM flags WHERE active=1")},
            "statements": dict(db.execute("SELECT article_id, COUNT(*) FROM statements GROUP BY article_id")),
            "articles": {r[0] for r in db.execute("SELECT id FROM articles")},
        }


@pytest.fixture(scope="module")
def story(tmp_path_factory, extractor):  # type: ignore[no-untyped-def]
    """A copy of one story; a base db analysed without two files and with verdicts; a reference db."""
    root = tmp_path_factory.mktemp("crash")
    folder = root / "story"
    shutil.copytree(STORY, folder)
    early = root / "early"
    shutil.copytree(STORY, early)
    for name in LATE:
        (early / name).unlink()
    base = root / "base.db"
    _analyze(base, early, extractor)
    with Store(base) as store:
        flags = [r["flag_id"] for r in store.flag_rows()]
        assert len(flags) >= 2, "the crash tests need verdicts on real flags"
        for n, flag_id in enumerate(flags):
            store.set_verdict(flag_id, f"reviewer{n % 3}", status=("confirmed", "dismissed", "needs_check")[n % 3])
            if n % 2:
                store.set_verdict(flag_id, "ana", note=f"note {n}: =HYPERLINK(\"x\")")
        store.set_verdict("flag-from-an-earlier-analysis", "ben", status="dismissed")
    reference = root / "reference.db"
    shutil.copy(base, reference)
    _analyze(reference, folder, extractor)
    return {"root": root, "folder": folder, "base": base, "before": _snapshot(base), "after": _snapshot(reference)}


def _timed_events(command: list[str]) -> list[tuple[str, float]]:
    """Progress lines of an uninterrupted run, each with its time since the first."""
    proc = subprocess.Popen(command, cwd=REPO, env=_env(), text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    events = [(line.strip(), time.perf_counter()) for line in proc.stdout]
    assert proc.wait(timeout=600) == 0
    proc.stdout.close()
    return [(line, t - events[0][1]) for line, t in events]


def _kill_after(command: list[str], event: int, delay: float) -> str:
    """Run `command`, SIGKILL it `delay` seconds after its `event`-th progress line; return that line."""
    proc = subprocess.Popen(command, cwd=REPO, env=_env(), text=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    seen = ""
    try:
        for _ in range(event + 1):
            line = proc.stdout.readline()
            if not line:
                break
            seen = line.strip()
        if proc.poll() is None:
            time.sleep(delay)
            proc.kill()
    finally:
        proc.wait(timeout=60)
        proc.stdout.close()
    return seen if proc.returncode == -signal.SIGKILL else "finished before the kill"


def _check_survived(path: Path, story: dict) -> None:
    before, after = story["before"], story["after"]
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    now = _snapshot(path)  # Store opens it: no StoreError
    assert now["verdicts"] == before["verdicts"], "every verdict given before is intact"
    assert now["audit"] == before["audit"], "and so is its audit trail"
    for article_id, count in now["statements"].items():
        assert count == after["statements"][article_id], "an article has all its statements or none"


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing_and_a_rerun_completes(story, extractor):
    child = story["root"] / "child.py"
    child.write_text(CHILD)
    command = lambda db: [sys.executable, str(child), str(db), str(story["folder"])]  # noqa: E731
    probe = story["root"] / "probe.db"
    shutil.copy(story["base"], probe)
    events = _timed_events(command(probe))
    assert events[0][0] == "ready" and events[-1][0] == "finished"
    rng = random.Random(20240307)
    landed = []
    for attempt in range(KILLS):
        db = story["root"] / f"killed{attempt}.db"
        shutil.copy(story["base"], db)
        event = rng.randrange(0, len(events) - 1)  # a random stage, then a random moment of its work
        delay = rng.uniform(0.0, events[event + 1][1] - events[event][1])
        landed.append(_kill_after(command(db), event, delay) + f" +{delay:.2f}s")
        _check_survived(db, story)
        _analyze(db, story["folder"], extractor)  # the re-run
        _check_survived(db, story)
        assert _snapshot(db)["active"] == story["after"]["active"], "the re-run reproduces the uninterrupted flags"
    print("kills landed after:", landed)
    assert sum(not stage.startswith("finished") for stage in landed) >= KILLS - 1, landed
    assert len({stage.split()[0] for stage in landed}) >= 2, f"kills spread over stages: {landed}"


@pytest.mark.slow
def test_sigkill_of_the_command_line_during_embedding_loses_nothing(story, extractor):
    """The real `python -m checker analyze` (real model), killed after it starts embedding."""
    db = story["root"] / "cli.db"
    shutil.copy(story["base"], db)
    command = [sys.executable, "-m", "checker", "analyze", str(story["folder"]), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(command, cwd=REPO, env=_env(), text=True, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    try:
        for line in proc.stderr:
            if line.startswith("[embed]"):
                time.sleep(random.Random(7).uniform(0.5, 3.0))  # model load and encoding
                break
        proc.kill()
    finally:
        proc.wait(timeout=60)
        proc.stderr.close()
    _check_survived(db, story)
    _analyze(db, story["folder"], extractor)
    _check_survived(db, story)
    assert _snapshot(db)["active"] == story["after"]["active"]


def test_removed_articles_leave_their_verdicts_orphaned_and_exported(story, extractor, tmp_path, capsys):
    db = tmp_path / "orphans.db"
    shutil.copy(story["base"], db)
    with Store(db) as store:
        rows = list(store.flag_rows())
        gone = rows[0]["a_article"]
        hit = {r["flag_id"] for r in rows if gone in (r["a_article"], r["b_article"])}
        store.remove_articles([gone])
        Checker(store, extractor=extractor, embedder=HashingEmbedder()).refresh()
        orphans = set(store.orphaned_verdicts())
        assert hit | {"flag-from-an-earlier-analysis"} <= orphans
        assert store.counts()["verdicts"] == len(story["before"]["verdicts"]), "no verdict is deleted"
    assert _snapshot(db)["verdicts"] == story["before"]["verdicts"]

    out = tmp_path / "orphans.jsonl"
    assert cli_main(["export", "--db", str(db), "--orphaned", "--format", "jsonl", "--out", str(out)]) == 0
    exported = {json.loads(line)["flag_id"]: json.loads(line) for line in out.read_text().splitlines()}
    assert hit <= set(exported), "a verdict whose article is gone is still shown"
    for flag_id in hit:
        assert exported[flag_id]["status"] != "open"
    plain = tmp_path / "plain.jsonl"
    cli_main(["export", "--db", str(db), "--format", "jsonl", "--out", str(plain)])
    assert not hit & {json.loads(line)["flag_id"] for line in plain.read_text().splitlines()}
    capsys.readouterr()


def test_changed_article_is_added_and_old_verdicts_stay(story, extractor, tmp_path):
    """Analyze only adds: a changed file is a new article; the old version and its verdicts stay."""
    db = tmp_path / "changed.db"
    shutil.copy(story["base"], db)
    folder = tmp_path / "story"
    shutil.copytree(STORY, folder)
    for name in LATE:
        (folder / name).unlink()
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("dam", "barrage"), encoding="utf-8")
    _analyze(db, folder, extractor)
    now = _snapshot(db)
    assert now["verdicts"] == story["before"]["verdicts"] and now["audit"] == story["before"]["audit"]
    assert len(now["articles"]) == len(story["before"]["articles"]) + 1
