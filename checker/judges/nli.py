"""Learned contradiction judge: a MiniLM cross-encoder scoring entailment / neutral / contradiction.

Rules catch contradictions that have a shape (numbers, dates, negated frames); this judge covers
the rest. The encoder code here is shared with the bias judge (one BERT body, one linear head),
and artefacts are stored as int8 per-row weights in safetensors so they load without pickle.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import torch
from torch import nn

from checker.errors import ModelLoadError

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
CONFIG_NAME = "judge_config.json"
WEIGHTS_NAME = "model.safetensors"
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
NLI_LABELS = ("entailment", "neutral", "contradiction")


class MiniLMClassifier(nn.Module):
    """BERT encoder plus a linear head over [CLS] or masked-mean pooling."""

    def __init__(self, bert_config: dict, n_labels: int, pooling: str = "mean", dropout: float = 0.1) -> None:
        super().__init__()
        from transformers import BertConfig, BertModel

        if pooling not in ("mean", "cls"):
            raise ValueError(f"pooling must be 'mean' or 'cls', not {pooling!r}")
        self.pooling = pooling
        self.bert = BertModel(BertConfig(**bert_config), add_pooling_layer=False)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.bert.config.hidden_size, n_labels)

    def pool(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
             token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
        """Sentence vector: the pooled hidden states the head reads."""
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                           token_type_ids=token_type_ids).last_hidden_state
        if self.pooling == "cls":
            return hidden[:, 0]
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
        """Logits (batch, n_labels)."""
        return self.head(self.dropout(self.pool(input_ids, attention_mask, token_type_ids)))


# ---------------------------------------------------------------- int8 weight storage

def quantize_state_dict(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Per-row symmetric int8 for every 2-D weight matrix; 1-D tensors (bias, LayerNorm) stay fp32.

    Weight-only quantisation quarters the file size; weights are dequantised at load, so
    inference runs in fp32 and the accuracy cost is only the rounding of the stored weights.
    """
    out: dict[str, torch.Tensor] = {}
    for name, tensor in state.items():
        tensor = tensor.detach().float().contiguous()
        if tensor.dim() == 2 and tensor.numel() >= 4096:
            scale = tensor.abs().amax(dim=1).clamp(min=1e-12) / 127.0
            out[name + ".qint8"] = torch.round(tensor / scale[:, None]).clamp(-127, 127).to(torch.int8)
            out[name + ".scale"] = scale
        else:
            out[name] = tensor
    return out


