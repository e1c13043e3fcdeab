"""Corpus-wide people: one office and one country per person across all outlets.

An article may call someone "President Vladimir Putin" and another "Russian President Vladimir
Putin"; per-article extraction cannot know the first is Russian. This stage settles each
person's side and office by majority over every statement that names them, so detectors
compare like with like.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from checker.records import Frame, Statement


def harmonise_people(statements: list[Statement]) -> list[Statement]:
    """Return statements whose person speakers and agents carry the corpus-wide side and office."""
    sides: dict[str, Counter[str]] = defaultdict(Counter)
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for s in statements:
        for key, side, role in _people(s):
            if side:
                sides[key][side] += 1
            if role:
                roles[key][role] += 1
    side_of = {k: c.most_common(1)[0][0] for k, c in sides.items()}
    role_of = {k: c.most_common(1)[0][0] for k, c in roles.items()}
    return [_apply(s, side_of, role_of) for s in statements]


def _people(s: Statement) -> list[tuple[str, str, str]]:
    out = []
    if s.speaker_key.startswith("person:"):
        out.append((s.speaker_key, s.speaker_side, s.speaker_role))
    out += [(f.agent_key, f.agent_side, f.agent_role) for f in s.frames if f.agent_key.startswith("person:")]
    return out


def _apply(s: Statement, side_of: dict[str, str], role_of: dict[str, str]) -> Statement:
    changes: dict[str, object] = {}
    if s.speaker_key.startswith("person:"):
        side, role = side_of.get(s.speaker_key, s.speaker_side), role_of.get(s.speaker_key, s.speaker_role)
        if (side, role) != (s.speaker_side, s.speaker_role):
            changes.update(speaker_side=side, speaker_role=role)
    frames = tuple(_frame(f, side_of, role_of) for f in s.frames)
    if frames != s.frames:
        changes["frames"] = frames
    return replace(s, **changes) if changes else s


def _frame(f: Frame, side_of: dict[str, str], role_of: dict[str, str]) -> Frame:
    if not f.agent_key.startswith("person:"):
        return f
    return replace(f, agent_side=side_of.get(f.agent_key, f.agent_side), agent_role=role_of.get(f.agent_key, f.agent_role))
