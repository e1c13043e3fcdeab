"""Each detector: a true positive and a near miss that must not fire (invented sentences)."""

from __future__ import annotations

from datetime import date

import pytest


OCT = date(2020, 10, 5)


def categories(checker, a, b, date_a=OCT, date_b=OCT):
    return [(f.category, f.kind) for f in checker.compare(a, b, date_a, date_b)]


def test_blame_vs_neutral_start_is_causation_framing(checker_memory):
    got = categories(
        checker_memory,
        "Fighting began on 27 September when Azerbaijani troops shelled villages along the line of contact.",
        "Heavy fighting broke out along the line of contact on 27 September.",
    )
    assert ("causation_blame", "framing") in got


def test_opposite_culprits_are_a_causation_conflict(checker_memory):
    got = categories(
        checker_memory,
        "Fighting began on 27 September when Azerbaijani troops shelled villages along the line of contact.",
        "Fighting began on 27 September when Armenian troops shelled villages along the line of contact.",
    )
    assert got[:1] == [("causation_blame", "conflict")]


def test_same_culprit_is_not_flagged_for_blame(checker_memory):
    got = categories(
        checker_memory,
        "Fighting began on 27 September when Armenian troops shelled villages along the front.",
        "The war started on 27 September when Armenian forces attacked positions along the front.",
    )
    assert "causation_blame" not in [c for c, _ in got]


def test_same_office_two_holders_is_attribution(checker_memory):
    got = categories(
        checker_memory,
        "Foreign Minister Paul Dubois announced on Monday that export permits for the sensors were suspended.",
        "Foreign Minister Claire Martin announced on Monday that export permits for the sensors were cancelled.",
        date(2020, 10, 6),
        date(2021, 4, 13),
    )
    assert got[:1] == [("attribution", "conflict")]


def test_different_offices_are_not_attribution(checker_memory):
    got = categories(
        checker_memory,
        "Foreign Minister Paul Dubois said the alliance remains a valued partner.",
        "Secretary General Hans Olsen said the alliance remains a valued partner.",
    )
    assert "attribution" not in [c for c, _ in got]


def test_relative_dates_resolved_then_compared(checker_memory):
    a = "The dam gave way on Saturday, flooding the lower valley."
    b = "The dam gave way on Friday, flooding the lower valley."
    assert ("date_time", "conflict") in categories(checker_memory, a, b, date(2024, 3, 4), date(2024, 3, 4))
    same = "The dam gave way on 2 March, flooding the lower valley."
    assert "date_time" not in [c for c, _ in categories(checker_memory, a, same, date(2024, 3, 4), date(2024, 3, 4))]


def test_numbers_differ_beyond_bounds(checker_memory):
    a = "Fourteen people were killed when the dam failed, officials said."
    assert ("number_quantity", "conflict") in categories(checker_memory, a, "Eleven people were killed when the dam failed, officials said.")
    near = categories(checker_memory, "At least 13 people were killed when the dam failed.", a)
    assert "number_quantity" not in [c for c, _ in near]


def test_denial_against_assertion(checker_memory):
    got = categories(
        checker_memory,
        "Ankara denied any involvement in the fighting, calling the reports baseless.",
        "The rebel units, supported by Ankara, advanced towards the fighting in the north.",
    )
    assert ("negation_denial", "conflict") in got


def test_two_names_for_one_place_is_naming(checker_memory):
    got = categories(
        checker_memory,
        "Leaders called for an end to the fighting in Nagorno-Karabakh.",
        "Leaders called for an end to the fighting in Artsakh.",
    )
    assert ("naming_label", "framing") in got


def test_same_name_is_not_naming(checker_memory):
    got = categories(checker_memory, "Leaders called for peace in Kyiv.", "Leaders urged calm in Kyiv today.")
    assert "naming_label" not in [c for c, _ in got]


def test_occupied_vs_under_control_is_status_framing(checker_memory):
    got = categories(
        checker_memory,
        "The minister urged Russia to withdraw from the occupied districts of Georgia.",
        "The districts of Georgia have been under Russian control since 2008.",
    )
    assert ("status_legality", "framing") in [(c, k) for c, k in got]


def test_hedged_vs_confirmed_is_certainty_framing(checker_memory):
    got = categories(
        checker_memory,
        "The drones were reportedly fitted with Canadian sensors during the fighting.",
        "Officials confirmed the drones were fitted with Canadian sensors during the fighting.",
    )
    assert ("certainty_hedging", "framing") in got


def test_both_hedged_is_not_certainty(checker_memory):
    got = categories(
        checker_memory,
        "The drones were reportedly fitted with Canadian sensors during the fighting.",
        "The drones were allegedly fitted with Canadian sensors during the fighting.",
    )
    assert "certainty_hedging" not in [c for c, _ in got]


def test_unrelated_statements_give_nothing(checker_memory):
    assert checker_memory.compare("The bakery opened a new shop on Main Street.", "Rainfall in March was twice the average.") == []


@pytest.mark.parametrize(
    "text,flagged",
    [
        ("The regime's thugs brutally attacked the peaceful crowd.", True),
        ('"The regime is brutal," the opposition leader said.', False),
        ("The government said the new budget would be published next week.", False),
    ],
)
def test_loaded_language_only_in_the_outlets_own_voice(extractor, text, flagged):
    from checker.detect import LoadedLanguageDetector
    from checker.records import Article

    article = Article(id="x", text=text, outlet="Test Post", source="x.txt")
    (statement,) = extractor.extract_article(article)
    assert bool(LoadedLanguageDetector().detect(statement, article)) is flagged


def test_ranker_puts_conflicts_first_and_merges_a_pair():
    from checker.rank import Ranker
    from checker.records import Flag

    flags = [
        Flag("naming_label", "framing", 0.95, "a1", "b1", "names"),
        Flag("causation_blame", "conflict", 0.9, "a2", "b2", "blame"),
        Flag("date_time", "conflict", 0.7, "a2", "b2", "dates"),
        Flag("certainty_hedging", "framing", 0.9, "a3", "b3", "hedge"),
    ]
    ranked = Ranker.from_models().rank(flags, {"a1": "A", "b1": "B", "a2": "A", "b2": "B", "a3": "A", "b3": "B"})
    assert [f.category for f in ranked][:1] == ["causation_blame"]
    assert ranked[0].also == ("date_time",) and len(ranked) == 3


def test_ranker_puts_a_status_denied_and_affirmed_with_figures_above_status_wording():
    """'No one is a suspect' / 'X is under criminal investigation' is a conflict of fact: it ranks
    with a figure conflict of the same confidence, and far above a loaded status word."""
    from checker.rank import Ranker
    from checker.records import Flag

    flags = [
        Flag("status_legality", "conflict", 0.8, "a1", "b1", "suspect"),
        Flag("number_quantity", "conflict", 0.8, "a2", "b2", "figures"),
        Flag("status_legality", "framing", 0.8, "a3", "b3", "occupied"),
    ]
    ranked = Ranker.from_models().rank(flags, {"a1": "A", "b1": "B", "a2": "C", "b2": "D", "a3": "E", "b3": "F"})
    scores = {f.kind + f.category: f.score for f in ranked}
    assert scores["conflictstatus_legality"] >= scores["conflictnumber_quantity"] * 0.98
    assert scores["conflictstatus_legality"] > scores["framingstatus_legality"] * 1.4


def test_ranker_demotes_the_same_framing_repeated_between_two_articles():
    from checker.rank import Ranker
    from checker.records import Flag

    flags = [Flag("naming_label", "framing", 0.9, f"a{i}", f"b{i}", "names") for i in range(3)]
    article_of = {**{f"a{i}": "A" for i in range(3)}, **{f"b{i}": "B" for i in range(3)}}
    scores = [f.score for f in Ranker.from_models().rank(flags, article_of)]
    assert scores[0] > scores[1] > scores[2]


def test_profile_counts_loaded_words_labels_and_voices(tmp_path, extractor):
    from checker.profile import outlet_profiles
    from checker.records import Article
    from checker.store import Store

    article = Article(id="p1", text="The regime's thugs attacked the crowd in Kiev. The mayor said the city was calm.", outlet="Test Post", source="p.txt")
    with Store(tmp_path / "p.db") as store:
        store.add_articles([article])
        store.add_statements(extractor.extract_article(article))
        (profile,) = outlet_profiles(store)
    assert profile.loaded_terms["thugs"] == 1 and profile.loaded_per_1000 > 0
    assert profile.labels["kyiv"]["kiev"] == 1
    assert sum(profile.voices.values()) == 1


# --- incidents told in other wording than war coverage ---------------------------------------

MAR = date(2023, 3, 8)  # a Wednesday


def test_copular_cause_with_not_x_but_y_blames_y(checker_memory):
    got = checker_memory.compare(
        "The warehouse burned down because the landlord disabled the sprinklers, fire crews said.",
        "The real cause of the fire was not the landlord's choices but the tenant's decision to store fuel indoors.",
        MAR, MAR,
    )
    assert [(f.category, f.kind) for f in got][:1] == [("causation_blame", "conflict")]
    assert "tenant" in got[0].explanation and "landlord" in got[0].explanation


def test_a_thing_that_caused_it_is_no_culprit(checker_memory):
    got = categories(
        checker_memory,
        "A cracked valve caused the explosion at the refinery, inspectors said.",
        "The refinery exploded shortly after midnight on Tuesday.",
        MAR, MAR,
    )
    assert ("causation_blame", "framing") not in got


def test_passive_cause_blames_the_owner_of_the_failure(checker_memory):
    got = categories(
        checker_memory,
        "The outbreak was caused by the bakery's failure to refrigerate its custard.",
        "The illnesses have been linked to pastries sold by a bakery in the old town.",
        MAR, MAR,
    )
    assert ("causation_blame", "framing") in got


def test_passing_mention_is_no_neutral_account(checker_memory):
    got = categories(
        checker_memory,
        "The bridge collapsed because the council ignored repeated warnings about corrosion.",
        "Traffic on the ring road doubled after the bridge collapsed, the transport office said.",
        MAR, MAR,
    )
    assert ("causation_blame", "framing") not in got


def test_received_a_warning_against_received_no_warning(checker_memory):
    got = categories(
        checker_memory,
        "The ferry operator received a written warning about the faulty ramp in May.",
        "The ferry operator said it had received no warning about the ramp before the accident.",
        MAR, MAR,
    )
    assert ("negation_denial", "conflict") in got


def test_no_trace_of_x_negates_finding_x(checker_memory):
    got = categories(
        checker_memory,
        "Inspectors found salmonella on two cutting boards in the kitchen.",
        "No trace of salmonella was found anywhere in the kitchen, the owner insisted.",
        MAR, MAR,
    )
    assert ("negation_denial", "conflict") in got


def test_counts_of_different_events_do_not_clash(checker_memory):
    got = categories(
        checker_memory,
        "Holding candles, about 300 people gathered outside the town hall to remember the dead.",
        "Nine people died in the fire at the town hall.",
        MAR, MAR,
    )
    assert ("number_quantity", "conflict") not in got


def test_same_event_counts_clash_however_worded(checker_memory):
    got = categories(
        checker_memory,
        "The fire at the town hall killed nine people.",
        "Twelve people lost their lives when the town hall burned.",
        MAR, MAR,
    )
    assert ("number_quantity", "conflict") in got


def test_counts_for_different_places_do_not_clash(checker_memory):
    got = categories(
        checker_memory,
        "About 400 residents of Millbrook remain out of their homes.",
        "About 1,500 residents of Millbrook and Ashby remain out of their homes.",
        MAR, MAR,
    )
    assert ("number_quantity", "conflict") not in got


def test_a_toll_that_falls_later_is_a_conflict_even_dated_apart(checker_memory):
    got = checker_memory.compare(
        "The health ministry had recorded 210 deaths by 3 March.",
        "The health ministry said on Monday that 150 people had died since the epidemic began.",
        MAR, MAR,
    )
    assert got and got[0].category == "number_quantity" and "only grows" in got[0].explanation


def test_since_and_by_dates_bound_a_period_and_are_no_event_dates(checker_memory):
    got = categories(
        checker_memory,
        "The agency had counted 40 cases by 1 March.",
        "The agency has counted 40 cases since 12 February.",
        MAR, MAR,
    )
    assert ("date_time", "conflict") not in got


def test_future_weekday_is_the_coming_one(extractor):
    from checker.records import Article

    art = Article(id="f", text="Families will gather outside the court on Sunday evening.", outlet="o", source="f",
                  published=MAR)
    [statement] = extractor.extract_article(art)
    assert [str(d.first) for d in statement.dates] == ["2023-03-12"]


def test_unfamiliar_name_with_a_title_is_a_person(extractor):
    from checker.records import Article

    art = Article(id="g", text="The ban was ordered on Monday by Hollis Grange, director of the Food Safety Board.",
                  outlet="o", source="g", published=MAR)
    [statement] = extractor.extract_article(art)
    assert any(f.agent_key.startswith("person:") and f.agent_role for f in statement.frames)


def test_status_denied_and_affirmed_is_a_status_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The night bus depot was operating without a fire safety licence, the union said.",
        "The night bus depot was fully licensed and had passed its fire inspection.",
        MAR, MAR,
    )
    assert ("status_legality", "conflict") in got


def test_both_licensed_is_no_status_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The night bus depot was licensed in 2019.",
        "The night bus depot was fully licensed and had passed its fire inspection.",
        MAR, MAR,
    )
    assert ("status_legality", "conflict") not in got


def test_contradiction_model_reads_a_bounded_number_of_pairs_per_statement(extractor):
    """Its cost must grow with the statements, not with the candidate pairs."""
    from checker.detect.base import Pair
    from checker.detect.negation import NegationDetector
    from checker.records import Article

    class CountingJudge:
        def __init__(self) -> None:
            self.pairs: list[tuple[str, str]] = []

        def contradiction(self, pairs):
            self.pairs.extend(pairs)
            return [0.0] * len(pairs)

    judge = CountingJudge()
    detector = NegationDetector(judge=judge)
    art_a = Article(id="na", text="x", outlet="A", source="a", published=MAR)
    [denial] = extractor.extract_article(Article(id="na", text="The port never closed during the storm.",
                                                 outlet="A", source="a", published=MAR))
    others = []
    for k in range(8):
        art = Article(id=f"nb{k}", text="x", outlet=f"B{k}", source=f"b{k}", published=MAR)
        [s] = extractor.extract_article(Article(id=f"nb{k}", text=f"The port closed for {k + 2} days during the storm.",
                                                outlet=f"B{k}", source=f"b{k}", published=MAR))
        others.append(Pair(denial, s, art_a, art, 0.9 - k * 0.01))
    detector.detect_many(others)
    assert 0 < len(judge.pairs) <= detector.nli_max_pairs


