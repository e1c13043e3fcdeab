"""FNC-1 stance evaluation: embedding relatedness + NLI judge + a small logistic stance head.

A headline is 'related' to a body when some body sentence is close to it in MiniLM embedding
space (threshold tuned on a TRAIN hold-out). The stance of related pairs comes from the NLI
judge run on the headline vs the body sentences closest to it, plus cosine and cue-word
features, combined by a multinomial logistic head stored as JSON (no pickle).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")
STANCE_LABELS = ("agree", "disagree", "discuss")
HEAD_NAME = "fnc_stance.json"
TOP_K = 3

# Cue words (defaults; the shipped lists live in models/nli/fnc_stance.json). The refuting list
# is the FNC-1 baseline's; the hedging list marks reported-speech 'discuss' bodies.
REFUTING_WORDS = ("fake", "fraud", "hoax", "false", "deny", "denies", "denied", "not", "despite", "nope",
                  "doubt", "doubts", "bogus", "debunk", "debunked", "pranks", "retract", "retracted",
                  "untrue", "satire", "satirical", "rumor", "rumour", "no evidence")
HEDGING_WORDS = ("reportedly", "allegedly", "alleged", "claim", "claims", "claimed", "according to",
                 "reports", "reported", "unconfirmed", "unverified", "may", "might", "could", "appears",
                 "apparently", "purportedly", "rumored", "said to", "believed")


@dataclass
class BodyIndex:
    """Body sentences and their unit MiniLM embeddings, addressable by body id."""

    sentences: dict[int, list[str]]
    offsets: dict[int, tuple[int, int]]
    vectors: np.ndarray

    def of(self, body_id: int) -> np.ndarray:
        start, end = self.offsets[body_id]
        return self.vectors[start:end]


def build_body_index(embedder, body_sentences: dict[int, list[str]], embed_fn) -> BodyIndex:
    """Embed every sentence of every body in one pass."""
    flat: list[str] = []
    offsets: dict[int, tuple[int, int]] = {}
    for body_id, sents in body_sentences.items():
        offsets[body_id] = (len(flat), len(flat) + len(sents))
        flat.extend(sents)
    return BodyIndex(body_sentences, offsets, embed_fn(embedder, flat))


def cosine_profile(headline_vec: np.ndarray, body_vecs: np.ndarray) -> np.ndarray:
    """Cosine of the headline with each body sentence (vectors are unit length)."""
    return body_vecs @ headline_vec


def relatedness_features(cos: np.ndarray) -> dict[str, float]:
    """Max, top-3 mean and centroid-style mean cosine of headline vs body sentences."""
    top = np.sort(cos)[::-1]
    return {"max_cos": float(top[0]), "top3_cos": float(top[:TOP_K].mean()), "mean_cos": float(cos.mean())}


def top_sentence_ids(cos: np.ndarray, k: int = TOP_K) -> list[int]:
    """Indices of the k body sentences closest to the headline, best first."""
    return list(np.argsort(-cos)[:k])


def count_cues(text: str, words: Sequence[str]) -> int:
    """Number of cue-word occurrences (whole words, case-insensitive)."""
    low = text.lower()
    return sum(len(re.findall(r"\b" + re.escape(w) + r"\b", low)) for w in words)


def stance_features(headline: str, cos: np.ndarray, sentences: Sequence[str], top_ids: Sequence[int],
                    nli_probs: np.ndarray, refuting: Sequence[str], hedging: Sequence[str]) -> dict[str, float]:
    """Features of one related pair: NLI over the top sentences, cosines, cue words."""
    feats = relatedness_features(cos)
    weights = np.clip(cos[list(top_ids)], 0.0, None) + 1e-6
    weights = weights / weights.sum()
    for j, name in enumerate(("ent", "neu", "con")):
        feats[f"top1_{name}"] = float(nli_probs[0, j])
        feats[f"wmean_{name}"] = float(weights @ nli_probs[:, j])
        feats[f"max_{name}"] = float(nli_probs[:, j].max())
    body = " ".join(sentences)
    n_words = max(1, len(body.split()))
    top_text = " ".join(sentences[i] for i in top_ids)
    feats["head_refute"] = float(count_cues(headline, refuting) > 0)
    feats["head_question"] = float("?" in headline)
    feats["body_refute"] = 100.0 * count_cues(body, refuting) / n_words
    feats["top_refute"] = float(count_cues(top_text, refuting))
    feats["body_hedge"] = 100.0 * count_cues(body, hedging) / n_words
    feats["top_hedge"] = float(count_cues(top_text, hedging))
    feats["log_body_len"] = float(np.log1p(n_words))
    return feats


class StanceHead:
    """Relatedness threshold + multinomial logistic regression over stance features (JSON-backed)."""

    def __init__(self, spec: dict) -> None:
        self.spec = spec
        self.features: list[str] = spec["features"]
        self.mean = np.asarray(spec["mean"], dtype=np.float64)
        self.scale = np.asarray(spec["scale"], dtype=np.float64)
        self.coef = np.asarray(spec["coef"], dtype=np.float64)
        self.intercept = np.asarray(spec["intercept"], dtype=np.float64)
        self.threshold = float(spec["relatedness"]["threshold"])
        self.relatedness_feature = spec["relatedness"]["feature"]

    @classmethod
    def load(cls, path: Path) -> "StanceHead":
        from checker.errors import ModelLoadError

        if not path.is_file():
            raise ModelLoadError(f"{path}: FNC stance head missing (train with `train nli`)")
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.spec, indent=1), encoding="utf-8")

    def is_related(self, rel_feats: dict[str, float]) -> bool:
        return rel_feats[self.relatedness_feature] >= self.threshold

    def proba(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        """(n, 3) probabilities over STANCE_LABELS."""
        x = np.array([[r[f] for f in self.features] for r in rows], dtype=np.float64)
        z = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(1, keepdims=True)


def fit_stance_lr(rows: Sequence[dict[str, float]], labels: Sequence[int], features: Sequence[str],
                  class_weight, C: float = 1.0, seed: int = 0) -> dict:
    """Fit the standardised multinomial LR; returns its JSON-able parameters."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r[f] for f in features] for r in rows], dtype=np.float64)
    mean, scale = x.mean(0), x.std(0) + 1e-9
    lr = LogisticRegression(C=C, max_iter=2000, class_weight=class_weight, random_state=seed)
    lr.fit((x - mean) / scale, np.asarray(labels))
    return {"features": list(features), "mean": mean.tolist(), "scale": scale.tolist(),
            "coef": lr.coef_.tolist(), "intercept": lr.intercept_.tolist(), "classes": list(STANCE_LABELS)}


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """Official FNC-1 score: 0.25 per related/unrelated right, +0.75 for the exact related class.
    Returns (raw, relative to the maximum)."""
    raw, best = 0.0, 0.0
    for g, p in zip(gold, pred):
        g_rel, p_rel = g != "unrelated", p != "unrelated"
        best += 0.25 + (0.75 if g_rel else 0.0)
        if g_rel == p_rel:
            raw += 0.25
            if g_rel and g == p:
                raw += 0.75
    return raw, raw / best if best else 0.0


