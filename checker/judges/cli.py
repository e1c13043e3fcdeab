"""Command line for the learned judges: `train nli|bias` and `judges-scores`.

Runs standalone as `python -m checker.judges.cli ...`; the main CLI wires the same parsers in
through add_parsers(subparsers).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Sequence

REPO_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO_DIR.parent / "shared" / "data"
MODELS_DIR = REPO_DIR / "models"


def add_parsers(subparsers) -> None:
    """Add `train {nli,bias}` and `judges-scores` to an argparse subparsers object."""
    train = subparsers.add_parser("train", help="train a learned judge (seeded, writes models/<judge>)")
    which = train.add_subparsers(dest="judge", required=True)

    nli = which.add_parser("nli", help="NLI cross-encoder on SICK + FNC-1 pairs, plus the FNC stance head")
    _common(nli, MODELS_DIR / "nli")
    nli.add_argument("--epochs", type=int, default=3)
    nli.add_argument("--lr", type=float, default=5e-5)
    nli.add_argument("--batch-size", type=int, default=32)
    nli.add_argument("--max-length", type=int, default=128)
    nli.add_argument("--pooling", choices=("mean", "cls"), default="mean")
    nli.add_argument("--fnc-agree", type=int, default=2000, help="max agree pairs")
    nli.add_argument("--fnc-discuss", type=int, default=2000, help="max discuss pairs")
    nli.add_argument("--fnc-unrelated", type=int, default=600, help="max unrelated pairs (as neutral)")
    nli.add_argument("--no-quantize", action="store_true", help="ship fp32 weights")
    nli.add_argument("--smoke", type=int, default=0, help=argparse.SUPPRESS)
    nli.set_defaults(func=_run_train_nli)

    bias = which.add_parser("bias", help="BABE SG2 biased-sentence classifier (5-fold CV, both variants)")
    _common(bias, MODELS_DIR / "bias")
    bias.add_argument("--epochs", type=int, default=3)
    bias.add_argument("--lr", type=float, default=4e-5)
    bias.add_argument("--batch-size", type=int, default=16)
    bias.add_argument("--max-length", type=int, default=128)
    bias.add_argument("--ship", choices=("auto", "finetune", "lr"), default="auto",
                      help="variant to write (auto: better CV macro F1)")
    bias.add_argument("--smoke", type=int, default=0, help=argparse.SUPPRESS)
    bias.set_defaults(func=_run_train_bias)

    pre = which.add_parser("bias-prefilter", help="the free prefilter in front of the bias judge (after `train bias`)")
    pre.add_argument("--data", type=Path, default=DEFAULT_DATA)
    pre.add_argument("--bias", type=Path, default=MODELS_DIR / "bias", help="the trained bias judge; prefilter.json goes here")
    pre.add_argument("--keep", type=float, default=0.97, help="share of the judge's own flags the prefilter must let through")
    pre.set_defaults(func=_run_train_prefilter)

    scores = subparsers.add_parser("judges-scores", help="test scores of the shipped judges vs published")
    scores.add_argument("--data", type=Path, default=DEFAULT_DATA)
    scores.add_argument("--models", type=Path, default=MODELS_DIR)
    scores.add_argument("--from-scores", action="store_true",
                        help="reprint the recorded scores.json instead of re-running SICK/FNC test")
    scores.set_defaults(func=_run_scores)


def _common(parser: argparse.ArgumentParser, out: Path) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=out)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (default 1)")


def _single_thread(threads: int) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(threads)


def _run_train_nli(args: argparse.Namespace) -> int:
    _single_thread(args.threads)
    from checker.judges import training as T

    cfg = T.NLIRunConfig(
        train=T.TrainConfig(epochs=args.epochs, lr=args.lr, batch_size=args.batch_size,
                            max_length=args.max_length, seed=args.seed),
        pooling=args.pooling, quantize=not args.no_quantize, smoke=args.smoke,
        fnc_caps={"agree": args.fnc_agree, "disagree": None, "discuss": args.fnc_discuss,
                  "unrelated": args.fnc_unrelated})
    scores = T.train_nli(args.data, args.out, cfg)
    print(format_table(collect_rows(scores, None)))
    return 0


def _run_train_bias(args: argparse.Namespace) -> int:
    _single_thread(args.threads)
    from checker.judges import training as T

    cfg = T.TrainConfig(epochs=args.epochs, lr=args.lr, batch_size=args.batch_size,
                        max_length=args.max_length, seed=args.seed)
    scores = T.train_bias(args.data, args.out, cfg, ship=args.ship, smoke=args.smoke)
    print(format_table(collect_rows(None, scores)))
    return 0


def _run_train_prefilter(args: argparse.Namespace) -> int:
    _single_thread(1)
    from checker.judges import training as T

    record = T.train_bias_prefilter(args.data, args.bias, keep=args.keep)
    print(json.dumps({k: v for k, v in record.items() if k not in ("coef",)}, indent=1))
    return 0


def _read_scores(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _run_scores(args: argparse.Namespace) -> int:
    _single_thread(1)
    nli_scores = _read_scores(args.models / "nli" / "scores.json")
    bias_scores = _read_scores(args.models / "bias" / "scores.json")
    if not args.from_scores and nli_scores is not None:
        from checker.judges import training as T

        nli_scores = dict(nli_scores)
        nli_scores.update(T.rescore_nli(args.data, args.models / "nli"))
    print(format_table(collect_rows(nli_scores, bias_scores)))
    return 0


def collect_rows(nli: dict | None, bias: dict | None) -> list[tuple[str, str, str]]:
    """(metric, checker, published) rows for whatever score records are present."""
    rows: list[tuple[str, str, str]] = []
    if nli:
        shipped = nli["sick_test"][nli["sick_test"]["shipped"]]
        fnc = nli["fnc_competition_test"]
        rows += [("SICK TEST accuracy", f"{shipped['accuracy']:.4f}", "0.846 (SemEval-2014 best)"),
                 ("SICK TEST contradiction F1", f"{shipped['f1_contradiction']:.4f}", "-"),
                 ("FNC-1 competition test relative score", f"{fnc['relative_score']:.2f}%",
                  "82.02% (winner), 75.20% (baseline)"),
                 ("FNC-1 competition test macro F1 (4 classes)", f"{fnc['macro_f1']:.4f}", "-")]
        rows += [(f"FNC-1 test F1 {lab}", f"{v:.4f}", "-") for lab, v in fnc["f1"].items()]
    if bias:
        for name, res in bias["cv"].items():
            default = " (default)" if name == bias["shipped_variant"] else ""
            rows.append((f"BABE SG2 5-fold macro F1, {name}{default}",
                         f"{res['macro_f1_mean']:.4f} ± {res['macro_f1_std']:.4f}", "0.804 (RoBERTa+DS)"))
    return rows


def format_table(rows: Sequence[tuple[str, str, str]]) -> str:
    """Plain-text table: metric | checker | published."""
    header = ("metric", "checker", "published")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    line = lambda r: " | ".join(c.ljust(w) for c, w in zip(r, widths))  # noqa: E731
    return "\n".join([line(header), "-+-".join("-" * w for w in widths), *map(line, rows)])


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry point."""
    parser = argparse.ArgumentParser(prog="python -m checker.judges.cli", description=__doc__)
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