def test_former_and_current_name_learned_from_the_coverage(extractor):
    from checker.detect.base import Pair
    from checker.detect.naming import NamingDetector
    from checker.records import Article

    texts = {
        "a": "Brightwell Dairy, formerly Cobbet Farms, said it would cooperate with inspectors.",
        "b": "Cobbet's creamery outside the town has been shut since the recall.",
        "c": "Brightwell's creamery outside the town has been shut since the recall began.",
    }
    arts = {k: Article(id=k, text=t, outlet=k.upper(), source=k, published=MAR) for k, t in texts.items()}
    stmts = {k: extractor.extract_article(a)[0] for k, a in arts.items()}
    detector = NamingDetector().fit(list(stmts.values()))
    flags = detector.detect(Pair(stmts["b"], stmts["c"], arts["b"], arts["c"], 0.8))
    assert [(f.category, f.kind) for f in flags] == [("naming_label", "framing")]
    assert "Cobbet" in flags[0].explanation and "Brightwell" in flags[0].explanation
    # the sentence that states the link is no naming choice, and without the link nothing is flagged
    assert not detector.detect(Pair(stmts["a"], stmts["b"], arts["a"], arts["b"], 0.8))
    assert not NamingDetector().fit([stmts["b"], stmts["c"]]).detect(Pair(stmts["b"], stmts["c"], arts["b"], arts["c"], 0.8))


def test_a_rename_that_refers_back_links_the_name_of_the_sentence_before(extractor):
    """'The network changed its name from X' renames the body the previous sentence named."""
    from checker.detect.base import Pair
    from checker.detect.naming import NamingDetector
    from checker.records import Article

    linking = Article(id="a", outlet="A", source="a", published=MAR, text=(
        "Harbour Watch Alliance said its members had counted 40 empty berths.\n\n"
        "The network changed its name from the Quayside Residents Forum in 2022."))
    old = Article(id="b", outlet="B", source="b", published=MAR,
                  text="Volunteers from the Quayside Residents Forum counted the empty berths on Sunday.")
    new = Article(id="c", outlet="C", source="c", published=MAR,
                  text="Harbour Watch Alliance volunteers counted the empty berths on Sunday.")
    statements = [s for art in (linking, old, new) for s in extractor.extract_article(art)]
    detector = NamingDetector().fit(statements)
    assert [set(g.names) for g in detector.aliases.groups] == [{"Harbour Watch Alliance", "Quayside Residents Forum"}]
    flags = detector.detect(Pair(statements[2], statements[3], old, new, 0.8))
    assert [f.category for f in flags] == ["naming_label"]
    # 'known as' alone names no former name; with 'until' it does
    plain = Article(id="d", outlet="D", source="d", published=MAR,
                    text="Harbour Watch Alliance met on Sunday.\n\nThe network, known as HWA, met again on Monday.")
    assert not NamingDetector().fit(extractor.extract_article(plain)).aliases.groups


def test_bias_prefilter_lets_the_judge_read_only_what_it_passes(extractor):
    """The shipped prefilter reads the pipeline's embeddings; statements it stops never reach the judge."""
    import numpy as np

    from checker.detect.loaded import LoadedLanguageDetector, Prefilter
    from checker.records import Article
    from checker.resources import MODELS_DIR

    shipped = Prefilter.load(MODELS_DIR / "bias" / "prefilter.json")
    assert shipped is not None and shipped.coef.shape == (384,)

    class CountingScorer:
        def __init__(self) -> None:
            self.read: list[str] = []

        def predict_proba(self, texts):
            self.read.extend(texts)
            return [0.0] * len(texts)

        def explain(self, text, top_k=3):
            return []

    texts = ["The council met on Tuesday.", "The harbour reopened at noon.", "Prices rose by two percent."]
    art = Article(id="p", text=" ".join(texts), outlet="P", source="p", published=MAR)
    statements = extractor.extract_article(art)
    scorer = CountingScorer()
    only_second = Prefilter(coef=np.array([0.0, 1.0], dtype=np.float32), intercept=0.0, threshold=0.6)
    vectors = np.array([[1.0, 0.0], [0.0, 5.0], [0.0, -5.0]], dtype=np.float32)
    LoadedLanguageDetector(scorer=scorer, prefilter=only_second).detect_many(statements, [art] * 3, vectors)
    assert scorer.read == [statements[1].text]
    scorer.read.clear()
    LoadedLanguageDetector(scorer=scorer, prefilter=only_second).detect_many(statements, [art] * 3)
    assert len(scorer.read) == 3, "without embeddings every own-voice statement is read"


def test_bias_prefilter_passes_everything_for_another_embedder():
    import numpy as np

    from checker.detect.loaded import Prefilter

    prefilter = Prefilter(coef=np.zeros(384, dtype=np.float32), intercept=-10.0, threshold=0.5)
    assert prefilter.passes(np.zeros((3, 256), dtype=np.float32)).all()
    assert not prefilter.passes(np.zeros((3, 384), dtype=np.float32)).any()


# --- general wording met in a held-out story (each with a near miss) --------------------------

MAR26 = date(2026, 3, 12)


def test_cleft_credits_the_named_actor(checker_memory):
    got = categories(
        checker_memory,
        "It was Mayor Lena Holt who ordered the tunnel closed within the hour, officials said.",
        "The city's transport director, Omar Reyes, ordered the tunnel closed within the hour.",
        MAR26, MAR26,
    )
    assert ("attribution", "conflict") in got


def test_cleft_with_the_same_actor_is_not_attribution(checker_memory):
    got = categories(
        checker_memory,
        "It was Mayor Lena Holt who ordered the tunnel closed within the hour.",
        "Mayor Lena Holt ordered the tunnel closed within the hour.",
        MAR26, MAR26,
    )
    assert "attribution" not in [c for c, _ in got]


def test_same_quote_from_two_speakers_is_attribution(checker_memory):
    got = categories(
        checker_memory,
        'As the governor put it, "a bridge that nobody inspects is a bridge waiting to fall."',
        '"A bridge that nobody inspects is a bridge waiting to fall," said Professor Ines Vidal, an engineer at the state university.',
        MAR26, MAR26,
    )
    assert ("attribution", "conflict") in got


def test_same_quote_from_the_same_speaker_is_not_flagged(checker_memory):
    got = categories(
        checker_memory,
        '"A bridge that nobody inspects is a bridge waiting to fall," Governor Ruth Kemp told reporters.',
        '"A bridge that nobody inspects is a bridge waiting to fall," said Governor Ruth Kemp.',
        MAR26, MAR26,
    )
    assert "attribution" not in [c for c, _ in got]


def test_paid_nothing_denies_a_payment(checker_memory):
    got = categories(
        checker_memory,
        "A settlement of two million was paid in secret to the developer through a shell company, the Ledger has learned.",
        "The council said it had paid nothing to the developer, directly or through a shell company.",
        MAR26, MAR26,
    )
    assert ("negation_denial", "conflict") in got


def test_paid_nothing_and_no_payment_agree(checker_memory):
    got = categories(
        checker_memory,
        "The council said it had paid nothing to the developer.",
        "No settlement has been paid to the developer, the council said.",
        MAR26, MAR26,
    )
    assert "negation_denial" not in [c for c, _ in got]


def test_unpatched_against_patched_is_a_denial(checker_memory):
    got = categories(
        checker_memory,
        "The billing server had been left unpatched for months before the breach.",
        "The vendor said the billing server had been patched in January, weeks before the breach.",
        MAR26, MAR26,
    )
    assert ("negation_denial", "conflict") in got


def test_two_servers_both_unpatched_agree(checker_memory):
    got = categories(
        checker_memory,
        "The billing server had been left unpatched for months before the breach.",
        "Auditors found the billing server unpatched weeks before the breach.",
        MAR26, MAR26,
    )
    assert "negation_denial" not in [c for c, _ in got]


def test_half_a_million_is_a_figure(checker_memory):
    got = categories(
        checker_memory,
        "The intruders made off with the account details of nearly half a million customers.",
        "The bank said the intruders had copied the account details of 61,200 customers.",
        MAR26, MAR26,
    )
    assert ("number_quantity", "conflict") in got


def test_rounded_figure_in_words_is_no_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The intruders made off with the account details of nearly half a million customers.",
        "The bank said the intruders had copied the account details of 486,000 customers.",
        MAR26, MAR26,
    )
    assert "number_quantity" not in [c for c, _ in got]


def test_demanded_sums_are_one_count(checker_memory):
    got = categories(
        checker_memory,
        "The kidnappers had demanded two million euros.",
        "They demanded 80 bitcoin, worth about 3.1 million euros.",
        MAR26, MAR26,
    )
    assert ("number_quantity", "conflict") in got


def test_cancelled_and_postponed_counts_differ(checker_memory):
    got = categories(
        checker_memory,
        "Nearly 300 flights were cancelled on the first day of the walkout.",
        "The airport said 112 flights were postponed on the first day of the walkout.",
        MAR26, MAR26,
    )
    assert ("number_quantity", "conflict") in got


def test_cancelled_and_diverted_are_different_counts(checker_memory):
    got = categories(
        checker_memory,
        "Nearly 300 flights were cancelled on the first day of the walkout.",
        "The airport said 112 flights were diverted to Brinmoor on the first day of the walkout.",
        MAR26, MAR26,
    )
    assert "number_quantity" not in [c for c, _ in got]


def test_claiming_an_attack_on_two_days_is_a_date_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The separatist front claimed responsibility for the pipeline blast last Tuesday.",
        "The separatist front claimed the pipeline blast on its channel on Thursday.",
        date(2026, 3, 21), date(2026, 3, 13),
    )
    assert ("date_time", "conflict") in got


def test_claimed_responsibility_is_no_hedge(checker_memory):
    got = categories(
        checker_memory,
        "The separatist front claimed the pipeline blast on its channel on Thursday.",
        "The separatist front named the pipeline blast on its channel on 12 March.",
        date(2026, 3, 13), date(2026, 3, 14),
    )
    assert "certainty_hedging" not in [c for c, _ in got]


def test_he_gave_the_order_credits_the_speaker(checker_memory):
    got = categories(
        checker_memory,
        "Inspector Maura Quill of the river police said she gave the order to close the lock at dawn.",
        "It was harbour master Tobias Wren who ordered the lock closed at dawn.",
        MAR26, MAR26,
    )
    assert ("attribution", "conflict") in got


def test_the_speaker_giving_the_order_agrees_with_herself(checker_memory):
    got = categories(
        checker_memory,
        "Inspector Maura Quill of the river police said she gave the order to close the lock at dawn.",
        "Inspector Maura Quill ordered the lock closed at dawn.",
        MAR26, MAR26,
    )
    assert "attribution" not in [c for c, _ in got]


def test_denying_an_act_negates_it(checker_memory):
    got = categories(
        checker_memory,
        "Guards fired rubber bullets at the prisoners in the yard.",
        "The prison service denied firing rubber bullets at the prisoners in the yard.",
        MAR26, MAR26,
    )
    assert ("negation_denial", "conflict") in got


def test_two_denials_of_one_act_agree(checker_memory):
    got = categories(
        checker_memory,
        "The prison service denied firing rubber bullets at the prisoners.",
        "Guards did not fire rubber bullets at the prisoners, the governor said.",
        MAR26, MAR26,
    )
    assert "negation_denial" not in [c for c, _ in got]


def test_would_not_confirm_is_a_hedge_not_a_confirmation(checker_memory):
    got = categories(
        checker_memory,
        "The coastguard confirmed that the trawler had sunk with its nets still out.",
        "The coastguard would not confirm reports that the trawler had sunk with its nets still out.",
        MAR26, MAR26,
    )
    assert ("certainty_hedging", "framing") in got


def test_both_confirming_is_no_hedge(checker_memory):
    got = categories(
        checker_memory,
        "The coastguard confirmed that the trawler had sunk with its nets still out.",
        "The coastguard has confirmed the trawler sank with its nets still out.",
        MAR26, MAR26,
    )
    assert "certainty_hedging" not in [c for c, _ in got]


def test_members_and_people_detained_are_one_count(checker_memory):
    got = categories(
        checker_memory,
        "Police arrested eight people outside the depot on Friday.",
        "Fifteen of our members were bundled into police vans outside the depot on Friday.",
        MAR26, MAR26,
    )
    assert ("number_quantity", "conflict") in got


def test_scabs_against_replacement_workers_is_a_label(checker_memory):
    got = categories(
        checker_memory,
        "A coach full of scabs drove through the depot gates before dawn.",
        "A coach carrying replacement workers drove through the depot gates before dawn.",
        MAR26, MAR26,
    )
    assert ("naming_label", "framing") in got


def test_blame_idioms_pin_the_violence_on_two_culprits(checker_memory):
    got = categories(
        checker_memory,
        "The violence at the depot lies squarely at the door of union organiser Petra Vance.",
        "The violence at the depot was the work of Carrow Haulage, which sent in lorries at dawn.",
        MAR26, MAR26,
    )
    assert got[:1] == [("causation_blame", "conflict")]


def test_one_culprit_in_two_idioms_is_no_blame_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The violence at the depot lies squarely at the door of Carrow Haulage.",
        "The violence at the depot was the work of Carrow Haulage, which sent in lorries at dawn.",
        MAR26, MAR26,
    )
    assert ("causation_blame", "conflict") not in got


def test_torched_against_caught_fire_is_blame_framing(checker_memory):
    got = categories(
        checker_memory,
        "Protesters outside the depot torched a lorry carrying frozen fish, and nobody was hurt.",
        "One of the lorries caught fire outside the depot, and the cause is under investigation.",
        MAR26, MAR26,
    )
    assert ("causation_blame", "framing") in got


