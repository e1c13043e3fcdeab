"""Turn a file's bytes into text, or say plainly why they are not text."""

from __future__ import annotations

import codecs

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
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1:
        raise IngestError(source, f"binary data (NUL byte at offset {nul}), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise IngestError(source, "not text in any known encoding")
    text = _strict(data, best.encoding, source)
    if _control_share(text) > 0.05:
        raise IngestError(source, f"binary data (too many control characters as {best.encoding}), not text")
    return text


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
