"""The review page (AppTest): opens ready, filters, records verdicts that outlive re-analysis, shows article text as text.

The demo corpus is analysed once per session (`corpus_db` in conftest); each test works on a copy.
"""

from __future__ import annotations

import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from checker import Checker, Store
from tests.conftest import CORPUS, REPO

HOSTILE = {
    "outlet": "Hostile <img src=x onerror=alert('outlet')> Gazette",
    "title": "Harrowgate <script>alert('headline')</script> dam toll revised",
    "published": "2024-03-05",
    "url": "javascript:alert('url')",
    "text": (
        "Saturday's collapse of the Harrowgate Dam left 9 people dead <img src=x onerror=alert(1)>, according to the "
        "coroner, and three more are still missing.\n\nThe death toll stands at 9 and one person remains missing, the "
        "chief coroner's office said <script>alert('body')</script>.\n\nOfficials at Corrin Hydro <b>ignored</b> "
        "warnings from their own engineer about the spillway gates, records show."
    ),
}


@pytest.fixture()
def db(tmp_path, corpus_db, monkeypatch):
    """A private copy of the analysed demo corpus, which the app opens through CHECKER_DB."""
    path = tmp_path / "app.db"
    shutil.copy(corpus_db[0], path)
    monkeypatch.setenv("CHECKER_DB", str(path))
    return path


def _app() -> AppTest:
    return AppTest.from_file(str(REPO / "app.py"), default_timeout=600)


def _show(at: AppTest, tab: str) -> AppTest:
    """Switch tabs: the tab is bound to ?view= (absent for the first tab), so set both sides of the binding."""
    at.session_state["view"] = tab
    if tab == "Queue":
        at.query_params.pop("view", None)
    else:
        at.query_params["view"] = tab
    return at.run()


def _queue_caption(at: AppTest) -> tuple[int, int]:
    text = next(c.value for c in at.caption if " flags match" in c.value)
    shown, total = text.split(" flags match")[0].split(" of ")
    return int(shown), int(total)


def _open_flag_id(at: AppTest) -> str:
    return str(at.session_state["flag"])


def test_page_loads_on_the_demo_corpus(db):
    at = _app().run()
    assert not at.exception
    shown, total = _queue_caption(at)
    with Store(db) as store:
        assert shown == total == store.counts()["flags"] > 0
        first = next(store.flag_rows())
    assert _open_flag_id(at) == first["flag_id"]
    cards = [h.value for h in at.html if "ck-card" in h.value]
    assert len(cards) >= 1 and any(first["a_outlet"] in c for c in cards)
    assert at.dataframe[0].value["rank"].tolist()[:3] == [1, 2, 3]

    _show(at, "Overview")
    assert not at.exception
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["Articles"] > 0 and metrics["Outlets"] > 1 and metrics["Flags"] == total and metrics["open"] == total
    assert len(at.get("vega_lite_chart")) == 2  # category bars and the outlet x category heatmap
    stories = at.dataframe[0].value
    assert stories["flags"].sum() == total and (stories["outlets"] > 1).all()


def test_filtering_narrows_the_queue(db):
    at = _app().run()
    _, total = _queue_caption(at)
    at.multiselect(key="f_category").set_value(["number_quantity"]).run()
    by_cat, _ = _queue_caption(at)
    assert 0 < by_cat < total
    assert set(at.dataframe[0].value["category"]) == {"number quantity"}
    at.multiselect(key="f_outlet").set_value(["Valley Courant"]).run()
    by_outlet, _ = _queue_caption(at)
    assert 0 < by_outlet < by_cat
    at.text_input(key="f_text").set_value("no such words anywhere").run()
    assert any("No flag matches" in w.value for w in at.warning)
    at.button(key="clear").click().run()
    assert _queue_caption(at) == (total, total)


