"""The review page (AppTest): loads the demo corpus, filters, and writes a verdict to the store."""

from __future__ import annotations

import os

from streamlit.testing.v1 import AppTest

from checker import Store
from tests.conftest import REPO


def test_page_loads_filters_and_saves_a_verdict(tmp_path, monkeypatch):
    db = tmp_path / "app.db"
    monkeypatch.setenv("CHECKER_DB", str(db))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600).run()
    assert not at.exception
    total = int(at.metric[-1].value)
    assert total > 0 and f"{total} of {total} flags" in at.caption[0].value
    at.sidebar.multiselect[0].set_value(["causation_blame"]).run()
    shown = int(at.caption[0].value.split(" of ")[0])
    assert 0 < shown < total
    at.button[0].click().run()
    with Store(db) as store:
        assert store.db.execute("SELECT COUNT(*) FROM verdicts WHERE status='confirmed'").fetchone()[0] == 1
