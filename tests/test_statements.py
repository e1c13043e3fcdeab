"""Statements: spans, speakers, actors, resolved dates, counted figures, and who started what."""

from __future__ import annotations

from datetime import date

import pytest

from checker.records import Article


def _article(text: str, published: date | None = date(2021, 4, 13)) -> Article:
    return Article(id="t", text=text, outlet="Test Post", source="t.txt", published=published)


def test_every_span_slices_back_to_its_text(extractor):
    text = "Port reopens\n\nThe port reopened on Monday. Officials said it cost $4 million.\n\nA second paragraph follows here."
    statements = extractor.extract_article(_article(text))
    assert statements
    for s in statements:
        assert text[s.start:s.end] == s.text


def test_speaker_cue_and_resolved_date(extractor):
    (s,) = extractor.extract_article(_article("Foreign Minister Anna Berg said on Monday that the permits were cancelled."))
    assert s.speaker_key == "person:berg" and s.cue == "say"
    assert s.speaker_role == "foreign minister"
    assert [(d.first, d.granularity) for d in s.dates] == [(date(2021, 4, 12), "day")]


def test_according_to_is_an_attribution(extractor):
    (s,) = extractor.extract_article(_article("According to the regional governor, the bridge was closed to traffic."))
    assert s.cue == "according to" and "governor" in s.speaker


@pytest.mark.parametrize("text, speaker", [
    ('Committee chairman Ivo Lamm summed it up in five words: "The crisis was simply invented."', "Ivo Lamm"),
    ('Ivo Lamm had a message for the ministry: "Publish the inspection reports."', "Ivo Lamm"),
    ('The ruling was plain: "No strike can go on."', ""),  # the ruling is no speaker
    ('Ivo Lamm listed the charges: fraud, bribery and abuse of office.', ""),  # a colon before no quotation
])
def test_a_clause_ending_in_a_colon_before_a_quotation_names_its_speaker(extractor, text, speaker):
    (s,) = extractor.extract_article(_article(text))
    assert s.speaker == speaker


@pytest.mark.parametrize("text, cue", [
    ("The bakery did not recall a single loaf until the inspectors forced its hand.", ""),
    ("Health officials have recalled ready meals made at the Tolver plant.", ""),
    ("The Tolver council offered free transport to every displaced family.", ""),
    ("The ban was unlawful, because no driver can be fined for refusing a load he believes to be unsafe.", ""),
    ("Anna Berg recalled that the water reached the wall before dawn.", "recall"),
    ("Police believe the fire was started deliberately.", "believe"),
    ("\"It was pitch dark,\" Anna Berg recalled.", "recall"),
])
def test_recalling_a_product_is_an_act_not_a_report(extractor, text, cue):
    """Verbs that report speech only with a clause or a quotation ('recalled that ...') are acts
    with a plain object: a recall is told in the outlet's own voice, and can be denied; 'a load
    he believes to be unsafe' is a belief inside the outlet's own verdict, not its source."""
    (s,) = extractor.extract_article(_article(text))
    assert s.cue == cue
    assert bool(s.speaker) == bool(cue)


def test_figures_carry_what_they_count(extractor):
    (s,) = extractor.extract_article(_article("At least 16 soldiers were killed in the shelling near the border town."))
    (n,) = s.numbers
    assert (n.value, n.counts, n.qualifier) == (16, "soldier", "at_least")


def test_pronoun_blame_resolves_to_the_actor_named_before(extractor):
    text = "The minister said Serbia had armed the rebels for years. They are the ones who started this war, he added."
    statements = extractor.extract_article(_article(text))
    onset = [f for f in statements[-1].frames if f.role == "onset"]
    assert onset and onset[0].agent_side == "serbia"


def test_onset_clause_names_the_attacker(extractor):
    (s,) = extractor.extract_article(_article("Fighting began on 27 September when Armenian forces attacked villages in the region."))
    onset = [f for f in s.frames if f.role == "onset"]
    assert onset[0].agent_side == "armenia"


def test_start_of_a_visit_is_not_the_start_of_hostilities(extractor):
    (s,) = extractor.extract_article(_article("The minister met his counterpart at the start of his visit to the capital."))
    assert not [f for f in s.frames if f.role == "onset"]


def test_a_relative_clause_is_not_a_title(extractor):
    text = "Transport Minister Rhea Lind, who appeared alongside the premier, said the bridge would reopen on Friday."
    (s,) = extractor.extract_article(_article(text))
    assert s.speaker_role == "transport minister"