def test_a_depot_that_burned_down_blames_no_one(extractor):
    from checker.records import Article

    art = Article(id="h", text="The old depot burned down overnight.", outlet="o", source="h", published=MAR26)
    [statement] = extractor.extract_article(art)
    assert all(not f.agent_key for f in statement.frames if f.role == "onset")


def test_breach_against_incident_is_a_label(checker_memory):
    got = categories(
        checker_memory,
        "The clinic suffered a data breach that exposed the files of its patients.",
        "The clinic suffered a cyber incident that exposed the files of its patients.",
        MAR26, MAR26,
    )
    assert ("naming_label", "framing") in got


def test_two_neutral_words_for_the_attack_are_no_label(checker_memory):
    got = categories(
        checker_memory,
        "The clinic suffered a data breach that exposed the files of its patients.",
        "The clinic suffered a ransomware attack that exposed the files of its patients.",
        MAR26, MAR26,
    )
    assert "naming_label" not in [c for c, _ in got]


def test_back_online_on_two_days_is_a_date_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The library's catalogue came back on Wednesday, after a week on paper cards.",
        "The council brought the library's catalogue back online on Thursday, a week after the outage.",
        date(2026, 3, 21), date(2026, 3, 20),
    )
    assert ("date_time", "conflict") in got


def test_back_online_on_the_same_day_agrees(checker_memory):
    got = categories(
        checker_memory,
        "The library's catalogue came back on Thursday, after a week on paper cards.",
        "The council brought the library's catalogue back online on Thursday, a week after the outage.",
        date(2026, 3, 21), date(2026, 3, 20),
    )
    assert "date_time" not in [c for c, _ in got]


def test_a_quantifier_subject_is_no_culprit():
    """The parser sometimes makes 'others' (in 'wounded about 70 others, ... since the war began')
    the subject of 'began'; a quantifier is nobody to blame. The parse is built by hand: the model
    does not make this mistake on every sentence."""
    import spacy
    from spacy.tokens import Doc

    from checker.frames import FrameLexicon, _agent_of
    from checker.resources import MODELS_DIR

    words = ["about", "70", "others", "began", "a", "war"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 2, 3, 3, 5, 3],
              deps=["advmod", "nummod", "nsubj", "ROOT", "det", "dobj"],
              pos=["ADV", "NUM", "NOUN", "VERB", "DET", "NOUN"], lemmas=["about", "70", "other", "begin", "a", "war"])
    lexicon = FrameLexicon.from_models(MODELS_DIR)
    assert _agent_of(doc[3], lexicon) is None
    named = Doc(doc.vocab, words=["Rebels", "began", "a", "war"], heads=[1, 1, 3, 1], deps=["nsubj", "ROOT", "det", "dobj"],
                pos=["NOUN", "VERB", "DET", "NOUN"], lemmas=["rebel", "begin", "a", "war"])
    assert _agent_of(named[1], lexicon).i == 0


def test_a_capitalised_numeral_the_tagger_calls_a_noun_is_still_a_figure(checker_memory):
    """The small tagger reads a sentence-initial 'Eleven' as a plural noun; it still counts branches."""
    got = categories(
        checker_memory,
        "Eleven library branches closed early on Saturday, the council said.",
        "Only four library branches closed early, by the council's own count.",
        MAR26, MAR26,
    )
    assert ("number_quantity", "conflict") in got


def test_a_partitive_figure_counts_the_noun_after_of(checker_memory):
    from checker.records import Article

    [s] = checker_memory.extractor.extract_article(Article(
        id="p", outlet="P", source="p", published=MAR26,
        text="More than 30 of the city's ferries were taken out of service on Monday."))
    assert [(n.value, n.counts) for n in s.numbers] == [(30.0, "ferry")]


def test_a_legal_verdict_in_the_outlet_voice_against_a_plain_account_is_status_framing(checker_memory):
    plain = "The council closed the Riverside shelter on Monday after the inspection report was published."
    got = categories(checker_memory, "The closure of the Riverside shelter on Monday was unlawful.", plain, MAR26, MAR26)
    assert ("status_legality", "framing") in got
    # the verdict as someone's claim, or a verdict both share, is no framing choice of the outlet
    reported = categories(checker_memory, "Residents said the closure of the Riverside shelter on Monday was unlawful.",
                          plain, MAR26, MAR26)
    assert "status_legality" not in [c for c, _ in reported]
    both = categories(checker_memory, "The closure of the Riverside shelter on Monday was unlawful.",
                      "The council unlawfully closed the Riverside shelter on Monday.", MAR26, MAR26)
    assert ("status_legality", "framing") not in both


def test_the_verdict_rule_keeps_only_the_closest_statement_of_each_other_article(extractor):
    from checker.detect.base import Pair
    from checker.detect.status import StatusDetector
    from checker.records import Article

    verdict_art = Article(id="v", outlet="V", source="v", published=MAR26,
                          text="The closure of the Riverside shelter on Monday was unlawful.")
    other = Article(id="o", outlet="O", source="o", published=MAR26, text=(
        "The council closed the Riverside shelter on Monday.\n\nThe shelter had housed forty people since May."))
    [verdict] = extractor.extract_article(verdict_art)
    closed, housed = extractor.extract_article(other)
    results = StatusDetector().detect_many([Pair(verdict, housed, verdict_art, other, 0.6),
                                            Pair(closed, verdict, other, verdict_art, 0.8)])
    assert [len(r) for r in results] == [0, 1]
    assert results[1][0].a == verdict.id and results[1][0].category == "status_legality"


def test_an_act_negated_through_its_subject_is_denied(checker_memory):
    """'No rounds were fired' negates the firing as 'did not fire' would."""
    got = categories(
        checker_memory,
        '"No rounds were fired at the ferry, not a single one," the harbour master said.',
        "Police said two rounds were fired at the ferry as it left the quay.",
        MAR26, MAR26,
    )
    assert ("negation_denial", "conflict") in got


def test_a_unit_inside_the_figure_is_what_it_counts(checker_memory):
    """'38 tonnes of hake' and 'more than 60 tonnes of fish' count tonnes, not hake and fish."""
    got = categories(
        checker_memory,
        "Inspectors found 38 tonnes of hake in the hold of the seized trawler.",
        "Inspectors found more than 60 tonnes of fish in the hold of the seized trawler.",
        MAR26, MAR26,
    )
    assert ("number_quantity", "conflict") in got


def test_two_sides_names_for_one_place_are_learned(extractor):
    from checker.aliases import AliasFinder
    from checker.records import Article

    [s] = extractor.extract_article(Article(id="a", outlet="A", source="a", published=MAR26, text=(
        "The ferry sank near the reef, which Maravia calls the Selk Shoals and Ostrand the Varn Banks.")))
    groups = AliasFinder(()).fit([s]).groups
    assert [g.names for g in groups] == [("Selk Shoals", "Varn Banks")]


def test_ramming_is_blamed_on_its_subject_and_a_collision_names_no_one(checker_memory):
    ram_a = "The patrol boat deliberately rammed the ferry's stern near the harbour mouth."
    ram_b = "The ferry's crew swung hard to port and rammed the patrol boat near the harbour mouth."
    assert ("causation_blame", "conflict") in categories(checker_memory, ram_a, ram_b, MAR26, MAR26)
    neutral = "A collision occurred near the harbour mouth as the patrol boat came alongside the ferry."
    assert ("causation_blame", "framing") in categories(checker_memory, ram_a, neutral, MAR26, MAR26)


def test_an_order_credited_to_two_named_people_is_attribution_even_with_one_shared_word(checker_memory):
    """The name after the phrase 'the chief of X, Title First Last,' is the doer, though the small
    parser attaches it elsewhere; 'the evacuation' is all the two sentences share besides names."""
    got = categories(
        checker_memory,
        "Interior Minister Aldo Perrin personally ordered the evacuation of the island, and he stands by it.",
        "The evacuation was ordered by the chief of the island's fire service, Captain Rhea Valdis, a spokesman said.",
        MAR26, MAR26,
    )
    assert ("attribution", "conflict") in got
    other_act = categories(
        checker_memory,
        "Interior Minister Aldo Perrin personally ordered an inquiry, and he stands by it.",
        "The evacuation was ordered by the chief of the island's fire service, Captain Rhea Valdis, a spokesman said.",
        MAR26, MAR26,
    )
    assert "attribution" not in [c for c, _ in other_act]


def test_an_act_asked_about_or_ordered_is_not_claimed(checker_memory):
    """'asked whether shots had been fired' and 'ordered her to stop' claim nothing happened, so
    they contradict neither 'no shots were fired' nor 'she did not stop'."""
    asked = categories(
        checker_memory,
        "The harbour master did not answer when asked whether any shots had been fired at the ferry.",
        '"No shots were fired at the ferry," the harbour master said.',
        MAR26, MAR26,
    )
    assert "negation_denial" not in [c for c, _ in asked]
    from checker.records import Article

    [ordered] = checker_memory.extractor.extract_article(Article(
        id="o", outlet="O", source="o", published=MAR26, text="The patrol boat ordered the ferry to stop outside the harbour mouth."))
    assert [(f.predicate, f.theme) for f in ordered.frames] == [("order", "ferry stop")]  # the stop itself is no claimed act
    # the same act claimed and negated still is a conflict
    claimed = categories(
        checker_memory,
        "Two shots were fired at the ferry as it left the harbour, police said.",
        '"No shots were fired at the ferry," the harbour master said.',
        MAR26, MAR26,
    )
    assert ("negation_denial", "conflict") in claimed


def test_two_different_orders_are_no_attribution_conflict(checker_memory):
    got = categories(
        checker_memory,
        "Judge Ilse Marr ordered the forfeiture of the Northern Star's catch on Monday.",
        "Fisheries Minister Paul Devane ordered the boarding of the Northern Star on Monday.",
        MAR26, MAR26,
    )
    assert "attribution" not in [c for c, _ in got]


def test_he_after_a_long_reporting_clause_is_the_named_minister(checker_memory):
    """'Its minister, X, has told anyone who will listen that he ordered it': he is X."""
    from checker.records import Article

    [s] = checker_memory.extractor.extract_article(Article(id="m", outlet="M", source="m", published=MAR26, text=(
        "Its minister, Paul Devane, has told anyone who will listen that he personally ordered the boarding.")))
    assert [(f.predicate, f.agent_key) for f in s.frames if f.role == "announce"] == [("order", "person:devane")]


def test_an_act_in_unconfirmed_reports_is_not_claimed(extractor):
    from checker.records import Article

    def acts(text):
        [s] = extractor.extract_article(Article(id="r", outlet="R", source="r", published=MAR26, text=text))
        return [f.predicate for f in s.frames]

    assert acts("The coast guard has not confirmed reports that the ferry's radio was switched off.") == []
    assert acts("Police have not confirmed that the ferry's radio was switched off that night.") == []
    assert acts("The coast guard confirmed reports that the ferry's radio was switched off.") == ["switch radio"]


def test_an_act_in_claims_someone_rejects_is_denied_not_dropped(extractor):
    from checker.records import Article

    [s] = extractor.extract_article(Article(id="r", outlet="R", source="r", published=MAR26, text=(
        "The navy has flatly rejected claims that its frigate fired on the ferry.")))
    assert [(f.predicate, f.negated) for f in s.frames if f.role == "aggression"] == [("fire", True)]


def test_a_confirmation_no_one_gives_is_a_hedge(checker_memory):
    got = categories(
        checker_memory,
        "The port authority has confirmed that the ferry's radio went silent for two hours before the boarding.",
        "The ferry's radio reportedly went silent before the boarding, but neither the navy nor the port authority has confirmed it.",
        MAR26, MAR26,
    )
    assert ("certainty_hedging", "framing") in got
    from checker.detect.certainty import CertaintyDetector

    detector = CertaintyDetector()
    assert detector.certainties("Police did not say when, but confirmed that two men were held.")  # another clause


def test_a_date_of_another_event_does_not_date_the_count(checker_memory):
    """'crew of 12 were detained and the ferry ... arrived on Tuesday': Tuesday dates the arrival,
    so the count still meets 'fourteen sailors ... this morning' printed two days later."""
    got = categories(
        checker_memory,
        "The ferry's crew of 12 were detained and the ferry was escorted to Port Arne, where it arrived late on Tuesday.",
        "The fourteen sailors of the ferry are still locked up in Port Arne this morning.",
        date(2026, 3, 10), date(2026, 3, 12),
    )
    assert ("number_quantity", "conflict") in got
    toll = categories(
        checker_memory,
        "On Monday, officials said 14 people had died in the fire at the depot.",
        "On Saturday, officials said 11 people had died in the fire at the depot.",
        date(2026, 3, 10), date(2026, 3, 8),
    )
    assert "number_quantity" not in [c for c, _ in toll]  # a toll counted on two days, rising


def test_an_order_that_came_from_someone_credits_them(checker_memory):
    """'The order to evacuate came not from the council but from X' credits X, not the council."""
    from checker.records import Article

    [s] = checker_memory.extractor.extract_article(Article(id="o", outlet="O", source="o", published=MAR26, text=(
        "The order to evacuate the island came not from the council but from Interior Minister Aldo Perrin.")))
    assert [(f.predicate, f.agent_key, f.theme) for f in s.frames if f.role == "announce"] == [("order", "person:perrin", "evacuate")]
    got = categories(
        checker_memory,
        "The order to evacuate the island came not from the council but from Interior Minister Aldo Perrin.",
        "Fire chief Rhea Valdis ordered the evacuation of the island, the council said.",
        MAR26, MAR26,
    )
    assert ("attribution", "conflict") in got


def test_numerals_the_ner_misses_or_calls_a_date_are_whole_figures(extractor):
    from checker.records import Article

    text = ("The council met on Monday.\n\nForty libraries are to close, the Gazette has learned, across the county.\n\n"
            "The hole in the council's budget is now put at nearly two billion crowns.")
    found = [[(n.value, n.counts) for n in s.numbers] for s in extractor.extract_article(
        Article(id="n", outlet="N", source="n", published=MAR26, text=text))]
    assert found[1:] == [[(40.0, "library")], [(2e9, "crown")]]


