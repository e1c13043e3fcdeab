"""Hostile input: every bad file is skipped with a reason naming it (and the line), the batch goes on.

All inputs are generated here; nothing binary is committed. Most cases go through `Ingestor`
directly; three go through `python -m checker analyze` end to end to check the exit status
(0 all taken, 1 some skipped, 2 none taken) and that nothing already stored is lost.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Callable

import pytest

from checker.ingest import Ingestor, IngestLimits, IngestResult
from checker.store import Store

REPO = Path(__file__).resolve().parents[1]
ARTICLE = (
    "Harbour authority reopens the eastern pier\n\n"
    "The harbour authority reopened the eastern pier on Tuesday after repairs that took three months.\n\n"
    "Officials said the work cost about $4 million and was finished ahead of schedule.\n"
)
OTHER = (
    "Ferry service resumes on the northern route\n\n"
    "The ferry company resumed its northern route on Friday after the storm damaged two landing stages.\n\n"
    "A spokesman said the crossings would run every hour until the end of the season.\n"
)
PARA = "<p>The harbour authority reopened the eastern pier on Tuesday after repairs that took three months.</p>"


@pytest.fixture(scope="module")
def ingestor() -> Ingestor:
    return Ingestor()


def _batch(ingestor: Ingestor, folder: Path, name: str | bytes, data: bytes) -> IngestResult:
    """The hostile file next to a good one: the good one must always be taken."""
    folder.mkdir(exist_ok=True)
    path = os.path.join(os.fsencode(folder), name) if isinstance(name, bytes) else folder / name
    with open(path, "wb") as handle:
        handle.write(data)
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    result = ingestor.read_paths([folder])
    assert [a.source for a in result.articles if a.source == "good.txt"] == ["good.txt"], "the batch goes on"
    return result


def _zip(members: list[tuple[str, bytes | str]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def _random(n: int, low: int = 0, seed: int = 8) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(low, 256) for _ in range(n))


def _nested(depth: int, inner: str = PARA) -> bytes:
    return ("<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>").encode()


# name, bytes (built lazily), what the reason must say
SKIPPED: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty.txt", lambda: b"", r"^empty file$"),
    ("whitespace.txt", lambda: b"  \n\t\r\n   \n", r"^empty file$"),
    ("photo.txt", lambda: b"\x89PNG\r\n\x1a\n" + _random(2000), r"binary data \(a PNG image\)"),
    ("photo.html", lambda: b"\xff\xd8\xff\xe0" + _random(2000), r"binary data \(a JPEG image\)"),
    ("archive.txt", lambda: _zip([("a.txt", ARTICLE)]), r"binary data \(a zip archive\)"),
    ("random.txt", lambda: _random(65536), r"binary data \(NUL byte at offset \d+\)"),
    ("random-no-nul.jsonl", lambda: _random(65536, low=1), r"not text in any known encoding|binary data"),
    ("huge.txt", lambda: b"word " * (10 * 1024 * 1024), r"too large \(50\.0 MB; the limit is 20\.0 MB\)"),
    ("deep.html", lambda: _nested(10_000), r"HTML nested more than 200 levels deep; not read"),
    # libxml2 drops what lies below level 255 *and everything after it*: this page used to lose two of
    # its three paragraphs without a word; now it is refused with the reason.
    ("half-deep.html", lambda: ("<html><body>" + PARA + "<div>" * 300 + PARA + "</div>" * 300 + PARA + "</body></html>").encode(),
     r"nested more than 200 levels"),
    ("million-tags.html", lambda: ("<html><body>" + PARA + "<span>x</span>" * 1_000_000 + "</body></html>").encode(),
     r"HTML page has more than 100,000 tags; not read"),
    ("tags-in-txt.txt", lambda: ("<!doctype html><html><body>" + PARA + "<br>" * 200_000 + "</body></html>").encode(),
     r"more than 100,000 tags"),
    ("furniture.html", lambda: b"<html><body><nav><a href='/'>Home</a></nav><footer>Share this</footer></body></html>",
     r"no article text"),
    ("spanish.txt", lambda: ("Titular del puerto\n\n" + "El puerto reabrió el muelle este martes después de tres meses de obras. " * 10).encode(),
     r"does not look like English \(\d+% English function words\); checker analyses English text only"),
    ("korean.txt", lambda: ("항만 당국은 화요일 석 달간의 보수 공사를 마치고 동쪽 부두를 다시 열었다. " * 20).encode(),
     r"does not look like English \(100% of letters in a non-Latin script\)"),
    ("greek.txt", lambda: ("Η λιμενική αρχή άνοιξε ξανά την ανατολική προβλήτα την Τρίτη μετά από επισκευές. " * 20).encode(),
     r"non-Latin script"),
    ("chinese.html", lambda: ("<html><body><p>" + "港口管理局周二重新开放了东码头。维修工程历时三个月，官员表示工程提前完工。" * 20 + "</p></body></html>").encode(),
     r"does not look like English"),
    ("no-text-column.csv", lambda: b"title,body\nA,B\n", r"CSV has no 'text' column \(columns: title, body\)"),
    ("giant-header.csv", lambda: ("text" + "x" * 10_500_000 + "\nrow\n").encode(), r"line 1: malformed CSV header"),
    ("notes.docx", lambda: b"PK\x03\x04rest", r"unsupported file type '\.docx'"),
    ("truncated.zip", lambda: _zip([("a.txt", ARTICLE)])[:60], r"not a readable zip archive"),
]

# name, bytes, a check on the article taken from it
TAKEN: list[tuple[str, Callable[[], bytes], Callable[[str], bool]]] = [
    ("latin1.txt", lambda: ARTICLE.replace("eastern pier", "eastern pier at Café Säo").encode("latin-1"), lambda t: "Café Säo" in t),
    ("cp1252.txt", lambda: ARTICLE.replace("about $4 million", "about €4 million – “on budget”").encode("cp1252"),
     lambda t: "€4 million – “on budget”" in t),
    ("utf16-bom.txt", lambda: ARTICLE.replace("pier", "pier café").encode("utf-16"), lambda t: "pier café" in t),
    ("utf16-no-bom.txt", lambda: ARTICLE.encode("utf-16-le"), lambda t: "eastern pier" in t),
    ("utf8-bom.txt", lambda: b"\xef\xbb\xbf" + ARTICLE.encode(), lambda t: t.startswith("Harbour")),
    ("mixed-endings.txt", lambda: ARTICLE.replace("\n\nThe", "\r\n\r\nThe").replace("\n\nOfficials", "\r\rOfficials").encode(),
     lambda t: "\r" not in t and t.count("\n\n") == 2),
    ("scripts.html", lambda: (
        "<html><head><script>var x = '<p>injected</p>'; alert(1)</script></head><body onload='alert(2)'>"
        "<iframe src='javascript:alert(3)'></iframe><article>" + PARA.replace("<p>", "<p onclick=\"alert(4)\">")
        + "<img src=x onerror=alert(5)><script>document.write('<p>written by a script</p>')</script>"
        "<p>Officials said the work cost about $4 million and was finished ahead of schedule.</p>"
        "<a href=\"javascript:alert(6)\">more</a></article></body></html>").encode(),
     lambda t: not re.search(r"alert|javascript|onerror|onclick|injected|written by|<", t) and "ahead of schedule" in t),
    ("entities.html", lambda: ("<html><body>" + PARA.replace("authority", "authority &#xD800;&#0;&#x110000;") + "</body></html>").encode(),
     lambda t: "harbour authority" in t),
    ("lying-charset.html", lambda: ("<html><head><meta charset='utf-16'></head><body>" + PARA + "</body></html>").encode(),
     lambda t: "eastern pier" in t),
    ("nested-150.html", lambda: _nested(150), lambda t: "eastern pier" in t),
]


@pytest.mark.parametrize("name,build,reason", SKIPPED, ids=[c[0] for c in SKIPPED])
def test_bad_file_is_skipped_with_a_reason_naming_it(tmp_path, ingestor, name, build, reason):
    started = time.perf_counter()
    result = _batch(ingestor, tmp_path / "in", name, build())
    assert time.perf_counter() - started < 20, "hostile input is bounded in time"
    assert not [a for a in result.articles if a.source.startswith(name)], "nothing half-read is taken"
    (skip,) = [s for s in result.skipped if s.source.startswith(name)]
    assert re.search(reason, skip.reason), skip.reason


@pytest.mark.parametrize("name,build,check", TAKEN, ids=[c[0] for c in TAKEN])
def test_odd_but_readable_file_is_taken_intact(tmp_path, ingestor, name, build, check):
    result = _batch(ingestor, tmp_path / "in", name, build())
    assert not result.skipped
    (article,) = [a for a in result.articles if a.source == name]
    assert check(article.text), article.text


def test_pathological_html_is_refused_in_milliseconds_not_minutes(ingestor):
    """Measured before the bound: a million tags took 112 s in trafilatura, nesting 10,000 deep lost the text."""
    for data in (_nested(10_000), ("<html><body>" + "<span>x</span>" * 1_000_000 + "</body></html>").encode()):
        started = time.perf_counter()
        (skip,) = ingestor.read_bytes(data, "page.html").skipped
        assert time.perf_counter() - started < 5, skip


def test_late_non_ascii_byte_is_decoded_not_refused(tmp_path):
    """The encoding guess looks where the non-ASCII bytes are, not at an all-ASCII first megabyte."""
    text = "The harbour authority reopened the pier, officials said on Tuesday. " * 17_000 + "Café owners were pleased."
    ingestor = Ingestor(IngestLimits(max_article_chars=2_000_000))
    (article,) = ingestor.read_bytes(text.encode("latin-1"), "long.txt").articles
    assert article.text.endswith("Café owners were pleased.")


def test_jsonl_bad_lines_are_reported_by_number_and_good_rows_kept(tmp_path, ingestor):
    good = {"text": ARTICLE, "outlet": "Coast Daily", "published": "2024-05-07"}
    lines = [
        json.dumps(good),                                            # 1 good
        "{not json",                                                 # 2
        "[1, 2, 3]",                                                 # 3 not an object
        json.dumps({"title": "no text"}),                            # 4
        '{"text": "x", "n": ' + "9" * 5000 + "}",                    # 5 int too long for Python
        "[" * 100_000 + "]" * 100_000,                               # 6 nested past the recursion limit
        json.dumps({"text": ARTICLE + " \ud800"}),                   # 7 unpaired surrogate escape
        "",                                                          # blank lines are fine
        json.dumps({**good, "text": OTHER, "published": "x" * 5000}),  # 9 good, junk date ignored
        json.dumps({**good, "text": OTHER.replace("hour", "hour\u2028"), "outlet": "Bay\x85Times"}, ensure_ascii=False),  # 10 good
    ]
    (tmp_path / "rows.jsonl").write_text("\r\n".join(lines), encoding="utf-8")
    result = ingestor.read_paths([tmp_path / "rows.jsonl"])
    assert [a.source for a in result.articles] == ["rows.jsonl#1", "rows.jsonl#9", "rows.jsonl#10"]
    assert result.articles[1].published is None and "hour\u2028" in result.articles[2].text
    reasons = {s.reason.split(":")[0]: s.reason for s in result.skipped}
    assert set(reasons) == {"line 2", "line 3", "line 4", "line 5", "line 6", "line 7"}, reasons
    assert "not valid JSON" in reasons["line 2"] and "expected a JSON object" in reasons["line 3"]
    assert "no 'text' field" in reasons["line 4"] and "4300 digits" in reasons["line 5"]
    assert "nested too deeply" in reasons["line 6"] and "surrogate" in reasons["line 7"]
    with Store(":memory:") as store:  # what was taken can be stored
        assert len(store.add_articles(result.articles)) == 3


def test_csv_missing_and_extra_columns_are_reported_by_line(tmp_path, ingestor):
    one_line = lambda text: text.replace("\n", " ")  # noqa: E731
    rows = [
        "title,text,outlet",
        f'"Pier reopens","{one_line(ARTICLE)}",Coast Daily',
        "Only a title",
        f'"Ferry","{one_line(OTHER)}",Bay Times,surplus,cells',
        '"Empty text","",Coast Daily',
        f'"Quoted over lines","{OTHER}",Gull Post',
        "Short,row",
    ]
    (tmp_path / "rows.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = ingestor.read_paths([tmp_path / "rows.csv"])
    assert [(a.source, a.outlet) for a in result.articles] == [
        ("rows.csv#2", "Coast Daily"), ("rows.csv#4", "Bay Times"), ("rows.csv#11", "Gull Post")]
    assert [(s.source, s.reason) for s in result.skipped] == [
        ("rows.csv", "line 3: no 'text' field"),
        ("rows.csv", "line 4: more cells than columns; extra cells ignored"),
        ("rows.csv", "line 5: no 'text' field"),
        ("rows.csv#12", "no article text left after removing page boilerplate"),
    ]


def test_same_article_under_two_names(tmp_path, ingestor):
    """Same outlet: counted once with a reason. Different outlets (a wire copy): both kept for the story stage."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "copy of a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,outlet\na.txt,Coast Daily\ncopy of a.txt,Coast Daily\n")
    result = ingestor.read_paths([tmp_path])
    assert len(result.articles) == 1
    assert [(s.source, s.reason) for s in result.skipped] == [("copy of a.txt", "same article as a.txt; counted once")]
    (tmp_path / "manifest.csv").unlink()
    assert len(ingestor.read_paths([tmp_path]).articles) == 2


