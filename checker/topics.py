"""Topics: statements on the same point across outlets.

Average-linkage clustering (cosine) inside each connected component of the k-NN graph, a
component larger than `max_component` first cut into k-means cells: statements with no chain
of similar neighbours never share a topic, and the cost grows with n * max_component, not n
squared. Only topics spanning two or more outlets are kept: a point made by a single outlet
cannot be contradicted by another.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.cluster.hierarchy import fcluster, linkage

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
    max_component: int = 2000

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

    def extend(
        self,
        statements: list[Statement],
        outlets: list[str],
        vectors: np.ndarray,
        neighbours: Neighbours,
        previous: dict[str, tuple[str, str]],
    ) -> list[Topic]:
        """Keep the stored topics and let each new statement join the topic of its closest member.

        The cheap path for a corpus that grew a little: no re-clustering, so an analysed corpus
        stays stable for the editors reviewing it. A full run re-clusters everything.
        """
        assignment = {s.id: previous[s.id][0] for s in statements if s.id in previous}
        labels = {tid: label for tid, label in previous.values()}
        for i, s in enumerate(statements):
            if s.id in assignment:
                continue
            for j, sim in zip(neighbours.indices[i], neighbours.similarities[i]):
                if j < 0 or sim < 1 - self.distance_threshold:
                    break
                topic = assignment.get(statements[j].id)
                if topic:
                    assignment[s.id] = topic
                    break
        for topic in self._cluster_leftovers(statements, outlets, vectors, neighbours, previous, assignment):
            labels[topic.id] = topic.label
            assignment.update({sid: topic.id for sid in topic.statement_ids})
        members: dict[str, list[int]] = defaultdict(list)
        index = {s.id: i for i, s in enumerate(statements)}
        for sid, tid in assignment.items():
            members[tid].append(index[sid])
        topics = [
            Topic(id=tid, statement_ids=tuple(statements[i].id for i in rows), outlets=tuple(sorted({outlets[i] for i in rows})), label=labels.get(tid, ""))
            for tid, rows in members.items()
        ]
        return sorted(topics, key=lambda t: (-len(t.outlets), -len(t.statement_ids), t.id))

    def _cluster_leftovers(self, statements, outlets, vectors, neighbours, previous, assignment) -> list[Topic]:  # type: ignore[no-untyped-def]
        """New statements that joined no topic are clustered with their unassigned neighbours only."""
        fresh = [i for i, s in enumerate(statements) if s.id not in previous and s.id not in assignment]
        subset = sorted(set(fresh) | {int(j) for i in fresh for j in neighbours.indices[i] if j >= 0 and statements[j].id not in assignment})
        if len(subset) < 2:
            return []
        from checker.neighbours import NeighbourIndex

        sub_vectors = vectors[subset]
        sub_neighbours = NeighbourIndex(k=min(len(subset) - 1, neighbours.indices.shape[1] or 1)).search(sub_vectors)
        return self.fit_predict([statements[i] for i in subset], [outlets[i] for i in subset], sub_vectors, sub_neighbours)

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
        # Cluster each connected component of the k-NN graph on its own (in cells of at most
        # max_component rows): statements with no similar neighbour path never share a topic.
        _, component = connected_components(graph, directed=False)
        labels = np.empty(n, dtype=int)
        next_label = 0
        for members in _groups(component):
            for cell in _cells(members, vectors, self.max_component):
                found = self._linkage(vectors[cell])
                labels[cell] = found + next_label
                next_label += int(found.max()) + 1
        return labels

    def _linkage(self, rows: np.ndarray) -> np.ndarray:
        """Average linkage on the full cosine distances of a cell (scipy, in C), cut at the threshold."""
        if len(rows) == 1:
            return np.zeros(1, dtype=int)
        tree = linkage(rows.astype(np.float64), method="average", metric="cosine")
        return fcluster(tree, t=self.distance_threshold, criterion="distance") - 1


def _cells(members: np.ndarray, vectors: np.ndarray, limit: int) -> list[np.ndarray]:
    """A k-NN component cut into cells of at most about `limit` rows (k-means, then halving).

    Average linkage needs a cell's full distance matrix (limit squared): bounded cells keep the
    stage linear in n. A topic straddling two cells is split in two, which costs a candidate
    pair or two, never a wrong merge.
    """
    if len(members) <= limit:
        return [members]
    from sklearn.cluster import MiniBatchKMeans

    k = -(-len(members) // limit)
    found = MiniBatchKMeans(n_clusters=k, random_state=0, n_init=3, batch_size=4096).fit_predict(vectors[members])
    parts = [members[found == c] for c in range(k) if (found == c).any()]
    if len(parts) == 1:  # k-means found no split: halve along the main direction
        rows = vectors[members] - vectors[members].mean(axis=0)
        direction = np.linalg.svd(rows[: 4 * limit], full_matrices=False)[2][0]
        order = np.argsort(rows @ direction, kind="stable")
        parts = [np.sort(members[order[: len(order) // 2]]), np.sort(members[order[len(order) // 2:]])]
    return [cell for part in parts for cell in _cells(part, vectors, limit)]  # each part keeps its rows sorted


def _groups(component: np.ndarray) -> list[np.ndarray]:
    """Indices of each component, in order of first appearance."""
    order = np.argsort(component, kind="stable")
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    return np.split(order, bounds)


def _label(texts: list[str], size: int) -> str:
    """The most frequent content words, as a short human label."""
    counts: Counter[str] = Counter()
    for text in texts:
        words = {w.strip(".,;:!?\"'“”‘’()").lower() for w in text.split()}
        counts.update(w for w in words if len(w) > 3 and w not in _STOP and w.isalpha())
    return ", ".join(w for w, _ in counts.most_common(size))