def test_verdict_is_saved_at_once_and_survives_reanalysis(db, extractor, embedder):
    at = _app().run()
    assert at.button(key="v-confirmed").disabled  # no name yet
    at.text_input(key="reviewer").set_value("Ana Editor").run()
    flag_id = _open_flag_id(at)
    at.text_area(key=f"note-{flag_id}").set_value("Checked with the coroner's office.").run()
    at.button(key="v-confirmed").click().run()
    assert not at.exception
    with Store(db) as store:
        assert store.verdict(flag_id)["status"] == "confirmed"
        assert [(a["field"], a["new"], a["reviewer"]) for a in store.audit(flag_id)] == [
            ("status", "confirmed", "Ana Editor"), ("note", "Checked with the coroner's office.", "Ana Editor")]
    assert _open_flag_id(at) != flag_id  # moved on to the next flag

    with Store(db) as store:
        Checker(store, extractor=extractor, embedder=embedder).analyze([CORPUS / "stories"])
        assert store.verdict(flag_id)["status"] == "confirmed"
        assert any(r["flag_id"] == flag_id and r["status"] == "confirmed" for r in store.flag_rows())

    fresh = _app()  # a reload: a new session on the same database
    fresh.query_params["flag"] = flag_id
    fresh.run()
    assert _open_flag_id(fresh) == flag_id
    assert any(m.value.startswith(":green-badge[confirmed] by **Ana Editor**") for m in fresh.markdown)
    assert fresh.text_area(key=f"note-{flag_id}").value == "Checked with the coroner's office."
    fresh.multiselect(key="f_status").set_value(["confirmed"]).run()
    assert _queue_caption(fresh)[0] == 1


def test_uploaded_hostile_article_is_analysed_and_shown_as_text(db):
    at = _show(_app(), "Add articles")
    hostile = json.dumps(HOSTILE).encode()
    at.file_uploader[0].set_value([("hostile.jsonl", hostile, "application/jsonl"), ("photo.png", b"\x89PNG\r\n\x1a\n", "image/png")])
    at.run()
    at.button(key="analyse").click().run()
    assert not at.exception
    rejected = at.dataframe[0].value
    assert rejected["file"].tolist() == ["photo.png"] and "unsupported file type" in rejected["reason"][0]
    with Store(db) as store:
        assert store.db.execute("SELECT COUNT(*) FROM articles WHERE outlet LIKE 'Hostile%'").fetchone()[0] == 1

    _show(at, "Queue").text_input(key="f_text").set_value("hostile").run()
    assert _queue_caption(at)[0] > 0, "the hostile article should be flagged against the coroner's toll of 14"
    rendered = [h.value for h in at.html]
    assert any("&lt;img src=x onerror=alert(1)&gt;" in h for h in rendered)
    assert any("&lt;script&gt;alert(&#x27;headline&#x27;)&lt;/script&gt;" in h for h in rendered)
    for body in rendered:
        assert "<script" not in body and "<img" not in body and "javascript:" not in body.replace("javascript:alert(&#x27;url&#x27;)", "")
    for md in at.markdown:
        assert not md.proto.allow_html, md.value


def test_empty_database_opens_ready_with_the_first_start_corpus(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "northern-wire.txt").write_text(
        "Dam gives way\n\nFourteen people died when the Harrowgate dam failed on Saturday, the coroner said.\n", encoding="utf-8")
    (corpus / "valley-courant.txt").write_text(
        "Toll revised\n\nEleven people died when the Harrowgate dam failed on Saturday, the coroner said.\n", encoding="utf-8")
    monkeypatch.setenv("CHECKER_DB", str(tmp_path / "first.db"))
    monkeypatch.setenv("CHECKER_CORPUS", str(corpus))
    at = _app().run()
    assert not at.exception
    with Store(tmp_path / "first.db") as store:
        assert store.counts()["articles"] == 2
    _show(at, "Overview")
    assert {m.label: int(m.value) for m in at.metric}["Articles"] == 2


def test_empty_and_damaged_databases_say_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_DB", str(tmp_path / "empty.db"))
    monkeypatch.setenv("CHECKER_CORPUS", str(tmp_path / "no-such-folder"))
    at = _app().run()
    assert not at.exception and any("Add articles" in i.value for i in at.info)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database " * 100)
    monkeypatch.setenv("CHECKER_DB", str(bad))
    at = _app().run()
    assert not at.exception
    assert any("not a checker database" in e.value for e in at.error) and any("--db FILE" in i.value for i in at.info)
