"""checker: a cross-source contradiction and framing checker for news editors.

    from checker import Checker, Store
    with Store("checker.db") as store:
        report = Checker(store).analyze(["corpus/stories"])

The public surface is re-exported here; modules hold one pipeline stage each.
"""

from checker.errors import CheckerError, IngestError, ModelLoadError, StoreError
from checker.pipeline import Checker, Report
from checker.records import CATEGORIES, Article, Flag, Span, Statement, Story, Topic
from checker.store import Store

__all__ = [
    "CATEGORIES",
    "Article",
    "Checker",
    "CheckerError",
    "Flag",
    "IngestError",
    "ModelLoadError",
    "Report",
    "Span",
    "Statement",
    "Store",
    "StoreError",
    "Story",
    "Topic",
]
__version__ = "0.1.0"
