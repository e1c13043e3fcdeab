"""Who did what in a parsed sentence: speakers, and agents of onset, blame, denial and support.

Works on a spaCy sentence and returns plain `Frame`s; the lexicon of event words is data
(`models/lexicons/frames.json`). The rules read the dependency parse, so they hold for
any actor and any story rather than for particular names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Callable

from spacy.tokens import Span, Token

from checker.coref import Referent
from checker.deaths import DeathLexicon, death_frames
from checker.open_causes import RULED_OUT, OpenCauseLexicon, open_cause_frames, ruled_out
from checker.presence import PresenceLexicon, presence_frames
from checker.trends import TrendLexicon, trend_frames
from checker.records import Frame
from checker.resources import lexicon_from, load_json

ActorOf = Callable[[Token], "Referent | None"]
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_CLAUSE_MARKERS = {"when", "after", "as", "because", "by"}
_CAUSAL_MARKERS = {"because", "since", "as"}
_NOT_ACTORS = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "PERCENT", "MONEY", "ORDINAL"})


@dataclass(frozen=True)
class FrameLexicon:
    """Event-word classes read from `models/lexicons/frames.json`."""

    cue_verbs: frozenset[str]
    according_to: tuple[str, ...]
    onset_verbs: frozenset[str]
    onset_nouns: frozenset[str]
    blame_nouns: frozenset[str]
    hostility_nouns: frozenset[str]
    aggression_verbs: frozenset[str]
    blame_verbs: frozenset[str]
    deny_verbs: frozenset[str]
    denial_phrases: tuple[str, ...]
    support_verbs: frozenset[str]
    announce_verbs: frozenset[str]
    incident_verbs: frozenset[str] = frozenset()
    onset_only_verbs: frozenset[str] = frozenset()
    event_groups: dict[str, str] = field(default_factory=dict)
    partitive_nouns: frozenset[str] = frozenset()
    neutral_cause_verbs: frozenset[str] = frozenset()
    act_nouns: frozenset[str] = frozenset()
    cause_things: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    light_verb_nouns: dict[str, str] = field(default_factory=dict)
    blame_idioms: tuple[str, ...] = ()
    deliberate_incident_verbs: frozenset[str] = frozenset()
    harm_results: frozenset[str] = frozenset()
    irrealis_verbs: frozenset[str] = frozenset()
    culpability_nouns: frozenset[str] = frozenset()
    culpability_bearers: frozenset[str] = frozenset()
    culpable_adjectives: frozenset[str] = frozenset()
    generic_incident_nouns: frozenset[str] = frozenset()
    harm_nouns: frozenset[str] = frozenset()
    legal_process_verbs: frozenset[str] = frozenset()
    admission_verbs: frozenset[str] = frozenset()
    obstruction_verbs: frozenset[str] = frozenset()
    origin_verbs: frozenset[str] = frozenset()
    exposure_verbs: frozenset[str] = frozenset()
    exposure_nouns: dict[str, str] = field(default_factory=dict)
    own_initiative: tuple[str, ...] = ()
    speech_with_clause_only: frozenset[str] = frozenset()
    discovery_verbs: frozenset[str] = frozenset()
    finding_verbs: frozenset[str] = frozenset()
    disclosure_verbs: frozenset[str] = frozenset()
    limit_words: frozenset[str] = frozenset()
    presence: PresenceLexicon = PresenceLexicon()
    trends: TrendLexicon = TrendLexicon()
    deaths: DeathLexicon = DeathLexicon()
    open_cause: OpenCauseLexicon = OpenCauseLexicon()

    @classmethod
    def from_models(cls, models_dir: Path) -> "FrameLexicon":
        data = load_json(models_dir / "lexicons" / "frames.json")
        return lexicon_from(
            cls, data,
            presence=PresenceLexicon.from_data(data.get("presence", {})),
            trends=TrendLexicon.from_data(data.get("trends", {})),
            deaths=DeathLexicon.from_data(data.get("deaths", {})),
            open_cause=OpenCauseLexicon.from_data(data.get("open_cause", {})),
            event_groups={w: g for g, ws in data["event_groups"].items() if not g.startswith("_") for w in ws},
        )

    @cached_property
    def incidents(self) -> frozenset[str]:
        """Incident verbs, accidental ('failed') or deliberate ('torched')."""
        return self.incident_verbs | self.deliberate_incident_verbs

    @cached_property
    def exposure_events(self) -> frozenset[str]:
        """The acts an exposure noun stands for ('warning' -> warn): done to the verb's subject."""
        return frozenset(self.exposure_nouns.values())

    def is_actor(self, frame: Frame) -> bool:
        """Whether a frame's agent can be blamed: anyone named, and any common noun except things
        that cause without being to blame ('the missing gate', 'the rain')."""
        key = frame.agent_key
        if not (key or frame.agent_side):
            return False
        return not (key.startswith("group:") and key.split(":", 1)[1] in self.cause_things)

    def verb_role(self, lemma: str) -> str:
        """Class of an event verb (first match wins: onset before aggression)."""
        for role, words in (
            ("onset", self.onset_verbs),
            ("deny", self.deny_verbs),
            ("accuse", self.blame_verbs),
            ("support", self.support_verbs),
            ("announce", self.announce_verbs),
            ("aggression", self.aggression_verbs),
        ):
            if lemma in words:
                return role
        return ""


@dataclass(frozen=True)
class Attribution:
    """Who a sentence reports, through which cue."""

    referent: Referent | None
    cue: str


def find_attribution(sent: Span, lex: FrameLexicon, actor_of: ActorOf) -> Attribution:
    """The speaker of a reported sentence: 'X said', 'said X', 'according to X'."""
    lowered = sent.text.lower()
    for phrase in lex.according_to:
        pos = lowered.find(phrase)
        if pos != -1:
            for tok in sent:
                if tok.idx - sent.start_char > pos + len(phrase) - 1 and tok.dep_ == "pobj":
                    return Attribution(actor_of(tok), phrase)
    cues = [t for t in sent if t.pos_ in ("VERB", "AUX") and (t.lemma_.lower() in lex.cue_verbs or phrasal_lemma(t) in lex.cue_verbs)
            and not legal_step(t, lex) and t.dep_ not in ("relcl", "acl")  # not 'the minister, who said X, resigned'
            and not _act_not_speech(t, lex)]
    cues.sort(key=_depth)
    for cue in cues:
        subject = _subject_of(cue)
        if subject is not None and (subject.dep_ != "nsubjpass" or cue.lemma_.lower() == "quote"):
            return Attribution(actor_of(subject), cue.lemma_.lower())  # 'no customer was warned': a hearer, not a speaker
    return _introduces_quote(sent, actor_of)


