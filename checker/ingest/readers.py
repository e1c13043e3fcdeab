"""Readers for each input format: bytes in, raw documents (text plus metadata) out."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from itertools import islice

from checker.errors import IngestError

csv.field_size_limit(10_000_000)

# Only CR and LF end a JSONL line: U+2028, U+0085 and the like may stand unescaped inside JSON strings.
_JSONL_LINE_END = re.compile(r"\r\n|\r|\n")
_ROW_FIELDS = ("text", "title", "outlet", "published", "url")
_OPEN_TAG = re.compile(r"<[A-Za-z]")


@dataclass
class RawDoc:
    """What a reader found: the text and whatever metadata the format carried."""

    source: str
    text: str
    title: str = ""
    outlet: str = ""
    published: str = ""
    url: str = ""
    is_markup: bool = False
    problems: list[str] = field(default_factory=list)


def read_text(text: str, source: str) -> list[RawDoc]:
    """Plain text: the first non-empty line may be a headline (decided after cleaning)."""
    return [RawDoc(source=source, text=text)]


def read_html(text: str, source: str) -> list[RawDoc]:
    """HTML page: main text and meta tags through trafilatura (no regex scraping)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            # Only the page's structured dates (meta tags, JSON-LD, URL), never a guess from its text
            # (a copyright year), and no ceiling at today's date: the page's own stamp is the fact.
            date_extraction_params={"extensive_search": False, "original_date": True, "max_date": "2099-12-31"},
        )
    except (RecursionError, ValueError, TypeError) as exc:
        raise IngestError(source, f"HTML could not be parsed ({exc.__class__.__name__})") from exc
    if doc is None or not (doc.text or "").strip():
        raise IngestError(source, "no article text found in the HTML page")
    title = (doc.title or "").strip()
    body = doc.text or ""
    if title and body.startswith(title):
        body = body[len(title):]
    return [
        RawDoc(
            source=source,
            text=body,
            title=title,
            outlet=(doc.sitename or "").strip(),
            published=(doc.date or "").strip(),
            url=(doc.url or "").strip(),
            is_markup=True,
        )
    ]


def count_tags(text: str, stop_after: int) -> int:
    """Opening tags in a page, counted up to `stop_after` so a million-tag page costs milliseconds."""
    return sum(1 for _ in islice(_OPEN_TAG.finditer(text), stop_after))


def markup_depth(text: str) -> int:
    """Deepest element nesting as libxml2, trafilatura's parser, builds it (it stops at 255 levels)."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    except (etree.LxmlError, ValueError):
        return 0
    if root is None:
        return 0
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def read_jsonl(text: str, source: str) -> tuple[list[RawDoc], list[str]]:
    """One JSON object per line; bad lines are reported by number and the rest kept."""
    docs: list[RawDoc] = []
    problems: list[str] = []
    for number, line in enumerate(_JSONL_LINE_END.split(text), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not valid JSON ({exc.msg})")
            continue
        except RecursionError:
            problems.append(f"line {number}: JSON nested too deeply to read")
            continue
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            problems.append(f"line {number}: JSON value cannot be read ({str(exc).split(':')[0]})")
            continue
        if not isinstance(row, dict):
            problems.append(f"line {number}: expected a JSON object, got {type(row).__name__}")
            continue
        if not all(_encodable(row.get(k)) for k in _ROW_FIELDS):
            problems.append(f"line {number}: invalid Unicode (an unpaired surrogate escape such as \\ud800)")
            continue
        doc = _row_doc(row, f"{source}#{number}", f"line {number}", problems)
        if doc:
            docs.append(doc)
    return docs, problems


def read_csv(text: str, source: str) -> tuple[list[RawDoc], list[str]]:
    """One article per row with a `text` column; malformed rows are reported by line."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise IngestError(source, f"line 1: malformed CSV header ({exc})") from exc
    if "text" not in fields:
        raise IngestError(source, f"CSV has no 'text' column (columns: {', '.join(fields) or 'none'})")
    reader.fieldnames = fields
    docs: list[RawDoc] = []
    problems: list[str] = []
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if None in row:
                problems.append(f"{where}: more cells than columns; extra cells ignored")
                row.pop(None)
            doc = _row_doc(row, f"{source}#{reader.line_num}", where, problems)
            if doc:
                docs.append(doc)
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: malformed CSV ({exc}); rest of file skipped")
    return docs, problems


def _row_doc(row: dict, source: str, where: str, problems: list[str]) -> RawDoc | None:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: no 'text' field")
        return None
    return RawDoc(
        source=source,
        text=text,
        title=_str(row.get("title")),
        outlet=_str(row.get("outlet")),
        published=_str(row.get("published")),
        url=_str(row.get("url")),
    )


def _encodable(value: object) -> bool:
    """JSON escapes can spell unpaired surrogates, which no UTF-8 file or database can hold."""
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _str(value: object) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""