def dequantize_state_dict(stored: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Inverse of quantize_state_dict (fp32 tensors pass through)."""
    out: dict[str, torch.Tensor] = {}
    for name, tensor in stored.items():
        if name.endswith(".qint8"):
            base = name[: -len(".qint8")]
            out[base] = tensor.float() * stored[base + ".scale"][:, None]
        elif not name.endswith(".scale"):
            out[name] = tensor.float()
    return out


def save_classifier(model: MiniLMClassifier, out_dir: Path, settings: dict, quantize: bool = True) -> None:
    """Write weights (safetensors), the judge config and the tokenizer files into out_dir."""
    import shutil

    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    state = {k: v for k, v in model.state_dict().items() if not k.endswith("position_ids")}
    stored = quantize_state_dict(state) if quantize else {k: v.float().contiguous() for k, v in state.items()}
    save_file(stored, str(out_dir / WEIGHTS_NAME), metadata={"format": "pt"})
    config = {"bert": model.bert.config.to_diff_dict() | {"hidden_size": model.bert.config.hidden_size},
              "pooling": model.pooling, "quantization": "int8-per-row-symmetric" if quantize else "none",
              **settings}
    for key in ("_name_or_path", "transformers_version", "architectures", "model_type", "dtype", "torch_dtype"):
        config["bert"].pop(key, None)
    (out_dir / CONFIG_NAME).write_text(json.dumps(config, indent=2), encoding="utf-8")
    src = Path(settings["tokenizer_source"]) if "tokenizer_source" in settings else None
    if src is not None:
        for name in TOKENIZER_FILES:
            shutil.copyfile(src / name, out_dir / name)


def require_artefact(path: Path, what: str) -> dict:
    """Check every artefact file exists and return the judge config; the error names the path."""
    missing = [n for n in (CONFIG_NAME, WEIGHTS_NAME, *TOKENIZER_FILES) if not (path / n).is_file()]
    if missing:
        raise ModelLoadError(
            f"{path}: {what} artefact missing {', '.join(missing)} "
            f"(train it with `python -m checker.judges.cli train {what} --out {path}`)")
    try:
        return json.loads((path / CONFIG_NAME).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelLoadError(f"{path / CONFIG_NAME}: not valid JSON ({exc})") from exc


def _skip_random_init():
    """Every weight is overwritten from the artefact, so skip the ~2 s of random initialisation."""
    import contextlib

    try:
        from transformers.initialization import no_init_weights
    except ImportError:  # older transformers
        try:
            from transformers.modeling_utils import no_init_weights
        except ImportError:
            return contextlib.nullcontext()
    return no_init_weights()


def load_classifier(path: Path, what: str) -> tuple[MiniLMClassifier, object, dict]:
    """Build the model from config + safetensors and the tokenizer, all from path, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from safetensors.torch import load_file
    from transformers import BertTokenizerFast

    config = require_artefact(path, what)
    with _skip_random_init():
        model = MiniLMClassifier(config["bert"], len(config["labels"]), config["pooling"])
    state = dequantize_state_dict(load_file(str(path / WEIGHTS_NAME)))
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise ModelLoadError(f"{path / WEIGHTS_NAME}: weights do not match config "
                             f"(missing {missing[:3]}, unexpected {unexpected[:3]})")
    model.eval()
    tokenizer = BertTokenizerFast.from_pretrained(str(path), local_files_only=True)
    return model, tokenizer, config


def batched(items: Sequence, size: int) -> Iterable[Sequence]:
    """Consecutive slices of at most size items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


@torch.inference_mode()
def predict_pairs(model: MiniLMClassifier, tokenizer, pairs: Sequence[tuple[str, str]],
                  max_length: int, batch_size: int = 32) -> np.ndarray:
    """Softmax probabilities for sentence pairs, length-sorted batches to minimise padding."""
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    out = np.zeros((len(pairs), model.head.out_features), dtype=np.float32)
    for idx in batched(order, batch_size):
        enc = tokenizer([pairs[i][0] for i in idx], [pairs[i][1] for i in idx], truncation="longest_first",
                        max_length=max_length, padding=True, return_tensors="pt")
        out[list(idx)] = torch.softmax(model(**enc), dim=-1).numpy()
    return out


class NLIJudge:
    """Statement pair -> P(entailment, neutral, contradiction); loaded from models/nli."""

    labels: tuple[str, str, str] = NLI_LABELS

    def __init__(self, model: MiniLMClassifier, tokenizer, config: dict) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.config = config
        self.max_length = int(config.get("max_length", 128))
        if tuple(config["labels"]) != NLI_LABELS:
            raise ModelLoadError(f"NLI artefact labels {config['labels']} != {NLI_LABELS}")

    @classmethod
    def load(cls, path: str | Path | None = None) -> "NLIJudge":
        """Load from path (default <repo>/models/nli); raises ModelLoadError naming the path."""
        path = Path(path) if path is not None else MODELS_DIR / "nli"
        model, tokenizer, config = load_classifier(path, "nli")
        return cls(model, tokenizer, config)

    def predict_proba(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
        """(n, 3) probabilities, columns in NLIJudge.labels order."""
        if len(pairs) == 0:
            return np.zeros((0, 3), dtype=np.float32)
        return predict_pairs(self.model, self.tokenizer, list(pairs), self.max_length, batch_size)
