"""Candidate pairs: the sources that bring statements together, and their bounds."""

from __future__ import annotations

import numpy as np

from checker.candidates import NEAREST, CandidateGenerator
from checker.neighbours import Neighbours
from checker.records import Statement


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def _corpus():
    """A seeker (0) in article a; articles b and c hold two sentences each, at different cosines."""
    statements = [Statement(id=f"s{i}", article_id=art, index=i, start=0, end=1, text=f"s{i}")
                  for i, art in enumerate(["a", "b", "b", "c", "c", "d"])]
    vectors = np.stack([_unit(1, 0, 0), _unit(0.3, 1, 0), _unit(0.1, 1, 0), _unit(0.2, 0, 1), _unit(0.05, 0, 1),
                        _unit(0.9, 0.1, 0)])
    outlets = ["A", "B", "B", "C", "C", "A"]  # d is the seeker's own outlet
    stories = ["x"] * 6
    empty = Neighbours(np.full((6, 1), -1, dtype=np.int64), np.zeros((6, 1), dtype=np.float32))
    return statements, vectors, outlets, stories, empty


def test_a_nearest_key_pairs_the_seeker_with_the_closest_sentence_of_each_other_outlets_article():
    statements, vectors, outlets, stories, empty = _corpus()
    keys = {"s0": [f"{NEAREST}verdict"]}
    closest = CandidateGenerator(min_similarity=0.99, nearest_per_article=1)
    found = closest.generate(statements, outlets, stories, vectors, empty, [], lambda s: keys.get(s.id, []))
    assert {(c.a, c.b) for c in found} == {(0, 1), (0, 3)}  # not s2, s4 (less close), nor s5 (same outlet)
    # an incremental run adding only s1 still meets the old seeker, and only through s1
    again = closest.generate(statements, outlets, stories, vectors, empty, [], lambda s: keys.get(s.id, []), only={1})
    assert {(c.a, c.b) for c in again} == {(0, 1)}
    two = CandidateGenerator(min_similarity=0.99, key_min_similarity=0.0, nearest_per_article=2)
    found = two.generate(statements, outlets, stories, vectors, empty, [], lambda s: keys.get(s.id, []))
    assert {(c.a, c.b) for c in found} == {(0, 1), (0, 2), (0, 3), (0, 4)}


def test_an_ordinary_key_pairs_only_its_bucket():
    statements, vectors, outlets, stories, empty = _corpus()
    keys = {"s0": ["status:legal"], "s3": ["status:legal"]}
    found = CandidateGenerator(min_similarity=0.99).generate(
        statements, outlets, stories, vectors, empty, [], lambda s: keys.get(s.id, []))
    assert {(c.a, c.b) for c in found} == {(0, 3)}