def fnc_report(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Relative score, macro F1 over the 4 classes, per-class F1 and the confusion matrix."""
    from sklearn.metrics import confusion_matrix, f1_score

    raw, rel = fnc_score(gold, pred)
    per = f1_score(gold, pred, labels=list(FNC_LABELS), average=None, zero_division=0)
    cm = confusion_matrix(gold, pred, labels=list(FNC_LABELS))
    return {"relative_score": round(100 * rel, 2), "raw_score": round(raw, 2),
            "macro_f1": round(float(per.mean()), 4),
            "f1": {lab: round(float(v), 4) for lab, v in zip(FNC_LABELS, per)},
            "related_accuracy": round(float(np.mean([(g != "unrelated") == (p != "unrelated")
                                                     for g, p in zip(gold, pred)])), 4),
            "confusion_rows_gold_cols_pred": {"labels": list(FNC_LABELS), "matrix": cm.tolist()},
            "n": len(gold)}


def pair_profiles(headline_vecs: np.ndarray, body_ids: Sequence[int], index: BodyIndex) -> list[np.ndarray]:
    """Cosine profile of each (headline, body) pair."""
    return [cosine_profile(h, index.of(b)) for h, b in zip(headline_vecs, body_ids)]


def nli_top_probs(judge_predict, headlines: Sequence[str], body_ids: Sequence[int],
                  profiles: Sequence[np.ndarray], index: BodyIndex, k: int = TOP_K) -> list[np.ndarray]:
    """NLI probabilities (k, 3) of headline vs its k closest body sentences, one batch for all pairs."""
    pairs: list[tuple[str, str]] = []
    spans: list[tuple[int, int]] = []
    for h, b, cos in zip(headlines, body_ids, profiles):
        ids = top_sentence_ids(cos, k)
        spans.append((len(pairs), len(pairs) + len(ids)))
        pairs.extend((h, index.sentences[b][i]) for i in ids)
    probs = judge_predict(pairs)
    return [probs[s:e] for s, e in spans]


def predict_fnc(head: StanceHead, judge_predict, headlines: Sequence[str], body_ids: Sequence[int],
                headline_vecs: np.ndarray, index: BodyIndex) -> tuple[list[str], np.ndarray]:
    """4-way FNC labels: threshold on relatedness, then the stance head on related pairs."""
    profiles = pair_profiles(headline_vecs, body_ids, index)
    related = [i for i, cos in enumerate(profiles) if head.is_related(relatedness_features(cos))]
    pred = ["unrelated"] * len(headlines)
    probs = np.zeros((len(headlines), 3))
    if not related:
        return pred, probs
    nli = nli_top_probs(judge_predict, [headlines[i] for i in related], [body_ids[i] for i in related],
                        [profiles[i] for i in related], index)
    rows = [stance_features(headlines[i], profiles[i], index.sentences[body_ids[i]],
                            top_sentence_ids(profiles[i]), p, head.spec["refuting_words"],
                            head.spec["hedging_words"]) for i, p in zip(related, nli)]
    stance = head.proba(rows)
    for j, i in enumerate(related):
        probs[i] = stance[j]
        pred[i] = STANCE_LABELS[int(stance[j].argmax())]
    return pred, probs
