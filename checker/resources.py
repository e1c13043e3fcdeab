"""Where the project's data files live, and how they are read.

Lexicons, thresholds and trained artefacts are data in `models/`, never literals in
code, so that an editor or an engineer can tune them without editing callers.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

from checker.errors import ModelLoadError

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"

L = TypeVar("L")
_CONTAINERS = {"frozenset": frozenset, "tuple": tuple, "dict": dict}


def load_json(path: Path) -> Any:
    """Read a JSON data file shipped with the project, with an error that names it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelLoadError(f"{path}: missing data file (is the checkout complete?)") from exc
    except json.JSONDecodeError as exc:
        raise ModelLoadError(f"{path}: not valid JSON ({exc})") from exc


def lexicon_from(cls: type[L], data: dict, **given: Any) -> L:
    """A frozen lexicon dataclass from a JSON section: each field that the section names is read
    as its annotation says (frozenset, tuple or dict); fields it leaves out keep their defaults;
    `given` holds the fields the caller builds itself (nested lexicons, inverted maps)."""
    values = dict(given)
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name not in values and f.name in data:
            values[f.name] = _CONTAINERS[str(f.type).split("[")[0]](data[f.name])
    return cls(**values)
