"""Detectors: one module per kind of difference, each a component with one `detect` method.

`build_detectors()` returns the default set, configured from `models/`; pass your own list
to `checker.Checker(detectors=...)` to swap or add one.
"""

from __future__ import annotations

from pathlib import Path

from checker.detect.attribution import AttributionDetector
from checker.detect.base import Pair, PairDetector, StatementDetector
from checker.detect.causation import CausationDetector
from checker.detect.certainty import CertaintyDetector
from checker.detect.dates import DateDetector
from checker.detect.loaded import LoadedLanguageDetector, ModelBias, Prefilter
from checker.detect.naming import NamingDetector
from checker.detect.negation import ModelContradiction, NegationDetector
from checker.detect.numbers import NumberDetector
from checker.detect.status import StatusDetector
from checker.frames import FrameLexicon
from checker.resources import MODELS_DIR

__all__ = [
    "AttributionDetector",
    "CausationDetector",
    "CertaintyDetector",
    "DateDetector",
    "LoadedLanguageDetector",
    "ModelBias",
    "ModelContradiction",
    "NamingDetector",
    "NegationDetector",
    "NumberDetector",
    "StatusDetector",
    "Pair",
    "PairDetector",
    "StatementDetector",
    "build_detectors",
    "build_statement_detectors",
]


def build_detectors(models_dir: Path = MODELS_DIR, judge: object | None = None) -> list[PairDetector]:
    """The default pair detectors, sharing one frame lexicon; the contradiction model joins when shipped."""
    lexicon = FrameLexicon.from_models(models_dir)
    if judge is None and (models_dir / "nli" / "model.safetensors").is_file():
        judge = ModelContradiction(models_dir / "nli")
    return [
        CausationDetector(models_dir, lexicon),
        AttributionDetector(models_dir, lexicon),
        NegationDetector(models_dir, lexicon, judge),  # type: ignore[arg-type]
        DateDetector(models_dir, lexicon),
        NumberDetector(models_dir, lexicon),
        StatusDetector(models_dir),
        NamingDetector(models_dir),
        CertaintyDetector(models_dir),
    ]


def build_statement_detectors(models_dir: Path = MODELS_DIR, scorer: object | None = None) -> list[StatementDetector]:
    """The single-statement detectors; the bias classifier joins when its artefact is shipped."""
    if scorer is None and (models_dir / "bias" / "model.safetensors").is_file():
        scorer = ModelBias(models_dir / "bias")
    prefilter = Prefilter.load(models_dir / "bias" / "prefilter.json") if scorer is not None else None
    return [LoadedLanguageDetector(models_dir, scorer, prefilter)]  # type: ignore[arg-type]