def test_not_a_single_one_negates_the_act_and_part_of_counts_the_whole(checker_memory):
    got = categories(
        checker_memory,
        '"Not a single saver will lose money," the minister told parliament on Monday.',
        "Some 3,100 savers above the guarantee stand to lose part of their money, according to a fund memo.",
        MAR26, MAR26,
    )
    assert ("negation_denial", "conflict") in got


@pytest.mark.parametrize(
    "culpable",
    [
        "The flooding of the underpass was the fault of the water board.",
        "The flooding of the underpass was the water board's doing.",
        "The water board was to blame for the flooding of the underpass.",
        "The water board is responsible for the flooding of the underpass.",
        "The water board bears responsibility for the flooding of the underpass.",
        "It was the water board that let the underpass flood, and nobody else.",
    ],
)
def test_culpability_clauses_blame_their_owner(checker_memory, culpable):
    got = categories(
        checker_memory,
        culpable,
        "The flooding of the underpass was caused by the contractor, which blocked the drains.",
        MAR26, MAR26,
    )
    assert ("causation_blame", "conflict") in got


@pytest.mark.parametrize(
    "innocent",
    [
        "The water board was not to blame for the flooding of the underpass.",
        "The water board is responsible for the drains under the underpass.",
        "The contractor has not confirmed that the water board was to blame for the flooding.",
    ],
)
def test_denied_duty_or_unconfirmed_culpability_blames_no_one(checker_memory, innocent):
    got = categories(
        checker_memory,
        innocent,
        "The flooding of the underpass was caused by the contractor, which blocked the drains.",
        MAR26, MAR26,
    )
    assert ("causation_blame", "conflict") not in got


def test_the_fault_of_x_blames_x_not_the_incident(extractor):
    from checker.records import Article

    text = "The flooding of the underpass was the fault of the water board."
    [statement] = extractor.extract_article(Article(id="f", text=text, outlet="o", source="f", published=MAR26))
    agents = {f.agent_key for f in statement.frames if f.role in ("onset", "blame")}
    assert agents == {"group:board"}


def test_two_culprits_for_the_whole_disaster_conflict_at_low_similarity(checker_memory):
    got = categories(
        checker_memory,
        "This whole disaster was the work of one reckless developer, Osric Vane.",
        "The tower collapsed because the planning authority signed off on plans it never read.",
        MAR26, MAR26,
    )
    assert ("causation_blame", "conflict") in got


def test_a_specific_culprit_elsewhere_in_the_story_is_no_whole_event_blame(checker_memory):
    got = categories(
        checker_memory,
        "The late delivery of the cranes was the supplier's doing.",
        "The tower collapsed because the planning authority signed off on plans it never read.",
        MAR26, MAR26,
    )
    assert ("causation_blame", "conflict") not in got


def test_one_act_at_two_clock_times_is_a_date_conflict(checker_memory):
    got = checker_memory.compare(
        "The relief valve at the pumping station was opened at 4.10 p.m., as the river rose.",
        "Engineers opened the relief valve at the pumping station at 4.40 p.m. as the river kept rising.",
        MAR26, MAR26,
    )
    assert [(f.category, f.kind) for f in got][:1] == [("date_time", "conflict")]
    assert "4.10 p.m." in got[0].explanation and "4.40 p.m" in got[0].explanation


@pytest.mark.parametrize(
    "other",
    [
        "Engineers opened the relief valve at the pumping station at about 4.20 p.m. as the river kept rising.",
        "Engineers opened the relief valve at the pumping station at 4.12 p.m. as the river kept rising.",
        "Engineers opened the relief valve at the pumping station at 4.10 as the river kept rising.",
    ],
)
def test_clock_times_within_their_reading_agree(checker_memory, other):
    got = categories(
        checker_memory, "The relief valve at the pumping station was opened at 4.10 p.m., as the river rose.", other, MAR26, MAR26
    )
    assert ("date_time", "conflict") not in got


def test_clock_times_of_different_acts_do_not_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The relief valve at the pumping station was opened at 4.10 p.m., as the river rose.",
        "The pumping station was evacuated at 6.30 p.m. after the valve had been opened.",
        MAR26, MAR26,
    )
    assert ("date_time", "conflict") not in got


def test_on_the_orders_of_credits_the_order(checker_memory):
    got = categories(
        checker_memory,
        "The relief valve was opened on the orders of the station manager, Ilse Marrow.",
        "The relief valve was opened on the orders of the regional director, Tomas Quill.",
        MAR26, MAR26,
    )
    assert got[:1] == [("attribution", "conflict")]


def test_bare_casualty_figures_count_people(checker_memory):
    got = categories(
        checker_memory,
        "Nine people died and 140 were injured when the stand gave way during the match on Saturday.",
        "Nine spectators were killed and more than 300 were hurt when the stand gave way on Saturday.",
        MAR26, MAR26,
    )
    assert ("number_quantity", "conflict") in got


def test_bare_figures_of_different_events_are_not_one_count(checker_memory):
    got = categories(
        checker_memory,
        "Nine people died and 140 were injured when the stand gave way during the match on Saturday.",
        "Nine people died when the stand gave way on Saturday, and 300 were evacuated from the ground.",
        MAR26, MAR26,
    )
    assert ("number_quantity", "conflict") not in got


def test_a_cause_told_through_a_crowd_blames_the_crowd(extractor):
    from checker.records import Article

    text = "The collapse of the stand was caused by hundreds of fans who climbed onto its roof."
    [statement] = extractor.extract_article(Article(id="q", text=text, outlet="o", source="q", published=MAR26))
    assert "group:fan" in {f.agent_key for f in statement.frames if f.role == "onset"}


def test_opening_hours_bound_a_period_and_time_nothing(checker_memory):
    got = categories(
        checker_memory,
        "Voting closed at 10 p.m., and it was nearly 9 a.m. on Friday before the last boxes arrived.",
        "Polling stations were open from 7 a.m. until 10 p.m. on Thursday.",
        MAR26, MAR26,
    )
    assert ("date_time", "conflict") not in got


def test_two_lengths_of_one_delay_are_a_time_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The ferry's departure was put back by half an hour while the crew checked the ramp.",
        "The ferry's departure was delayed by 90 minutes while the crew checked the ramp.",
        MAR26, MAR26,
    )
    assert got[:1] == [("date_time", "conflict")]


def test_a_rounded_length_of_time_agrees_with_a_close_one(checker_memory):
    got = categories(
        checker_memory,
        "The ferry's departure was put back by about half an hour while the crew checked the ramp.",
        "The ferry's departure was delayed by 25 minutes while the crew checked the ramp.",
        MAR26, MAR26,
    )
    assert ("date_time", "conflict") not in got


@pytest.mark.parametrize("text,minutes", [("half an hour", 30), ("more than five hours", 300), ("about an hour", 60), ("90 mins", 90)])
def test_lengths_of_time_read_in_minutes(text, minutes):
    from checker.numbers import parse_duration

    assert parse_duration(text).value == minutes


@pytest.mark.parametrize("text", ["minutes", "2.45 p.m.", "last night", "Saturday"])
def test_clock_times_and_vague_spans_are_no_lengths(text):
    from checker.numbers import parse_duration

    assert parse_duration(text) is None


def test_the_day_it_was_said_does_not_date_an_act_dated_in_the_same_sentence(checker_memory):
    sun, wed = date(2030, 5, 12), date(2030, 5, 15)
    got = categories(
        checker_memory,
        "Four people were killed and 30 injured in a crush at the footbridge on Saturday, police said on Sunday.",
        "Four people died in the crush at the footbridge on 11 May.",
        sun, wed,
    )
    assert ("date_time", "conflict") not in got


@pytest.mark.parametrize(
    "other,clash",
    [
        ("Nine people died when the stand gave way, and seven were hurt.", True),  # seven hurt is no seven dead
        ("Nine people died when the stand gave way; seven died before the ambulances came.", False),
    ],
)
def test_a_matching_figure_agrees_only_for_the_same_event(checker_memory, other, clash):
    got = categories(checker_memory, "Seven people died when the stand gave way during the match.", other, MAR26, MAR26)
    assert (("number_quantity", "conflict") in got) == clash


def test_a_bare_casualty_figure_meets_only_its_own_event(checker_memory):
    got = categories(
        checker_memory,
        "Five people were killed and 90 injured when the stand gave way on Saturday.",
        "Forty people were taken to hospital after the stand gave way, the health ministry said.",
        MAR26, MAR26,
    )
    assert ("number_quantity", "conflict") not in got


def test_two_days_of_saying_are_no_dates_of_one_event(checker_memory):
    got = categories(
        checker_memory,
        "Five people were killed and 90 injured when the stand gave way on Saturday, police said on Sunday.",
        "Forty people were taken to hospital, and the health ministry said on Thursday that six remained there.",
        date(2030, 5, 12), date(2030, 5, 17),
    )
    assert ("date_time", "conflict") not in got


def test_a_loaded_label_against_neutral_ones_names_the_loaded_word(checker_memory):
    got = checker_memory.compare(
        "Football fans and a mob of rioters pushed against the gates before the match.",
        "Fans pushed against the gates before the match, witnesses said.",
        MAR26, MAR26,
    )
    naming = [f for f in got if f.category == "naming_label"]
    assert naming and "'mob'" in naming[0].explanation



def test_an_order_denied_against_the_order_given_is_a_denial_conflict(checker_memory):
    got = categories(
        checker_memory,
        "\"No officer ordered that floodgate to be opened,\" the commissioner said.",
        "Records seen by this newspaper leave no doubt that Marrow gave the order to open it.",  # cosine 0.25
        MAR26, MAR26,
    )
    assert ("negation_denial", "conflict") in got


def test_an_order_denied_against_an_order_of_something_else_is_no_conflict(checker_memory):
    got = categories(
        checker_memory,
        "\"No officer ordered that floodgate to be opened,\" the commissioner said.",
        "Records seen by this newspaper leave no doubt that Marrow gave the order to evacuate the station.",
        MAR26, MAR26,
    )
    assert ("negation_denial", "conflict") not in got


def test_two_words_for_one_decision_dated_apart_are_a_date_conflict(checker_memory):
    got = checker_memory.compare(
        "Transport Minister Ida Rowe last night ordered a full public inquiry into the derailment.",
        "The transport minister, Ida Rowe, announced an independent inquiry on Thursday, to be led by a retired judge.",
        date(2030, 5, 13), date(2030, 5, 17),
    )
    dated = [f for f in got if f.category == "date_time"]
    assert dated and "12 May 2030" in dated[0].explanation and "16 May 2030" in dated[0].explanation


def test_two_decisions_about_different_things_are_no_date_conflict(checker_memory):
    got = categories(
        checker_memory,
        "Transport Minister Ida Rowe last night ordered a full public inquiry into the derailment.",
        "The transport minister, Ida Rowe, announced new speed limits on Thursday for the whole line.",
        date(2030, 5, 13), date(2030, 5, 17),
    )
    assert ("date_time", "conflict") not in got


def test_a_gate_that_swung_open_was_opened(checker_memory):
    got = categories(
        checker_memory,
        "At 4.10 p.m., with the water already over the towpath, the lock gate swung open.",
        "The lock gate was opened at 4.40 p.m. to let the flood water through.",
        MAR26, MAR26,
    )
    assert ("date_time", "conflict") in got


# --- presence: a thing in a place, asserted and denied ------------------------------------------


def test_a_thing_found_where_another_outlet_says_it_never_was_is_a_denial(checker_memory):
    got = checker_memory.compare(
        "The refinery said on Monday that no diesel had entered the Arle estuary.",
        "Traces of diesel were found in the Arle on Tuesday, downstream of the outfall.",
    )
    flag = next(f for f in got if f.category == "negation_denial")
    assert flag.kind == "conflict"
    assert "no diesel had entered the Arle estuary" in flag.explanation


def test_a_named_ship_never_inside_waters_against_caught_inside_them(checker_memory):
    got = categories(
        checker_memory,
        '"The Marta Bell never entered Sorvan waters," her owner told reporters.',
        "The Marta Bell was stopped twelve miles out, well inside Sorvan territorial waters.",
    )
    assert ("negation_denial", "conflict") in got


def test_presence_in_two_different_places_is_no_denial(checker_memory):
    got = categories(
        checker_memory,
        "The refinery said on Monday that no diesel had entered the Arle estuary.",
        "Traces of diesel were found in the storm drains behind the depot on Tuesday.",
    )
    assert ("negation_denial", "conflict") not in got


def test_presence_asked_about_is_no_claim(checker_memory):
    got = categories(
        checker_memory,
        "Inspectors asked whether any diesel had entered the Arle estuary.",
        "Traces of diesel were found in the Arle estuary on Tuesday.",
    )
    assert ("negation_denial", "conflict") not in got


# --- causes of death --------------------------------------------------------------------------


def test_a_death_put_down_to_the_event_and_to_natural_causes_is_a_causation_conflict(checker_memory):
    got = checker_memory.compare(
        "Retired miner Tomas Ferrier died on Sunday. It was the fumes from the burning depot that killed Tomas.",
        "Mr Ferrier, who was 79, died of natural causes unconnected with the fire.",
    )
    flag = next(f for f in got if f.category == "causation_blame")
    assert flag.kind == "conflict"
    assert "natural causes" in flag.explanation and "fumes" in flag.explanation


def test_two_event_causes_of_one_death_are_no_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The smoke from the burning depot killed Tomas Ferrier.",
        "Tomas Ferrier died from smoke inhalation after the depot fire.",
    )
    assert ("causation_blame", "conflict") not in got


def test_natural_causes_for_two_different_people_are_no_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The smoke from the burning depot killed Tomas Ferrier.",
        "Anna Lisk, who was 90, died of natural causes on Sunday.",
    )
    assert ("causation_blame", "conflict") not in got


def test_an_order_carried_out_on_someones_orders_is_credited_to_them(checker_memory):
    got = categories(
        checker_memory,
        "The evacuation of some 900 residents was carried out on the orders of Interior Minister Pavel Oster.",
        "The evacuation of every home near the plant was ordered at 2 a.m. by the chief fire officer, Lena Marsh.",
    )
    assert ("attribution", "conflict") in got


