"""Command line: `python -m checker analyze|export|compare|eval ...` (each with --help)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from checker.errors import CheckerError

DEFAULT_DB = "checker.db"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None) or getattr(args, "func", None)
    if run is None:
        parser.print_help()
        return 2
    try:
        return int(run(args) or 0)
    except CheckerError as exc:
        print(f"error {exc.code}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; what was stored so far is kept", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m checker",
        description="Cross-source contradiction and framing checker for news coverage.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _analyze_parser(sub)
    _export_parser(sub)
    _compare_parser(sub)
    _eval_parser(sub)
    _profile_parser(sub)
    _judges_parsers(sub)
    return parser


# --- analyze ------------------------------------------------------------------------------


def _analyze_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze",
        help="read articles and flag conflicting or differently framed statements",
        description=(
            "Read .txt, .html/.htm, .jsonl, .csv and .zip files (folders recursively), store them in the "
            "database, and bring stories, topics and flags up to date. Exit status: 0 when every file was "
            "taken, 1 when some were skipped (each listed with its reason), 2 when none could be taken."
        ),
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders of articles")
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite database file (default: {DEFAULT_DB})")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--full",
        action="store_true",
        help="re-cluster topics and re-judge every pair (default: only pairs with new statements are judged)",
    )
    p.add_argument(
        "--embed-backend",
        choices=("torch", "onnx"),
        default="torch",
        help="run the embedding model on PyTorch (default) or on ONNX Runtime (same vectors, faster on CPU; "
             "the model is exported to ~/.cache/checker/onnx on first use)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=len(os.sched_getaffinity(0)),
        help="processes that parse new articles when there are 200 or more (default: the CPUs this process may use)",
    )
    p.set_defaults(run=_analyze)


def _analyze(args: argparse.Namespace) -> int:
    from checker.embed import make_embedder
    from checker.pipeline import Checker
    from checker.store import Store

    with Store(args.db) as store, _ProgressBar(disabled=args.quiet) as bar:
        checker = Checker(store, embedder=make_embedder(args.embed_backend), progress=bar.update, workers=args.workers)
        report = checker.analyze(args.paths, full=args.full)
        orphans = store.orphaned_verdicts()
    print(
        f"articles: {report.articles} ({report.articles_new} new)  statements: {report.statements}  "
        f"embedded: {report.embedded}  stories: {report.stories}  topics: {report.topics}  "
        f"candidate pairs: {report.candidates}  flags: {report.flags}"
    )
    print("seconds: " + "  ".join(f"{k} {v:.1f}" for k, v in report.seconds.items()))
    if orphans:
        print(f"{len(orphans)} verdict(s) kept for flags that no longer appear (orphaned; see export --orphaned)")
    for item in report.skipped:
        print(f"skipped {item.source}: {item.reason}", file=sys.stderr)
    if report.articles_read == 0:
        print("no article could be read from the given paths", file=sys.stderr)
        return 2
    return 1 if report.skipped else 0


# --- export -------------------------------------------------------------------------------


def _export_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="write flagged pairs (or stories, topics) as CSV or JSONL",
        description="Write flagged pairs best first, or one row per article (--what stories) or per statement (--what topics).",
    )
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite database file (default: {DEFAULT_DB})")
    p.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="output format (default: csv)")
    p.add_argument("--what", choices=("flags", "stories", "topics"), default="flags", help="what to export (default: flags)")
    p.add_argument("--status", choices=("open", "confirmed", "dismissed", "needs_check"), help="only flags with this verdict")
    p.add_argument("--orphaned", action="store_true", help="include flags that no longer appear but carry a verdict")
    p.add_argument("--out", type=Path, help="output file (default: standard output)")
    p.set_defaults(run=_export)


def _export(args: argparse.Namespace) -> int:
    from checker import export
    from checker.store import Store

    _require_db(args.db)
    with Store(args.db) as store:
        if args.what == "stories":
            records, fields = export.story_records(store), export.STORY_FIELDS
        elif args.what == "topics":
            records, fields = export.topic_records(store), export.TOPIC_FIELDS
        else:
            rows = [r for r in store.flag_rows(include_inactive=args.orphaned) if r["active"] or r["status"] != "open"]
            if args.status:
                rows = [r for r in rows if r["status"] == args.status]
            records, fields = export.flag_records(rows), export.FLAG_FIELDS
    text = export.to_string(records, fields, args.format)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(records)} rows to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


# --- compare ------------------------------------------------------------------------------


def _compare_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare",
        help="judge two statements and print their typed flags as JSON",
        description="Print the typed flags for one pair of statements as JSON (an empty list when they agree or are unrelated).",
    )
    p.add_argument("a", help="statement A")
    p.add_argument("b", help="statement B")
    p.add_argument("--date-a", type=date.fromisoformat, help="publication date of A (YYYY-MM-DD), to resolve 'on Monday'")
    p.add_argument("--date-b", type=date.fromisoformat, help="publication date of B (YYYY-MM-DD)")
    p.set_defaults(run=_compare)


def _compare(args: argparse.Namespace) -> int:
    from checker.pipeline import Checker
    from checker.store import Store

    with Store(":memory:") as store:
        flags = Checker(store).compare(args.a, args.b, args.date_a, args.date_b)
    out = [
        {
            "category": f.category, "kind": f.kind, "score": f.score, "explanation": f.explanation, "also": list(f.also),
            "a_evidence": [args.a[s.start:s.end] for s in f.evidence_a] if f.evidence_a else [],
            "b_evidence": [args.b[s.start:s.end] for s in f.evidence_b] if f.evidence_b else [],
        }
        for f in flags
    ]
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


# --- eval ---------------------------------------------------------------------------------


def _eval_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="score the stored flags against a gold file",
        description="Match flags to gold pairs (format of shared/eval/README.md) and print precision, recall, F1 and "
        "must-flag ranks; given a loaded-statement gold file (*_loaded.jsonl), how many of its statements are flagged.",
    )
    p.add_argument("--gold", type=Path, required=True,
                   help="gold pairs, or loaded statements, one JSON object per line")
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite database file (default: {DEFAULT_DB})")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(run=_eval)


def _eval(args: argparse.Namespace) -> int:
    from checker import evaluate as ev
    from checker.store import Store

    _require_db(args.db)
    with Store(args.db) as store:
        rows = list(store.flag_rows())
    if ev.is_loaded_gold(args.gold):
        loaded = ev.evaluate_loaded(rows, ev.load_loaded_gold(args.gold))
        print(json.dumps(loaded, indent=2) if args.json else ev.format_loaded(loaded))
        return 0
    result = ev.evaluate(rows, ev.load_gold(args.gold))
    print(json.dumps(result.as_dict(), indent=2) if args.json else ev.format_table(result))
    return 0


# --- profile ------------------------------------------------------------------------------


def _profile_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "profile",
        help="print each outlet's framing profile",
        description="Per outlet: loaded-term rate per 1,000 words, labels chosen for contested names, whose voices it quotes, and flags by category.",
    )
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite database file (default: {DEFAULT_DB})")
    p.add_argument("--json", action="store_true", help="print the outlet x category flag table as JSON")
    p.set_defaults(run=_profile)


def _profile(args: argparse.Namespace) -> int:
    from checker.profile import format_profiles, heatmap_rows, outlet_profiles
    from checker.store import Store

    _require_db(args.db)
    with Store(args.db) as store:
        profiles = outlet_profiles(store)
    print(json.dumps(heatmap_rows(profiles), indent=2) if args.json else format_profiles(profiles))
    return 0


# --- learned judges -----------------------------------------------------------------------


def _judges_parsers(sub: argparse._SubParsersAction) -> None:
    try:
        from checker.judges.cli import add_parsers
    except ImportError:
        return
    add_parsers(sub)


# --- helpers ------------------------------------------------------------------------------


def _require_db(path: str) -> None:
    if not Path(path).is_file():
        raise CheckerError(f"{path}: no such database (run `python -m checker analyze PATH --db {path}` first)")


class _ProgressBar:
    """One tqdm bar per stage; the pipeline reports (stage, fraction done)."""

    def __init__(self, disabled: bool = False) -> None:
        self.disabled = disabled or not sys.stderr.isatty()
        self.bar = None
        self.stage = ""

    def __enter__(self) -> "_ProgressBar":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()

    def update(self, stage: str, fraction: float) -> None:
        if self.disabled:
            if stage != self.stage:
                self.stage = stage
                print(f"[{stage}]", file=sys.stderr, flush=True)
            return
        from tqdm import tqdm

        if stage != self.stage:
            if self.bar is not None:
                self.bar.close()
            self.stage = stage
            self.bar = tqdm(total=100, desc=f"{stage:<10}", unit="%", file=sys.stderr, leave=False)
        self.bar.n = int(fraction * 100)
        self.bar.refresh()

