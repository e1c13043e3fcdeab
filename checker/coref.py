"""A small, rule-based pronoun resolver for news prose.

News writes a name once and then "he", "they", "it". Detectors need the actor, not the
pronoun ("they are the ones who started this" must become Turkey). We resolve a pronoun
to the latest compatible subject mentioned in the last few sentences of the same article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_PERSONAL = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
_PLURAL = {"they", "them", "their", "theirs", "themselves"}
_NEUTER = {"it", "its", "itself"}
PRONOUNS = _PERSONAL | _PLURAL | _NEUTER


@dataclass(frozen=True)
class Referent:
    """An actor already mentioned: what to show, its key, its side and whether it was a subject."""

    text: str
    key: str
    side: str
    role: str
    label: str
    sentence: int
    subject: bool


@dataclass
class MentionTracker:
    """Remembers recent actors of one article, in order, to resolve later pronouns."""

    window: int = 3
    history: list[Referent] = field(default_factory=list)

    def add(self, referent: Referent) -> None:
        self.history.append(referent)

    def resolve(self, pronoun: str, sentence: int) -> Referent | None:
        """Latest compatible referent, subjects first, within `window` sentences back."""
        word = pronoun.lower()
        if word in _PERSONAL:
            labels = {"PERSON"}
        elif word in _PLURAL:
            labels = {"GPE", "NORP", "ORG", "GROUP"}
        elif word in _NEUTER:
            labels = {"GPE", "ORG"}
        else:
            return None
        recent = [r for r in self.history if sentence - self.window <= r.sentence <= sentence and r.label in labels]
        for wanted_subject in (True, False):
            for referent in reversed(recent):
                if referent.subject == wanted_subject:
                    return referent
        return None