def test_a_first_name_alone_is_the_person_the_article_gave_it_to(extractor):
    text = ("Retired ferryman Piet Oldacre, 77, died in hospital on Sunday.\n\n"
            "Neighbours said Piet had lived on the quay for fifty years.")
    *_, s = extractor.extract_article(_article(text))
    assert "person:oldacre" in s.entity_keys and "person:piet" not in s.entity_keys


def test_a_first_name_two_people_share_stays_unresolved(extractor):
    text = ("Piet Oldacre and Piet Varne ran the ferry together.\n\n"
            "Piet said the crossing would reopen on Friday.")
    *_, s = extractor.extract_article(_article(text))
    assert "person:oldacre" not in s.entity_keys and "person:varne" not in s.entity_keys


def test_presence_frames_read_thing_place_and_polarity(extractor):
    (s,) = extractor.extract_article(_article("The operator said no diesel had entered the River Arle."))
    (f,) = [f for f in s.frames if f.role == "presence"]
    assert (f.predicate, f.theme, f.negated) == ("diesel", "river arle", True)
    (s,) = extractor.extract_article(_article("Hundreds of ballots were found dumped in a skip behind the hall."))
    (f,) = [f for f in s.frames if f.role == "presence"]
    assert (f.predicate, f.theme, f.negated) == ("ballot", "skip", False)


def test_death_frames_tell_the_event_from_natural_causes(extractor):
    text = ("Retired ferryman Piet Oldacre, 77, died in hospital on Sunday.\n\n"
            "It was the smoke from the burning warehouse that killed Piet.\n\n"
            "Mr Oldacre died of natural causes unrelated to the fire, the hospital said.")
    statements = extractor.extract_article(_article(text))
    deaths = [(f.agent_key, f.predicate) for s in statements for f in s.frames if f.role == "death"]
    assert deaths == [("person:oldacre", "event"), ("person:oldacre", "natural")]


def test_a_day_split_from_its_month_by_the_tagger_is_one_date(extractor):
    (s,) = extractor.extract_article(_article("No one was arrested at the second rally on 9 May, police said.", date(2031, 5, 10)))
    assert [(d.first, d.granularity) for d in s.dates] == [(date(2031, 5, 9), "day")]
    assert not s.numbers


def _blamed(statement) -> list[tuple[str, str, bool]]:
    return [(f.predicate, f.agent_key, f.negated) for f in statement.frames if f.role in ("onset", "aggression")]


def test_a_cleft_focus_is_found_past_an_apposition_with_its_own_clause(extractor):
    """'It was X, a steward who works at the ground, who started the fire': the parser hangs the
    second 'who' on 'ground'; the focus is still X, and the steward's own clause stays his."""
    (s,) = extractor.extract_article(_article("It was Ada Crane, a steward who works at the stadium, who started the fire."))
    assert {k for _, k, _ in _blamed(s)} == {"person:crane"}


def test_a_contrastive_cleft_blames_its_answer_not_the_one_it_sets_aside(extractor):
    (s,) = extractor.extract_article(_article("It was not the stewards who caused the stampede; it was the organisers."))
    assert {(k, n) for _, k, n in _blamed(s)} == {("group:organiser", False)}
    (s,) = extractor.extract_article(_article("It was the organisers, not the stewards, who caused the stampede."))
    assert {(k, n) for _, k, n in _blamed(s)} == {("group:organiser", False)}
    (s,) = extractor.extract_article(_article("It was the organisers who caused the stampede, not the stewards."))
    assert {(k, n) for _, k, n in _blamed(s)} == {("group:organiser", False)}


def test_a_negated_cleft_with_no_answer_denies_the_act(extractor):
    (s,) = extractor.extract_article(_article("It was not the stewards who caused the stampede."))
    assert {(k, n) for _, k, n in _blamed(s)} == {("group:steward", True)}


def test_a_cleft_on_a_killing_verb_is_blame_but_one_on_an_announcement_is_not(extractor):
    (s,) = extractor.extract_article(_article("It was the militia that killed the four aid workers."))
    assert ("culprit", "group:militia", False) in _blamed(s)
    (s,) = extractor.extract_article(_article("It was the mayor who announced the inquiry into the stampede."))
    assert not [f for f in s.frames if f.role == "onset"]


