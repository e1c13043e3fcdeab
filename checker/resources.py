"""Where the project's data files live, and how they are read.

Lexicons, thresholds and trained artefacts are data in `models/`, never literals in
code, so that an editor or an engineer can tune them without editing callers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checker.errors import ModelLoadError

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


def load_json(path: Path) -> Any:
    """Read a JSON data file shipped with the project, with an error that names it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelLoadError(f"{path}: missing data file (is the checkout complete?)") from exc
    except json.JSONDecodeError as exc:
        raise ModelLoadError(f"{path}: not valid JSON ({exc})") from exc