def test_compare_evidence_points_into_the_text_given(checker_memory):
    a = "It rained all day. The Marta Bell never entered Sorvan waters."
    b = "The Marta Bell was stopped well inside Sorvan territorial waters."
    flag = next(f for f in checker_memory.compare(a, b) if f.category == "negation_denial")
    assert a[flag.evidence_a[0].start:flag.evidence_a[0].end] == "The Marta Bell never entered Sorvan waters"


def test_a_medical_cause_fits_both_accounts_of_a_death(checker_memory):
    for other in ("The smoke from the burning depot killed Tomas Ferrier.", "Tomas Ferrier died of natural causes unconnected with the fire."):
        got = categories(checker_memory, "A hospital spokesman said Tomas Ferrier had died of heart failure.", other)
        assert ("causation_blame", "conflict") not in got


def test_an_unnamed_office_holder_is_not_a_second_person(checker_memory):
    got = categories(
        checker_memory,
        "On Friday the transport minister, Paulina Drescott, announced a payment of 900 rells for every family that left.",
        "The payment of 900 rells per family, which the transport minister announced on Friday, has now reached everyone.",
    )
    assert ("attribution", "conflict") not in got


def test_a_verdict_under_investigation_is_no_verdict(checker_memory):
    got = categories(
        checker_memory,
        "Prosecutors opened an investigation on Monday into possible criminal negligence at the operator.",
        "Prosecutors opened an investigation on Monday into possible negligence at the operator.",
    )
    assert ("status_legality", "framing") not in got


def test_a_claims_office_hedges_nothing(checker_memory):
    got = categories(
        checker_memory,
        "Harl Freight, which used to be called State Freight, has opened a claims office on Market Street.",
        "Harl Freight has opened an office on Market Street for residents seeking compensation.",
    )
    assert ("certainty_hedging", "framing") not in got


def test_nobody_arrested_against_an_arrest_is_a_legal_status_conflict(checker_memory):
    got = categories(
        checker_memory,
        "Police arrested a depot foreman at the company's yard in Halven yesterday.",
        "No one has been arrested, a police spokesman said on Thursday.",
        date(2031, 9, 23), date(2031, 9, 25),
    )
    assert ("status_legality", "conflict") in got


def test_nobody_arrested_on_another_day_is_no_conflict(checker_memory):
    got = categories(
        checker_memory,
        "Police arrested two men outside the stadium on 3 May.",
        "No one was arrested at the second rally on 9 May, police said.",
        date(2031, 5, 10), date(2031, 5, 10),
    )
    assert ("status_legality", "conflict") not in got and ("negation_denial", "conflict") not in got


def test_a_name_without_a_place_preposition_is_no_scope_of_a_count(checker_memory):
    got = categories(
        checker_memory,
        "Vell's lead on Friday was put at just 1,351 votes.",
        "Ana Vell of the Civic Alliance held a lead of 2,351 votes in the race for mayor on Friday, according to provisional figures.",
        date(2027, 5, 10), date(2027, 5, 8),
    )
    assert ("number_quantity", "conflict") in got


def test_a_label_in_scare_quotes_is_the_other_sides_word(checker_memory):
    got = categories(
        checker_memory,
        'This was a toxic spill, not a "product release", whatever the refinery would like it called.',
        "The product release from the damaged tank amounted to less than 20,000 litres, the refinery said.",
    )
    assert ("naming_label", "framing") in got


def test_the_same_label_in_both_is_no_naming_difference(checker_memory):
    got = categories(
        checker_memory,
        "The toxic spill from the damaged tank reached the river on Tuesday.",
        "Anglers said the toxic spill had killed fish along the river by Tuesday.",
    )
    assert ("naming_label", "framing") not in got


def test_confirmed_against_not_said_is_certainty(checker_memory):
    got = categories(
        checker_memory,
        "Investigators have confirmed the lorry was speeding at nearly 120 km/h when it left the road.",
        "Investigators have not said how fast the lorry was travelling when it left the road.",
    )
    assert ("certainty_hedging", "framing") in got


def test_may_have_against_now_confirmed_meets_from_a_loose_likeness(checker_memory):
    got = categories(
        checker_memory,
        "It is now confirmed that a wheel bearing on the ninth wagon of the freight train ran hot and seized before the crash.",
        "The cause may have been an overheated wheel bearing, according to two people familiar with the early findings.",
    )
    assert ("certainty_hedging", "framing") in got


def test_disaster_against_incident_is_a_naming_framing(checker_memory):
    got = categories(
        checker_memory,
        "The finance ministry put the cost of the Corley disaster at $90 million on Thursday.",
        "The Corley incident killed four people, and insurers are still assessing the damage to homes.",
    )
    assert ("naming_label", "framing") in got


def test_incident_in_both_is_no_naming_difference(checker_memory):
    got = categories(
        checker_memory,
        "The finance ministry put the cost of the Corley incident at $90 million on Thursday.",
        "The Corley incident killed four people, and insurers are still assessing the damage to homes.",
    )
    assert ("naming_label", "framing") not in got


def test_two_outlets_blaming_different_culprits_in_other_words_conflict(checker_memory):
    """'Caused by X' against 'it was not X who killed them; it was Y': both name who did it, so two
    direct culprits in statements this alike are one question answered twice, whatever the wording."""
    got = categories(
        checker_memory,
        "The stampede was caused by hundreds of gatecrashers who pushed past the barriers before the concert.",
        "It was not the fans who killed six people in the crush at the concert; it was the security firm.",
        MAR26, MAR26,
    )
    assert ("causation_blame", "conflict") in got


def test_two_outlets_blaming_the_same_culprit_in_a_contrastive_cleft_is_no_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The stampede was caused by the security firm, which left the barriers unmanned before the concert.",
        "It was not the fans who killed six people at Harlow Fields; it was the security firm.",
        MAR26, MAR26,
    )
    assert "causation_blame" not in [c for c, _ in got]


def test_a_denial_tied_to_the_act_by_what_it_was_done_to_outranks_a_loose_one(extractor):
    """Specific evidence above vague likeness: 'no rounds were fired at the ferry' against 'rounds
    were fired at the ferry' shares what was fired on; against 'soldiers fired into the crowd', at
    the same cosine, only the act."""
    from checker.detect.base import Pair
    from checker.detect.negation import NegationDetector
    from checker.records import Article

    def article(key: str, text: str) -> Article:
        return Article(id=key, outlet=key.upper(), source=key, published=MAR26, text=text)

    denial_art = article("d", '"No rounds were fired, not a single one," the harbour master said.')
    tied_art = article("t", "Two rounds were fired at the ferry as it left the quay, not one.")
    loose_art = article("l", "Soldiers fired into the crowd of protesters.")
    [denial], [tied], [loose] = (extractor.extract_article(a) for a in (denial_art, tied_art, loose_art))
    detector = NegationDetector(judge=None)
    [tied_flag] = detector.detect(Pair(denial, tied, denial_art, tied_art, 0.6))
    [loose_flag] = detector.detect(Pair(denial, loose, denial_art, loose_art, 0.6))
    assert tied_flag.score > loose_flag.score


def test_an_incident_blamed_on_the_firm_and_traced_to_its_supplier_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The salmonella outbreak was caused by Pellow Foods' failure to clean its own kitchens.",
        "The infection most likely came in with a delivery of eggs from Dunmore Farms, one of Pellow's suppliers.",
        MAR26, MAR26,
    )
    assert ("causation_blame", "conflict") in got
    same = categories(
        checker_memory,
        "The salmonella outbreak was caused by Dunmore Farms, which sold contaminated eggs to Pellow Foods.",
        "The infection most likely came in with a delivery of eggs from Dunmore Farms, one of Pellow's suppliers.",
        MAR26, MAR26,
    )
    assert "causation_blame" not in [c for c, _ in same]


def test_a_place_clause_on_a_date_does_not_take_the_date_from_its_event(checker_memory):
    """'will face the committee on Wednesday, where members intend to ask ...' dates the hearing,
    not the intending: against 'questioned them on Tuesday' it is one hearing on two days."""
    hearing = ("The two ministers will face the transport committee on Wednesday, where opposition members "
               "intend to ask who signed off the contract.")
    got = categories(checker_memory, hearing,
                     "The transport committee questioned the two ministers about the contract on Tuesday.",
                     date(2031, 3, 3), date(2031, 3, 5))
    assert ("date_time", "conflict") in got
    agreeing = categories(checker_memory, hearing,
                          "The transport committee questioned the two ministers about the contract on Wednesday.",
                          date(2031, 3, 3), date(2031, 3, 6))
    assert "date_time" not in [c for c, _ in agreeing]


def test_facing_charges_against_no_one_charged_is_a_legal_status_conflict(checker_memory):
    got = categories(
        checker_memory,
        "The depot's owner is now facing criminal charges, and his office was shut on Friday.",
        "No one has been charged over the fire, a spokeswoman for the prosecutors said.",
        MAR26, MAR26,
    )
    assert ("status_legality", "conflict") in got
    choice = categories(
        checker_memory,
        "The depot's owner now faces a hard choice, and his office was shut on Friday.",
        "No one has been charged over the fire, a spokeswoman for the prosecutors said.",
        MAR26, MAR26,
    )
    assert "status_legality" not in [c for c, _ in choice]


def test_two_counts_of_one_noun_tied_by_a_clause_word_conflict(checker_memory):
    """'38 tonnes ... the hold' against 'more than 60 tonnes ... in her hold': cosine 0.42, no
    shared actor, but the same counted noun and a shared word in the figures' clauses."""
    got = categories(
        checker_memory,
        "According to the seizure notice, the hold contained 38 tonnes of hake and ling.",
        "Fisheries officers later found more than 60 tonnes of illegally caught fish in her hold.",
        MAR26, MAR26,
    )
    assert ("number_quantity", "conflict") in got


def test_figures_orders_of_magnitude_apart_are_two_counts(checker_memory):
    """'Nearly two billion' and 'roughly 20 million' are two sums (a hole, a day's withdrawals),
    however alike the sentences; 'roughly 900 million' may be the same hole misreported."""
    hole = "The hole in the lender's books is put at nearly two billion crowns."
    got = categories(checker_memory, hole, "The lender's books show savers took out roughly 20 million crowns in a single day.",
                     MAR26, MAR26)
    assert "number_quantity" not in [c for c, _ in got]
    close = categories(checker_memory, hole, "The lender's books show a hole of roughly 900 million crowns.", MAR26, MAR26)
    assert ("number_quantity", "conflict") in close


def test_information_withheld_against_confirmed_is_hedging(checker_memory):
    confirmed = "The fraud squad has confirmed that the former treasurer is a suspect in its inquiry into the club's accounts."
    got = categories(checker_memory, "The fraud squad still won't say whether the former treasurer is even a suspect.",
                     confirmed, MAR26, MAR26)
    assert ("certainty_hedging", "framing") in got
    both = categories(checker_memory, "The fraud squad still won't say whether the former treasurer is even a suspect.",
                      "The fraud squad refused to say whether the former treasurer is a suspect in its inquiry.", MAR26, MAR26)
    assert "certainty_hedging" not in [c for c, _ in both]


def test_what_others_described_as_is_a_hedge_against_the_fact(checker_memory):
    got = categories(
        checker_memory,
        "Petra Lund, a 40-year-old welder, remains in hospital with what colleagues described as a broken jaw.",
        "Petra Lund, a welder with 20 years at the yard, is in St Olaf's with a jaw broken by a security guard.",
        MAR26, MAR26,
    )
    assert ("certainty_hedging", "framing") in got


@pytest.mark.parametrize("loaded, plain", [
    ("This was a rigged election, and the town deserves to hear it said plainly.",
     "The opposition asked the court to order a recount of the disputed mayoral election in the town."),
    ("Make no mistake, this is a lockout: the crews turned up for work on Monday and were sent home.",
     "The walkout began on Monday morning at the start of the early shift."),
])
def test_contested_labels_for_elections_and_stoppages(checker_memory, loaded, plain):
    assert ("naming_label", "framing") in categories(checker_memory, loaded, plain, MAR26, MAR26)


def test_two_plain_labels_for_an_election_are_no_naming_flag(checker_memory):
    got = categories(checker_memory,
                     "The opposition asked the court to order a recount of the disputed election in the town.",
                     "The opposition asked the court to order a recount of the contested election in the town.",
                     MAR26, MAR26)
    assert "naming_label" not in [c for c, _ in got]


def test_a_verdict_against_the_same_matter_under_inquiry_is_status_framing(checker_memory):
    verdict = "The water board broke the law by failing to warn households within 24 hours that their tap water was unsafe."
    inquiry = "The drinking water inspector said she was assessing whether the water board had met the rules on warning households."
    assert ("status_legality", "framing") in categories(checker_memory, verdict, inquiry, MAR26, MAR26)
    suspected = categories(checker_memory, "What happened at the Harlow quarry is criminal negligence, plain and simple.",
                           "Prosecutors opened an investigation on Monday into possible criminal negligence.", MAR26, MAR26)
    assert ("status_legality", "framing") in suspected


def test_a_verdict_against_an_unrelated_inquiry_or_a_reported_verdict_is_no_status_flag(checker_memory):
    unrelated = categories(checker_memory,
                           "The water board broke the law by failing to warn households within 24 hours.",
                           "Auditors are assessing whether the council's new parking fees were set correctly.", MAR26, MAR26)
    assert "status_legality" not in [c for c, _ in unrelated]
    reported = categories(checker_memory,
                          "Residents said the water board broke the law by failing to warn households within 24 hours.",
                          "The inspector said she was assessing whether the water board had met the rules on warning households.",
                          MAR26, MAR26)
    assert "status_legality" not in [c for c, _ in reported]


@pytest.mark.parametrize("culprit, left_open", [
    ("The pumps failed because the contractor skipped the spring maintenance check.",
     "The cause of the pump failures has not been established."),
    ("It was the landlord's own agents who held up the reopening of the market hall on Saturday.",
     "The market hall reopened two hours late on Saturday, the council said, without giving a reason."),
    ("The ferry's engine caught fire because the crew ignored a fuel leak for a week.",
     "Why the ferry's engine caught fire remains unclear."),
])
def test_a_culprit_against_a_cause_left_open_is_causation_framing(checker_memory, culprit, left_open):
    flags = checker_memory.compare(culprit, left_open, MAR26, MAR26)
    assert [(f.category, f.kind) for f in flags] == [("causation_blame", "framing")]
    assert "cause is not known" in flags[0].explanation


