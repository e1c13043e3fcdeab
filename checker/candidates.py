"""Candidate pairs: which statements from different outlets are worth a detector's look.

Embedding neighbours alone miss pairs that matter most (a pronoun subject, "invading forces"
vs "under control"), so pairs also come from shared blocking keys that the detectors declare
(an onset-of-fighting frame, a contested term's class, an office title). Every source is
bounded (k neighbours, capped key buckets), so the number of pairs grows linearly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from checker.neighbours import Neighbours
from checker.records import Statement, Topic


@dataclass(frozen=True)
class Candidate:
    """Indices of two statements, their cosine, and why they were paired."""

    a: int
    b: int
    similarity: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CandidateGenerator:
    """Pairs from neighbours, shared topics and detector blocking keys, cross-outlet and same story."""

    min_similarity: float = 0.35
    key_min_similarity: float = 0.1
    bucket_limit: int = 300
    topic_limit: int = 60

    def generate(
        self,
        statements: list[Statement],
        outlets: list[str],
        stories: list[str],
        vectors: np.ndarray,
        neighbours: Neighbours,
        topics: list[Topic],
        keys_of: Callable[[Statement], Iterable[str]],
        only: set[int] | None = None,
    ) -> list[Candidate]:
        """Candidate pairs, or only those touching a row in `only` (an incremental run's new statements)."""
        reasons: dict[tuple[int, int], set[str]] = defaultdict(set)

        def allowed(i: int, j: int) -> bool:
            return outlets[i] != outlets[j] and stories[i] == stories[j] and (only is None or i in only or j in only)

        for i, j in neighbours.pairs(self.min_similarity):
            if allowed(i, j):
                reasons[(int(i), int(j))].add("neighbours")
        position = {s.id: i for i, s in enumerate(statements)}
        for topic in topics:
            members = [position[s] for s in topic.statement_ids if s in position][: self.topic_limit]
            if only is not None and only.isdisjoint(members):
                continue
            for x, i in enumerate(members):
                for j in members[x + 1:]:
                    if allowed(i, j):
                        reasons[(min(i, j), max(i, j))].add("topic")
        for (_, key), members in _buckets(statements, stories, keys_of).items():
            if only is not None and only.isdisjoint(members):
                continue
            for i, j in self._bucket_pairs(members, vectors):
                if allowed(i, j):
                    reasons[(i, j)].add(key)
        out = []
        for (i, j), why in reasons.items():
            out.append(Candidate(i, j, float(vectors[i] @ vectors[j]), tuple(sorted(why))))
        return sorted(out, key=lambda c: (c.a, c.b))

    def _bucket_pairs(self, members: list[int], vectors: np.ndarray) -> Iterable[tuple[int, int]]:
        """All pairs of a key bucket above a low similarity floor, keeping the closest when it is large."""
        if len(members) < 2:
            return []
        idx = np.asarray(members)
        sims = vectors[idx] @ vectors[idx].T
        upper = np.triu_indices(len(idx), k=1)
        values = sims[upper]
        keep = values >= self.key_min_similarity
        rows, cols, values = upper[0][keep], upper[1][keep], values[keep]
        limit = self.bucket_limit * 10
        if len(values) > limit:
            top = np.argpartition(-values, limit)[:limit]
            rows, cols = rows[top], cols[top]
        return [(int(min(idx[r], idx[c])), int(max(idx[r], idx[c]))) for r, c in zip(rows, cols)]


def _buckets(
    statements: list[Statement], stories: list[str], keys_of: Callable[[Statement], Iterable[str]]
) -> dict[tuple[str, str], list[int]]:
    """Statements grouped by (story, key): keys only pair statements of the same story."""
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        for key in keys_of(s):
            buckets[(stories[i], key)].append(i)
    return buckets
