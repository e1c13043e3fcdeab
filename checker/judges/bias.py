"""Learned biased-language judge: P(biased) for a news sentence, with word-level evidence.

Two variants share one artefact format (BERT body + linear head in safetensors): a fine-tuned
MiniLM, or the frozen MiniLM sentence embedding with a logistic-regression head folded into
the linear layer (config "normalize": true). Evidence comes from occlusion: drop each word and
see how much the biased probability falls; that works for either variant.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from checker.judges.nli import MODELS_DIR, MiniLMClassifier, batched, load_classifier

BIAS_LABELS = ("neutral", "biased")
_WORD = re.compile(r"\w+(?:['\u2019\-]\w+)*")


def word_spans(sentence: str) -> list[tuple[int, int]]:
    """Character spans of the words (letters/digits, with inner apostrophes or hyphens)."""
    return [m.span() for m in _WORD.finditer(sentence)]


def occlude(sentence: str, span: tuple[int, int]) -> str:
    """The sentence with one word removed and the gap closed."""
    return re.sub(r"\s{2,}", " ", (sentence[:span[0]] + sentence[span[1]:])).strip()


class BiasJudge:
    """Sentence -> probability that its wording is biased (BABE sense: loaded, one-sided words)."""

    labels: tuple[str, str] = BIAS_LABELS

    def __init__(self, model: MiniLMClassifier, tokenizer, config: dict) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.config = config
        self.max_length = int(config.get("max_length", 128))
        self.normalize = bool(config.get("normalize", False))

    @classmethod
    def load(cls, path: str | Path | None = None) -> "BiasJudge":
        """Load from path (default <repo>/models/bias); raises ModelLoadError naming the path."""
        path = Path(path) if path is not None else MODELS_DIR / "bias"
        model, tokenizer, config = load_classifier(path, "bias")
        return cls(model, tokenizer, config)

    @torch.inference_mode()
    def predict_proba(self, sentences: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """(n,) probability of 'biased' for each sentence."""
        sentences = list(sentences)
        out = np.zeros(len(sentences), dtype=np.float32)
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        for idx in batched(order, batch_size):
            enc = self.tokenizer([sentences[i] for i in idx], truncation=True, max_length=self.max_length,
                                 padding=True, return_tensors="pt")
            pooled = self.model.pool(**enc)
            if self.normalize:
                pooled = torch.nn.functional.normalize(pooled, dim=-1)
            out[list(idx)] = torch.softmax(self.model.head(pooled), dim=-1)[:, 1].numpy()
        return out

    def explain(self, sentence: str, top_k: int = 3) -> list[tuple[int, int, float]]:
        """Words that raise the biased score most, as (char start, char end, score drop when removed),
        strongest first; only words whose removal lowers the score are returned."""
        spans = word_spans(sentence)
        if not spans:
            return []
        probs = self.predict_proba([sentence] + [occlude(sentence, s) for s in spans], batch_size=64)
        drops = probs[0] - probs[1:]
        ranked = sorted(zip(spans, drops.tolist()), key=lambda item: -item[1])
        return [(s, e, round(float(w), 4)) for (s, e), w in ranked[:top_k] if w > 0]
