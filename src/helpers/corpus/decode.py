"""Raw bytes to text: binary sniffing, decoding (UTF-8, or an assumed Western
legacy encoding with a warning) and main-text extraction from HTML pages.

Nothing here touches the corpus: the same checks serve adding articles
(strict and lenient) and reading them back.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from pathlib import Path

from ..core.errors import FramingError

# every byte value except the C0 controls that are not tab, newline, form feed, CR
_NOT_BINARY_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13)))
_PRINTABLE_ASCII = b"\t\n\r\f" + bytes(range(0x20, 0x7f))
# A page starts (after blanks, an XML declaration or comments) with its doctype,
# <html>/<head>/<body> or a block element: a stray <p> inside plain text does not
# make it a page.
_HTML_SNIFF_RE = re.compile(r"\A\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|main|section|div|p)\b",
                            re.IGNORECASE | re.DOTALL)


class AssumedEncodingWarning(UserWarning):
    """A raw file was not UTF-8 and was decoded with a detected legacy encoding."""


class ByteOrderMarkWarning(AssumedEncodingWarning):
    """A raw file was UTF-16 or UTF-32 with a byte-order mark, and was decoded as such."""


# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def bom_encoding(data: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` if ``data`` starts with that byte-order mark, else None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` is binary rather than text: NUL bytes, or many control bytes
    other than tab/newline/CR/FF, in the first 64 KB. UTF-16 and UTF-32 text with a
    byte-order mark is full of NUL bytes and is not binary (its decoded text is
    checked by :func:`mostly_non_text`)."""
    if bom_encoding(data):
        return False
    head = data[:65536]
    if b"\x00" in head:
        return True
    # deleting every other byte value leaves the controls (one C-speed pass)
    controls = len(head.translate(None, _NOT_BINARY_CONTROL))
    return controls > max(2, len(head) // 100)


def decode_bytes(data: bytes, path: str | Path, row: int | None = None) -> tuple[str, str]:
    """Decode raw article bytes: ``(text, encoding)``.

    UTF-16 or UTF-32 with a byte-order mark (said in a :class:`ByteOrderMarkWarning`);
    UTF-8 (a BOM is recorded as ``utf-8-sig``); otherwise charset-normalizer
    chooses between cp1252 and latin-1 and an :class:`AssumedEncodingWarning`
    says so; anything else is refused (the study compares English-language
    Western outlets, so other legacy encodings mean a wrong file).
    """
    wide = bom_encoding(data)
    if wide:
        try:
            text = data.decode(wide)  # Python's utf-16/utf-32 codecs read and drop the BOM
        except UnicodeDecodeError:
            raise FramingError(f"starts with a {wide.upper()} byte-order mark but is not {wide.upper()}",
                               path=path, row=row, fix="re-save the file as UTF-8") from None
        where = f"{path}, row {row}" if row is not None else str(path)
        warnings.warn(f"{where}: decoded as {wide.upper()} (byte-order mark); the raw bytes are kept as they are",
                      ByteOrderMarkWarning, stacklevel=3)
        return text, wide
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None:
        raise FramingError("unknown text encoding (not UTF-8, cp1252 or latin-1)", path=path, row=row,
                           fix="re-save the file as UTF-8")
    encoding = "latin-1" if best.encoding in ("latin_1", "iso8859_1") else best.encoding
    text = data.decode(encoding)
    where = f"{path}, row {row}" if row is not None else str(path)
    warnings.warn(f"{where}: not UTF-8; decoded as {encoding} (assumed; check the text or re-save as UTF-8)",
                  AssumedEncodingWarning, stacklevel=3)
    return text, encoding


def mostly_non_text(text: str) -> bool:
    """Whether decoded ``text`` is not prose: more than 1% (and over 2) control,
    surrogate, private-use or unassigned characters in its first 64K characters."""
    sample = text[:65536]
    # Only characters outside printable ASCII can be non-text. Deleting the
    # printable ASCII bytes from the UTF-8 form (C speed) keeps every multibyte
    # sequence whole, so what remains decodes to exactly those characters.
    odd = sample.encode("utf-8", "surrogatepass").translate(None, _PRINTABLE_ASCII) \
        .decode("utf-8", "surrogatepass")
    bad = sum(odd.count(ch) for ch in set(odd) if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"))
    return bad > max(2, len(sample) // 100)


def looks_like_html(text: str) -> bool:
    """Whether decoded text of unknown format (a batch row) is an HTML page: it starts
    with a doctype, an ``<html>``, ``<head>`` or ``<body>`` tag or a block element
    (``<p>``, ``<div>``, ``<article>`` ...). Text that merely contains a tag (``<p>``
    inside a sentence of a CSV export) is plain text."""
    return _HTML_SNIFF_RE.search(text[:4096]) is not None


def extract_html(html: str) -> tuple[str, str, str]:
    """``(text, title, date)`` from an HTML page via trafilatura (paragraphs as lines).

    Uses trafilatura's main-content extraction (Barbaresso 2021, "Trafilatura:
    A Web Scraping Library and Command-Line Tool for Text Discovery and
    Extraction", ACL demos); ``title``/``date`` are '' when not found.
    """
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False,
                               include_tables=True, include_images=False, include_links=False,
                               deduplicate=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "") if meta is not None else ""
    date = (meta.date or "") if meta is not None else ""
    return text, " ".join(title.split()), date
