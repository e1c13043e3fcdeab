"""Turn a file's bytes into text, or say plainly why they are not text."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from checker.errors import IngestError

# Leading bytes of common binary formats that arrive with a text extension.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"RIFF", "a media file"),
    (b"SQLite format 3", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 1_000_000
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode text in any common encoding; raise IngestError for binary or undecodable data."""
    if not data.strip():
        raise IngestError(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, source)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError(source, f"binary data ({what}), not text")
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(data, utf16, source)
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1:
        raise IngestError(source, f"binary data (NUL byte at offset {nul}), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = "cp1252" if _western_single_byte(data) else _guess_encoding(data)
    if encoding is None:
        raise IngestError(source, "not text in any known encoding")
    text = _strict(data, encoding, source)
    if _control_share(text) > 0.05:
        raise IngestError(source, f"binary data (too many control characters as {encoding}), not text")
    return text


def _western_single_byte(data: bytes) -> bool:
    """No UTF-8 sequence anywhere and every byte defined in Windows-1252: the usual non-UTF-8 English file.

    charset_normalizer reads short, mostly ASCII text like this as a DOS code page ("€4" became "Ç4").
    """
    return not _UTF8_SEQUENCE.search(data) and not _CP1252_UNDEFINED.search(data)


def _guess_encoding(data: bytes) -> str | None:
    first = _NON_ASCII.search(data)  # guess from where the non-ASCII bytes are, not an all-ASCII first megabyte
    start = max(0, first.start() - 1000) if first else 0
    best = from_bytes(data[start: start + _SAMPLE]).best()
    return best.encoding if best is not None else None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, as some Windows tools write it: English text has a NUL in every other byte."""
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 16 or len(sample) % 2:
        return None
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(source, f"not valid {encoding} text ({exc.__class__.__name__})") from exc


def _control_share(text: str) -> float:
    sample = text[:20_000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(sample)
