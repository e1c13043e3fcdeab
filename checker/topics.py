"""Topics: statements on the same point across outlets.

Agglomerative clustering (average linkage, cosine) restricted to the k-NN graph, so the
cost grows with n * k rather than n squared. Only topics spanning two or more outlets are
kept: a point made by a single outlet cannot be contradicted by another.
"""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.cluster import AgglomerativeClustering

from checker.neighbours import Neighbours
from checker.records import Statement, Topic, content_id

_STOP = frozenset(
    "the a an of to in on and or for with by at from that this is was were are be been has have had "
    "it its as he she they their his her said says also not but after before over about into".split()
)


@dataclass(frozen=True)
class TopicClusterer:
    """Groups statements whose average cosine distance stays under `distance_threshold`."""

    distance_threshold: float = 0.6
    min_similarity: float = 0.3
    label_terms: int = 4

    def fit_predict(
        self,
        statements: list[Statement],
        outlets: list[str],
        vectors: np.ndarray,
        neighbours: Neighbours,
    ) -> list[Topic]:
        labels = self._labels(vectors, neighbours)
        groups: dict[int, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            groups[int(label)].append(i)
        topics = []
        for members in groups.values():
            topic_outlets = sorted({outlets[i] for i in members})
            if len(topic_outlets) < 2:
                continue
            ids = tuple(statements[i].id for i in members)
            topics.append(
                Topic(
                    id="topic-" + content_id(*sorted(ids), length=12),
                    statement_ids=ids,
                    outlets=tuple(topic_outlets),
                    label=_label([statements[i].text for i in members], self.label_terms),
                )
            )
        return sorted(topics, key=lambda t: (-len(t.outlets), -len(t.statement_ids), t.id))

    def _labels(self, vectors: np.ndarray, neighbours: Neighbours) -> np.ndarray:
        n = len(vectors)
        if n < 2:
            return np.zeros(n, dtype=int)
        pairs = neighbours.pairs(self.min_similarity)
        if len(pairs) == 0:
            return np.arange(n)
        data = np.ones(len(pairs) * 2)
        rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
        cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
        graph = csr_matrix((data, (rows, cols)), shape=(n, n))
        model = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=self.distance_threshold,
            connectivity=graph,
        )
        with warnings.catch_warnings():
            # A k-NN graph of a corpus has several components; sklearn joins them, which is what we want.
            warnings.filterwarnings("ignore", message="the number of connected components")
            return model.fit_predict(vectors)


def _label(texts: list[str], size: int) -> str:
    """The most frequent content words, as a short human label."""
    counts: Counter[str] = Counter()
    for text in texts:
        words = {w.strip(".,;:!?\"'“”‘’()").lower() for w in text.split()}
        counts.update(w for w in words if len(w) > 3 and w not in _STOP and w.isalpha())
    return ", ".join(w for w, _ in counts.most_common(size))