def test_a_cleft_on_an_obstructing_act_blames_but_one_on_a_plain_act_does_not(extractor):
    (s,) = extractor.extract_article(_article("It was the union's own stewards who held up the vote at the depot."))
    assert [(f.predicate, f.negated) for f in s.frames if f.role == "onset"] == [("culprit", False)]
    (s,) = extractor.extract_article(_article("It was the union's own stewards who counted the vote at the depot."))
    assert not [f for f in s.frames if f.role == "onset"]


def test_an_incident_put_down_to_where_it_came_from_names_the_party_it_came_from(extractor):
    (s,) = extractor.extract_article(_article("The infection most likely came in with a delivery of eggs from Dunmore Farms."))
    assert [(f.predicate, f.agent_key, f.negated) for f in s.frames if f.role == "onset"] == [
        ("origin", "org:dunmore farms", False)]
    (s,) = extractor.extract_article(_article("The fire came from a kitchen in Harlow."))  # a place blames no one
    assert not [f for f in s.frames if f.role == "onset"]
    (s,) = extractor.extract_article(_article("The delivery of eggs came from Dunmore Farms."))  # no incident
    assert not [f for f in s.frames if f.role == "onset"]


def test_charged_is_a_legal_step_unless_it_reports_a_clause(extractor):
    acts = lambda text: [(f.predicate, f.negated) for f in extractor.extract_article(_article(text))[0].frames if f.role == "act"]  # noqa: E731
    assert ("charge *", True) in acts("No one has been charged over the fire, a spokeswoman said.")
    assert ("charge *", False) in acts("The depot's owner is now facing criminal charges.")
    assert not [p for p, _ in acts("Critics charged that the tender had been rigged.") if p.startswith("charge")]
    assert not [p for p, _ in acts("The mayor faces a difficult choice.") if p.startswith("charge")]
    (s,) = extractor.extract_article(_article("No one has been charged over the fire, a spokeswoman said."))
    assert s.speaker_key != "" and "one" not in s.speaker_key  # the spokeswoman speaks, not 'no one'


def test_a_share_counts_its_percentage_and_a_part_of_a_count_both(extractor):
    (ratio,) = extractor.extract_article(_article("Three out of four patients were sent home within a day."))
    (part,) = extractor.extract_article(_article("Nineteen of the 64 buses delivered so far were withdrawn."))
    assert [(n.counts, n.qualifier) for n in ratio.numbers] == [("share of patient", "range")]  # no 3 or 4 patients
    assert {(n.value, n.counts) for n in part.numbers} == {(29.7, "share of bus"), (19, "bus"), (64, "bus")}


def test_a_count_swallowed_by_a_date_is_still_a_count(extractor):
    """The small NER model reads 'Last month 30' as one date; the 30 counts the youngsters. 'May 30'
    is a day and counts nothing."""
    (s,) = extractor.extract_article(_article("Last month 30 terrified youngsters were aboard a bus that rolled backwards."))
    (d,) = extractor.extract_article(_article("On May 30 the families gathered at the gates."))
    assert [(n.value, n.counts) for n in s.numbers] == [(30, "youngster")]
    assert not d.numbers and d.dates


@pytest.mark.parametrize("text, blamed", [
    ("The union blamed the contractor for the collapse.", "group:contractor"),
    ("Police blamed the crush on fans who arrived late.", "group:fan"),  # 'blamed X on Y': Y
    ("The firm blamed the faults on a software update supplied by its chassis maker.", "group:maker"),  # through to its supplier
])
def test_blaming_something_on_someone_blames_what_follows_on(extractor, text, blamed):
    (s,) = extractor.extract_article(_article(text))
    assert [f.agent_key for f in s.frames if f.role == "blame" and f.agent_key] == [blamed]


def test_the_reporting_verb_nearest_the_root_gives_the_speaker(extractor):
    """'"They told us ...," she said': she said it; 'told' is inside her quotation. (spaCy builds a
    new Token on every access, so the parse is walked by index, never by object identity.)"""
    (s,) = extractor.extract_article(_article('"They told us the bridge was perfectly safe," she said.'))
    assert s.cue == "say"


def test_a_named_thing_keeps_every_word_of_its_name(extractor):
    (s,) = extractor.extract_article(_article("No trace of the Marrow Queen was found in the harbour."))
    assert [(f.predicate, f.agent) for f in s.frames if f.role == "presence"] == [("marrow queen", "Marrow Queen")]
