"""Store: verdicts persist with an audit trail and survive re-analysis; export fields and CSV safety."""

from __future__ import annotations

import csv
import io

from checker import export
from checker.records import Article, Flag, Statement
from checker.store import Store


def _seed(store: Store) -> list[Flag]:
    a = Article(id="a1", text="Alpha said one thing.", outlet="Alpha", source="a.txt")
    b = Article(id="b1", text="Beta said another.", outlet="Beta", source="b.txt")
    store.add_articles([a, b])
    sa = Statement(id="s1", article_id="a1", index=0, start=0, end=21, text=a.text)
    sb = Statement(id="s2", article_id="b1", index=0, start=0, end=18, text="=HYPERLINK(\"x\")")
    store.add_statements([sa, sb])
    flags = [Flag("date_time", "conflict", 0.9, "s1", "s2", "-2 dates differ")]
    store.replace_flags(flags)
    return flags


def test_verdict_is_saved_audited_and_survives_reanalysis(tmp_path):
    path = tmp_path / "x.db"
    with Store(path) as store:
        (flag,) = _seed(store)
        store.set_verdict(flag.id, "ana", status="confirmed")
        store.set_verdict(flag.id, "ben", note="checked with the desk")
        store.replace_flags([flag])
    with Store(path) as store:
        assert store.verdict(flag.id)["status"] == "confirmed"
        assert [(r["field"], r["old"], r["new"], r["reviewer"]) for r in store.audit(flag.id)] == [
            ("status", "open", "confirmed", "ana"),
            ("note", "", "checked with the desk", "ben"),
        ]


def test_verdict_of_a_vanished_flag_is_kept_as_orphan(tmp_path):
    with Store(tmp_path / "x.db") as store:
        (flag,) = _seed(store)
        store.set_verdict(flag.id, "ana", status="dismissed")
        store.replace_flags([])
        assert store.orphaned_verdicts() == [flag.id]
        assert store.verdict(flag.id)["status"] == "dismissed"


def test_unknown_status_is_refused(tmp_path):
    import pytest

    from checker.errors import StoreError

    with Store(tmp_path / "x.db") as store:
        with pytest.raises(StoreError):
            store.set_verdict("f", "ana", status="maybe")


def test_flag_export_has_the_contract_fields_and_escapes_formulas(tmp_path):
    with Store(tmp_path / "x.db") as store:
        _seed(store)
        records = export.flag_records(store.flag_rows())
    text = export.to_string(records, export.FLAG_FIELDS, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    contract = "flag_id, category, kind, score, explanation, a_article, a_source, a_outlet, a_published, a_text, a_evidence, b_article, b_source, b_outlet, b_published, b_text, b_evidence, status, note, reviewer, updated_at"
    assert set(contract.split(", ")) <= set(rows[0])
    assert rows[0]["b_text"].startswith("'=") and rows[0]["explanation"].startswith("'-")
    assert rows[0]["a_source"] == "a.txt" and rows[0]["status"] == "open"
