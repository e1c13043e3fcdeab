"""Learned judges: artefacts load offline from models/, give sane answers, fail clearly when absent."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from checker.errors import ModelLoadError  # noqa: E402
from checker.judges.bias import BiasJudge  # noqa: E402
from checker.judges.nli import MODELS_DIR, NLIJudge  # noqa: E402

NLI_DIR = MODELS_DIR / "nli"
BIAS_DIR = MODELS_DIR / "bias"
DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _copy_artefact(src: Path, dst: Path) -> Path:
    """A clean copy of the shipped files only (no caches), to prove nothing else is needed."""
    dst.mkdir()
    for f in src.iterdir():
        if f.is_file():
            shutil.copyfile(f, dst / f.name)
    return dst


@pytest.fixture(scope="module")
def clean_home(tmp_path_factory):
    """An empty HF cache, so a load that reached for the hub or a cache would fail."""
    home = tmp_path_factory.mktemp("no_hub")
    old = os.environ.get("HF_HOME")
    os.environ["HF_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("HF_HOME", None)
    else:
        os.environ["HF_HOME"] = old


@pytest.fixture(scope="module")
def nli_judge(tmp_path_factory, clean_home) -> NLIJudge:
    return NLIJudge.load(_copy_artefact(NLI_DIR, tmp_path_factory.mktemp("clean") / "nli"))


@pytest.fixture(scope="module")
def bias_judge(tmp_path_factory, clean_home) -> BiasJudge:
    return BiasJudge.load(_copy_artefact(BIAS_DIR, tmp_path_factory.mktemp("clean") / "bias"))


def test_nli_loads_offline_from_clean_path(nli_judge: NLIJudge) -> None:
    probs = nli_judge.predict_proba([("A man is eating.", "A man is eating food.")])
    assert probs.shape == (1, 3)
    assert np.allclose(probs.sum(1), 1.0, atol=1e-5)
    assert nli_judge.labels == ("entailment", "neutral", "contradiction")


def test_bias_loads_offline_from_clean_path(bias_judge: BiasJudge) -> None:
    p = bias_judge.predict_proba(["The council met on Tuesday."])
    assert p.shape == (1,) and 0.0 <= float(p[0]) <= 1.0


CLEAR_CASES = [
    ("The minister announced the decision.", "The minister denied announcing any decision.", "contradiction"),
    ("A man is playing a guitar on stage.", "Nobody is playing a guitar.", "contradiction"),
    ("Police said three people were killed.", "Police said nobody was killed.", "contradiction"),
    ("A woman is slicing an onion in the kitchen.", "A woman is cutting an onion.", "entailment"),
    ("The mayor resigned on Friday.", "The mayor stepped down on Friday.", "entailment"),
    ("A child is playing in the park.", "The child is playing with a red ball his father bought.", "neutral"),
]
# Known blind spots of this small judge (measured, see benchmarks/judges_scores.md): an antonym or a
# "did not" inside otherwise identical wording reads as entailment. Rules for negation and
# antonyms are expected to cover these; the tests record the weakness instead of hiding it.
KNOWN_MISSES = [
    ("The company reported record profits this year.", "The company reported record losses this year.",
     "contradiction"),
    ("The company reported record profits this year.", "The company did not report record profits this year.",
     "contradiction"),
]


@pytest.mark.parametrize("premise,hypothesis,label", CLEAR_CASES)
def test_nli_clear_cases(nli_judge: NLIJudge, premise: str, hypothesis: str, label: str) -> None:
    probs = nli_judge.predict_proba([(premise, hypothesis)])[0]
    assert nli_judge.labels[int(probs.argmax())] == label, dict(zip(nli_judge.labels, probs.round(3)))


@pytest.mark.xfail(reason="known blind spot: lexical-overlap antonym/negation pairs (strict: a fix must update this test)", strict=True)
@pytest.mark.parametrize("premise,hypothesis,label", KNOWN_MISSES)
def test_nli_known_blind_spots(nli_judge: NLIJudge, premise: str, hypothesis: str, label: str) -> None:
    probs = nli_judge.predict_proba([(premise, hypothesis)])[0]
    assert nli_judge.labels[int(probs.argmax())] == label


def test_nli_empty_and_batching_consistent(nli_judge: NLIJudge) -> None:
    pairs = [("A dog runs.", "An animal runs."), ("A cat sleeps.", "A cat is awake."), ("It rains.", "It rains.")]
    assert nli_judge.predict_proba([]).shape == (0, 3)
    assert np.allclose(nli_judge.predict_proba(pairs, batch_size=1), nli_judge.predict_proba(pairs, batch_size=8),
                       atol=1e-4)


LOADED = [
    "The radical left's insane agenda is destroying this country.",
    "The corrupt, lying senator shamelessly pushed his disastrous scheme on hardworking Americans.",
    "Trump's idiotic rant exposed his staggering ignorance once again.",
    "Fanatical anti-gun zealots are exploiting yet another tragedy to push their extreme agenda.",
]
NEUTRAL = [
    "The Senate will vote on the bill next week.",
    "The company said it hired 200 new employees in March.",
    "The meeting is scheduled to begin at 10 a.m. on Thursday.",
    "The report was published by the agency on Monday.",
]


def test_bias_orders_loaded_above_neutral(bias_judge: BiasJudge) -> None:
    loaded = bias_judge.predict_proba(LOADED)
    neutral = bias_judge.predict_proba(NEUTRAL)
    assert loaded.min() > neutral.max(), (loaded.round(3), neutral.round(3))
    assert loaded.mean() > 0.5 > neutral.mean()


def test_bias_explain_spans_are_words(bias_judge: BiasJudge) -> None:
    sentence = LOADED[1]
    spans = bias_judge.explain(sentence, top_k=3)
    assert 1 <= len(spans) <= 3
    for start, end, weight in spans:
        word = sentence[start:end]
        assert re.fullmatch(r"\w+(?:['\u2019-]\w+)*", word), word
        assert start == 0 or not sentence[start - 1].isalnum()
        assert end == len(sentence) or not sentence[end].isalnum()
        assert weight > 0
    weights = [w for _, _, w in spans]
    assert weights == sorted(weights, reverse=True)
    assert bias_judge.explain("", top_k=3) == []


@pytest.mark.parametrize("loader", [NLIJudge.load, BiasJudge.load])
def test_missing_artefact_raises_clear_error(tmp_path: Path, loader) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(ModelLoadError) as info:
        loader(missing)
    assert str(missing) in str(info.value)


def test_default_paths_relative_to_package() -> None:
    assert MODELS_DIR == Path(__file__).resolve().parents[1] / "models"


@pytest.mark.skipif(not (DATA_DIR / "sick").is_dir(), reason="shared data absent")
def test_nli_small_sick_test_sample(nli_judge: NLIJudge) -> None:
    from checker.judges.training import load_sick

    test = load_sick(DATA_DIR)["TEST"][:200]
    probs = nli_judge.predict_proba([(e.a, e.b) for e in test], batch_size=64)
    accuracy = float((probs.argmax(1) == np.array([e.label for e in test])).mean())
    assert accuracy > 0.75
