"""naming_label: different names for the same place or body, different labels for the same group, act or event."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from checker.aliases import AliasFinder, AliasGroup
from checker.detect.base import Hit, Pair, TermMatcher, load_contested, load_thresholds, outlet
from checker.records import Flag, Span, Statement
from checker.resources import MODELS_DIR


class NamingDetector:
    """Flags a pair where each outlet uses a different name or label from the same set."""

    name = "naming"
    category = "naming_label"

    def __init__(self, models_dir: Path = MODELS_DIR) -> None:
        lexicon = load_contested(models_dir)
        renames = lexicon.get("rename_cues", {})
        self.aliases = AliasFinder(tuple(renames.get("cues", ())), frozenset(renames.get("company_suffixes", ())),
                                   tuple(renames.get("old_first", ())))
        limits = load_thresholds(models_dir)["naming_label"]
        self.min_similarity = limits["min_similarity"]
        self.label_min_similarity = limits["label_min_similarity"]
        self.alias_min_similarity = limits["alias_min_similarity"]
        self.names = {key: TermMatcher(forms) for key, forms in lexicon["names"].items()}
        self.labels = {
            key: (TermMatcher(sides["loaded"] + sides["neutral"]), frozenset(sides["loaded"]))
            for key, sides in lexicon["labels"].items()
        }
        # One pass over the lexicon per statement, not per candidate pair.
        self._names_in = lru_cache(maxsize=1 << 17)(self._scan_names)
        self._labels_in = lru_cache(maxsize=1 << 17)(self._scan_labels)
        self._links = lru_cache(maxsize=1 << 17)(self.aliases.links)  # asked of each statement once per pair it is in

    def _scan_names(self, text: str) -> dict[str, list[Hit]]:
        return {key: hits for key, m in self.names.items() if (hits := m.find(text))}

    def _scan_labels(self, text: str) -> dict[str, list[Hit]]:
        """Labels the outlet uses; one it puts in scare quotes to reject ('a toxic spill, not a
        "product release"') is the other side's word, not its own."""
        return {key: hits for key, (m, _) in self.labels.items() if (hits := [h for h in m.find(text) if not _scare_quoted(text, h)])}

    def fit(self, statements: list[Statement]) -> "NamingDetector":
        """Learn the corpus's own alias pairs ('X, formerly Y') before pairs are judged."""
        self.aliases.fit(statements)
        return self

    def keys(self, statement: Statement) -> list[str]:
        keys = [f"name:{k}" for k in self._names_in(statement.text)]
        keys += [f"alias:{g.source}" for g in self.aliases.groups if g.used(statement.text)]
        keys += [f"label:{k}" for k in self._labels_in(statement.text)]
        return keys

    def detect(self, pair: Pair) -> list[Flag]:
        if pair.similarity >= self.min_similarity:
            names_a, names_b = self._names_in(pair.a.text), self._names_in(pair.b.text)
            for key in (k for k in self.names if k in names_a and k in names_b):  # lexicon order: deterministic
                flag = self._differ(pair, names_a[key], names_b[key], key, "name")
                if flag:
                    return [flag]
            flag = self._alias(pair)
            if flag:
                return [flag]
        if pair.similarity >= self.label_min_similarity:
            labels_a, labels_b = self._labels_in(pair.a.text), self._labels_in(pair.b.text)
            for key in (k for k in self.labels if k in labels_a and k in labels_b):
                ha, hb, loaded = labels_a[key], labels_b[key], self.labels[key][1]
                la, lb = [h for h in ha if h.term in loaded], [h for h in hb if h.term in loaded]
                if la or lb:  # shown by its loaded words: 'mob' rather than the 'fans' beside it
                    flag = self._differ(pair, la or ha, lb or hb, key, "label")
                    if flag:
                        return [flag]
        return []

    def detect_many(self, pairs: list[Pair]) -> list[list[Flag]]:
        """Each pair on its own, then the renames no close pair shows: for each pair of articles
        that use a body's two names, its closest pair of sentences from `alias_min_similarity`.
        The choice of name belongs to the article, so one flag per article pair says it."""
        results = [self.detect(p) for p in pairs]
        shown = {_articles(p) for p in pairs if p.similarity >= self.min_similarity and self._alias(p) is not None}
        best: dict[tuple[str, str], tuple[float, int, Flag]] = {}
        for i, pair in enumerate(pairs):
            if results[i] or not self.alias_min_similarity <= pair.similarity < self.min_similarity or _articles(pair) in shown:
                continue
            flag = self._alias(pair)
            key = _articles(pair)
            if flag is not None and (key not in best or pair.similarity > best[key][0]):
                best[key] = (pair.similarity, i, flag)
        for _, i, flag in best.values():
            results[i] = [flag]
        return results

    def _alias(self, pair: Pair) -> Flag | None:
        """One outlet uses a company's former name, the other its current one (learned by `fit`).
        A sentence that states a rename names the old name on purpose, unless it opens on it ('Corrin
        Hydro, as most people still call the business rebranded as Tamsin Valley Power, ...'): that
        outlet has chosen the old name."""
        if not self.aliases.groups:
            return None
        linking = [self._links(pair.a.text), self._links(pair.b.text)]
        for group in self.aliases.groups:
            used_a, used_b = self._chosen(group, pair.a, linking[0]), self._chosen(group, pair.b, linking[1])
            if used_a is None or used_b is None:
                continue
            if len(used_a) == 1 and len(used_b) == 1 and used_a != used_b:
                ka, kb = next(iter(used_a)), next(iter(used_b))
                return self._flag(
                    pair,
                    f"{outlet(pair.a_article)} says '{group.names[ka]}' where {outlet(pair.b_article)} says "
                    f"'{group.names[kb]}': two names of the same body (the coverage links them).",
                    group.spans(pair.a.text, ka),
                    group.spans(pair.b.text, kb),
                )
        return None

    @staticmethod
    def _chosen(group: AliasGroup, statement: Statement, links: bool) -> set[int] | None:
        """Which of the group's names the statement chooses; None when it states a rename without
        leading with the old name (it names both on purpose)."""
        if statement.id in group.leads_old:
            return {group.leads_old[statement.id]}
        if links or statement.id == group.source:
            return None
        return group.used(statement.text)

    def _differ(self, pair: Pair, ha: list[Hit], hb: list[Hit], key: str, what: str) -> Flag | None:
        terms_a, terms_b = {_base(h.term) for h in ha}, {_base(h.term) for h in hb}
        if not terms_a or not terms_b or terms_a & terms_b:
            return None
        ta, tb = ha[0], hb[0]
        return self._flag(
            pair,
            f"{outlet(pair.a_article)} says '{pair.a.text[ta.start:ta.end]}' where {outlet(pair.b_article)} says "
            f"'{pair.b.text[tb.start:tb.end]}' for the same {'place or body' if what == 'name' else 'thing'}.",
            tuple(h.span for h in ha),
            tuple(h.span for h in hb),
        )

    def _flag(self, pair: Pair, explanation: str, evidence_a: tuple[Span, ...], evidence_b: tuple[Span, ...]) -> Flag:
        return Flag(
            category=self.category,
            kind="framing",
            score=0.55 + 0.4 * pair.similarity,
            a=pair.a.id,
            b=pair.b.id,
            explanation=explanation,
            evidence_a=evidence_a,
            evidence_b=evidence_b,
            detector=self.name,
        )


def _articles(pair: Pair) -> tuple[str, str]:
    return tuple(sorted((pair.a_article.id, pair.b_article.id)))  # type: ignore[return-value]


def _base(term: str) -> str:
    """Singular and plural of a label are the same choice of word."""
    return term[:-1] if term.endswith("s") and not term.endswith("ss") else term


_QUOTE_MARKS = "\"'“”‘’"


def _scare_quoted(text: str, hit: Hit) -> bool:
    """The term alone between quotation marks: "product release"."""
    return 0 < hit.start and hit.end < len(text) and text[hit.start - 1] in _QUOTE_MARKS and text[hit.end] in _QUOTE_MARKS
