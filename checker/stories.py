"""Stories: articles about the same event, and wire copies linked to the article they copy."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from checker.neighbours import Neighbours
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

    def fit_predict(
        self,
        articles: list[Article],
        statement_article: np.ndarray,
        vectors: np.ndarray,
        neighbours: Neighbours,
    ) -> list[Story]:
        if not articles:
            return []
        labels = self._cluster(articles, statement_article, vectors)
        copies = self._copies(articles, statement_article, neighbours)
        groups: dict[int, list[str]] = defaultdict(list)
        for article, label in zip(articles, labels):
            groups[int(label)].append(article.id)
        stories = []
        for ids in groups.values():
            members = set(ids)
            dups = {c: o for c, o in copies.items() if c in members and o in members}
            stories.append(Story(id="story-" + min(ids)[:12], article_ids=tuple(ids), duplicates=dups))
        return sorted(stories, key=lambda s: s.id)

    def _cluster(self, articles: list[Article], statement_article: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        centroids = np.zeros((len(articles), vectors.shape[1] if vectors.size else 1), dtype=np.float32)
        for i in range(len(articles)):
            rows = vectors[statement_article == i]
            if len(rows):
                mean = rows.mean(axis=0)
                centroids[i] = mean / (np.linalg.norm(mean) or 1.0)
        if len(articles) < 2:
            return np.zeros(len(articles), dtype=int)
        model = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=self.distance_threshold
        )
        return model.fit_predict(centroids)

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


def _later(a: Article, b: Article) -> bool:
    """The copy is the later publication; undated articles count as later; ties break on id."""
    if a.published and b.published and a.published != b.published:
        return a.published > b.published
    if bool(a.published) != bool(b.published):
        return not a.published
    return a.id > b.id
