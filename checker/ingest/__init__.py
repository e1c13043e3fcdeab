"""Ingest: files, folders and zips in; cleaned `Article`s and reasons for what was skipped out."""

from __future__ import annotations

import csv
import io
import lzma
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from spacy.lang.en.stop_words import STOP_WORDS

from checker.errors import IngestError
from checker.ingest.boilerplate import BoilerplateFilter
from checker.ingest.decode import decode_bytes
from checker.ingest.readers import RawDoc, count_tags, markup_depth, read_csv, read_html, read_jsonl, read_text
from checker.records import Article, Skipped, content_id
from checker.resources import MODELS_DIR

__all__ = ["Ingestor", "IngestLimits", "IngestResult", "parse_published"]

TEXT_EXTS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".csv": "csv"}
ARCHIVE_EXTS = {".zip"}
_IGNORED_NAMES = {"manifest.csv", "readme.md", "readme.txt", "license", "license.txt"}
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF\u0600-\u06FF\u4E00-\u9FFF]+")
_TITLE_MAX_WORDS = 30
# What a damaged or hostile archive raises while being listed or unpacked.
_UNPACK_ERRORS = (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, zlib.error, lzma.LZMAError)


@dataclass(frozen=True)
class IngestLimits:
    """Bounds that keep hostile input from exhausting memory or time."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_article_chars: int = 400_000
    max_zip_members: int = 2_000
    max_zip_bytes: int = 200 * 1024 * 1024
    min_english_share: float = 0.12
    # Measured on 2 cores: trafilatura takes 6-17 s per 100,000 tags and ~2 min for a million; news pages have a few thousand.
    max_html_tags: int = 100_000
    # libxml2 silently drops everything nested deeper than 255 levels, so stop well before that.
    max_html_depth: int = 200


@dataclass
class IngestResult:
    """Articles taken and files (or rows) skipped, each with its reason."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def extend(self, other: "IngestResult") -> None:
        self.articles.extend(other.articles)
        self.skipped.extend(other.skipped)


