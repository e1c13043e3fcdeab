"""Nearest neighbours of unit vectors: exact in blocks for small corpora, HNSW (usearch) beyond.

Every later stage (stories, topics, candidates) reads this one k-NN table, so nothing in the
pipeline compares all pairs of statements.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Neighbours:
    """Row i holds the k nearest other rows of i, by cosine, best first (-1 pads)."""

    indices: np.ndarray  # (n, k) int64
    similarities: np.ndarray  # (n, k) float32

    def pairs(self, min_similarity: float) -> np.ndarray:
        """Unique (i, j) with i < j whose similarity reaches `min_similarity`, shape (m, 2)."""
        n, k = self.indices.shape
        rows = np.repeat(np.arange(n), k)
        cols = self.indices.ravel()
        keep = (cols >= 0) & (self.similarities.ravel() >= min_similarity) & (rows != cols)
        pairs = np.stack([np.minimum(rows[keep], cols[keep]), np.maximum(rows[keep], cols[keep])], axis=1)
        return np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)


class NeighbourIndex:
    """k-NN search; `exact_limit` decides when the approximate index takes over."""

    def __init__(self, k: int = 15, exact_limit: int = 20_000, block: int = 2048, seed: int = 0) -> None:
        self.k = k
        self.exact_limit = exact_limit
        self.block = block
        self.seed = seed

    def search(self, vectors: np.ndarray, rows: np.ndarray | None = None) -> Neighbours:
        """Neighbours of every row, or only of `rows` (the others are left empty, -1).

        Identical vectors (a sentence repeated by several outlets, wire copies) are searched once:
        a row's copies come first, then the copies of its nearest distinct vectors. Repeats are
        common in news and they slow a graph index down. Searching only the new rows of a grown
        corpus is what keeps an incremental run cheap: m new statements cost m x n dot products,
        exact, with no index to build.
        """
        n = len(vectors)
        k = min(self.k, max(n - 1, 0))
        if n == 0 or k == 0:
            return Neighbours(np.full((n, 0), -1, dtype=np.int64), np.zeros((n, 0), dtype=np.float32))
        distinct, inverse = distinct_rows(vectors)
        wanted = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
        k_distinct = min(k, len(distinct) - 1)
        if k_distinct == 0:
            found = Neighbours(np.full((len(distinct), 0), -1, dtype=np.int64), np.zeros((len(distinct), 0), dtype=np.float32))
        elif rows is not None or len(distinct) <= self.exact_limit:
            found = self._exact(distinct, k_distinct, np.unique(inverse[wanted]))
        else:
            found = self._approximate(distinct, k_distinct)
        return _expand(found, inverse, wanted, k)

    def _exact(self, vectors: np.ndarray, k: int, rows: np.ndarray) -> Neighbours:
        n = len(vectors)
        indices = np.full((n, k), -1, dtype=np.int64)
        sims = np.zeros((n, k), dtype=np.float32)
        for start in range(0, len(rows), self.block):
            query = rows[start: start + self.block]
            block = vectors[query] @ vectors.T
            block[np.arange(len(query)), query] = -np.inf
            top = np.argpartition(-block, k - 1, axis=1)[:, :k]
            top_sims = np.take_along_axis(block, top, axis=1)
            order = np.argsort(-top_sims, axis=1)
            indices[query] = np.take_along_axis(top, order, axis=1)
            sims[query] = np.take_along_axis(top_sims, order, axis=1)
        return Neighbours(indices, sims)

    def _approximate(self, vectors: np.ndarray, k: int) -> Neighbours:
        from usearch.index import Index

        index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32", connectivity=16, expansion_add=128, expansion_search=64)
        keys = np.arange(len(vectors), dtype=np.uint64)
        index.add(keys, vectors, threads=0)
        found = index.search(vectors, k + 1, threads=0)
        raw_keys = np.asarray(found.keys, dtype=np.int64)
        raw_sims = 1.0 - np.asarray(found.distances, dtype=np.float32)
        indices = np.full((len(vectors), k), -1, dtype=np.int64)
        sims = np.zeros((len(vectors), k), dtype=np.float32)
        for i in range(len(vectors)):
            mask = (raw_keys[i] != i) & (raw_keys[i] >= 0) & (raw_keys[i] < len(vectors))
            got_k, got_s = raw_keys[i][mask][:k], raw_sims[i][mask][:k]
            indices[i, : len(got_k)] = got_k
            sims[i, : len(got_s)] = got_s
        return Neighbours(indices, sims)


def distinct_rows(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of `vectors`, and for each row the index of its distinct row."""
    contiguous = np.ascontiguousarray(vectors)
    keys = contiguous.view(np.dtype((np.void, contiguous.dtype.itemsize * contiguous.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return contiguous[first], inverse.ravel()


def _expand(found: Neighbours, inverse: np.ndarray, wanted: np.ndarray, k: int) -> Neighbours:
    """Row-level neighbours from distinct-vector neighbours: copies first, then the copies of each neighbour."""
    n = len(inverse)
    order = np.argsort(inverse, kind="stable")
    bounds = np.flatnonzero(np.diff(inverse[order])) + 1
    copies = np.split(order, bounds)  # copies[u]: the rows holding distinct vector u
    indices = np.full((n, k), -1, dtype=np.int64)
    sims = np.zeros((n, k), dtype=np.float32)
    for i in wanted:
        u = inverse[i]
        row: list[int] = [j for j in copies[u][: k + 1].tolist() if j != i][:k]
        sim: list[float] = [1.0] * len(row)
        for v, s in zip(found.indices[u].tolist(), found.similarities[u].tolist()):
            if len(row) >= k or v < 0:
                break
            take = copies[v][: k - len(row)].tolist()
            row += take
            sim += [s] * len(take)
        indices[i, : len(row)] = row
        sims[i, : len(sim)] = sim
    return Neighbours(indices, sims)

