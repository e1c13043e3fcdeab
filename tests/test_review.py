"""checker.review: what the dashboard computes, tested without Streamlit or a browser."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from checker import export, review
from checker.errors import CheckerError
from checker.pipeline import Report
from checker.records import CATEGORIES, Article, Flag, Span, Statement, Topic
from checker.store import Store

OUTLETS = ("Alpha Post", "Beta Herald", "Gamma Wire", "Delta Times", "Epsilon News")


def _seed(store: Store, n_flags: int, articles_per_outlet: int = 2, sentences: int = 10) -> list[Flag]:
    """A store with `n_flags` active flags between statements of different outlets (no model needed)."""
    articles, statements = [], []
    for o, outlet in enumerate(OUTLETS):
        for k in range(articles_per_outlet):
            aid = f"art-{o}-{k}"
            texts = [f"{outlet} sentence {i} says {i + o} people died near the dam." for i in range(sentences)]
            text = " ".join(texts)
            articles.append(Article(id=aid, text=text, outlet=outlet, source=f"{aid}.txt", title=f"{outlet} headline {k}",
                                    url=f"https://example.com/{aid}"))
            pos = 0
            for i, t in enumerate(texts):
                statements.append(Statement(id=f"{aid}-s{i}", article_id=aid, index=i, start=pos, end=pos + len(t), text=t))
                pos += len(t) + 1
    store.add_articles(articles)
    store.add_statements(statements)
    flags: list[Flag] = []
    n = 0
    for i, a in enumerate(statements):
        for b in statements[i + 1:]:
            if a.article_id.split("-")[1] == b.article_id.split("-")[1]:
                continue  # same outlet
            category = CATEGORIES[n % len(CATEGORIES)]
            kind = "conflict" if n % 3 else "framing"
            score = round(1.0 - n / max(1, n_flags), 4)
            flags.append(Flag(category, kind, score, a.id, b.id, f"{category} differs ({n})",
                              (Span(0, 5),), (Span(6, 12),), detector=category))
            n += 1
            if n == n_flags:
                store.replace_flags(flags)
                return flags
    store.replace_flags(flags)
    return flags


@pytest.fixture()
def small(tmp_path):
    with Store(tmp_path / "small.db") as store:
        _seed(store, 60)
        yield store


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """10,000 synthetic flags: the size the queue must stay responsive at."""
    with Store(tmp_path_factory.mktemp("big") / "big.db") as store:
        flags = _seed(store, 10_000, articles_per_outlet=4, sentences=20)
        assert len(flags) == 10_000
        yield store


# --- options ----------------------------------------------------------------------------------------


def test_db_argument_wins_over_environment_which_wins_over_default(tmp_path):
    corpus = tmp_path / "corpus"
    assert review.app_options([], {}, corpus) == review.AppOptions(Path("checker.db"), corpus)
    assert review.app_options([], {"CHECKER_DB": "env.db"}, corpus).db == Path("env.db")
    opts = review.app_options(["--db", "arg.db", "--corpus", "x"], {"CHECKER_DB": "env.db"}, corpus)
    assert opts == review.AppOptions(Path("arg.db"), Path("x"))
    assert review.app_options(["-q", "--something-else"], {}, corpus).db == Path("checker.db")


def test_progress_runs_once_from_zero_to_one_across_stages():
    stages = ["ingest", "statements", "embed", "topics", "detect", "store"]
    points = [review.overall_progress(s, f)[0] for s in stages for f in (0.0, 0.5, 1.0)]
    assert points == sorted(points) and points[0] == 0.0 and points[-1] == 1.0
    assert review.overall_progress("done", 1.0) == (1.0, "done")


# --- filtering and pages ----------------------------------------------------------------------------


def test_each_filter_narrows_the_queue_and_keeps_rank_order(small):
    table = review.FlagTable.from_store(small)
    every = table.filter(review.FlagFilter(), {})
    assert len(every) == 60 and [r["rank"] for r in every] == list(range(1, 61))
    by_cat = table.filter(review.FlagFilter(categories=frozenset({"date_time"})), {})
    assert by_cat and all(r["category"] == "date_time" for r in by_cat)
    framing = table.filter(review.FlagFilter(kinds=frozenset({"framing"})), {})
    assert framing and all(r["kind"] == "framing" for r in framing) and len(framing) < 60
    gamma = table.filter(review.FlagFilter(outlets=frozenset({"Gamma Wire"})), {})
    assert gamma and all("Gamma Wire" in (r["a_outlet"], r["b_outlet"]) for r in gamma)
    assert any(r["b_outlet"] == "Gamma Wire" for r in gamma)  # either side counts
    scored = table.filter(review.FlagFilter(min_score=0.5, max_score=0.8), {})
    assert scored and all(0.5 <= r["score"] <= 0.8 for r in scored)


def test_text_filter_is_case_insensitive_and_needs_every_word(small):
    table = review.FlagTable.from_store(small)
    hits = table.filter(review.FlagFilter(text="BETA herald"), {})
    assert hits and all("Beta Herald" in (r["a_outlet"], r["b_outlet"]) for r in hits)
    assert table.filter(review.FlagFilter(text="beta nowhere-word"), {}) == []
    assert len(table.filter(review.FlagFilter(text="(17)"), {})) == 1  # explanation text


def test_status_filter_reads_the_verdicts_of_the_moment(small):
    table = review.FlagTable.from_store(small)
    first, second = (r["flag_id"] for r in table.rows[:2])
    review.save_verdict(small, first, "ana", status="confirmed", note="rang the ministry")
    review.save_verdict(small, second, "ben", status="dismissed")
    verdicts = review.current_verdicts(small)
    confirmed = table.filter(review.FlagFilter(statuses=frozenset({"confirmed"})), verdicts)
    assert [(r["flag_id"], r["reviewer"], r["note"]) for r in confirmed] == [(first, "ana", "rang the ministry")]
    still_open = table.filter(review.FlagFilter(statuses=frozenset({"open"})), verdicts)
    assert len(still_open) == 58 and first not in {r["flag_id"] for r in still_open}


def test_story_filter_and_fingerprint_change_with_the_analysis(small):
    small.db.execute("UPDATE articles SET story_id='story-x'")
    table = review.FlagTable.from_store(small)
    assert len(table.filter(review.FlagFilter(stories=frozenset({"story-x"})), {})) == 60
    assert table.filter(review.FlagFilter(stories=frozenset({"other"})), {}) == []
    before = review.flags_fingerprint(small)
    flags = _seed_flags_again(small)
    small.replace_flags(flags[:10])
    assert review.flags_fingerprint(small) != before


def _seed_flags_again(store: Store) -> list[Flag]:
    rows = list(store.flag_rows())
    return [Flag(r["category"], r["kind"], r["score"], r["a_statement"], r["b_statement"], r["explanation"]) for r in rows]


def test_pages_are_clamped_and_cover_every_row_once():
    rows = [{"flag_id": str(i)} for i in range(53)]
    pages = [review.paginate(rows, n, 25) for n in (1, 2, 3)]
    assert [len(p.rows) for p in pages] == [25, 25, 3] and pages[0].count == 3
    assert (pages[2].first, pages[2].last) == (51, 53)
    assert review.paginate(rows, 99, 25).number == 3 and review.paginate(rows, -4, 25).number == 1
    empty = review.paginate([], 1, 25)
    assert (empty.rows, empty.count, empty.first, empty.last) == ([], 1, 0, 0)
    assert review.page_of(rows, "30", 25) == 2 and review.page_of(rows, "nope", 25) is None


def test_filter_and_page_on_10k_flags_stay_well_under_a_second(big, record_property):
    start = time.perf_counter()
    table = review.FlagTable.from_store(big)
    load = time.perf_counter() - start
    assert len(table.rows) == 10_000
    verdicts = {r["flag_id"]: {"status": "confirmed", "note": "", "reviewer": "x", "updated_at": ""} for r in table.rows[::7]}
    filters = [
        review.FlagFilter(),
        review.FlagFilter(categories=frozenset({"date_time", "attribution"}), kinds=frozenset({"conflict"})),
        review.FlagFilter(outlets=frozenset({"Gamma Wire"}), statuses=frozenset({"open"}), min_score=0.2, max_score=0.9),
        review.FlagFilter(text="delta sentence 7"),
    ]
    timings = []
    for flt in filters * 3:
        t0 = time.perf_counter()
        rows = table.filter(flt, verdicts)
        page = review.paginate(rows, 3, 25)
        review.queue_frame(page.rows, page.rows[0]["flag_id"] if page.rows else "")
        timings.append(time.perf_counter() - t0)
    record_property("load_10k_seconds", round(load, 3))
    record_property("filter_page_10k_seconds_max", round(max(timings), 4))
    print(f"\n10k flags: load {load:.3f}s; filter+page median {statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms")
    assert max(timings) < 0.5
    assert load < 10


# --- overview -----------------------------------------------------------------------------------------


def test_outlet_category_counts_count_each_flag_for_both_outlets(small):
    rows = review.FlagTable.from_store(small).with_verdicts({})
    own = review.count_outlet_categories(rows)
    assert list(own.columns) == ["outlet", "category", "flags"] and own["flags"].sum() == 2 * len(rows)
    involved = {r["a_outlet"] for r in rows} | {r["b_outlet"] for r in rows}
    assert set(own["outlet"]) == involved and set(own["category"]) == set(CATEGORIES)
    table = review.outlet_category_counts(small, rows)  # checker.profile's table when present: the same counts
    nonzero = lambda t: sorted(map(tuple, t[t["flags"] > 0][["outlet", "category", "flags"]].values.tolist()))  # noqa: E731
    assert nonzero(table) == nonzero(own)


def test_profile_tables_long_or_wide_become_long():
    import pandas as pd

    wide = pd.DataFrame([{"outlet": "A", "date_time": 2, "attribution": 0}])
    assert review._long_counts(wide).values.tolist() == [["A", "attribution", 0], ["A", "date_time", 2]]
    long = pd.DataFrame([{"outlet": "A", "category": "date_time", "flags": 2, "extra": 1}])
    assert review._long_counts(long).values.tolist() == [["A", "date_time", 2]]
    assert review._long_counts(pd.DataFrame([{"name": "A"}])) is None


def test_story_and_topic_tables_count_outlets_and_flags(small):
    small.db.execute("UPDATE articles SET story_id='story-dam'")
    members = ("art-0-0-s0", "art-1-0-s0", "art-2-0-s3")
    small.set_topics([Topic("topic-1", members, ("Alpha Post", "Beta Herald", "Gamma Wire"), "dam, died")])
    table = review.FlagTable.from_store(small)
    rows = table.with_verdicts({})
    stories = review.story_table(small, rows)
    assert stories.loc[0, ["articles", "outlets", "flags", "story_id"]].tolist() == [10, 5, 60, "story-dam"]
    topics = review.topic_table(small, rows)
    touching = sum(1 for r in rows if {r["a_statement"], r["b_statement"]} & set(members))
    assert topics.loc[0, ["topic", "statements", "outlets", "flags"]].tolist() == ["dam, died", 3, 3, touching]
    assert review.status_counts(rows) == {"open": 60, "confirmed": 0, "dismissed": 0, "needs_check": 0}
    assert sum(review.category_counts(rows).values()) == 60


# --- pair view ----------------------------------------------------------------------------------------


def test_segments_merge_overlaps_and_ignore_spans_outside_the_text():
    text = "Fourteen died when the dam failed."
    segs = review.segments(text, [[0, 8], [5, 13], [40, 50], [20, 18], [-3, 0]])
    assert [(s.text, s.marked) for s in segs] == [("Fourteen died", True), (" when the dam failed.", False)]
    assert "".join(s.text for s in review.segments(text, [[9, 13], [0, 3]])) == text


def test_article_text_is_escaped_never_markup():
    hostile = 'Toll <script>alert("x")</script> rose <img src=x onerror=alert(1)> to 14.'
    out = review.highlight_html(hostile, [[33, 38]])
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert out.count("<mark") == 1
    row = {
        "a_outlet": "<b>Evil</b> Times", "a_published": "2024-03-02", "a_title": "<script>t()</script>",
        "a_source": "<svg onload=x>.txt", "a_url": "javascript:alert(1)", "a_text": hostile, "a_evidence": [[0, 4]],
        "explanation": "<img src=y onerror=z> differs",
    }
    card = review.side_html(row, "a") + review.explanation_html(row)
    for tag in ("<b>", "<script", "<svg", "<img", 'href="javascript'):
        assert tag not in card
    link = review.safe_link('https://ok.example/a?b=1&c="2"', "original")
    assert link.startswith('<a href="https://ok.example/a?b=1&amp;c=&quot;2&quot;"')
    assert "<a" not in review.safe_link("data:text/html,<script>", "x")
    assert review.md_escape("![x](http://e) :red[y]") == r"\!\[x\]\(http\://e\) \:red\[y\]"


def test_context_lookup_returns_neighbouring_sentences_in_order(small):
    around = review.context_sentences(small, "art-1-0", 4)
    assert [(s.index, s.focus) for s in around] == [(2, False), (3, False), (4, True), (5, False), (6, False)]
    assert review.context_sentences(small, "art-1-0", 0, radius=1)[0].focus
    html_out = review.context_html(around, [[0, 4]])
    assert html_out.count("ck-focus") == 1 and "<mark" in html_out
    row = {"a_article": "art-1-0", "a_index": 4, "a_evidence": [[0, 4]], "b_article": "gone", "b_index": 0, "b_evidence": []}
    assert review.context_block(small, row, "a") == html_out
    assert "No surrounding sentences" in review.context_block(small, row, "b")


def test_other_outlets_on_the_same_topic(small):
    small.set_topics([Topic("t", ("art-0-0-s0", "art-1-0-s0", "art-2-0-s3", "art-3-1-s1"), OUTLETS[:4])])
    row = {"a_statement": "art-0-0-s0", "b_statement": "art-1-0-s0", "a_article": "art-0-0", "b_article": "art-1-0"}
    others = review.topic_neighbours(small, row)
    assert others["outlet"].tolist() == ["Delta Times", "Gamma Wire"]
    assert review.topic_neighbours(small, {**row, "a_statement": "art-4-0-s0", "b_statement": ""}).empty


# --- verdicts -----------------------------------------------------------------------------------------


def test_verdict_needs_a_name_and_is_audited(small):
    flag_id = next(small.flag_rows())["flag_id"]
    with pytest.raises(CheckerError, match="your name"):
        review.save_verdict(small, flag_id, "  ", status="confirmed")
    with pytest.raises(CheckerError, match="note"):
        review.save_verdict(small, flag_id, "ana", note="x" * (review.MAX_NOTE_CHARS + 1))
    review.save_verdict(small, flag_id, " ana ", status="needs_check", note="call the coroner")
    review.save_verdict(small, flag_id, "ben", status="confirmed")
    history = review.audit_frame(small, flag_id)
    assert history[["field", "new", "reviewer"]].values.tolist() == [
        ["status", "confirmed", "ben"], ["note", "call the coroner", "ana"], ["status", "needs_check", "ana"]]


def test_an_untouched_note_is_not_saved_over_a_newer_one():
    assert review.note_change(None, "old") is None
    assert review.note_change("old", "old") is None
    assert review.note_change("", "old") == ""
    assert review.note_change("new", "old") == "new"


def test_verdict_line_names_the_reviewer_safely():
    row = {"status": "needs_check", "reviewer": "Ana ![x](http://e)", "updated_at": "2024-03-05T10:04:19+00:00"}
    assert review.verdict_markdown(row) == r":orange-badge[needs check] by **Ana \!\[x\]\(http\://e\)**, 2024\-03\-05 10\:04 UTC"
    assert review.verdict_markdown({"status": "open", "reviewer": ""}) == ":gray-badge[open]"
    assert review.short_time("") == "" and review.short_time("2024-03-05T10:04:19+00:00") == "2024-03-05 10:04 UTC"


# --- uploads ------------------------------------------------------------------------------------------


def test_upload_names_are_flattened_and_unique():
    taken: set[str] = set()
    names = [review.safe_file_name(n, taken) for n in ("../../etc/passwd.txt", "C:\\x\\a.txt", ".hidden.txt", "a.txt", "", "a b?.csv")]
    assert names == ["passwd.txt", "a.txt", "hidden.txt", "a-2.txt", "upload", "a b_.csv"]


class _RecordingChecker:
    """Stands in for Checker: records what it was asked to analyse and what was on disk then."""

    def __init__(self) -> None:
        self.seen: dict[str, bytes] = {}
        self.folder: Path | None = None

    def analyze(self, paths: list[Path]) -> Report:
        self.folder = paths[0].parent
        self.seen = {p.name: p.read_bytes() for p in paths}
        return Report(articles_read=len(paths))


def test_uploads_are_size_checked_and_live_only_in_a_temporary_folder(tmp_path):
    limits = review.UploadLimits(max_file_mb=1, max_total_mb=1, max_files=4)
    uploads = [
        review.Upload("../a.txt", b"one"),
        review.Upload("big.txt", b"x" * (1024 * 1024 + 1)),
        review.Upload("b.txt", b"y" * (1024 * 1024 - 10)),
        review.Upload("c.txt", b"z" * (1024 * 1024 - 10)),
        review.Upload("d.txt", b"late"),
    ]
    checker = _RecordingChecker()
    report = review.analyse_uploads(checker, uploads, limits)  # type: ignore[arg-type]
    assert set(checker.seen) == {"a.txt", "b.txt"}
    assert checker.folder is not None and checker.folder.name.startswith("checker-upload-") and not checker.folder.exists()
    reasons = {s.source: s.reason for s in report.skipped}
    assert "too large" in reasons["big.txt"] and "in all" in reasons["c.txt"] and "more than 4 files" in reasons["d.txt"]
    assert not any(Path.cwd().glob("a.txt"))


def test_upload_is_analysed_incrementally_and_rejections_say_why(tmp_path, extractor):
    from checker import Checker
    from checker.embed import HashingEmbedder

    with Store(tmp_path / "u.db") as store:
        checker = Checker(store, extractor=extractor, embedder=HashingEmbedder())
        text = "Dam report\n\nThe Harrowgate dam failed on Saturday and fourteen people died, the coroner said on Monday."
        report = review.analyse_uploads(checker, [review.Upload("wire.txt", text.encode()), review.Upload("photo.png", b"\x89PNG\r\n")])
        assert report.articles_new == 1 and store.counts()["articles"] == 1
        assert [(s.source, "unsupported file type" in s.reason) for s in report.skipped] == [("photo.png", True)]
        assert review.upload_summary(report).startswith("Added 1 new article(s).")
        again = review.analyse_uploads(checker, [review.Upload("wire.txt", text.encode())])
        assert again.articles_new == 0 and store.counts()["articles"] == 1
        assert "1 already stored" in review.upload_summary(again)
        assert review.upload_summary(Report()).startswith("No article could be read")


def test_with_progress_leaves_the_shared_checker_alone(tmp_path):
    from checker import Checker
    from checker.embed import HashingEmbedder

    with Store(tmp_path / "p.db") as store, Store(tmp_path / "q.db") as other:
        shared = Checker(store, embedder=HashingEmbedder())
        calls: list[str] = []
        run = review.with_progress(shared, lambda stage, f: calls.append(stage), other)
        assert run.store is other and shared.store is store and run.embedder is shared.embedder
        run.progress("embed", 0.5)
        shared.progress("embed", 0.5)
        assert calls == ["embed"]


# --- export -------------------------------------------------------------------------------------------


def test_export_subsets_match_the_command_line_export(small):
    table = review.FlagTable.from_store(small)
    first = table.rows[0]["flag_id"]
    review.save_verdict(small, first, "ana", status="confirmed", note="=cmd|' /C calc'!A0")
    verdicts = review.current_verdicts(small)
    cli_all = export.to_string(export.flag_records(list(small.flag_rows())), export.FLAG_FIELDS, "csv")
    assert review.export_text(review.export_rows(table, verdicts, [], "all"), "csv") == cli_all
    confirmed = review.export_rows(table, verdicts, [], "confirmed")
    cli_confirmed = [r for r in small.flag_rows() if r["status"] == "confirmed"]
    assert review.export_text(confirmed, "jsonl") == export.to_string(export.flag_records(cli_confirmed), export.FLAG_FIELDS, "jsonl")
    csv_text = review.export_text(confirmed, "csv")
    assert csv_text.splitlines()[0].split(",") == list(export.FLAG_FIELDS)
    assert "'=cmd" in csv_text  # formula cells are defused
    shown = table.filter(review.FlagFilter(categories=frozenset({"date_time"})), verdicts)
    assert review.export_rows(table, verdicts, shown, "filter") == shown
    with pytest.raises(CheckerError):
        review.export_rows(table, verdicts, shown, "everything")
