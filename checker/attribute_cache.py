"""A memo for spaCy's attribute ruler, the tag map that sets each token's POS, morphology and
some lemmas.

The ruler runs a matcher of about 180 patterns over every token, which costs as much as the
parser (about 1.4 s per 50,000 tokens; with the cache 0.2 s once warm, 0.65 s for a fresh
100,000-token corpus). Nearly all its patterns look at one token's text, tag and
dependency only, so their verdict on a token is a function of (word, tag, dependency): it is
matched once per distinct triple and remembered. The few patterns that look at a neighbour
('gon na', 'there is') still run as a matcher over the whole doc. The attributes set are the
ones the ruler would set, applied in its order (later patterns win).
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

__all__ = ["CachedAttributeRuler", "cache_attribute_ruler"]

# pattern keys whose value is fixed by a token's (orth, tag, dep)
_KEYED = frozenset({"ORTH", "TEXT", "LOWER", "TAG", "DEP", "IS_SPACE"})
_WRITTEN = (POS, MORPH, LEMMA, TAG, DEP)  # the attributes the cache knows how to set
_TokenKey = tuple[int, int, int]  # orth, tag, dep


def _keyed(pattern: list[dict[str, Any]]) -> bool:
    return len(pattern) == 1 and {k.upper() for k in pattern[0]} <= _KEYED


class CachedAttributeRuler:
    """Sets what `ruler` sets, matching its one-token patterns once per (word, tag, dependency)."""

    def __init__(self, ruler: AttributeRuler, max_entries: int = 500_000) -> None:
        self.attrs: list[dict[int, int]] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        self.max_entries = max_entries
        self.single = Matcher(ruler.vocab, validate=False)
        self.context = Matcher(ruler.vocab, validate=False)
        for i in range(len(self.attrs)):
            patterns = ruler.matcher.get(str(i))[1]
            if any(_keyed(p) for p in patterns):
                self.single.add(str(i), [p for p in patterns if _keyed(p)])
            if not all(_keyed(p) for p in patterns):
                self.context.add(str(i), [p for p in patterns if not _keyed(p)])
        self._rules: dict[_TokenKey, tuple[int, ...]] = {}
        self._writes: dict[tuple[int, ...], dict[int, int]] = {}

    @staticmethod
    def can_replace(ruler: AttributeRuler) -> bool:
        """True when every attribute the ruler sets is one the cache sets too."""
        return all(set(attrs) <= set(_WRITTEN) for attrs in ruler.attrs)

    def __call__(self, doc: Doc) -> Doc:
        """Set each token's attributes from the rules that match it, as the ruler does."""
        keys = map(tuple, doc.to_array([ORTH, TAG, DEP]).tolist())
        rules = [self._rules_for(doc, i, key) for i, key in enumerate(keys)]
        self._add_context_rules(doc, rules)
        values = doc.to_array(list(_WRITTEN)).tolist()
        for row, ids in zip(values, rules):
            for column, value in self._writes_for(ids).items():
                row[column] = value
        doc.from_array(list(_WRITTEN), numpy.array(values, dtype=numpy.uint64).reshape(len(doc), len(_WRITTEN)))
        return doc

    def _add_context_rules(self, doc: Doc, rules: list[tuple[int, ...]]) -> None:
        """Add the rules that look at a neighbour to the tokens they set, keeping the ruler's order."""
        if not len(self.context):
            return
        for rule, start, end in self.context(doc, allow_missing=True, as_spans=False):
            rule_id = int(doc.vocab.strings[rule])
            index = self.indices[rule_id]
            target = start + index if index >= 0 else end + index
            rules[target] = tuple(sorted((*rules[target], rule_id)))

    def _rules_for(self, doc: Doc, i: int, key: _TokenKey) -> tuple[int, ...]:
        """The one-token rules that match token i, in the ruler's order."""
        ids = self._rules.get(key)
        if ids is None:
            ids = tuple(sorted(int(doc.vocab.strings[m]) for m, _, _ in self.single(doc[i: i + 1], allow_missing=True, as_spans=False)))
            if len(self._rules) < self.max_entries:
                self._rules[key] = ids
        return ids

    def _writes_for(self, ids: tuple[int, ...]) -> dict[int, int]:
        """Column -> value that the rules `ids` leave on a token, later rules overriding earlier ones."""
        writes = self._writes.get(ids)
        if writes is None:
            merged: dict[int, int] = {}
            for rule_id in ids:
                merged.update(self.attrs[rule_id])
            writes = {_WRITTEN.index(attr): value for attr, value in merged.items()}
            self._writes[ids] = writes
        return writes


@Language.factory("checker_attribute_cache", default_config={"source": "attribute_ruler"})
def _make_cache(nlp: Language, name: str, source: str) -> CachedAttributeRuler:
    """The memo of the pipeline's component `source`, an attribute ruler."""
    return CachedAttributeRuler(nlp.get_pipe(source))


def cache_attribute_ruler(nlp: Language) -> None:
    """Replace the pipeline's attribute ruler by its memo, under the same name, when it can."""
    if "attribute_ruler" not in nlp.pipe_names or not CachedAttributeRuler.can_replace(nlp.get_pipe("attribute_ruler")):
        return
    nlp.add_pipe("checker_attribute_cache", name="attribute_cache", after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    nlp.rename_pipe("attribute_cache", "attribute_ruler")