def _introduces_quote(sent: Span, actor_of: ActorOf) -> Attribution:
    """'Chairman X summed it up in six words: "..."': a clause that ends in a colon before a
    quotation gives the quotation's speaker, whatever its verb."""
    colon = next((t for t in sent if t.text == ":" and t.i + 1 < sent.end and t.nbor().text in _OPENING_QUOTES), None)
    verb = sent.root
    subject = _subject_of(verb) if colon is not None and verb.pos_ == "VERB" and verb.i < colon.i else None
    if subject is None or subject.i > colon.i or subject.dep_ == "nsubjpass":
        return Attribution(None, "")
    return Attribution(actor_of(subject), phrasal_lemma(verb))


_OPENING_QUOTES = frozenset({'"', "“", "‘"})


def _act_not_speech(verb: Token, lex: FrameLexicon) -> bool:
    """'The company did not recall a single tub', 'offered refunds': a verb that reports speech
    only with a clause or a quotation ('she recalled that ...', '"It was dark," he recalled')."""
    if verb.lemma_.lower() not in lex.speech_with_clause_only:
        return False
    return not any(c.dep_ in ("ccomp", "parataxis") for c in verb.children) and not _QUOTE_MARK.search(verb.sent.text)


_QUOTE_MARK = re.compile("[\"“”]")


def find_frames(sent: Span, lex: FrameLexicon, actor_of: ActorOf) -> list[Frame]:
    """Every event word of a known class in the sentence, with its agent when one is named."""
    frames: list[Frame] = []
    for tok in sent:
        if _irrealis(tok, lex):
            continue
        lemma, role, agent_tok = "", "", None  # the phrasal lemma, read only for verbs and event nouns
        source = _order_source(tok, lex) or _on_orders(tok, lex)
        if source is not None:  # 'the order to board came from Admiral X', 'opened on the orders of X'
            order, doer, theme = source
            frame = _frame(tok, lex.light_verb_nouns[order.lower_], "announce", doer, actor_of, sent.start_char)
            frames.append(replace(frame, theme=theme))
            continue
        if tok.pos_ in ("VERB", "AUX"):
            lemma = _light_verb_event(tok, lex) or phrasal_lemma(tok)  # 'gave the order' is ordering
            role = lex.verb_role(lemma) or lex.verb_role(tok.lemma_.lower())
            if not role and lemma in lex.neutral_cause_verbs and _passive(tok):
                role = "onset"  # 'have been linked to': a cause told with no one to blame
            elif role:
                agent_tok = _agent_of(tok, lex)
                if role == "onset" and lemma in lex.deliberate_incident_verbs:
                    if not any(c.dep_ == "dobj" for c in tok.children):  # 'militants torched the coach': the subject did it
                        agent_tok = _causal_subject(tok)  # 'the depot burned down': no one did
                elif role == "onset" and lemma in lex.incident_verbs:
                    if lemma == "fail" and any(c.dep_ in ("dobj", "xcomp") for c in tok.children):
                        continue  # 'the buses failed their inspections', 'failed to stop': a verdict, no incident
                    agent_tok = _causal_subject(tok)  # "the dam failed because the operator kept ..."
                elif role == "onset" and agent_tok is None:
                    agent_tok = _clause_aggressor(tok, sent, lex)
        elif tok.pos_ in ("NOUN", "PROPN") and (tok.lemma_.lower() in lex.onset_nouns or tok.lemma_.lower() in lex.blame_nouns):
            lemma = phrasal_lemma(tok)
            role = "onset" if tok.lemma_.lower() in lex.onset_nouns else "blame"
            if tok.lemma_.lower() in lex.culpability_nouns:  # 'the crush was the fault of the police': not the crush
                agent_tok = _owner(tok)
            else:
                agent_tok = _copular_culprit(tok) or _noun_agent(tok)
            if agent_tok is not None and _copular_culprit(tok) is not None and _names_incident(sent, lex):
                frames.append(_frame(tok, lemma, role, agent_tok, actor_of, sent.start_char))
                continue
        if tok.pos_ == "ADJ":
            undone = _undone_act(tok, sent.start_char)
            if undone is not None:
                frames.append(undone)
            continue
        if not role and tok.pos_ == "VERB" and tok.lemma_.lower() in lex.disclosure_verbs \
                and any(c.dep_ == "neg" for c in tok.children):
            start = tok.idx - sent.start_char  # 'never disclosed that her brother-in-law owned it': kept it hidden
            frames.append(Frame(predicate="conceal *", role="act", start=start, end=start + len(tok.text), main=_main_event(tok)))
            continue
        if not role and tok.pos_ == "VERB":
            act = _plain_act(tok, lex)
            if act is not None:
                frame = act_frame(tok, act, sent.start_char, lex.limit_words)
                if act.event in lex.admission_verbs:  # who admitted it: 'X conceded' is no answer to 'Y has not'
                    frame = _with_agent(frame, _subject_of(tok), actor_of, sent.start_char)
                elif tok.lemma_.lower() in lex.finding_verbs:  # who found it: 'found by X', 'it was Y who spotted'
                    frame = _with_agent(frame, _finder(tok, lex), actor_of, sent.start_char)
                frames.append(replace(frame, negated=True) if not frame.negated and _denied(tok, lex) else frame)
            continue
        if not role or (role == "onset" and not _about_hostilities(tok, lex)):
            continue
        denials_of = lex if role != "deny" else None  # 'denied firing' negates the firing, not the denial
        frame = _frame(tok, lemma, role, agent_tok, actor_of, sent.start_char, denials_of)
        frames.append(replace(frame, theme=_theme(tok, lex)) if role == "announce" else frame)
        if role == "accuse":
            target = _accused(tok)  # "the union blamed the contractor": the contractor is blamed
            if target is not None:
                frames.append(_frame(tok, lemma, "blame", target, actor_of, sent.start_char))
                incident = _blamed_incident(tok)
                if incident is not None:  # 'blamed the faults on X': an account of what caused the faults
                    frame = _frame(tok, CULPRIT, "onset", target, actor_of, sent.start_char)
                    frames.append(replace(frame, theme=incident.lemma_.lower(), start=incident.left_edge.idx - sent.start_char,
                                          end=incident.idx + len(incident.text) - sent.start_char))
    frames.extend(idiom_blames(sent, lex, actor_of))
    frames.extend(culprit_blames(sent, lex, actor_of))
    frames.extend(origin_blames(sent, lex, actor_of))
    frames.extend(presence_frames(sent, lex.presence, skip=lambda tok: _irrealis(tok, lex)))
    frames.extend(trend_frames(sent, lex.trends, skip=lambda tok: _irrealis(tok, lex)))
    frames.extend(death_frames(sent, lex.deaths, actor_of, skip=lambda tok: _irrealis(tok, lex)))
    frames.extend(open_cause_frames(sent, lex.open_cause, skip=lambda tok: _irrealis(tok, lex)))
    frames.extend(_ruled_out_frames(sent, lex, actor_of))
    return frames


