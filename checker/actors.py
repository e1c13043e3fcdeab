"""Who is who: the gazetteer of countries and bodies, office titles, and actor keys.

Outlets name the same actor many ways ("Ankara", "Turkish", "Turkey"); detectors compare
keys, not strings. Everything here is read from `models/lexicons/`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from checker.resources import load_json

_PREFIX = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(['’]s|['’])$")


@dataclass(frozen=True)
class Gazetteer:
    """Surface forms of countries, capitals, demonyms and bodies, mapped to one key each."""

    surfaces: dict[str, str]
    labels: dict[str, str]
    roles: dict[str, str]
    role_pattern: re.Pattern[str] = field(repr=False)
    name_pattern: re.Pattern[str] = field(repr=False)
    acronym_pattern: re.Pattern[str] = field(repr=False)

    @classmethod
    def from_models(cls, models_dir: Path) -> "Gazetteer":
        actors = load_json(models_dir / "lexicons" / "actors.json")
        surfaces: dict[str, str] = {}
        labels: dict[str, str] = {}
        for country in actors.get("countries", []):
            key = country["key"]
            for form, label in _country_forms(country):
                surfaces.setdefault(_fold(form), key)
                labels.setdefault(form, label)
        for body in actors.get("bodies", []):
            for form in body.get("names", []):
                surfaces.setdefault(_fold(form), body["key"])
                labels.setdefault(form, "ORG")
        roles_data = load_json(models_dir / "lexicons" / "roles.json")["roles"]
        roles = {form: role for role, forms in roles_data.items() for form in forms}
        ordered = sorted(roles, key=len, reverse=True)
        role_pattern = re.compile(r"\b(" + "|".join(re.escape(r) for r in ordered) + r")\b", re.I)
        acronyms = sorted({f for f in labels if f.replace(".", "").isupper() and len(f) <= 6}, key=len, reverse=True)
        words = sorted({f for f in labels if f not in acronyms}, key=len, reverse=True)
        return cls(
            surfaces=surfaces,
            labels=labels,
            roles=roles,
            role_pattern=role_pattern,
            name_pattern=re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?:['’]s)?(?![\w-])", re.I),
            acronym_pattern=re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in acronyms) + r")(?![\w-])"),
        )

    def ruler_patterns(self) -> list[dict[str, str]]:
        """Patterns for spaCy's entity_ruler, so the small NER model gets countries right."""
        return [
            {"label": label, "pattern": form, "id": self.surfaces[_fold(form)]}
            for form, label in self.labels.items()
            if len(form) > 2 or form.isupper()
        ]

    def country_of(self, text: str) -> str:
        """Key of the first country, capital, demonym or body named inside `text`, else ''.

        The longest form wins ("North Korean" is not "Korean"); acronyms match only in capitals
        ("US", not "us").
        """
        found = [m for m in (self.name_pattern.search(text), self.acronym_pattern.search(text)) if m]
        if not found:
            return ""
        first = min(found, key=lambda m: (m.start(), -len(m.group(1))))
        return self.surfaces.get(_fold(first.group(1)), "")

    def role_in(self, text: str) -> str:
        """Canonical office named in `text` (the longest match), else ''."""
        match = self.role_pattern.search(text)
        return self.roles[match.group(1).lower()] if match else ""


def normalise(text: str) -> str:
    """Lower-case, accent-free, article- and possessive-free form of a name."""
    text = _PREFIX.sub("", text.strip())
    text = _POSSESSIVE.sub("", text)
    return _fold(text)


def person_key(name: str) -> str:
    """People are keyed by surname: outlets write the full name once, then the surname."""
    words = [w for w in re.split(r"\s+", normalise(name)) if w]
    return "person:" + (words[-1] if words else "")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip(" .,;:'\"")


def _country_forms(country: dict) -> list[tuple[str, str]]:
    forms: list[tuple[str, str]] = []
    forms += [(n, "GPE") for n in country.get("names", [])]
    forms += [(c, "GPE") for c in country.get("capitals", [])]
    forms += [(d, "NORP") for d in country.get("demonyms", [])]
    forms += [(a, "ORG") for a in country.get("aliases", [])]
    return forms
