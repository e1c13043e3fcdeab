"""Stories: articles about the same event, and wire copies linked to the article they copy."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from checker.neighbours import Neighbours, distinct_rows
from checker.records import Article, Story


@dataclass(frozen=True)
class StoryClusterer:
    """Average-linkage clustering of article centroids; copies found through statement neighbours.

    `distance_threshold` is a cosine distance between article centroids; `copy_similarity`
    and `copy_share` say when an article repeats another (most sentences near-identical).
    """

    distance_threshold: float = 0.55
    copy_similarity: float = 0.9
    copy_share: float = 0.5
    entity_weight: float = 0.5
    names_for_full_weight: int = 3

    def fit_predict(
        self,
        articles: list[Article],
        statement_article: np.ndarray,
        vectors: np.ndarray,
        neighbours: Neighbours,
        entity_keys: list[set[str]] | None = None,
        known_copies: dict[str, str] | None = None,
    ) -> list[Story]:
        """Group articles; `entity_keys` (names each article mentions) sharpen what embeddings blur:
        two fires in two towns read alike, but name different places and people.

        `known_copies` (copy id -> original id) carries copies found by an earlier run, for an
        incremental run whose neighbour table covers only the new statements.
        """
        if not articles:
            return []
        labels = self._cluster(articles, statement_article, vectors, entity_keys)
        present = {a.id for a in articles}
        copies = {c: o for c, o in (known_copies or {}).items() if c in present and o in present}
        for copy, original in self._copies(articles, statement_article, neighbours).items():
            if original not in copies:
                copies.setdefault(copy, original)
        groups: dict[int, list[str]] = defaultdict(list)
        for article, label in zip(articles, labels):
            groups[int(label)].append(article.id)
        stories = []
        for ids in groups.values():
            members = set(ids)
            dups = {c: o for c, o in copies.items() if c in members and o in members}
            stories.append(Story(id="story-" + min(ids)[:12], article_ids=tuple(ids), duplicates=dups))
        return sorted(stories, key=lambda s: s.id)

    def _cluster(self, articles: list[Article], statement_article: np.ndarray, vectors: np.ndarray, entity_keys: list[set[str]] | None) -> np.ndarray:
        centroids = np.zeros((len(articles), vectors.shape[1] if vectors.size else 1), dtype=np.float32)
        weights = _specificity(vectors, statement_article)
        for i in range(len(articles)):
            mine = statement_article == i
            if mine.any():
                mean = (vectors[mine] * weights[mine, None]).sum(axis=0)
                centroids[i] = mean / (np.linalg.norm(mean) or 1.0)
        if len(articles) < 2:
            return np.zeros(len(articles), dtype=int)
        similarity = centroids @ centroids.T
        if entity_keys is not None and self.entity_weight > 0:
            # Names are evidence only where an article names enough of them: a three-line brief leans on meaning.
            counts = np.array([len(k) for k in entity_keys], dtype=np.float32)
            weight = self.entity_weight * np.minimum(1.0, np.minimum.outer(counts, counts) / self.names_for_full_weight)
            similarity = (1 - weight) * similarity + weight * _entity_similarity(entity_keys)
        distance = np.clip(1 - similarity, 0, 2).astype(np.float64)
        np.fill_diagonal(distance, 0)
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=self.distance_threshold
        )
        return model.fit_predict(distance)

    def _copies(self, articles: list[Article], statement_article: np.ndarray, neighbours: Neighbours) -> dict[str, str]:
        """copy id -> original id, for articles of different outlets sharing most sentences."""
        sizes = Counter(statement_article.tolist())
        shared: Counter[tuple[int, int]] = Counter()
        for i, (row, sims) in enumerate(zip(neighbours.indices, neighbours.similarities)):
            hits = {int(statement_article[j]) for j, s in zip(row, sims) if j >= 0 and s >= self.copy_similarity}
            for other in hits - {int(statement_article[i])}:
                shared[(int(statement_article[i]), other)] += 1
        copies: dict[str, str] = {}
        for (a, b), count in shared.items():
            if count / max(sizes[a], 1) < self.copy_share or articles[a].outlet == articles[b].outlet:
                continue
            copy, original = (a, b) if _later(articles[a], articles[b]) else (b, a)
            if articles[original].id not in copies:
                copies.setdefault(articles[copy].id, articles[original].id)
        return copies


def _specificity(vectors: np.ndarray, statement_article: np.ndarray) -> np.ndarray:
    """Each statement weighs 1 / (articles printing the same sentence): stock background and
    boilerplate that many stories share say little about which story an article tells."""
    if not len(vectors):
        return np.zeros(0, dtype=np.float32)
    _, sentence = distinct_rows(vectors)
    printed = np.unique(np.stack([sentence, statement_article]), axis=1)[0]
    return (1.0 / np.bincount(printed, minlength=int(sentence.max()) + 1)[sentence]).astype(np.float32)


def _entity_similarity(entity_keys: list[set[str]]) -> np.ndarray:
    """Cosine of TF-IDF vectors over the names each article mentions (rare shared names weigh most)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [list(keys) for keys in entity_keys]
    if not any(docs):
        return np.zeros((len(docs), len(docs)), dtype=np.float32)
    matrix = TfidfVectorizer(analyzer=lambda keys: keys, sublinear_tf=True).fit_transform(docs)
    return (matrix @ matrix.T).toarray().astype(np.float32)


def _later(a: Article, b: Article) -> bool:
    """The copy is the later publication; undated articles count as later; ties break on id."""
    if a.published and b.published and a.published != b.published:
        return a.published > b.published
    if bool(a.published) != bool(b.published):
        return not a.published
    return a.id > b.id
