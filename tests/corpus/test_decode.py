"""Raw bytes to text: encodings, binary sniffing and HTML detection."""

from __future__ import annotations

import pytest

from helpers.core.errors import FramingError
from helpers.corpus import AssumedEncodingWarning, decode_bytes, looks_binary, looks_like_html, mostly_non_text


def test_decode_utf8_bom_and_cp1252():
    assert decode_bytes("Iran\u2019s".encode("utf-8"), "a.txt") == ("Iran\u2019s", "utf-8")
    assert decode_bytes(b"\xef\xbb\xbfIran", "a.txt") == ("Iran", "utf-8-sig")
    data = "Iran\u2019s \u201cmissiles\u201d \u2014 caf\u00e9 and d\u00e9j\u00e0 vu in the report.\n".encode("cp1252") * 3
    with pytest.warns(AssumedEncodingWarning, match="cp1252"):
        text, enc = decode_bytes(data, "legacy.txt")
    assert enc == "cp1252" and text.startswith("Iran\u2019s \u201cmissiles\u201d")


def test_decode_refuses_unknown_encoding():
    data = "\u4f0a\u6717\u5426\u8ba4\u5411\u4f0a\u62c9\u514b\u6c11\u5175\u63d0\u4f9b\u5bfc\u5f39\u3002".encode("gbk") * 5
    with pytest.raises(FramingError, match="unknown text encoding"):
        decode_bytes(data, "zh.txt")


def test_binary_and_non_text_sniffing():
    assert looks_binary(b"PK\x03\x04\x00\x00text")              # a NUL byte
    assert looks_binary(bytes(range(1, 9)) * 50)                # mostly control bytes
    assert not looks_binary(b"Line one.\tTabbed.\r\nLine two.\f\n" * 20)
    assert not looks_binary(b"\x01\x02" + b"two stray controls in a long text " * 10)  # at most 2 or 1%
    assert mostly_non_text("\ue000\ue001\ue002\ue003 private use")
    assert not mostly_non_text("Tehran denied the report \u2014 \u201cgroundless\u201d, it said.")


def test_html_is_recognised_by_a_page_level_tag():
    assert looks_like_html("<!DOCTYPE html><html><body><p>Text</p></body></html>")
    assert looks_like_html("  <P class='x'>A paragraph</P>")
    assert not looks_like_html("Iran said x < y and <b>bold</b> is not a page")
    assert not looks_like_html("x" * 4096 + "<html>")  # only the first 4 KB are looked at
