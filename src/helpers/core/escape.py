"""Escaping of user-supplied values, one helper per output kind.

Outlet names, titles, events, URLs, lexicon entries, actor names and article
text come from users' files and reach Markdown (notebook outputs, the README
findings), HTML (tables, KWIC lines, the explorer) and figure labels. Each
output kind has one helper here, and every writer of that kind uses it, so a
value such as ``<script>alert(1)</script>`` or ``[x](javascript:…)`` is shown
as the characters it is and never runs or links (issue 18: an outlet name in
notebook 03's Markdown ran a script after ``jupyter nbconvert --to html``).

- :func:`md_text`: inline Markdown text. ``&``, ``<`` and ``>`` become HTML
  entities (CommonMark renders them as the characters; no raw HTML or
  autolink can start); the Markdown punctuation that opens links, code,
  emphasis or table cells is backslash-escaped; ``_`` only where it could
  open or close emphasis (not inside a word, so ``a_b`` ids stay readable).
- :func:`md_code`: a code span whose fence is longer than any run of
  backticks in the value (CommonMark 6.1), so nothing inside is interpreted.
- :func:`html_text`: text in HTML, quotes included (:func:`html.escape`).
- :func:`plot_text`: a figure label: ``$`` escaped so matplotlib never reads
  mathtext; its SVG writer escapes XML itself.
"""

from __future__ import annotations

import html
import re

_MD_PUNCT_RE = re.compile(r"([\\`*\[\]|~])")
# "_" that touches a non-word character or the edge of the value can delimit emphasis
_MD_UNDERSCORE_RE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_BACKTICKS_RE = re.compile(r"`+")


def md_text(value: object) -> str:
    """``value`` as literal inline Markdown text (one line)."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_PUNCT_RE.sub(r"\\\1", text)
    return _MD_UNDERSCORE_RE.sub(r"\\_", text)


def md_code(value: object) -> str:
    """``value`` as a Markdown code span (shown verbatim, never interpreted)."""
    text = " ".join(str(value).split())
    longest = max((len(m) for m in _BACKTICKS_RE.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html_text(value: object) -> str:
    """``value`` as HTML text or attribute value."""
    return html.escape(str(value), quote=True)


def plot_text(value: object) -> str:
    """``value`` as a matplotlib label: ``$`` would start mathtext (and a stray one fails the figure)."""
    return str(value).replace("$", r"\$")
