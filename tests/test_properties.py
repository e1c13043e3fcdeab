"""Property-based tests: ingest never raises on any input, spans slice back, exports round-trip.

Examples are derandomized (the same every run, so CI is reproducible) and kept few enough for
a 2-core machine; raise `max_examples` locally to hunt harder.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import export
from checker.ingest import Ingestor
from checker.records import Article
from checker.store import Store

SETTINGS = dict(deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
EXTENSIONS = [".txt", ".text", ".html", ".htm", ".jsonl", ".csv", ".zip", ".pdf", ""]
ARTICLE = "The harbour authority reopened the eastern pier on Tuesday after repairs that took three months, officials said."
SENTENCES = [
    ARTICLE,
    "Officials said the work cost about $4 million and was finished ahead of schedule.",
    "Turkey's foreign minister said Armenia started the fighting on 27 September.",
    "“They are the ones who started this,” President Aliyev told reporters in Baku.",
    "At least 14 people died when the Harrowgate dam failed on Saturday, police said.",
    "Mr. Smith, the U.S. envoy, denied the report on Jan. 5, 2024.",
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
INGESTOR = Ingestor()


def _only_reported_skips(data: bytes, name: str) -> None:
    """Whatever the input: no exception, every article storable, every message names a printable source."""
    result = INGESTOR.read_bytes(data, name)
    for article in result.articles:
        assert article.text.strip() and article.source.isprintable()
    for skip in result.skipped:
        assert skip.reason and skip.source and skip.source.isprintable()
    with Store(":memory:") as store:
        store.add_articles(result.articles)


# --- ingest ---------------------------------------------------------------------------------------


@settings(max_examples=150, **SETTINGS)
@given(st.binary(max_size=3000), st.sampled_from(EXTENSIONS))
def test_any_bytes_are_taken_or_skipped_with_a_reason(data, ext):
    _only_reported_skips(data, "file" + ext)


@settings(max_examples=150, **SETTINGS)
@given(st.text(max_size=2000), st.sampled_from(EXTENSIONS[:6]), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "utf-32"]))
def test_any_text_in_any_encoding_is_taken_or_skipped(text, ext, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    _only_reported_skips(data, "file" + ext)


@settings(max_examples=80, **SETTINGS)
@given(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"text": st.one_of(st.just(ARTICLE), st.text(), JSON)},
                optional={"title": JSON, "outlet": JSON, "published": JSON, "url": JSON},
            ),
            JSON,
        ),
        max_size=5,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_any_jsonl_rows_are_taken_or_reported_by_line(rows, newline, ascii_only):
    data = newline.join(json.dumps(row, ensure_ascii=ascii_only) for row in rows).encode("utf-8", "surrogatepass")
    _only_reported_skips(data, "rows.jsonl")
    result = INGESTOR.read_bytes(data, "rows.jsonl")
    assert len(result.articles) + len(result.skipped) >= sum(1 for row in rows if row is not None) or not rows


@settings(max_examples=80, **SETTINGS)
@given(
    st.lists(st.sampled_from(["text", "title", "outlet", "published", "url", "other", ""]), max_size=5),
    st.lists(st.lists(st.one_of(st.just(ARTICLE), st.text(max_size=30)), max_size=6), max_size=6),
)
def test_any_csv_table_is_taken_or_reported(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    _only_reported_skips(buffer.getvalue().encode("utf-8", "surrogatepass"), "rows.csv")


@pytest.mark.filterwarnings("ignore:Duplicate name")  # a repeated member name is part of the hostile input
@settings(max_examples=60, **SETTINGS)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=20), st.one_of(st.just(ARTICLE.encode()), st.binary(max_size=200))), max_size=5))
def test_any_zip_members_are_taken_or_skipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name)
            archive.writestr(info, data)
    _only_reported_skips(buffer.getvalue(), "batch.zip")


# --- statement spans ------------------------------------------------------------------------------

WORDS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
SENTENCE = st.one_of(
    st.sampled_from(SENTENCES),
    st.lists(WORDS, min_size=1, max_size=12).map(" ".join),
    st.lists(st.sampled_from(SENTENCES + ["and", "2024", "14", ",", "“", "”", "Mr.", "U.S."]), min_size=1, max_size=12).map(" ".join),
)
SEPARATOR = st.sampled_from(["\n\n", "\n", " ", "  ", "\t", "\r\n", "\r", "\u2028", "\xa0", "\n \n", "\x0c", ""])


@settings(max_examples=30, **SETTINGS)
@given(st.lists(st.tuples(SENTENCE, SEPARATOR), min_size=1, max_size=6).map(lambda parts: "".join(a + b for a, b in parts)))
def test_every_statement_span_slices_back_to_its_text(extractor, text):
    article = Article(id="a", text=text, outlet="Outlet", source="a.txt")
    for statement in extractor.extract_article(article):
        assert text[statement.start:statement.end] == statement.text
        for mention in (*statement.entities, *statement.numbers, *statement.dates):
            assert statement.text[mention.start:mention.end] == mention.text
        for frame in statement.frames:
            assert 0 <= frame.start < frame.end <= len(statement.text)


# --- export round trips ---------------------------------------------------------------------------

CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["=1+1", "+cmd", "-2", "@SUM(A1)", "\t=x", "\r=x", "a\rb", "a\r\nb", "'=x", '"q"', "", "\u2028"]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
)
RECORDS = st.lists(st.fixed_dictionaries({k: CELL for k in export.FLAG_FIELDS}), max_size=4)


def _as_csv_cell(value: object) -> str:
    value = export.safe_cell(value)
    return "" if value is None else str(value)


@settings(max_examples=100, **SETTINGS)
@given(RECORDS)
def test_csv_export_reads_back_the_same_values_modulo_the_formula_escape(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("csv") / "flags.csv"
    path.write_text(export.to_string(records, export.FLAG_FIELDS, "csv"), encoding="utf-8")  # as `export --out` does
    with open(path, newline="", encoding="utf-8") as handle:
        back = list(csv.DictReader(handle))
    assert len(back) == len(records)
    for record, row in zip(records, back):
        assert list(row) == list(export.FLAG_FIELDS)
        for key, value in record.items():
            assert row[key] == _as_csv_cell(value)
            if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
                assert row[key] == "'" + value


@settings(max_examples=100, **SETTINGS)
@given(RECORDS)
def test_jsonl_export_reads_back_the_same_values(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("jsonl") / "flags.jsonl"
    path.write_text(export.to_string(records, export.FLAG_FIELDS, "jsonl"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")  # JSON Lines end at \n only; U+2028 may sit in a value
    assert lines[-1] == "" and [json.loads(line) for line in lines[:-1]] == records