def test_zip_slip_paths_are_read_in_memory_and_nothing_is_written(tmp_path, ingestor):
    data = _zip([("../../evil.txt", ARTICLE), ("/etc/owned.txt", OTHER), ("..\\..\\win.txt", ARTICLE.replace("eastern", "western"))])
    before = sorted(p.name for p in tmp_path.parent.iterdir())
    (tmp_path / "slip.zip").write_bytes(data)
    result = ingestor.read_paths([tmp_path / "slip.zip"])
    assert sorted(a.source for a in result.articles) == sorted(["slip.zip/../../evil.txt", "slip.zip//etc/owned.txt", "slip.zip/..\\..\\win.txt"])
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slip.zip"]


def test_zip_bombs_and_damaged_members_are_bounded_and_named(ingestor):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("bomb.txt", "w", force_zip64=True) as member:
            for _ in range(210):
                member.write(b"\0" * (1 << 20))
    assert len(bomb.getvalue()) < 2_000_000
    (skip,) = ingestor.read_bytes(bomb.getvalue(), "bomb.zip").skipped
    assert skip.reason == "zip unpacks to 210.0 MB; the limit is 200.0 MB"

    many = _zip([(f"f{i}.txt", "x") for i in range(2_500)], compression=zipfile.ZIP_STORED)
    assert ingestor.read_bytes(many, "many.zip").skipped[0].reason == "zip holds 2,500 files; the limit is 2,000"

    liar = bytearray(_zip([("liar.txt", b"a" * (25 << 20))]))  # central directory claims 1,000 bytes
    struct.pack_into("<I", liar, liar.rfind(b"PK\x01\x02") + 24, 1000)
    (skip,) = ingestor.read_bytes(bytes(liar), "liar.zip").skipped
    assert skip.source == "liar.zip/liar.txt" and "cannot be unpacked (Bad CRC-32" in skip.reason

    good = _zip([("a.txt", ARTICLE), ("big.txt", b"a" * (21 << 20)), ("inner.zip", _zip([("b.txt", OTHER)])),
                 ("damaged.txt", OTHER), ("secret.txt", OTHER.replace("Friday", "Monday"))])
    damaged = bytearray(good)
    start = damaged.find(b"damaged.txt") + len("damaged.txt")
    damaged[start + 2: start + 40] = bytes(b ^ 0xFF for b in damaged[start + 2: start + 40])  # corrupt the deflate stream
    flags = damaged.rfind(b"PK\x01\x02", 0, damaged.rfind(b"secret.txt")) + 8
    struct.pack_into("<H", damaged, flags, struct.unpack_from("<H", damaged, flags)[0] | 1)  # "encrypted"
    result = ingestor.read_bytes(bytes(damaged), "mixed.zip")
    assert [a.source for a in result.articles] == ["mixed.zip/a.txt"]
    reasons = {s.source: s.reason for s in result.skipped}
    assert reasons["mixed.zip/big.txt"] == "too large (21.0 MB)"
    assert reasons["mixed.zip/inner.zip"] == "zip inside a zip is not opened"
    assert reasons["mixed.zip/damaged.txt"].startswith("cannot be unpacked (Error -3 while decompressing")
    assert "encrypted" in reasons["mixed.zip/secret.txt"]