_NO_DETERMINERS = frozenset({"no", "none"})


@dataclass(frozen=True)
class _Act:
    """What an ordinary verb acts on, and the noun whose 'no' negates it ('no trace of X')."""

    obj: Token
    negator: Token
    event: str = ""  # the act's own verb when the sentence's verb only carries it ('faces charges': charge)


def _plain_act(verb: Token, lex: FrameLexicon) -> "_Act | None":
    """The object of an ordinary verb ('received a warning'), so that 'received no warning' can be
    read as the same act negated. Reporting verbs are not acts, unless they report only with a
    clause ('did not recall a single tub' is an act); legal steps are, even those that
    double as reporting verbs ('no one has been charged', 'X faces charges'), and so is admitting
    ('conceded', 'has admitted nothing'), whatever was admitted."""
    lemma = verb.lemma_.lower()
    if lemma in lex.admission_verbs:  # 'Renwick conceded' / 'has not conceded': the admitting is the act
        nothing = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ in _NOBODY), None)
        return _Act(obj=nothing or verb, negator=nothing or verb, event=lemma)
    warned = lemma in lex.exposure_events and any(c.dep_ == "nsubjpass" for c in verb.children) \
        and not any(c.dep_ == "ccomp" for c in verb.children)  # 'the Board was warned twice': an act done to it
    if (lemma in lex.cue_verbs and not legal_step(verb, lex) and not warned and not _act_not_speech(verb, lex)) \
            or lemma in ("be", "have", "do"):
        return None
    done_to = lemma in lex.legal_process_verbs or lemma in lex.exposure_events  # 'Penmore has been charged'
    nouns = ("NOUN", "PROPN") if done_to else ("NOUN",)  # 'the Board was warned' is 'the Board received a warning'
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in nouns and not _no_one(c)), None)
    if obj is None:
        lost = _parenthetical_subject(verb)
        obj = lost if lost is not None and lost.pos_ in nouns and not _no_one(lost) else None
    if obj is not None and lemma in lex.exposure_verbs and obj.lemma_.lower() in lex.exposure_nouns:
        return _Act(obj=obj, negator=obj, event=lex.exposure_nouns[obj.lemma_.lower()])
    if obj is not None and lemma in lex.light_verbs and obj.lower_ in lex.light_verb_nouns:
        return _Act(obj=obj, negator=obj, event=lex.light_verb_nouns[obj.lower_])  # 'no arrests have been made': arresting
    nothing = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and (c.lower_ in _NOBODY or _no_one(c))), None)
    if obj is None and nothing is None and lemma in lex.finding_verbs and any(c.dep_ == "ccomp" for c in verb.children):
        return _Act(obj=verb, negator=verb, event=lemma)  # 'first noticed that neighbours had fallen ill': a finding
    if obj is None and nothing is not None:
        return _Act(obj=nothing, negator=nothing)  # 'paid nothing': the act denied, whatever its object
    if obj is not None and obj.lemma_.lower() in lex.partitive_nouns:
        inner = [g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        if inner:
            return _Act(obj=inner[0], negator=obj)
    return _Act(obj=obj, negator=obj) if obj is not None else None


def _finder(verb: Token, lex: FrameLexicon) -> Token | None:
    """Who found it, as the body they work for: 'the ministry's own inspectors' and 'inspectors
    from the safety agency' are two finders, though both are inspectors."""
    if verb.dep_ in ("acl", "amod") and not any(c.dep_ == "agent" for c in verb.children):
        return None  # 'listeria found in the drains': found by no one named
    agent = _agent_of(verb, lex)
    if agent is None or agent.pos_ != "NOUN":
        return agent
    owner = next((c for c in agent.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")), None)
    owner = owner or next((g for p in agent.children if p.dep_ == "prep" and p.lower_ == "from"
                           for g in p.children if g.dep_ == "pobj"), None)
    if owner is None and agent.tag_ == "NNS" and not any(c.dep_ == "det" for c in agent.children):
        return None  # 'safety inspectors found', 'checks found': whose, the sentence does not say
    return owner or agent


def _parenthetical_subject(verb: Token) -> Token | None:
    """'The steward, believed to be a student, was arrested': the parser hangs the passive verb's
    subject on the parenthetical participle before it."""
    if not any(c.dep_ == "auxpass" for c in verb.children) or any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    for aside in (c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i and c.tag_ in ("VBN", "VBD")):
        if not any(g.dep_ in ("aux", "auxpass", "mark") for g in aside.children):
            return next((g for g in aside.children if g.dep_ == "nsubj" and g.i < aside.i), None)
    return None


def legal_step(verb: Token, lex: FrameLexicon) -> bool:
    """'Charged' as a legal step ('was charged', 'charged two men with fraud'), not as reporting
    ('critics charged that the vote was rigged'): a legal-process verb without a clause of its own."""
    return verb.lemma_.lower() in lex.legal_process_verbs and not any(c.dep_ == "ccomp" for c in verb.children)


def act_frame(verb: Token, act: _Act, offset: int, limit_words: frozenset[str] = frozenset()) -> Frame:
    """An 'act' frame: verb and object lemmas, negated by 'not'/'never' on the verb or 'no' on the
    object; an object 'nothing' leaves the object open ('pay *')."""
    obj = act.obj
    nothing = obj.lower_ in _NOBODY or _no_one(obj)
    negated = nothing or any(c.dep_ == "neg" for c in verb.children) or _no_participant(verb) or any(
        c.lower_ in _NO_DETERMINERS for c in act.negator.children if c.dep_ == "det")
    start = min(verb.idx, act.negator.left_edge.idx if act.negator.i != verb.i else verb.idx) - offset
    end = max(verb.idx + len(verb.text), obj.idx + len(obj.text)) - offset
    what = "*" if nothing or act.event else obj.lemma_.lower()
    event = act.event or ("over" if _beyond_capacity(verb, obj, limit_words) else "") + verb.lemma_.lower()
    return Frame(predicate=f"{event} {what}", role="act", start=start, end=end,
                 negated=negated, main=_main_event(verb))


def _beyond_capacity(verb: Token, obj: Token, limit_words: frozenset[str]) -> bool:
    """'Sold more tickets than the ground could hold', 'did not sell a single ticket more than this
    stadium can safely hold', 'a ticket too many': the act done beyond what was allowed
    (overselling), so that 'not a single ticket more' denies the overselling, not the selling. A
    figure after 'than' is only a count ('more than 40,000 tickets'); a comparison with another
    time is no limit ('more protesters than on any day this year')."""
    if any(t.lower_ in ("many", "much") and any(c.lower_ == "too" for c in t.children)
           for t in (*obj.children, *verb.children)):
        return True  # 'sold too many tickets', 'didn't sell a ticket too many'
    more = next((t for t in (*obj.children, *verb.children) if t.lower_ == "more" and t.dep_ in ("amod", "advmod")), None)
    if more is None:
        return False
    doc = verb.doc
    than = next((t for t in doc[more.i + 1:min(len(doc), obj.i + 4 if obj.i > more.i else more.i + 3)] if t.lower_ == "than"), None)
    if than is None or than.i + 1 >= len(doc) or doc[than.i + 1].like_num:
        return False
    after = doc[than.i + 1:than.i + 8]
    return any(t.lemma_.lower() in limit_words for t in after)




def _no_one(noun: Token) -> bool:
    """'No one has been arrested': nobody at all, not a person called 'one'."""
    return noun.lower_ == "one" and any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def _undone_act(adj: Token, offset: int) -> Frame | None:
    """'the server was left unpatched', 'unsigned contracts': the act (patch, sign) negated, on its noun."""
    word = adj.lower_
    if not (word.startswith("un") and word.endswith(("ed", "id")) and len(word) > 6) or adj.dep_ not in ("oprd", "acomp", "amod"):
        return None
    if adj.dep_ == "amod":
        noun = adj.head
    else:
        noun = next((c for c in adj.head.children if c.dep_ in ("nsubjpass", "dobj", "nsubj") and c.pos_ == "NOUN"), None)
    if noun is None or noun.pos_ != "NOUN":
        return None
    start, end = min(adj.idx, noun.idx) - offset, max(adj.idx + len(adj.text), noun.idx + len(noun.text)) - offset
    return Frame(predicate=f"{word[2:]} {noun.lemma_.lower()}", role="act", start=start, end=end, negated=True,
                 main=_main_event(adj.head if adj.dep_ != "amod" else adj.head.head))


_ACT_SUFFIXES = ("ure", "ion", "ment", "ence", "ance", "ing", "ness")


def _doer(noun: Token, lex: FrameLexicon) -> Token:
    """'caused by the company's failure to ...': the company. 'by the authority's chief engineer':
    the engineer (a person, not an act)."""
    noun = _through_spans(noun)
    lemma = noun.lemma_.lower()
    if lemma in lex.act_nouns or (lemma.endswith(_ACT_SUFFIXES) and len(lemma) > 5):
        by = [g for p in noun.children if p.dep_ == "prep" and p.lower_ == "by" for g in p.children if g.dep_ == "pobj"]
        return next((c for c in noun.children if c.dep_ == "poss"), by[0] if by else noun)
    return noun


_SPANS = frozenset({"year", "decade", "month", "week", "day", "series", "string", "history", "culture"})


def _through_quantity(noun: Token) -> Token:
    """'thousands of fans', 'dozens of officers': the people, not the number."""
    if noun.pos_ == "NUM" or noun.ent_type_ == "CARDINAL" or noun.lemma_.lower() in _QUANTIFIERS:
        inner = [g for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        if inner:
            return inner[0]
    return noun


def _through_spans(noun: Token) -> Token:
    """'years of cuts by X': the cuts, not the years."""
    while noun.lemma_.lower() in _SPANS:
        inner = [g for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        if not inner:
            break
        noun = inner[0]
    return noun


def idiom_blames(sent: Span, lex: FrameLexicon, actor_of: ActorOf) -> list[Frame]:
    """Blame told by idiom: 'the violence lies at the door of X', 'the attack was the work of X',
    'cuts by X left the hospitals defenceless'. Told as X having started it (an onset frame)."""
    frames = []
    lowered = sent.text.lower()
    for phrase in lex.blame_idioms:
        for m in re.finditer(rf"\b{re.escape(phrase)}\b", lowered):
            prep = next((t for t in sent if t.idx - sent.start_char == m.end() - len(phrase.split()[-1])), None)
            culprit = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if culprit is not None:
                frame = _frame(prep, "blame", "onset", _doer(culprit, lex), actor_of, sent.start_char)
                copula = next((t for t in prep.ancestors if t.lemma_ == "be"), prep.head)
                frames.append(replace(frame, start=m.start(), end=m.end(), theme=_blamed_for(prep, copula)))
    for tok in sent:
        if tok.lemma_.lower() == "leave" and tok.pos_ == "VERB" and any(
                c.lower_ in lex.harm_results for c in tok.children if c.dep_ in ("oprd", "acomp", "ccomp", "xcomp")):
            subject = _subject_of(tok)
            if subject is not None and subject.dep_ == "nsubj":
                frames.append(_frame(tok, CULPRIT, "onset", _doer(subject, lex), actor_of, sent.start_char))
    return frames


CULPRIT = "culprit"  # blame told by the clause's shape: 'X was to blame', 'cuts by X left them defenceless'


def culprit_blames(sent: Span, lex: FrameLexicon, actor_of: ActorOf) -> list[Frame]:
    """Blame told by the clause's shape rather than a blame verb: 'the crush was the club's fault',
    'the delays were the board's doing', 'X was to blame', 'X is responsible for the crush', 'X was
    at fault', 'X bears responsibility', 'it was X's negligence that ...'.

    The shape itself says something went wrong, so these frames (predicate CULPRIT) need no
    incident word; a negated copula ('X was not to blame') gives a negated frame.
    """
    frames = []
    for tok in sent:
        found = _culprit(tok, sent, lex)
        if found is not None and not _irrealis(found[1], lex):  # not 'has not confirmed that X was to blame'
            culprit, verb = found
            frame = _frame(tok, CULPRIT, "onset", _doer(culprit, lex), actor_of, sent.start_char)
            negated = any(c.dep_ == "neg" for c in (*verb.children, *tok.children))
            frames.append(replace(frame, negated=negated, theme=_blamed_for(tok, verb)))
    return frames


ORIGIN = "origin"


def origin_blames(sent: Span, lex: FrameLexicon, actor_of: ActorOf) -> list[Frame]:
    """An incident put down to where it came from: 'the contamination came in with a batch of
    cabbage from X', 'the outbreak was traced to X's plant'. The named party (an organisation,
    a person, a people) the incident came from is the one blamed; a place alone blames no one."""
    frames = []
    for tok in sent:
        if tok.pos_ != "VERB" or phrasal_lemma(tok) not in lex.origin_verbs or _irrealis(tok, lex):
            continue
        subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lemma_.lower() not in lex.hostility_nouns:
            continue
        source = _named_source(tok)
        if source is not None:
            frame = _frame(tok, ORIGIN, "onset", source, actor_of, sent.start_char, lex)
            frames.append(replace(frame, theme=subject.lemma_.lower()))
    return frames


def _named_source(verb: Token) -> Token | None:
    """The first organisation, person or people named under the verb's 'from', 'with' or 'to'."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "with", "to"):
            inside = set(prep.subtree)
            for ent in verb.doc.ents:
                if ent.label_ in ("ORG", "PERSON", "NORP") and ent.root in inside:
                    return ent.root
    return None


def _blamed_for(tok: Token, verb: Token) -> str:
    """What the culprit is blamed for: 'for the crush', or the copula's subject ('this disaster
    was the work of X'); empty when the sentence does not say."""
    for prep in (*tok.children, *verb.children):
        if prep.dep_ == "prep" and prep.lower_ == "for":
            return next((g.lemma_.lower() for g in prep.children if g.dep_ == "pobj"), "")
    subject = _subject_of(verb) if verb.lemma_ == "be" else None
    return subject.lemma_.lower() if subject is not None and subject.lower_ != "it" else ""


def _culprit(tok: Token, sent: Span, lex: FrameLexicon) -> tuple[Token, Token] | None:
    """The one a culpability clause blames, and the verb that carries its negation."""
    lemma, head = tok.lemma_.lower(), tok.head
    if lemma in lex.culpability_nouns and tok.pos_ == "NOUN":
        owner = _owner(tok)
        if tok.dep_ == "attr" and head.lemma_ == "be" and owner is not None:
            return owner, head  # 'the crush was the fault of the police', 'the board's doing'
        if tok.dep_ == "pobj" and head.lower_ == "at" and head.head.lemma_ == "be":
            subject = _subject_of(head.head)  # 'the stewards were at fault'
            return (subject, head.head) if subject is not None else None
        if tok.dep_ == "dobj" and head.lemma_ in lex.culpability_bearers:
            subject = _subject_of(head)  # 'the owner bears responsibility'
            return (subject, head) if subject is not None else None
    if lemma == "blame" and tok.dep_ == "xcomp" and head.lemma_ == "be" and any(c.lower_ == "to" for c in tok.children):
        subject = _subject_of(head)  # 'fans who arrived late were to blame'
        return (subject, head) if subject is not None else None
    if lemma in lex.culpable_adjectives and tok.dep_ == "acomp" and head.lemma_ == "be" and _for_incident(tok, lex):
        subject = _subject_of(head)  # 'the club is responsible for the crush'
        return (subject, head) if subject is not None else None
    role = lex.verb_role(phrasal_lemma(tok)) if tok.pos_ == "VERB" else "-"
    focus = _cleft_focus(tok) if role in ("", "aggression", "onset") else None  # not 'it was X who announced ...'
    if focus is not None and not role and tok.lemma_.lower() in lex.discovery_verbs:
        return None  # 'it was the ministry's own inspectors who first spotted the problem': found it, not caused it
    if focus is not None and focus.lemma_.lower() not in lex.hostility_nouns and (
            _names_incident(sent, lex) or focus.lemma_.lower() in lex.blame_nouns  # not 'it was no tragedy that ...'
            or role or phrasal_lemma(tok) in lex.obstruction_verbs):
        return focus, focus.head  # 'it was X's negligence that opened the door', 'it was X who held it up': X
    return None


def _owner(noun: Token) -> Token | None:
    """'the club's fault', 'the fault of the club': the club."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    return next((g for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"), None)


def _cleft_focus(verb: Token) -> Token | None:
    """'It was X who/that <verb> ...': X, the copula's attribute under an 'it' subject. The parser
    hangs the verb on X (a relative clause) or, after a comma, on the copula itself; after an
    apposition with a clause of its own ('it was X, a nurse who lives near the plant, who noticed'),
    on the apposition's last noun. A contrast gives its answer: 'it was not X who ...; it was Y' and
    'it was Y, not X, who ...' give Y."""
    if verb.dep_ == "relcl":
        focus = verb.head
        root = verb.sent.root
        if focus.dep_ != "attr" and _after_comma(verb) and not _contrasted(focus) and root.lemma_ == "be" and _it_subject(root):
            focus = next((c for c in root.children if c.dep_ == "attr" and c.i < verb.i), focus)
    elif any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in verb.children):
        focus = next((c for c in verb.head.children if c.dep_ == "attr"), None)
    else:
        return None
    if focus is not None and _contrasted(focus):
        focus = focus.head
    if focus is None or focus.dep_ != "attr" or focus.head.lemma_ != "be":
        return None
    if not _it_subject(focus.head):
        return None
    return _cleft_contrast(focus.head) or focus


def _after_comma(verb: Token) -> bool:
    """', who noticed': the relative clause opens after a comma, so it may belong further back
    than the noun just before it."""
    pronoun = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "that")), None)
    return pronoun is not None and pronoun.i > 0 and pronoun.nbor(-1).text == ","


def _contrasted(noun: Token) -> bool:
    """'the police, not the fans': 'the fans' is set aside in favour of its head."""
    return noun.dep_ == "appos" and any(c.dep_ == "neg" and noun.head.i < c.i < noun.i
                                        for c in (*noun.children, *noun.head.children))


def _for_incident(adjective: Token, lex: FrameLexicon) -> bool:
    """'responsible for the crush / the deaths / it' blames; 'responsible for safety' only gives a duty."""
    return any(g.lemma_.lower() in lex.hostility_nouns | lex.harm_nouns or g.lower_ in ("it", "this", "that")
               for p in adjective.children if p.dep_ == "prep" and p.lower_ == "for" for g in p.children if g.dep_ == "pobj")


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _copular_culprit(noun: Token) -> Token | None:
    """'The (root) cause was [not X but] Y's removal of the gate': Y, the one the outlet blames.

    A bare denial ('the cause was not X') names no culprit and gives None.
    """
    head = noun.head
    if noun.dep_ != "nsubj" or head.lemma_ != "be":
        return None
    attr = next((c for c in head.children if c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN")), None)
    if attr is None:
        return None
    if any(c.dep_ == "neg" for c in head.children):
        attr = next((c for c in attr.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")
                     and any(g.lower_ == "but" for g in attr.children if g.dep_ == "cc")), None)
        if attr is None:
            return None
    return next((c for c in attr.children if c.dep_ == "poss"), attr)  # 'Y's removal': Y


def _names_incident(sent: Span, lex: FrameLexicon) -> bool:
    """The sentence names an incident or hostilities somewhere: a cause is then a cause of it."""
    return any(t.lemma_.lower() in lex.hostility_nouns or phrasal_lemma(t) in lex.incident_verbs for t in sent)


def _causal_subject(verb: Token) -> Token | None:
    """Subject of a 'because ...' clause under the verb: who or what the outlet says caused it."""
    for child in verb.children:
        if child.dep_ == "advcl" and any(m.lower_ in _CAUSAL_MARKERS for m in child.children if m.dep_ == "mark"):
            subject = _subject_of(child)
            if subject is not None and subject.pos_ in ("NOUN", "PROPN") and subject.dep_ != "nsubjpass":
                return subject
    return None


def _accused(verb: Token) -> Token | None:
    """Who is blamed: 'the union blamed the contractor'; in 'blamed the faults on a software
    update supplied by its chassis maker', what follows 'on', through to whoever supplied it."""
    cause = _blamed_on(verb)
    if cause is not None:
        return _supplier(cause) or cause
    for child in verb.children:
        if child.dep_ == "dobj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
    return None


def _blamed_on(verb: Token) -> Token | None:
    """Y in 'blamed X on Y', the 'on' hung on the verb or (as the parser often has it) on X."""
    if verb.lemma_.lower() != "blame":
        return None
    heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    return next((g for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "on"
                 for g in p.children if g.dep_ == "pobj"), None)


def _blamed_incident(verb: Token) -> Token | None:
    """What 'blamed X on Y' puts down to Y: its object X, when a cause follows 'on'."""
    if _blamed_on(verb) is None:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)


def _supplier(thing: Token) -> Token | None:
    """'a software update supplied by its chassis maker': the maker."""
    for acl in (c for c in thing.children if c.dep_ == "acl" and c.pos_ == "VERB"):
        by = next((g for a in acl.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
        if by is not None:
            return by
    return None


def _light_verb_event(verb: Token, lex: FrameLexicon) -> str:
    """The event a light verb hands to its object: 'gave the order' -> 'order', 'the decision was made' -> 'decide'."""
    if verb.lemma_.lower() not in lex.light_verbs:
        return ""
    noun = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return lex.light_verb_nouns.get(noun.lower_, "") if noun is not None else ""


def _on_orders(verb: Token, lex: FrameLexicon) -> tuple[Token, Token, str] | None:
    """'The gate was opened on the orders of X' / 'on X's instructions': the order noun, its
    issuer and what was ordered (the verb)."""
    if verb.pos_ != "VERB":
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "under", "at"):
            order = next((g for g in prep.children if g.dep_ == "pobj" and g.lower_ in lex.light_verb_nouns), None)
            doer = _owner(order) if order is not None else None
            if doer is not None:  # 'the evacuation was carried out on the orders of X': the evacuation was ordered
                done = [c.lemma_.lower() for c in verb.children if c.dep_ == "nsubjpass" and c.pos_ == "NOUN"]
                return order, doer, " ".join([verb.lemma_.lower(), *done])
    return None


def _order_source(verb: Token, lex: FrameLexicon) -> tuple[Token, Token, str] | None:
    """'The order to board came not from the coast guard but from Admiral X': the order noun, its
    issuer (the object of the 'from' that is not negated) and what it orders."""
    if verb.lemma_.lower() != "come":
        return None
    order = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in lex.light_verb_nouns), None)
    if order is None:
        return None
    froms = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"]
    froms += [g for f in froms for g in f.children if g.dep_ == "conj" and g.lower_ == "from"]
    for prep in froms:
        doer = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if doer is not None and not any(g.dep_ == "neg" for g in prep.children):
            return order, doer, " ".join(g.lemma_.lower() for g in order.children if g.dep_ == "acl")
    return None


def _irrealis(tok: Token, lex: FrameLexicon) -> bool:
    """An event the sentence does not claim happened: asked about ('whether any shots had been
    fired'), wanted ('ordered her to stop', 'urged them to leave', 'allies should not block
    trade'), passed over ('rather than cancel it') or only reported ('has not confirmed reports
    that the radio was switched off')."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") and c.i < tok.i for c in tok.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ in _DEONTIC for c in tok.children):
        return True  # 'allies should not block defence trade', 'must be stopped': what ought to be, not what happened
    if tok.i >= 2 and (tok.doc[tok.i - 2].lower_, tok.doc[tok.i - 1].lower_) in _NOT_TAKEN:
        return True  # 'froze payments rather than cancel the contract': the road not taken
    head = tok.head.lemma_.lower()
    if tok.dep_ in ("acl", "ccomp") and tok.head.pos_ == "NOUN" and head in _CLAIM_NOUNS:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.head.children):
            return True  # 'no evidence that the regime contributed to it'
        verb = tok.head.head  # 'reports that the transponder was switched off', unless someone confirmed
        if verb.lemma_.lower() in lex.deny_verbs:  # or denied them: 'rejected claims that a jet shot down ...'
            return False
        return not (verb.lemma_.lower() in _UNCONFIRMED and not any(c.dep_ == "neg" for c in verb.children))
    if tok.dep_ == "ccomp" and head in _UNCONFIRMED and any(c.dep_ == "neg" for c in tok.head.children):
        return True  # 'has not confirmed that the transponder was switched off'
    if tok.dep_ == "xcomp":
        return head in lex.irrealis_verbs
    if tok.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        noun = tok.head  # 'ordered the ferry to stop', parsed as the ferry's clause
        return noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in lex.irrealis_verbs
    return False


_DEONTIC = frozenset({"should", "ought", "must", "shall"})
_NOT_TAKEN = frozenset({("rather", "than"), ("instead", "of")})
_CLAIM_NOUNS = frozenset({"report", "claim", "allegation", "rumour", "rumor", "suggestion", "speculation", "accusation", "evidence", "sign", "proof"})
_UNCONFIRMED = frozenset({"confirm", "say", "know", "show", "prove", "establish", "verify", "find", "see", "produce", "have"})


def _theme(verb: Token, lex: FrameLexicon) -> str:
    """What an order or announcement is about, as lemmas: 'ordered the boarding' (boarding), 'the
    boarding was ordered' (boarding), 'ordered the lock closed' (lock close), 'ordered her to stop'
    (stop), 'gave the order to board' (board), 'the recall order was issued' (recall)."""
    words: list[str] = []
    for c in verb.children:
        if c.dep_ in ("xcomp", "ccomp", "oprd") and c.pos_ in ("VERB", "ADJ"):
            words.append(c.lemma_.lower())  # 'ordered the troops to withdraw', 'ordered the lock closed'
        elif c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN") and not c.ent_type_:
            inner = next((g for g in c.children if g.dep_ in ("acl", "relcl") and g.pos_ == "VERB"), None)
            if c.lower_ in lex.light_verb_nouns:  # the order itself names nothing: what it orders does
                words += [g.lemma_.lower() for g in c.children if g.dep_ == "compound" and g.pos_ == "NOUN"]
            else:
                words.append(c.lemma_.lower())
            if inner is not None and any(a.dep_ == "aux" and a.lower_ == "to" for a in inner.children):
                words.append(inner.lemma_.lower())  # 'ordered the ferry to stop'
    return " ".join(words)


def _denied(tok: Token, lex: FrameLexicon) -> bool:
    """The event sits under a denial: 'denied firing tear gas', 'denied that he had organised it'."""
    for _ in range(2):
        if tok.dep_ not in ("xcomp", "ccomp", "pcomp", "dobj", "acl") or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.lemma_.lower() in lex.deny_verbs:
            return True
    return False


def _ruled_out_frames(sent: Span, lex: FrameLexicon, actor_of: ActorOf) -> list[Frame]:
    """Culprits a statement clears: 'no evidence that any foreign state was involved in this
    attack' (role RULED_OUT, the class or actor cleared as agent, the incident as theme)."""
    frames = []
    for tok in sent:
        found = ruled_out(tok, lex.open_cause)
        if found is None:
            continue
        verb, subject, incident = found
        end = verb.right_edge.idx + len(verb.right_edge.text)
        frame = Frame(predicate=verb.lemma_.lower(), role=RULED_OUT, start=verb.head.left_edge.idx - sent.start_char,
                      end=end - sent.start_char, negated=True, main=True, theme=incident)
        frame = _with_agent(frame, subject, actor_of, sent.start_char)
        if not frame.agent:  # 'any foreign state': a class of actor, named by its noun
            frame = replace(frame, agent=subject.lemma_.lower(), agent_start=subject.left_edge.idx - sent.start_char,
                            agent_end=subject.idx + len(subject.text) - sent.start_char)
        frames.append(frame)
    return frames


def _frame(tok: Token, lemma: str, role: str, agent_tok: Token | None, actor_of: ActorOf, offset: int,
           lex: FrameLexicon | None = None) -> Frame:
    start = tok.idx - offset
    negated = (any(c.dep_ == "neg" for c in tok.children) or _no_participant(tok) or _cleft_denied(tok)
               or (lex is not None and _denied(tok, lex)))
    frame = Frame(predicate=lemma, role=role, start=start, end=start + len(tok.text), negated=negated, main=_main_event(tok))
    return _with_agent(frame, agent_tok, actor_of, offset)


def _with_agent(frame: Frame, agent_tok: Token | None, actor_of: ActorOf, offset: int) -> Frame:
    """The frame with its doer named, when the sentence names one."""
    ref = actor_of(agent_tok) if agent_tok is not None else None
    if ref is None:
        return frame
    start, end = agent_tok.left_edge.idx, agent_tok.idx + len(agent_tok.text)
    doc = agent_tok.doc
    if any(t.pos_ == "VERB" for t in doc[agent_tok.left_edge.i:agent_tok.i]):
        # a clause the parser took for a noun phrase ('because Veltra cut corners to ...'): the name alone
        found = doc.text.find(ref.text, start, end)
        if found >= 0:
            start, end = found, found + len(ref.text)
    return replace(frame, agent=ref.text, agent_key=ref.key, agent_side=ref.side, agent_role=ref.role,
                   agent_start=start - offset, agent_end=end - offset)


def _no_participant(verb: Token) -> bool:
    """'No shots were fired', 'nobody fired', 'not a single depositor will lose': the act negated
    through its subject or object."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj"):
            if c.lower_ in _NOBODY or any(d.dep_ == "det" and d.lower_ in _NO_DETERMINERS or d.dep_ == "neg" and d.i < c.i
                                          for d in c.children):  # not 'caused the crush, not the fans'
                return True
    return False


_NOBODY = frozenset({"nobody", "no-one", "nothing", "none"})


def _main_event(tok: Token) -> bool:
    """The sentence tells this event ('the dam gave way', 'officials said the dam gave way') rather
    than mentioning it in passing ('the toll from when the dam failed rose')."""
    while tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ == "ccomp":
        tok = tok.head
    return tok.dep_ == "ROOT"


def _about_hostilities(tok: Token, lex: FrameLexicon) -> bool:
    """An onset word counts only when what starts is fighting, a conflict, a strike, a fire...

    'the start of his visit' is no onset; 'the outbreak of war' and 'they started this conflict' are.
    """
    near = [tok.head] if tok.pos_ in ("NOUN", "PROPN") else []
    for child in tok.children:
        near.append(child)
        if child.dep_ == "prep":
            near.extend(g for g in child.children if g.dep_ == "pobj")
        if child.dep_ in ("nsubj", "dobj"):  # "six weeks of fighting broke out"
            near.extend(g for p in child.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
    for word in list(near):
        near.extend(c for c in word.children if c.dep_ in ("conj", "appos"))
    if phrasal_lemma(tok) in lex.incidents:
        return True
    if phrasal_lemma(tok) in lex.onset_only_verbs and any(t.lemma_.lower() in lex.hostility_nouns for t in tok.sent):
        return True
    wanted = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj", "appos", "compound", "poss"}
    return any(w.lemma_.lower() in lex.hostility_nouns and (w.dep_ in wanted or w.i == tok.head.i) for w in near if w.i != tok.i)


def _agent_of(verb: Token, lex: FrameLexicon) -> Token | None:
    """Grammatical agent: subject, 'by X' in the passive, or the antecedent of 'who'."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                grand = _through_quantity(grand)  # 'caused by thousands of fans': the fans
                if grand.dep_ == "pobj" and grand.ent_type_ not in _NOT_ACTORS:  # not 'killed by 14 October'
                    return _doer(grand, lex)
    subject = _subject_of(verb)
    if subject is None or subject.dep_ == "nsubjpass" or subject.pos_ == "NUM" or subject.lemma_.lower() in _QUANTIFIERS:
        return None  # 'wounded about 70 others, ... since the war began': 'others' started nothing
    if subject.ent_type_ in _NOT_ACTORS:
        return None
    if subject.lemma_.lower() in ("who", "that", "which") and verb.dep_ == "relcl":
        antecedent = _cleft_focus(verb) or _relative_antecedent(verb.head)
        return None if antecedent.lemma_.lower() in lex.hostility_nouns else antecedent
    if subject.lemma_.lower() in lex.hostility_nouns:
        return None
    return subject


_EXPLETIVES = frozenset({"it", "this", "that"})
_QUANTIFIERS = frozenset({"other", "others", "some", "many", "most", "all", "both", "few", "several"})


def _relative_antecedent(noun: Token) -> Token:
    """'they are the ones who started it': the actor is the copula's subject, not 'ones'."""
    if _contrasted(noun):
        noun = noun.head  # 'it was the police, not the fans, who ...': the police
    if noun.dep_ == "attr":
        subject = _subject_of(noun.head)
        if subject is not None and subject.lower_ not in _EXPLETIVES:
            return subject
        contrast = _cleft_contrast(noun.head)
        if contrast is not None:
            return contrast  # 'it was not the fans who killed them; it was the police': the police
    return noun  # a cleft, 'it was X who ordered it': X


def _cleft_contrast(copula: Token) -> Token | None:
    """'It was not X who ...; it was Y': Y, the focus of the second, affirmative cleft that
    answers a negated one. None when the copula is not negated or nothing answers it."""
    if copula.lemma_ != "be" or not any(c.dep_ == "neg" for c in copula.children):
        return None
    linked = [copula.head] if copula.dep_ in _CLAUSE_LINKS else []
    linked += [c for c in copula.children if c.dep_ in _CLAUSE_LINKS]
    for other in linked:
        if (other.i != copula.i and other.lemma_ == "be" and not any(c.dep_ == "neg" for c in other.children)
                and _it_subject(other)):
            return next((c for c in other.children if c.dep_ == "attr"), None)
    return None


def _cleft_denied(verb: Token) -> bool:
    """'It was not the fans who killed them.' with no 'it was Y' to answer it: the act is denied."""
    focus = verb.head if verb.dep_ == "relcl" else None
    if focus is None or focus.dep_ != "attr" or focus.head.lemma_ != "be":
        return False
    copula = focus.head
    return _it_subject(copula) and any(c.dep_ == "neg" for c in copula.children) and _cleft_contrast(copula) is None


def _it_subject(copula: Token) -> bool:
    """The copula of a cleft has the empty 'it' for its subject: 'it was X who ...'."""
    return any(c.dep_ == "nsubj" and c.lower_ == "it" for c in copula.children)


_CLAUSE_LINKS = frozenset({"ccomp", "conj", "parataxis"})


def _clause_aggressor(onset: Token, sent: Span, lex: FrameLexicon) -> Token | None:
    """'Fighting began when X attacked ...': the attacker of the 'when' clause is the agent."""
    for tok in sent:
        if tok.pos_ != "VERB" or phrasal_lemma(tok) not in lex.aggression_verbs and tok.lemma_.lower() not in lex.aggression_verbs:
            continue
        markers = {c.lower_ for c in tok.children if c.dep_ in ("advmod", "mark")}
        if markers & _CLAUSE_MARKERS:
            subject = _subject_of(tok)
            if subject is not None and subject.dep_ != "nsubjpass":
                return subject
    return None


def _noun_agent(noun: Token) -> Token | None:
    """'Azerbaijan's intervention', 'the aggression of X', or the one labelled 'instigator'."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "by"):
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.pos_ in ("PROPN", "PRON"):
                    return grand
    if noun.dep_ in ("oprd", "attr", "dobj", "appos", "npadvmod", "conj", "pobj"):
        head = noun.head
        while head.dep_ in ("conj", "prep", "pobj") and head.head.i != head.i:
            head = head.head
        # "labelled Turkey the instigator": the object is labelled; "X is the aggressor": the subject.
        wanted = ("nsubj",) if head.lemma_ == "be" else ("dobj",)
        for child in head.children:
            if child.i != noun.i and child.dep_ in wanted and child.i < noun.i:
                return child
    return None


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    if verb.dep_ == "conj":
        return _subject_of(verb.head)
    return None


def phrasal_lemma(tok: Token) -> str:
    """'break out', 'flare up', 'come back' (the parser often calls 'back' an adverb), and
    verb+object idioms such as 'open fire'."""
    children = list(tok.children)  # read once: each pass over `tok.children` builds new Token objects
    lemma = tok.lemma_.lower()
    particles = [c.lower_ for c in children if c.dep_ == "prt"] + ["back" for c in children if _says_back(c)]
    if particles:
        return f"{lemma} {particles[0]}"
    objects = [c.lemma_.lower() for c in children if c.dep_ == "dobj"]
    if lemma == "open" and "fire" in objects:
        return "open fire"
    if lemma == "give" and "way" in objects:
        return "give way"
    if lemma == "catch" and "fire" in objects:
        return "catch fire"
    if lemma in _MANNER_VERBS:  # 'the gate swung open', 'was thrown open', 'slid shut'
        result = next((_RESULT_STATES[c.lower_] for c in children
                       if c.dep_ in ("acomp", "advmod", "oprd", "dobj") and c.lower_ in _RESULT_STATES), "")
        if result:
            return result
    preps = [c.lower_ for c in children if c.dep_ == "prep"]
    for verb, prep in _PREPOSITIONAL_VERBS:
        if lemma == verb and prep in preps:
            return f"{verb} {prep}"  # 'the decision led to the crush', 'the cutter came alongside the trawler'
    if lemma == "put" and "it" in objects:
        return "put it"  # 'as the minister put it'
    return lemma


# verbs that take their meaning with a preposition: causes, and a ship drawing up beside another
_PREPOSITIONAL_VERBS = (("lead", "to"), ("result", "in"), ("contribute", "to"), ("come", "alongside"))
_RESULT_STATES = {"open": "open", "shut": "close", "closed": "close"}
_MANNER_VERBS = frozenset({"swing", "fly", "burst", "spring", "slide", "slam", "throw", "push", "force", "prise", "pry", "bang"})


def _says_back(adverb: Token) -> bool:
    """'came back', 'brought them back online': 'back' as the verb's adverb, or its adverb's."""
    return adverb.dep_ == "advmod" and (adverb.lower_ == "back" or any(g.dep_ == "advmod" and g.lower_ == "back" for g in adverb.children))


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:  # spaCy builds a new Token on each access: compare indices
        tok, depth = tok.head, depth + 1
    return depth
