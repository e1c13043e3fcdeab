"""Ingest: every format, metadata precedence, boilerplate, and bad input with clear reasons."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest

from checker.ingest import Ingestor

ARTICLE = (
    "Harbour authority reopens the eastern pier\n\n"
    "The harbour authority reopened the eastern pier on Tuesday after repairs that took three months.\n\n"
    "Share this:\n\n"
    "Photo: Jane Doe / Reuters\n\n"
    "Officials said the work cost about $4 million and was finished ahead of schedule.\n\n"
    "Leave a comment\n\n"
    "Please enter your name here\n"
)


@pytest.fixture()
def ingestor() -> Ingestor:
    return Ingestor()


def test_text_file_takes_headline_and_drops_boilerplate(tmp_path, ingestor):
    (tmp_path / "pier.txt").write_text(ARTICLE, encoding="utf-8")
    result = ingestor.read_paths([tmp_path])
    assert not result.skipped
    (article,) = result.articles
    assert article.title == "Harbour authority reopens the eastern pier"
    for junk in ("Share this", "Photo:", "Leave a comment", "Please enter your name"):
        assert junk not in article.text
    assert "ahead of schedule" in article.text
    assert article.outlet == "pier"  # file name is the last resort


@pytest.mark.parametrize(
    "dateline",
    ["PORTMERE (Coastal Wire) - ", "PORTMERE, Oct 14 (Coastal Wire) - ", "PORTMERE, Eastland, 14 October (Coastal Wire) - ",
     "NEW HARBOUR, Eastland, Sept 3 (CW) — ", "PORTMERE — "],
)
def test_datelines_are_cut_from_the_first_paragraph(tmp_path, ingestor, dateline):
    text = f"Pier reopens\n\n{dateline}The harbour authority reopened the eastern pier on Tuesday.\n\nUS officials said - on Monday - it was safe.\n"
    (tmp_path / "pier.txt").write_text(text, encoding="utf-8")
    (article,) = ingestor.read_paths([tmp_path]).articles
    assert article.text.split("\n\n")[1].startswith("The harbour authority reopened")
    assert "US officials said - on Monday - it was safe." in article.text  # a dash in a sentence is no dateline


def test_manifest_supplies_outlet_date_and_url(tmp_path, ingestor):
    (tmp_path / "pier.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,outlet,published,url\npier.txt,Coast Daily,2024-05-07,https://coast.example/pier\n")
    (article,) = ingestor.read_paths([tmp_path]).articles
    assert (article.outlet, article.published, article.url) == ("Coast Daily", date(2024, 5, 7), "https://coast.example/pier")


def test_html_main_text_and_meta_tags(tmp_path, ingestor):
    page = """<html><head><title>Pier reopens | Coast Daily</title>
    <meta property="og:site_name" content="Coast Daily">
    <meta property="article:published_time" content="2024-05-07T08:00:00Z">
    <link rel="canonical" href="https://coast.example/pier"></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <div class="cookie">We use cookies to improve your experience. Accept all cookies</div>
    <article><h1>Pier reopens</h1>
    <p>The harbour authority reopened the eastern pier on Tuesday after repairs that took three months.</p>
    <p>Officials said the work cost about $4 million and was finished ahead of schedule.</p></article>
    <div class="comments"><h3>Leave a comment</h3><p>Please enter your name here</p></div>
    <footer>Proudly powered by WordPress</footer></body></html>"""
    (tmp_path / "pier.html").write_text(page, encoding="utf-8")
    (article,) = ingestor.read_paths([tmp_path / "pier.html"]).articles
    assert article.outlet == "Coast Daily"
    assert article.published == date(2024, 5, 7)
    assert "cookies" not in article.text.lower() and "WordPress" not in article.text
    assert "eastern pier" in article.text


def test_page_dates_come_from_its_meta_tags_and_the_manifest_wins(tmp_path, ingestor):
    """A page stamped after the machine's clock keeps its stamp (no guess from a copyright year),
    and an editor's manifest overrides what the page's metadata says."""
    page = """<html><head><title>Ferry talks resume | Coast Daily</title>
    <meta property="og:site_name" content="Coast Daily">
    <meta property="article:published_time" content="2031-02-03T08:00:00Z"></head><body>
    <article><h1>Ferry talks resume</h1>
    <p>The ferry operator and the crews' union resumed talks on Monday after a week of cancelled sailings.</p>
    <p>Both sides said they hoped to agree a timetable for the summer season within days.</p></article>
    <footer>Copyright 2016 Coast Daily. All rights reserved.</footer></body></html>"""
    (tmp_path / "ferry.html").write_text(page, encoding="utf-8")
    (article,) = ingestor.read_paths([tmp_path / "ferry.html"]).articles
    assert (article.outlet, article.published) == ("Coast Daily", date(2031, 2, 3))
    (tmp_path / "manifest.csv").write_text("file,outlet,published\nferry.html,Coast Daily Online,2031-02-04\n")
    (article,) = ingestor.read_paths([tmp_path]).articles
    assert (article.outlet, article.published) == ("Coast Daily Online", date(2031, 2, 4))


def test_jsonl_reports_bad_lines_by_number_and_keeps_good_rows(tmp_path, ingestor):
    good = {"title": "Pier reopens", "text": ARTICLE, "outlet": "Coast Daily", "published": "2024-05-07"}
    lines = [json.dumps(good), "{not json", json.dumps({"title": "no text"}), json.dumps({**good, "outlet": "Bay Times"})]
    (tmp_path / "export.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = ingestor.read_paths([tmp_path / "export.jsonl"])
    assert [a.outlet for a in result.articles] == ["Coast Daily", "Bay Times"]
    reasons = [s.reason for s in result.skipped]
    assert any(r.startswith("line 2") and "JSON" in r for r in reasons)
    assert any(r.startswith("line 3") and "'text'" in r for r in reasons)


def test_csv_without_text_column_is_rejected_with_reason(tmp_path, ingestor):
    (tmp_path / "bad.csv").write_text("title,body\nA,B\n", encoding="utf-8")
    result = ingestor.read_paths([tmp_path / "bad.csv"])
    assert not result.articles
    assert "no 'text' column" in result.skipped[0].reason and result.skipped[0].source == "bad.csv"


@pytest.mark.parametrize(
    "name,data,expect",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\t \n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
        ("random.html", bytes(range(256)) * 4, "binary"),
        ("notes.docx", b"PK\x03\x04rest", "unsupported"),
    ],
)
def test_bad_files_are_skipped_with_a_reason_naming_them(tmp_path, ingestor, name, data, expect):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    result = ingestor.read_paths([tmp_path])
    assert len(result.articles) == 1, "the rest of the batch goes on"
    (skip,) = result.skipped
    assert skip.source == name and expect.lower() in skip.reason.lower()


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16"])
def test_other_encodings_are_decoded(tmp_path, ingestor, encoding):
    text = ARTICLE.replace("eastern pier", "eastern pier at Säo Café’s quay")
    if encoding == "latin-1":
        text = text.replace("’", "'")
    (tmp_path / "pier.txt").write_bytes(text.encode(encoding))
    (article,) = ingestor.read_paths([tmp_path]).articles
    assert "Café" in article.text


def test_zip_members_are_read_and_named(tmp_path, ingestor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("folder/pier.txt", ARTICLE)
        archive.writestr("../evil.txt", ARTICLE.replace("eastern", "western"))
        archive.writestr("blob.txt", b"\x00\x01\x02" * 100)
    (tmp_path / "batch.zip").write_bytes(buffer.getvalue())
    result = ingestor.read_paths([tmp_path / "batch.zip"])
    assert len(result.articles) == 2
    assert result.skipped[0].source == "batch.zip/blob.txt"
    assert not (tmp_path.parent / "evil.txt").exists(), "nothing is extracted to disk"


def test_same_article_twice_is_counted_once(tmp_path, ingestor):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,outlet\na.txt,Coast Daily\nb.txt,Coast Daily\n")
    result = ingestor.read_paths([tmp_path])
    assert len(result.articles) == 1
    assert "same article as a.txt" in result.skipped[0].reason


def test_control_characters_in_file_names_are_shown_escaped(ingestor):
    result = ingestor.read_bytes(b"", "bad\x1bname.txt")
    assert result.skipped[0].source == "bad\\x1bname.txt"


def test_non_english_article_is_skipped_with_reason(tmp_path, ingestor):
    spanish = "El puerto reabrió el muelle este martes después de tres meses de obras. " * 10
    (tmp_path / "es.txt").write_text("Titular del puerto\n\n" + spanish, encoding="utf-8")
    result = ingestor.read_paths([tmp_path])
    assert not result.articles and "English" in result.skipped[0].reason