class Ingestor:
    """Reads .txt, .html/.htm, .jsonl, .csv and .zip, recursively through folders."""

    def __init__(self, limits: IngestLimits | None = None, boilerplate: BoilerplateFilter | None = None) -> None:
        self.limits = limits or IngestLimits()
        self.boilerplate = boilerplate or BoilerplateFilter.from_models(MODELS_DIR)

    def read_paths(self, paths: list[Path | str]) -> IngestResult:
        """Read every file under `paths`; one bad file never stops the batch."""
        result = IngestResult()
        for path in _walk([Path(p) for p in paths], result):
            result.extend(self.read_file(path))
        return _drop_exact_repeats(result)

    def read_file(self, path: Path) -> IngestResult:
        """Read one file from disk (size-checked before it is loaded)."""
        source = _printable(path.name)
        try:
            size = path.stat().st_size
        except OSError as exc:
            return _skip(source, f"cannot be read ({exc.strerror or exc})")
        if size > self.limits.max_file_bytes:
            return _skip(source, f"too large ({_mb(size)}; the limit is {_mb(self.limits.max_file_bytes)})")
        try:
            data = path.read_bytes()
        except OSError as exc:
            return _skip(source, f"cannot be read ({exc.strerror or exc})")
        return self.read_bytes(data, source, manifest=_manifest_for(path))

    def read_bytes(self, data: bytes, source: str, manifest: dict[str, dict[str, str]] | None = None) -> IngestResult:
        """Read one file's content; `source` names it in every message."""
        source = _printable(source)
        ext = PurePosixPath(source.lower()).suffix
        if ext in ARCHIVE_EXTS:
            return self._read_zip(data, source)
        kind = TEXT_EXTS.get(ext)
        if kind is None:
            return _skip(source, f"unsupported file type '{ext or 'none'}' (use .txt, .html, .jsonl, .csv or .zip)")
        if len(data) > self.limits.max_file_bytes:
            return _skip(source, f"too large ({_mb(len(data))}; the limit is {_mb(self.limits.max_file_bytes)})")
        try:
            docs, problems = self._parse(decode_bytes(data, source), source, kind)
        except IngestError as exc:
            return _skip(exc.source, exc.problem)
        result = IngestResult(skipped=[Skipped(source, p) for p in problems])
        meta = (manifest or {}).get(PurePosixPath(source).name, {})
        for doc in docs:
            try:
                result.articles.append(self.to_article(doc, meta))
            except IngestError as exc:
                result.skipped.append(Skipped(exc.source, exc.problem))
        return result

    def _parse(self, text: str, source: str, kind: str) -> tuple[list[RawDoc], list[str]]:
        if kind == "html":
            return self._read_html(text, source), []
        if kind == "jsonl":
            return read_jsonl(text, source)
        if kind == "csv":
            return read_csv(text, source)
        if kind == "text" and _looks_like_html(text):
            return self._read_html(text, source), []
        return read_text(text, source), []

    def _read_html(self, text: str, source: str) -> list[RawDoc]:
        """Bound the markup before trafilatura: huge pages take minutes, deep ones lose text silently."""
        limit = self.limits.max_html_tags
        if count_tags(text, limit + 1) > limit:
            raise IngestError(source, f"HTML page has more than {limit:,} tags; not read (a news page has a few thousand)")
        if markup_depth(text) > self.limits.max_html_depth:
            raise IngestError(
                source,
                f"HTML nested more than {self.limits.max_html_depth} levels deep; not read (the parser would drop the deeper text)",
            )
        return read_html(text, source)

    def to_article(self, doc: RawDoc, meta: dict[str, str]) -> Article:
        """Clean the text, settle title and metadata (row, then manifest, then page, then file name)."""
        if len(doc.text) > self.limits.max_article_chars:
            raise IngestError(doc.source, f"article too long ({len(doc.text):,} characters; the limit is {self.limits.max_article_chars:,})")
        lines = doc.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        lines = [ln.strip() for ln in lines if ln.strip() and not self.boilerplate.is_furniture(ln.strip())]
        title = doc.title
        if not title and lines and _is_title_line(lines[0]):
            title = lines.pop(0)
        title = self.boilerplate.split_title(title) if title else ""
        if title:  # the page's <h1> (after a kicker, perhaps) repeats its <title>
            lines = [ln for i, ln in enumerate(lines) if i >= 3 or not _same_line(ln, title)]
        paragraphs = self.boilerplate.clean(lines)
        if title:
            paragraphs.insert(0, title)
        text = "\n\n".join(paragraphs)
        self._check_english(text, doc.source)
        if len(_WORD.findall(text)) < 5:
            raise IngestError(doc.source, "no article text left after removing page boilerplate")
        outlet = _first(doc, meta, "outlet") or _outlet_from_name(doc.source)
        published = parse_published(_first(doc, meta, "published"))
        url = _first(doc, meta, "url")
        return Article(
            id=content_id("article", outlet, re.sub(r"\s+", " ", text)),
            text=text,
            outlet=outlet,
            source=doc.source,
            title=title,
            published=published,
            url=url,
        )

    def _check_english(self, text: str, source: str) -> None:
        letters = [ch for ch in text[:20_000] if ch.isalpha()]
        latin = sum(1 for ch in letters if ch < "\u0250" or "\u1e00" <= ch < "\u1f00")
        if len(letters) >= 20 and latin / len(letters) < 0.5:  # Greek, Hangul, kana: _WORD would see no words at all
            share = 1 - latin / len(letters)
            raise IngestError(source, f"does not look like English ({share:.0%} of letters in a non-Latin script); checker analyses English text only")
        words = [w.lower() for w in _WORD.findall(text[:20_000])]
        if len(words) < 40:
            return
        share = sum(1 for w in words if w in STOP_WORDS) / len(words)
        if share < self.limits.min_english_share:
            raise IngestError(source, f"does not look like English ({share:.0%} English function words); checker analyses English text only")

    def _read_zip(self, data: bytes, source: str) -> IngestResult:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = [m for m in archive.infolist() if not m.is_dir()]
        except _UNPACK_ERRORS as exc:
            return _skip(source, f"not a readable zip archive ({exc})")
        if len(members) > self.limits.max_zip_members:
            return _skip(source, f"zip holds {len(members):,} files; the limit is {self.limits.max_zip_members:,}")
        total = sum(m.file_size for m in members)
        if total > self.limits.max_zip_bytes:
            return _skip(source, f"zip unpacks to {_mb(total)}; the limit is {_mb(self.limits.max_zip_bytes)}")
        result = IngestResult()
        try:
            manifest = _zip_manifest(archive, members)
        except _UNPACK_ERRORS as exc:
            manifest = {}
            result.skipped.append(Skipped(f"{source}/manifest.csv", f"cannot be unpacked ({exc}); outlets and dates come from the files"))
        for member in members:
            name = f"{source}/{_printable(member.filename)}"
            base = PurePosixPath(member.filename.replace("\\", "/")).name  # some Windows tools write folder\name.txt
            if base.lower() in _IGNORED_NAMES or base.startswith("."):
                continue
            if member.file_size > self.limits.max_file_bytes:
                result.skipped.append(Skipped(name, f"too large ({_mb(member.file_size)})"))
                continue
            if PurePosixPath(member.filename.lower()).suffix in ARCHIVE_EXTS:
                result.skipped.append(Skipped(name, "zip inside a zip is not opened"))
                continue
            try:
                content = _read_member(archive, member, self.limits.max_file_bytes)
            except _UNPACK_ERRORS as exc:
                result.skipped.append(Skipped(name, f"cannot be unpacked ({exc or exc.__class__.__name__})"))
                continue
            result.extend(self.read_bytes(content, name, manifest))
        return result