def test_damaged_manifest_in_zip_is_reported_and_files_still_read(ingestor):
    data = bytearray(_zip([("manifest.csv", "file,outlet\n" + "a.txt,Coast Daily\n" * 500), ("a.txt", ARTICLE)]))
    start = data.find(b"manifest.csv") + len("manifest.csv")
    data[start + 2: start + 30] = bytes(b ^ 0x55 for b in data[start + 2: start + 30])
    result = ingestor.read_bytes(bytes(data), "batch.zip")
    assert [a.outlet for a in result.articles] == ["a"]
    (skip,) = result.skipped
    assert skip.source == "batch.zip/manifest.csv" and "outlets and dates come from the files" in skip.reason


def test_malformed_manifest_on_disk_keeps_the_rows_before_the_damage(tmp_path, ingestor):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text('file,outlet\na.txt,Coast Daily\nb.txt,"' + "x" * 10_500_000 + '"\n')
    (article,) = ingestor.read_paths([tmp_path]).articles
    assert article.outlet == "Coast Daily"


@pytest.mark.parametrize(
    "name,shown",
    [
        (b"evil\x1b[2J\x07.txt", "evil\\x1b[2J\\x07.txt"),
        (b"two\nlines.html", "two\\x0alines.html"),
        (b"caf\xe9.txt", "caf\\xdce9.txt"),  # not UTF-8: the surrogate escape is shown, never stored raw
    ],
)
def test_control_characters_in_file_names_are_escaped_in_every_message(tmp_path, ingestor, name, shown):
    result = _batch(ingestor, tmp_path / "in", name, b"")
    assert [s.source for s in result.skipped] == [shown]
    big = tmp_path / "big"
    big.mkdir()
    with open(os.path.join(os.fsencode(big), name), "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: the size check happens before reading
    (skip,) = Ingestor().read_paths([big]).skipped
    assert skip.source == shown and skip.reason.startswith("too large")


def test_taken_article_from_an_odd_file_name_can_be_stored(tmp_path, ingestor):
    result = _batch(ingestor, tmp_path / "in", b"caf\xe9 \x1b news.txt", OTHER.encode())
    with Store(":memory:") as store:
        assert len(store.add_articles(result.articles)) == 2
    assert {a.outlet for a in result.articles} == {"good", "caf\\xdce9 \\x1b news"}


def test_missing_path_is_reported(tmp_path, ingestor):
    result = ingestor.read_paths([tmp_path / "nowhere", tmp_path / "gone.txt"])
    assert [s.reason for s in result.skipped] == ["no such file or folder"] * 2


# --- the command line, end to end (loads the real model once) -------------------------------------


def _analyze(paths: list[Path], db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "checker", "analyze", *map(str, paths), "--db", str(db), "--quiet"]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_cli_exit_status_lists_each_skip_and_keeps_what_is_stored(tmp_path):
    good = REPO / "corpus" / "stories" / "harrowgate-dam-breach-2024" / "valley-courant-2024-03-06.txt"
    mixed, bad = tmp_path / "mixed", tmp_path / "bad"
    for folder in (mixed, bad):
        folder.mkdir()
        (folder / "empty.txt").write_bytes(b"")
        (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + _random(500))
        (folder / "spanish.txt").write_text("El puerto reabrió el muelle este martes tras tres meses de obras. " * 10)
        with open(os.path.join(os.fsencode(folder), b"evil\x1b[2J.txt"), "wb") as handle:
            handle.write(b"\x00\x01")
    (mixed / "good.txt").write_bytes(good.read_bytes())
    (mixed / "rows.jsonl").write_text(json.dumps({"text": OTHER, "outlet": "Bay Times"}) + "\n{broken\n", encoding="utf-8")
    db = tmp_path / "x.db"

    some = _analyze([mixed], db)
    assert some.returncode == 1, some.stderr
    skipped = [line for line in some.stderr.splitlines() if line.startswith("skipped ")]
    assert sorted(skipped) == sorted([
        "skipped empty.txt: empty file",
        "skipped photo.txt: binary data (a PNG image), not text",
        "skipped spanish.txt: does not look like English (0% English function words); checker analyses English text only",
        "skipped evil\\x1b[2J.txt: binary data (NUL byte at offset 0), not text",
        "skipped rows.jsonl: line 2: not valid JSON (Expecting property name enclosed in double quotes)",
    ]), some.stderr
    assert "\x1b" not in some.stderr, "no raw terminal escape reaches the editor's terminal"
    with Store(db) as store:
        assert store.counts()["articles"] == 2
        flag_id = next(store.flag_rows())["flag_id"]
        store.set_verdict(flag_id, "ana", status="confirmed", note="=checked")

    none = _analyze([bad], db)
    assert none.returncode == 2 and "no article could be read" in none.stderr, none.stderr
    every = _analyze([mixed / "good.txt"], db)
    assert every.returncode == 0 and "articles: 2 (0 new)" in every.stdout, every.stderr
    with Store(db) as store:
        assert store.counts()["articles"] == 2
        assert store.verdict(flag_id)["status"] == "confirmed" and store.verdict(flag_id)["note"] == "=checked"


# --- injection and trust -------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_export_escapes_formula_cells_read_back_from_the_file(tmp_path, capsys):
    from checker.cli import main as cli_main
    from checker.records import Article, Flag, Statement

    db = tmp_path / "x.db"
    with Store(db) as store:
        a = Article(id="a1", text="=cmd|' /C calc'!A0 said one thing.", outlet="+Outlet", source="@a.txt", title="-title")
        b = Article(id="b1", text="\tTabbed text said another thing.", outlet="\rOutlet", source="b.txt", url="=HYPERLINK(\"http://x\")")
        store.add_articles([a, b])
        store.add_statements([
            Statement(id="s1", article_id="a1", index=0, start=0, end=len(a.text), text=a.text),
            Statement(id="s2", article_id="b1", index=0, start=0, end=len(b.text), text=b.text),
        ])
        flag = Flag("date_time", "conflict", 0.9, "s1", "s2", "-2 dates differ")
        store.replace_flags([flag])
        store.set_verdict(flag.id, "@reviewer", status="confirmed", note="=1+1\rsecond line")
    exported = {}
    for what in ("flags", "stories"):
        out = tmp_path / f"{what}.csv"
        assert cli_main(["export", "--db", str(db), "--what", what, "--format", "csv", "--out", str(out)]) == 0
        exported[what] = _read_csv(out)
        cells = [cell for row in exported[what] for cell in row.values()]
        assert not [c for c in cells if c.startswith(FORMULA_STARTS)], "no cell a spreadsheet would run"
    capsys.readouterr()
    (row,) = exported["flags"]
    assert row["note"] == "'=1+1\rsecond line" and row["reviewer"] == "'@reviewer"
    assert row["a_text"].startswith("'=cmd") and row["b_text"].startswith("'\t")
    assert row["explanation"] == "'-2 dates differ" and (row["a_outlet"], row["b_outlet"]) == ("'+Outlet", "'\rOutlet")
    assert row["a_source"] == "'@a.txt" and row["status"] == "confirmed"
    assert {r["title"] for r in exported["stories"]} == {"'-title", ""}


def _sql_strings() -> list[tuple[str, int, str]]:
    """Every f-string, %-format or .format() call whose text is SQL, with the parts it interpolates."""
    import ast

    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|REPLACE|WHERE)\b")
    allowed_names = {"marks", "amarks"}  # the `IN (?,?,...)` placeholders, built from counts
    found = []
    files = [*sorted((REPO / "checker").rglob("*.py")), *sorted((REPO / "benchmarks").glob("*.py")), REPO / "app.py"]
    for path in files:
        if not path.is_file():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if not sql.search(text):
                    continue
                for part in node.values:
                    if not isinstance(part, ast.FormattedValue):
                        continue
                    expr = part.value
                    safe = (
                        (isinstance(expr, ast.Name) and expr.id in allowed_names)
                        or (isinstance(expr, ast.IfExp) and all(isinstance(x, ast.Constant) for x in (expr.body, expr.orelse)))
                        or (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "int")
                    )
                    if not safe:
                        found.append((str(path.relative_to(REPO)), node.lineno, ast.unparse(expr)))
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
                if isinstance(node.left.value, str) and sql.search(node.left.value):
                    found.append((str(path.relative_to(REPO)), node.lineno, "% formatting"))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
                base = node.func.value
                if isinstance(base, ast.Constant) and isinstance(base.value, str) and sql.search(base.value):
                    found.append((str(path.relative_to(REPO)), node.lineno, ".format()"))
    return found