def test_a_cause_left_open_for_another_incident_or_an_answered_question_is_no_flag(checker_memory):
    culprit = "The pumps failed because the contractor skipped the spring maintenance check."
    other = categories(checker_memory, culprit, "Police are investigating how the fire at the bus depot started.", MAR26, MAR26)
    assert "causation_blame" not in [c for c, _ in other]
    from checker.records import Article

    answered, amount, future = checker_memory.extractor.extract_article(Article(
        id="q", outlet="Q", source="q", published=MAR26, text=(
            "The report explained how the fire at the bus depot started.\n\n"
            "The company did not say how many jobs would go at the depot.\n\n"
            "The minister will explain tomorrow why the depot closed.")))
    assert all(f.predicate != "open cause" for s in (answered, amount, future) for f in s.frames)


def test_an_open_cause_ranks_below_a_neutral_account_of_the_same_incident(checker_memory):
    culprit = "The pumps at the Elmford station failed because the contractor skipped the spring maintenance check."
    [neutral] = checker_memory.compare(culprit, "The pumps at the Elmford station failed on Tuesday night.", MAR26, MAR26)
    [left_open] = checker_memory.compare(culprit, "The cause of the pump failures at the Elmford station has not been established.",
                                         MAR26, MAR26)
    assert left_open.category == neutral.category == "causation_blame"
    assert left_open.score < neutral.score



def test_an_incident_told_neutrally_beside_an_open_cause_keeps_the_neutral_score(checker_memory):
    culprit = "Youths on the estate torched the community bus, and it was gutted within minutes."
    [neutral] = checker_memory.compare(culprit, "The community bus caught fire on the estate.", MAR26, MAR26)
    [both] = checker_memory.compare(culprit, "The community bus caught fire on the estate, and police said the cause "
                                             "was under investigation.", MAR26, MAR26)
    assert both.category == "causation_blame" and "naming no one" in both.explanation
    assert both.score >= neutral.score - 0.05


def test_a_count_is_judged_the_same_whichever_statement_comes_first(checker_memory):
    """An event word ties two loosely alike figures only when both clauses name it: 'six people
    died' is no count of 'three spectators ... told the paper', in either order."""
    died = "Six people died in the collapse of the stand at the showground."
    told = "Three spectators and a groundsman told the paper that only two of the five exits were open."
    assert categories(checker_memory, died, told, MAR26, MAR26) == categories(checker_memory, told, died, MAR26, MAR26) == []


@pytest.mark.parametrize("a, b", [
    ("Rebel commanders started this war in March, and they planned it for months.",
     "Fighting broke out on 3 March along the northern border."),
    ("Six people died in the collapse of the stand at the showground.",
     "Three spectators and a groundsman told the paper that only two of the five exits were open."),
    ("The pumps failed because the contractor skipped the spring maintenance check.",
     "The cause of the pump failures has not been established."),
])
def test_a_pair_is_judged_the_same_in_either_order(checker_memory, a, b):
    """The candidate stage puts pairs in index order: no detector may depend on it."""
    assert sorted(categories(checker_memory, a, b, MAR26, MAR26)) == sorted(categories(checker_memory, b, a, MAR26, MAR26))


def test_a_day_the_model_leaves_outside_a_month_date_joins_it(extractor):
    """'on the morning of 27 September': the small NER model at times tags only 'September'."""
    from spacy.tokens import Span

    from checker.statements import _join_split_dates

    doc = extractor.nlp.make_doc("They started this war on the morning of 27 September.")
    doc.ents = [Span(doc, 9, 10, label="DATE")]
    _join_split_dates(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("27 September", "DATE")]
    tagged = extractor.nlp.make_doc("Of the 27 September deaths, 4 were children.")
    tagged.ents = [Span(tagged, 2, 3, label="CARDINAL"), Span(tagged, 3, 4, label="DATE")]
    _join_split_dates(tagged)
    assert [(e.text, e.label_) for e in tagged.ents] == [("27 September", "DATE")]


def test_admitting_asserted_and_denied_for_one_person_is_negation(checker_memory):
    got = categories(checker_memory, "Mayor Dalby conceded in a phone call to her rival on election night.",
                     "Mayor Dalby, who trailed by a handful of votes, has not conceded.", MAR26, MAR26)
    assert ("negation_denial", "conflict") in got
    nothing = categories(checker_memory, "The ferry's captain, Ilse Moran, admitted to inspectors that she knew the ramp was faulty.",
                         "Captain Moran has admitted nothing, her lawyer said.", MAR26, MAR26)
    assert ("negation_denial", "conflict") in nothing


def test_one_person_conceding_and_another_not_is_no_negation(checker_memory):
    got = categories(checker_memory, "Mayor Dalby conceded the race on Tuesday night.",
                     "Councillor Varga has not conceded the race, her spokesman said.", MAR26, MAR26)
    assert "negation_denial" not in [c for c, _ in got]


def test_a_date_after_two_joined_verbs_dates_the_first(extractor):
    """'opened and adjourned the inquests on Monday' opened them on Monday; 'was licensed and passed
    an inspection in April' and 'arrested two men and charged them on Saturday' date the second."""
    from checker.records import Article

    texts = ["The coroner opened and adjourned the inquests into the deaths on Monday.",
             "The ferry was fully licensed and passed an inspection in April.",
             "Police arrested two men and charged them on Saturday."]
    anchors = [[d.anchor for d in s.dates] for s in extractor.extract_article(Article(
        id="j", outlet="J", source="j", published=MAR26, text="\n\n".join(texts)))]
    assert anchors == [["open"], ["pass"], ["charge"]]


def test_stepping_back_and_being_taken_off_duty_are_one_event_for_dates(checker_memory):
    got = categories(checker_memory,
                     "The fire chief, Commander Lena Hask, stepped back from operational duties on Thursday at her own request.",
                     "Hask was taken off duty on Friday, and she has not spoken in public since.", MAR26, MAR26)
    assert ("date_time", "conflict") in got


def test_unnamed_sources_and_may_be_are_hedges(checker_memory):
    unnamed = categories(
        checker_memory,
        "The order to close the bridge came from the duty engineer, Petra Olsen, according to two people who saw the log.",
        "It was the duty engineer, Petra Olsen, who gave the order to close the bridge.", MAR26, MAR26)
    assert ("certainty_hedging", "framing") in unnamed
    may_be = categories(
        checker_memory,
        "Laboratory tests confirmed that the bacteria in the cooling tower matched the strain found in patients.",
        "Bacteria found in the cooling tower may be the same strain that made people sick, according to staff who work there.",
        MAR26, MAR26)
    assert ("certainty_hedging", "framing") in may_be


def test_a_named_official_source_is_no_hedge(checker_memory):
    got = categories(
        checker_memory,
        "The order to close the bridge came from the duty engineer, Petra Olsen, according to the city's transport director.",
        "It was the duty engineer, Petra Olsen, who gave the order to close the bridge.", MAR26, MAR26)
    assert "certainty_hedging" not in [c for c, _ in got]


WAGONS = "Halden Freight has cut wagon inspections to the bone."


def test_a_denial_that_calls_the_claim_untrue_answers_it(checker_memory):
    got = categories(checker_memory,
                     "Its owners have not cut a single inspection, and any suggestion otherwise is untrue, a spokesman said.",
                     WAGONS, MAR26, MAR26)
    assert ("negation_denial", "conflict") in got


def test_a_first_person_denial_answers_the_claim(checker_memory):
    assert ("negation_denial", "conflict") in categories(
        checker_memory, "We have not cut a single inspection, he said.", WAGONS, MAR26, MAR26)
    hidden = categories(checker_memory, "“We never hid the test results from the parents,” the head teacher said.",
                        "The results had been withheld for months, an inspector found.", MAR26, MAR26)
    assert ("negation_denial", "conflict") in hidden  # 'hid' and 'withheld': one act


def test_a_loose_negation_by_someone_else_is_no_answer(checker_memory):
    for text in ("Its owners have not cut a single inspection, a spokesman said.",
                 "Dockside managers have not cut a single inspection, he said."):
        assert "negation_denial" not in [c for c, _ in categories(checker_memory, text, WAGONS, MAR26, MAR26)]


def test_what_ought_not_to_happen_is_no_negation(checker_memory):
    got = categories(checker_memory, "Unions argued that allies should not block defence trade with one another.",
                     "Ottawa blocked defence exports to two allies in October.", MAR26, MAR26)
    assert "negation_denial" not in [c for c, _ in got]


RANSOM = ("A group calling itself the Red Hand said on Friday that it was holding the engineer at a farm in the hills, "
          "and demanded a ransom of 40 bitcoin, worth about {} million dollars at current prices.")


def test_a_sum_restated_in_other_money_counts_in_the_same_event(checker_memory):
    got = categories(checker_memory, "The kidnappers had demanded 2 million dollars.", RANSOM.format("1.2"), MAR26, MAR26)
    assert ("number_quantity", "conflict") in got
    same = categories(checker_memory, "The kidnappers had demanded 2 million dollars.", RANSOM.format("2.1"), MAR26, MAR26)
    assert "number_quantity" not in [c for c, _ in same]  # within rounding of the conversion


def test_a_light_verb_dates_the_event_it_carries(checker_memory):
    got = categories(checker_memory,
                     "The state has run the airline since Sunday 4 May, when officials completed the takeover overnight.",
                     "The government took control of Skyway Air on Monday, handing it to the state holding company.",
                     date(2025, 5, 7), date(2025, 5, 7))
    assert ("date_time", "conflict") in got


def test_a_year_bound_with_a_when_clause_dates_no_event(checker_memory):
    got = categories(checker_memory, "The stadium was called Elm Park until 2019, when a brewery bought the naming rights.",
                     "Halden Leisure, which has run the stadium since buying it from the council in 2017, declined to comment.",
                     MAR26, MAR26)
    assert "date_time" not in [c for c, _ in got]


def test_an_order_against_the_same_act_done_of_own_will_is_attribution(checker_memory):
    got = categories(checker_memory,
                     "Health Secretary Mara Quint ordered Fenwick General on Friday to close its emergency ward to new patients.",
                     "Fenwick General said it closed its emergency ward to new patients on Friday of its own accord, "
                     "before any instruction from the ministry.", MAR26, MAR26)
    assert ("attribution", "framing") in got


def test_an_order_and_a_voluntary_act_a_year_apart_are_two_acts(checker_memory):
    got = categories(checker_memory, "The health minister ordered the hospital to close its emergency ward on Friday.",
                     "The hospital closed its maternity ward voluntarily last year.", MAR26, MAR26)
    assert "attribution" not in [c for c, _ in got]


SWAB = "Halloran's kept selling contaminated meat illegally for days after the first positive swab, and not one shop was warned."


def test_someone_told_in_the_passive_is_no_speaker(extractor):
    from checker.records import Article

    [statement] = extractor.extract_article(Article(id="w", text=SWAB, outlet="o", source="w", published=MAR26))
    assert not statement.attributed and not statement.speaker_key  # the outlet's own voice: no shop said it


def test_a_verdict_meets_a_loosely_similar_statement_of_the_same_particulars(checker_memory):
    got = categories(checker_memory, SWAB, "The firm went on shipping for five days after the first positive swab, "
                                           "according to inspection records.", MAR26, MAR26)
    assert ("status_legality", "framing") in got
    other = categories(checker_memory, SWAB, "Halloran's recalled its sausages and cooked meats on Friday.", MAR26, MAR26)
    assert "status_legality" not in [c for c, _ in other]  # loosely similar, no particulars in common


def test_a_culprit_against_no_evidence_of_its_class_is_a_causation_conflict(checker_memory):
    state = categories(checker_memory, "Hackers working for the Dravish government caused the outage, the minister said.",
                       "The operator said there was no sign that any foreign government was involved in the outage.",
                       MAR26, MAR26)
    assert ("causation_blame", "conflict") in state
    union = categories(checker_memory, "Union members started the fire at the depot, the company said.",
                       "Police found no evidence that the union was behind the fire.", MAR26, MAR26)
    assert ("causation_blame", "conflict") in union


def test_no_evidence_against_another_culprit_is_no_conflict(checker_memory):
    got = categories(checker_memory, "Union members started the fire at the depot, the company said.",
                     "Police found no evidence that the contractor was behind the fire.", MAR26, MAR26)
    assert "causation_blame" not in [c for c, _ in got]


def test_two_culprits_naming_no_incident_answer_one_question(checker_memory):
    got = categories(checker_memory, "It was Pemberton's negligence, and Pemberton's alone, that opened the door.",
                     "Years of cuts by Mina Okafor's housing ministry left the tenants defenceless, and families are now paying the price.",
                     MAR26, MAR26)
    assert ("causation_blame", "conflict") in got


def test_two_culprits_of_two_named_incidents_are_no_conflict(checker_memory):
    got = categories(checker_memory, "Pemberton was to blame for the broken lift.",
                     "The council was to blame for the rent rise.", MAR26, MAR26)
    assert "causation_blame" not in [c for c, _ in got]


NO_ARREST = "No one has been arrested over the fire, police said on Tuesday."


def test_a_passive_subject_hung_on_a_parenthesis_is_still_the_one_arrested(checker_memory):
    got = categories(checker_memory, "The guard, believed to be a student working his first shift, was arrested on Sunday night.",
                     NO_ARREST, MAR26, MAR26)
    assert ("status_legality", "conflict") in got


def test_questioned_but_not_arrested_agrees_with_no_arrest(checker_memory):
    got = categories(checker_memory, "The guard, believed to be a student working his first shift, was questioned on Sunday "
                                     "night but has not been arrested.", NO_ARREST, MAR26, MAR26)
    assert "status_legality" not in [c for c, _ in got]