def _first(doc: RawDoc, manifest_row: dict[str, str], field: str) -> str:
    """A row's own field, then the manifest's, then the page's meta tags: an export row and an
    editor's manifest say what they mean, while a page's metadata is read by heuristics."""
    own, listed = getattr(doc, field), manifest_row.get(field, "")
    return (listed or own) if doc.is_markup else (own or listed)


def parse_published(value: str) -> date | None:
    """Publication date from ISO text or anything dateparser understands; None if absent."""
    value = (value or "").strip()
    if not value or len(value) > 100:  # no date is longer; dateparser takes seconds on megabytes of junk
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(value, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def _walk(paths: list[Path], result: IngestResult) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not _hidden(child, path) and child.name.lower() not in _IGNORED_NAMES:
                    files.append(child)
        elif path.is_file():
            files.append(path)
        else:
            result.skipped.append(Skipped(_printable(str(path)), "no such file or folder"))
    return files


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _manifest_for(path: Path) -> dict[str, dict[str, str]]:
    manifest = path.parent / "manifest.csv"
    if not manifest.is_file():
        return {}
    return _parse_manifest(manifest.read_text(encoding="utf-8-sig", errors="replace"))


def _zip_manifest(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> dict[str, dict[str, str]]:
    for member in members:
        if PurePosixPath(member.filename).name.lower() == "manifest.csv" and member.file_size < 5_000_000:
            return _parse_manifest(archive.read(member).decode("utf-8-sig", errors="replace"))
    return {}


def _parse_manifest(text: str) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO(text))
    out: dict[str, dict[str, str]] = {}
    try:
        for row in rows:
            name = (row.get("file") or "").strip()
            if name:
                out[name] = {k: (v or "").strip() for k, v in row.items() if k}
    except csv.Error:  # a malformed manifest keeps the rows before the damage; the files still read
        pass
    return out


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """Read at most `limit` bytes, so a member that lies about its size cannot explode."""
    with archive.open(member) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"unpacks past the {_mb(limit)} limit")
    return data


def _drop_exact_repeats(result: IngestResult) -> IngestResult:
    seen: dict[str, str] = {}
    kept: list[Article] = []
    for article in result.articles:
        if article.id in seen:
            result.skipped.append(Skipped(article.source, f"same article as {seen[article.id]}; counted once"))
            continue
        seen[article.id] = article.source
        kept.append(article)
    result.articles = kept
    return result


def _same_line(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def _is_title_line(line: str) -> bool:
    return not line.endswith((".", "!", "?", "”", '"')) and len(line.split()) <= _TITLE_MAX_WORDS


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text[:20_000])


def _outlet_from_name(source: str) -> str:
    stem = PurePosixPath(source.split("#")[0]).stem
    return re.sub(r"[_\-]+", " ", stem).strip() or "unknown outlet"


def _printable(name: str) -> str:
    """File names are shown to users: control characters become visible escapes."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in name)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _skip(source: str, reason: str) -> IngestResult:
    return IngestResult(skipped=[Skipped(source, reason)])