def test_sql_interpolates_no_values_only_placeholders():
    assert _sql_strings() == [], "SQL must take values as ? parameters"


def test_nothing_loads_pickle_and_models_hold_only_safe_formats():
    import ast

    risky_modules = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib", "shelve", "marshal"}
    risky_calls = {"torch.load", "pickle.load", "pickle.loads", "joblib.load", "pd.read_pickle", "pandas.read_pickle"}
    problems = []
    for path in [*sorted((REPO / "checker").rglob("*.py")), REPO / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module.split(".")[0]]
            problems += [f"{path.name}:{node.lineno} imports {n}" for n in names if n in risky_modules]
            if isinstance(node, ast.Call):
                called = ast.unparse(node.func)
                if called in risky_calls or called.endswith(".read_pickle"):
                    problems.append(f"{path.name}:{node.lineno} calls {called}")
                if any(k.arg == "allow_pickle" and not (isinstance(k.value, ast.Constant) and k.value.value is False) for k in node.keywords):
                    problems.append(f"{path.name}:{node.lineno} allow_pickle")
    assert problems == []
    safe = {".json", ".safetensors", ".txt", ".md", ".csv", ".jsonl"}
    unsafe = [str(p.relative_to(REPO)) for p in (REPO / "models").rglob("*") if p.is_file() and p.suffix.lower() not in safe]
    assert unsafe == [], "models/ holds only JSON and safetensors (plus tokenizer text files)"


def test_the_embedding_model_has_safetensors_and_no_pickled_weights():
    from checker.embed import default_model_path

    files = [p for p in default_model_path().rglob("*") if p.is_file()]
    assert any(p.suffix == ".safetensors" for p in files)
    assert not [p.name for p in files if p.suffix in {".bin", ".pt", ".pth", ".pkl", ".ckpt", ".h5"}]