def test_a_rename_loosely_tied_is_flagged_once_per_pair_of_articles(extractor):
    from checker.detect.base import Pair
    from checker.detect.naming import NamingDetector
    from checker.records import Article

    texts = {
        "link": "Brightwell Dairy, formerly Cobbet Farms, said it would cooperate with inspectors.",
        "old1": "Workers at Cobbet Farms have been sent home on half pay.",
        "old2": "Cobbet Farms sponsors the town's football club.",
        "new": "Brightwell Dairy employs about 900 people in the valley.",
        "told": "The firm called itself Cobbet Farms until it rebranded last year, and Brightwell Dairy is its name now.",
    }
    arts = {k: Article(id=k, text=t, outlet=k.upper(), source=k, published=MAR) for k, t in texts.items()}
    stmts = {k: extractor.extract_article(a)[0] for k, a in arts.items()}
    detector = NamingDetector().fit(list(stmts.values()))
    pairs = [Pair(stmts["old1"], stmts["new"], arts["old1"], arts["new"], 0.25),
             Pair(stmts["old2"], stmts["new"], arts["old2"], arts["new"], 0.2),
             Pair(stmts["old2"], stmts["told"], arts["old2"], arts["told"], 0.25),
             Pair(stmts["old1"], stmts["new"], arts["old1"], arts["new"], 0.1)]
    found = detector.detect_many(pairs)
    assert [len(f) for f in found] == [1, 1, 0, 0]  # one per pair of articles; not the sentence that tells the rename
    same_articles = [Pair(stmts["old1"], stmts["new"], arts["old1"], arts["new"], 0.25),
                     Pair(stmts["old2"], stmts["new"], arts["old1"], arts["new"], 0.2)]
    assert [len(f) for f in detector.detect_many(same_articles)] == [1, 0]  # the closest pair only


def test_out_of_action_against_in_working_order_is_a_negation_conflict(checker_memory):
    got = categories(checker_memory, "The lifts at the station were out of action on Friday, passengers said.",
                     "The lifts at the station were working normally on Friday, the operator said.", MAR26, MAR26)
    assert ("negation_denial", "conflict") in got


def test_out_of_action_in_june_and_working_on_friday_are_two_times(checker_memory):
    got = categories(checker_memory, "The lifts at the station were out of action for a week in June.",
                     "The lifts at the station were working normally on Friday, the operator said.", MAR26, MAR26)
    assert "negation_denial" not in [c for c, _ in got]


@pytest.mark.parametrize("text", ["The minister, who said the port was safe, resigned on Friday.",
                                  "Police arrested a man who claimed the fire was an accident."])
def test_a_reporting_verb_in_a_relative_clause_does_not_attribute_the_sentence(extractor, text):
    from checker.records import Article

    [statement] = extractor.extract_article(Article(id="r", text=text, outlet="o", source="r", published=MAR26))
    assert not statement.attributed  # the outlet tells the resignation and the arrest itself


def test_a_reporting_verb_in_the_main_clause_still_attributes(extractor):
    from checker.records import Article

    [statement] = extractor.extract_article(Article(id="m", text="The minister said the port was safe.", outlet="o",
                                                    source="m", published=MAR26))
    assert statement.attributed and statement.speaker_key


RULING = "The decision remains subject to the court's ruling."


def test_a_result_declared_final_against_one_before_a_court_is_status_framing(checker_memory):
    assert ("status_legality", "framing") in categories(checker_memory, "The council's decision is final.", RULING, MAR26, MAR26)


@pytest.mark.parametrize("text", ["The final decision is expected on Friday.", "The council's decision is final, a spokesman said."])
def test_a_final_word_or_a_quoted_finality_is_no_verdict(checker_memory, text):
    assert "status_legality" not in [c for c, _ in categories(checker_memory, text, RULING, MAR26, MAR26)]


INTERCEPTED = "The Marisa was intercepted early on Tuesday, about nine miles off the coast, a navy spokesman said."


def test_coming_alongside_and_intercepting_are_one_event_to_date(checker_memory):
    got = categories(checker_memory, "The patrol boat came alongside the Marisa late on Monday, the skipper's family said.",
                     INTERCEPTED, MAR26, MAR26)
    assert ("date_time", "conflict") in got


def test_coming_back_to_port_is_no_interception(checker_memory):
    got = categories(checker_memory, "The patrol boat came back to port late on Monday, the skipper's family said.",
                     INTERCEPTED, MAR26, MAR26)
    assert "date_time" not in [c for c, _ in got]


INTRUDERS = "Investigators are still working to establish how the intruders got in."


def test_a_culprit_naming_no_incident_against_an_open_cause_is_causation_framing(checker_memory):
    got = categories(checker_memory, "It was Pemberton's negligence, and Pemberton's alone, that opened the door.", INTRUDERS,
                     MAR26, MAR26)
    assert ("causation_blame", "framing") in got


def test_a_culprit_of_another_named_incident_against_an_open_cause_is_no_framing(checker_memory):
    got = categories(checker_memory, "Pemberton was to blame for the broken lift, tenants said.", INTRUDERS, MAR26, MAR26)
    assert "causation_blame" not in [c for c, _ in got]


def test_being_warned_is_receiving_a_warning(checker_memory):
    got = categories(checker_memory, "Halden Ferries had never received any warning about the ramp before the accident, its chief executive said.",
                     "Halden Ferries was warned in writing twice last year by a senior engineer, according to letters seen by the Courier.",
                     MAR26, MAR26)
    assert ("negation_denial", "conflict") in got


def test_warned_that_is_reporting_not_an_act(extractor):
    from checker.records import Article

    [statement] = extractor.extract_article(Article(id="w", text="Residents were warned that the ramp could fail.", outlet="o",
                                                    source="w", published=MAR26))
    assert not [f for f in statement.frames if f.role == "act" and f.predicate.startswith("warn")]


@pytest.mark.parametrize("a, b, clash", [
    ("The youngest of the dead was a boy of just 11.", "Corin Dask, 14, from Elmbridge, was the youngest of them.", True),
    ("Among those killed was a 12-year-old girl, the youngest victim.", "The youngest, aged 16, was a schoolboy from Tarn.", True),
    ("The youngest of the dead was a boy of just 11.", "The youngest of the injured, a girl of 14, is still in hospital.", False),
    ("Corin Dask, 14, was among the dead.", "Mira Tolland, 11, was among the dead.", False),
])
def test_the_age_of_the_youngest_is_one_figure(checker_memory, a, b, clash):
    """A superlative picks out one person, so their two ages clash however unlike the sentences;
    the youngest injured is someone else, and an age without a superlative could be anyone's."""
    got = categories(checker_memory, a, b, MAR26, MAR26)
    assert (("number_quantity", "conflict") in got) is clash


@pytest.mark.parametrize("a, b, category, flagged", [
    # a cleft with a verb of finding out credits the finding, not the problem
    ("It was the council's own engineers who first spotted the braking problem.",
     "The brakes failed because the maker cut corners on its software.", "causation_blame", False),
    # failing an inspection is a verdict on the thing, not an incident
    ("The ferries sank because Tolmar Marine skipped its repairs.",
     "More than 40 of the fleet's older ferries had failed their safety inspections last year, the ministry said.",
     "causation_blame", False),
    # 'no arrests have been made' is arresting, negated
    ("No one has been charged and no arrests have been made.",
     "Police raided the firm's Dolsk offices on Monday and arrested two directors.", "status_legality", True),
    # scrapping is cancelling
    ("The government froze further payments under the contract on Thursday but has not cancelled it.",
     "On Thursday the prime minister scrapped the contract.", "negation_denial", True),
])
def test_acts_told_with_other_words(checker_memory, a, b, category, flagged):
    got = [c for c, _ in categories(checker_memory, a, b, MAR26, MAR26)]
    assert (category in got) is flagged, got


@pytest.mark.parametrize("a, b, clash", [
    ("By then 71.2 million dukats had already been paid to the supplier as an advance.",
     "Taxpayers were overcharged by 51.7 million dukats on the supplier's contract.", False),
    ("The supplier reported revenue of 38.2 million dukats in 2031.",
     "The state may have overpaid the supplier by up to 51.7 million dukats.", False),
    ("The audit found the state overpaid the supplier by as much as 51.7 million dukats.",
     "The supplier's friends pocketed 60 million dukats in kickbacks on the deal.", True),
])
def test_sums_of_money_paid_overpaid_and_earned_are_different_counts(checker_memory, a, b, clash):
    """An advance, an overpayment and a year's revenue are three sums, however alike the sentences."""
    got = categories(checker_memory, a, b, MAR26, MAR26)
    assert (("number_quantity", "conflict") in got) is clash


def test_a_season_that_describes_a_noun_is_no_date(extractor):
    from checker.records import Article

    [winter] = extractor.extract_article(Article(id="s", text="Hundreds of buses failed their winter safety checks.", outlet="o",
                                                 source="s", published=MAR26))
    [sunday] = extractor.extract_article(Article(id="v", text="The Sunday vote went ahead despite the storm.", outlet="o",
                                                 source="v", published=MAR26))
    assert not winter.dates and sunday.dates


@pytest.mark.parametrize("a, b, clash", [
    ("Fewer than one in ten of the buses delivered have been affected, the ministry said.",
     "Nineteen of the 64 buses delivered so far were taken off the road.", True),
    ("About one in three of the buses delivered have been affected, the ministry said.",
     "Nineteen of the 64 buses delivered so far were taken off the road.", False),
])
def test_a_share_meets_a_part_of_a_whole(checker_memory, a, b, clash):
    """'One in ten' is a tenth, not ten buses: against '19 of the 64' (30 %) it clashes, 'about one
    in three' does not."""
    got = categories(checker_memory, a, b, MAR26, MAR26)
    assert (("number_quantity", "conflict") in got) is clash


def test_the_road_not_taken_is_neither_asserted_nor_denied(checker_memory):
    """'Froze payments rather than cancel the contract' does not say the contract was cancelled."""
    got = categories(checker_memory, "The government froze further payments under the contract on Thursday but has not cancelled it.",
                     "The government's decision on Thursday to freeze payments, rather than cancel the contract, leaves suppliers in limbo.",
                     MAR26, MAR26)
    assert "negation_denial" not in [c for c, _ in got]


@pytest.mark.parametrize("a, b, clash", [
    ("Ministry officials said the contract was awarded after more than 300 diesel buses failed inspection in January.",
     "The contract, for 214 electric buses, was signed on February 9.", False),
    ("The fire at the town hall killed nine people.", "Twelve local people lost their lives when the town hall burned.", True),
])
def test_figures_of_two_kinds_of_one_thing_do_not_clash(checker_memory, a, b, clash):
    """'Diesel buses' and 'electric buses' are two counts; 'local people' may be all the people."""
    got = categories(checker_memory, a, b, MAR26, MAR26)
    assert (("number_quantity", "conflict") in got) is clash


def test_never_disclosing_is_hiding(checker_memory):
    """'Never disclosed that X owned it' keeps it hidden, against 'has never hidden the connection';
    'disclosed the connection' is no hiding at all."""
    hidden = "The minister has never hidden her family connection to the bus maker."
    got = categories(checker_memory, hidden, "The minister never disclosed that her brother-in-law owned the bus maker.", MAR26, MAR26)
    told = checker_memory.compare(hidden, "The minister disclosed in 2030 that her brother-in-law owned the bus maker.", MAR26, MAR26)
    assert ("negation_denial", "conflict") in got
    # (the contradiction model, a separate judge, wrongly reads this pair as a contradiction)
    assert not [f for f in told if "says it happened" in f.explanation]


def test_the_same_figure_hedged_and_stated_is_certainty_framing(checker_memory):
    """The same sum told as 'may have' by one outlet and as fact by another shares its figure,
    which counts as much as a shared word."""
    got = categories(checker_memory, "The audit office estimates the state may have overpaid by up to 51.7 million dukats.",
                     "Taxpayers were overcharged by 51.7 million dukats.", MAR26, MAR26)
    assert ("certainty_hedging", "framing") in got


def test_a_rename_links_bodies_not_months_places_or_a_namesake(extractor):
    from checker.aliases import AliasFinder
    from checker.records import Article

    text = ("The supplier, Corvane Fleet Services of Ostby, until March traded as Dallin Motors.\n\n"
            "Corvane renamed itself in early April, dropping the Dallin Motors name.\n\n"
            "Its owner, Piet Dallin, did not comment.")
    statements = extractor.extract_article(Article(id="a", outlet="A", source="a", published=MAR26, text=text))
    groups = AliasFinder(("renamed", "traded as")).fit(statements).groups
    assert {frozenset(g.names) for g in groups} == {frozenset({"Corvane Fleet Services", "Dallin Motors"}),
                                                     frozenset({"Corvane", "Dallin Motors"})}
    # 'Dallin' alone is the owner's surname here, so it is no form of the company's old name
    assert all("Dallin" not in g.forms[1] for g in groups)
    assert "Corvane" in groups[0].forms[0]


def test_a_dated_decision_to_act_dates_the_act(checker_memory):
    """'the decision on Monday to open an inquiry' dates the opening; a decision with no act named
    ('the decision on Monday surprised them') keeps its own word."""
    decided = "Officials called the regulator's decision on Monday to open a formal inquiry a routine step."
    reported = "The regulator opened a formal inquiry into the contract on Wednesday, its spokesman said."
    got = categories(checker_memory, decided, reported, MAR26, MAR26)
    assert ("date_time", "conflict") in got
    undecided = "Officials called the regulator's decision on Monday a routine step."
    assert "date_time" not in [c for c, _ in categories(checker_memory, undecided, reported, MAR26, MAR26)]


def test_one_finding_credited_to_two_finders_is_attribution(checker_memory):
    """Inspectors of two different bodies are two finders; a cleft names the finder even when a
    relative clause about someone else comes between."""
    ministry = "It was the transport ministry's own engineers who first spotted the cracked axles."
    agency = "The cracked axles were found by engineers from the National Rail Safety Board, who began checking the fleet in May."
    assert ("attribution", "conflict") in categories(checker_memory, ministry, agency, MAR26, MAR26)
    lab = "The health officer said the first cases were detected by a hospital laboratory in Dunmore in early June."
    nurse = "It was Ada Crane, a retired nurse who lives near the dairy, who first noticed that her neighbours had fallen ill."
    assert ("attribution", "conflict") in categories(checker_memory, lab, nurse, MAR26, MAR26)


