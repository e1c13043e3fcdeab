"""Errors a user can act on. Each carries a stable code for looking it up."""

from __future__ import annotations


class CheckerError(Exception):
    """Base class: caught at the CLI and app boundary and shown as `code: message`."""

    code = "E000"


class IngestError(CheckerError):
    """A file or row could not be read as an article; the message names it and says why."""

    code = "E100"

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ModelLoadError(CheckerError):
    """A model or lexicon could not be loaded from the local disk."""

    code = "E200"


class StoreError(CheckerError):
    """The database could not be opened or written."""

    code = "E300"


class GoldError(CheckerError):
    """A gold file for `eval` is malformed."""

    code = "E400"


class ReviewError(CheckerError):
    """A review action the dashboard refuses, with what to do instead."""

    code = "E500"