def test_one_finder_or_an_unnamed_one_is_no_attribution_clash(checker_memory):
    same = "Engineers from the National Rail Safety Board found the cracked axles during checks in May."
    agency = "The cracked axles were found by engineers from the National Rail Safety Board, who began checking the fleet in May."
    assert "attribution" not in [c for c, _ in categories(checker_memory, same, agency, MAR26, MAR26)]
    unnamed = "The cracked axles were found during routine checks in May."
    assert "attribution" not in [c for c, _ in categories(checker_memory, unnamed, agency, MAR26, MAR26)]
    whose = "Safety engineers have now found cracked axles on several of the new trains."  # whose engineers?
    assert "attribution" not in [c for c, _ in categories(checker_memory, whose, agency, MAR26, MAR26)]
    found = "Cracked axles found on the trains may explain the derailment, according to drivers."  # found by no one named
    assert "attribution" not in [c for c, _ in categories(checker_memory, found, agency, MAR26, MAR26)]


def test_no_one_a_suspect_against_a_named_person_under_investigation_is_a_status_conflict(checker_memory):
    """'No one has been named as a suspect' denies it of everyone in the story, so it meets a
    statement that puts a named person under criminal investigation however unlike the two are."""
    nobody = "A spokeswoman for the prosecutor said no one has been named as a suspect at this stage."
    named = "Transport minister Ella Varga is now the subject of a criminal investigation."
    assert ("status_legality", "conflict") in categories(checker_memory, nobody, named, MAR26, MAR26)
    thing = "The tender is now the subject of a criminal investigation."  # a contract under inquiry names no suspect
    assert "status_legality" not in [c for c, _ in categories(checker_memory, nobody, thing, MAR26, MAR26)]



@pytest.mark.parametrize("loaded, neutral", [
    ("Corvane Marine is little more than a front company for the harbour master's family.",
     "Corvane Marine, a boatbuilder employing 90 people, is a company owned by the harbour master's family."),
    ("The 4 million slush fund paid out to the harbour master's family has vanished.",
     "The port authority paid the harbour master's family firm an advance of 4 million."),
    ("The leak came from a disgruntled official who had been refused a pay rise, insiders say.",
     "Campaigners thanked the courageous port official who blew the whistle on the contract."),
    ("Activists staged a noisy protest at the harbour gates on Saturday night.",
     "Some 150 residents held a candlelight vigil at the harbour gates on Saturday night."),
    ("A cluster of salmonella cases in the harbour district has worried restaurant owners.",
     "Health officials declared a salmonella outbreak in the harbour district on Friday."),
])
def test_loaded_labels_for_a_firm_money_a_whistleblower_a_gathering_and_an_outbreak(checker_memory, loaded, neutral):
    """General news labels: 'front company', 'slush fund', 'disgruntled official', 'noisy
    protest' and 'cluster of cases' against the plain word for the same thing."""
    assert ("naming_label", "framing") in categories(checker_memory, loaded, neutral, MAR26, MAR26)


@pytest.mark.parametrize("a, b", [
    ("Corvane Marine, a boatbuilder employing 90 people, won the contract.", "The company that won the contract employs 90 people."),
    ("The port authority paid an advance of 4 million to the boatbuilder.", "The boatbuilder received a payment of 4 million from the port authority."),
    ("Some 150 residents held a candlelight vigil at the harbour gates.", "Some 150 residents held a protest at the harbour gates."),
])
def test_two_plain_labels_are_no_naming_framing(checker_memory, a, b):
    assert "naming_label" not in [c for c, _ in categories(checker_memory, a, b, MAR26, MAR26)]


def test_make_no_mistake_against_remains_unclear_is_certainty_framing(checker_memory):
    sure = "Make no mistake: the harbour master knew all along who would win the contract."
    open_ = "Whether the harbour master knew who would win the contract before the tender closed remains unclear."
    assert ("certainty_hedging", "framing") in categories(checker_memory, sure, open_, MAR26, MAR26)
    also_open = "It is still unclear whether the harbour master knew who would win the contract."
    assert "certainty_hedging" not in [c for c, _ in categories(checker_memory, also_open, open_, MAR26, MAR26)]


def test_machines_that_broke_down_and_scanners_that_failed_are_one_count(checker_memory):
    """'More than 30 machines broke down' and '14 scanners failed': one count of failed voting
    machines, told with two nouns and two verbs."""
    many = "More than 30 of the county's voting machines broke down on election day."
    few = "The election office said 14 scanners had failed on election day, all in the northern wards."
    assert ("number_quantity", "conflict") in categories(checker_memory, many, few, MAR26, MAR26)


def test_failed_inspections_are_no_count_of_withdrawn_vehicles(checker_memory):
    """'300 old trams failed their inspections' counts another set than '12 trams withdrawn'."""
    failed = "More than 300 old trams had failed their safety inspections last winter, the city said."
    withdrawn = "Twelve trams were withdrawn from service last week after inspectors found faulty brakes."
    assert "number_quantity" not in [c for c, _ in categories(checker_memory, failed, withdrawn, MAR26, MAR26)]


def test_a_bare_toll_is_a_toll_though_the_incident_failed_nearer(checker_memory):
    """'The number of people killed when the bridge failed rose to 14': the bare 14 counts the
    dead, not what failed, so it meets another paper's 11 killed."""
    rose = "The number of people killed when the Dunmore Bridge failed on Saturday rose to 14 on Monday."
    eleven = "The Dunmore Bridge collapse killed 11 people, and insurers are still counting the damage."
    assert ("number_quantity", "conflict") in categories(checker_memory, rose, eleven, MAR26, MAR26)


def test_a_quantity_cut_by_one_paper_and_risen_in_another_is_a_number_conflict(checker_memory):
    """'Slashed the flood defence budget in 2025' against 'spending on flood defences has risen
    every year since 2024': one quantity, two directions, the same years."""
    cut = "The council slashed the flood defence budget of its coastal towns by a quarter in 2025."
    rose = "The council said spending on flood defences had risen every year since 2024."
    assert ("number_quantity", "conflict") in categories(checker_memory, cut, rose, MAR26, MAR26)


@pytest.mark.parametrize("other", [
    "The council said spending on flood defences had risen again in 2025.",  # the same direction
    "The council said spending on flood defences had risen every year between 2015 and 2019.",  # other years
    "The council said the number of visitors to its coastal towns had risen every year since 2024.",  # another quantity
    "The council said it plans to raise spending on flood defences next year.",  # a plan, not a trend
])
def test_trends_that_fit_together_are_no_conflict(checker_memory, other):
    cut = "The council increased the flood defence budget of its coastal towns by a quarter in 2025."
    if "plans" in other or "visitors" in other:
        cut = "The council slashed the flood defence budget of its coastal towns by a quarter in 2025."
    assert "number_quantity" not in [c for c, _ in categories(checker_memory, cut, other, MAR26, MAR26)]


def test_trend_frames_name_what_moved(extractor):
    from checker.records import Article

    text = "Spending on cyber security rose sharply.\n\nThe number of visitors dropped.\n\nThe mayor wants to cut taxes."
    statements = extractor.extract_article(Article(id="t", text=text, outlet="O", source="s", published=MAR26))
    trends = [[(f.predicate, f.theme) for f in s.frames if f.role == "trend"] for s in statements]
    assert trends == [[("up", "cyber security spending")], [("down", "visitor")], []]


def test_one_verb_dating_two_decisions_is_no_date_conflict(checker_memory):
    """'The lease was signed on 9 May' against 'the mayor signed the planning permit on 5 May, and
    her deputy then signed the lease': the 5 May signing is of another document."""
    lease = "The harbour lease was signed on 9 May by Deputy Mayor Piet Orlov."
    permit = "Mayor Anna Wetter signed the planning permit on 5 May, and Deputy Mayor Piet Orlov then signed the harbour lease."
    assert "date_time" not in [c for c, _ in categories(checker_memory, lease, permit, MAR26, MAR26)]
    later = "Deputy Mayor Piet Orlov signed the harbour lease on 19 May."
    assert ("date_time", "conflict") in categories(checker_memory, lease, later, MAR26, MAR26)


def _first_statement(extractor, text, outlet):
    """The first statement of a one-outlet article, with its article."""
    from checker.records import Article

    art = Article(id=outlet, text=text, outlet=outlet, source=outlet, published=MAR26)
    return extractor.extract_article(art)[0], art


def test_a_verdict_meets_a_loosely_similar_telling_only_through_shared_particulars(extractor):
    """Below the verdict cosine, 'kept selling it illegally for days after the first positive
    test' meets 'went on shipping for five days after the first positive swab' (the same
    particulars), but not a sentence that shares no more than a place, one word and a figure
    inside another ('200' in '3,200')."""
    from checker.detect.base import Pair
    from checker.detect.status import StatusDetector

    verdict = _first_statement(extractor, "The dairy kept selling contaminated cheese illegally for days after the first positive test.", "A")
    same = _first_statement(extractor, "The company went on shipping cheese for five days after the first positive swab, records show.", "B")
    blockade = _first_statement(extractor, "About 200 protesters mounted an illegal blockade of the Norvik depot, keeping staff inside.", "C")
    residents = _first_statement(extractor, "About 3,200 residents of Norvik were told to leave their homes, and staff at two schools opened shelters.", "D")
    detector = StatusDetector()
    assert [f.category for f in detector.detect(Pair(verdict[0], same[0], verdict[1], same[1], 0.4))] == ["status_legality"]
    assert not detector.detect(Pair(blockade[0], residents[0], blockade[1], residents[1], 0.4))


def test_blaming_the_faults_on_a_supplier_is_an_account_of_their_cause(checker_memory):
    """'The operator blamed the signal faults on a patch supplied by its contractor' and 'the
    signals failed because the operator skimped on maintenance': two culprits for one failure."""
    supplier = "Norail blamed the signal faults on a software patch supplied by its contractor, Delta Systems."
    operator = "The signals failed because Norail skimped on maintenance to save money."
    assert ("causation_blame", "conflict") in categories(checker_memory, supplier, operator, MAR26, MAR26)
    weather = "Norail blamed the signal faults on the freezing weather."  # a cause, but no one to blame
    assert ("causation_blame", "conflict") not in categories(checker_memory, weather, operator, MAR26, MAR26)
    # the explanation names the faults and the culprit, not the clause the parser took for a noun phrase
    corners = "Those trains failed because Veltra cut corners to fatten its margin on an inflated price."  # misparsed
    veltra = "Veltra blamed the brake faults on a software patch supplied by its contractor, Delta Systems."
    flag = next(f for f in checker_memory.compare(veltra, corners, MAR26, MAR26) if f.category == "causation_blame")
    assert "('the brake faults')" in flag.explanation and flag.explanation.endswith("blames Veltra.")


def test_two_limits_of_one_guarantee_are_a_number_conflict(checker_memory):
    """'Only the first 20,000 crowns in each account is insured' against 'balances are insured up
    to 75,000 crowns': 'up to' states the limit itself, not a bound the other figure fits under."""
    low = "Under the scheme only the first 20,000 crowns in each account is insured, leaving many savers exposed."
    high = "Balances are insured up to 75,000 crowns per saver by the national deposit scheme."
    assert ("number_quantity", "conflict") in categories(checker_memory, low, high, MAR26, MAR26)
    same = "Savers with up to 75,000 crowns in the bank are insured by the national deposit scheme."
    assert "number_quantity" not in [c for c, _ in categories(checker_memory, same, high, MAR26, MAR26)]
    under = "A saver with 20,000 crowns in the bank will get all of it back, the scheme said."  # a balance, not a limit
    assert "number_quantity" not in [c for c, _ in categories(checker_memory, under, high, MAR26, MAR26)]


def test_a_sentence_that_links_two_names_but_opens_on_the_old_one_has_chosen_it(extractor):
    """'Marlow Gas, as most people here still call the firm renamed Eastern Energy in 2021, ...'
    states the link, yet the outlet leads with the old name: against 'Eastern Energy said ...' that
    is a naming choice. 'Eastern Energy, formerly Marlow Gas, ...' opens on the current name and
    names the old one only to explain it."""
    from checker.detect.base import Pair
    from checker.detect.naming import NamingDetector

    old_first = _first_statement(extractor, "Marlow Gas, as most people here still call the firm renamed Eastern Energy in 2021, "
                          "has promised to pay for the repairs.", "A")
    current = _first_statement(extractor, "Eastern Energy said it would pay for the repairs to the damaged houses.", "B")
    explained = _first_statement(extractor, "Eastern Energy, formerly Marlow Gas, has promised to pay for the repairs.", "C")
    detector = NamingDetector().fit([old_first[0], current[0], explained[0]])
    flags = detector.detect(Pair(old_first[0], current[0], old_first[1], current[1], 0.7))
    assert [f.category for f in flags] == ["naming_label"]
    assert "Marlow Gas" in flags[0].explanation and "Eastern Energy" in flags[0].explanation
    assert not detector.detect(Pair(explained[0], current[0], explained[1], current[1], 0.7))


def test_not_a_single_ticket_more_than_allowed_denies_overselling_not_selling(checker_memory):
    """'We did not sell a single ticket more than the arena can hold' (or 'a ticket too many')
    denies overselling: it clashes with 'sold more tickets than the arena could hold', not with
    '18,200 tickets were sold'."""
    denial = "We did not sell a single ticket more than this arena can safely hold, the promoter said."
    oversold = "The promoter sold more tickets than the arena could hold, whatever it now claims."
    counted = "Organisers said 18,200 tickets had been sold for the concert."
    assert ("negation_denial", "conflict") in categories(checker_memory, oversold, denial, MAR26, MAR26)
    assert "negation_denial" not in [c for c, _ in categories(checker_memory, counted, denial, MAR26, MAR26)]
    too_many = "The promoter still says it did not sell a ticket too many."
    assert ("negation_denial", "conflict") in categories(checker_memory, oversold, too_many, MAR26, MAR26)


def test_more_than_a_figure_or_another_day_is_no_limit(extractor):
    from checker.records import Article

    text = "The promoter sold more than 18,000 tickets.\n\nPolice arrested more fans than on any night this year."
    statements = extractor.extract_article(Article(id="t", text=text, outlet="O", source="s", published=MAR26))
    acts = [f.predicate for s in statements for f in s.frames if f.role == "act"]
    assert acts == ["sell ticket", "arrest fan"]
