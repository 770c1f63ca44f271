"""What becomes of each raw line: kept in a segment, or removed with a reason.

Rules decide first (:mod:`helpers.clean.rules`); an outlet without a rules
file also gets layout heuristics (short unpunctuated lines at the top and
bottom of the page, link-list blocks). The approach follows the
boilerplate-removal literature in keeping it line based and shallow
(Kohlschütter, Fankhauser & Nejdl 2010, "Boilerplate detection using shallow
text features", WSDM). Then repeated paragraphs go and the kept lines get
their segments (headline, captions, lede, body: :mod:`helpers.clean.layout`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .layout import assign_segments, extend_teasers, mark_duplicates
from .rules import CompiledRules

_LINE_END_RE = re.compile(r"\r\n|\n|\r")
_SENTENCE_END_RE = re.compile(r"[.!?:;\"'\u201d\u2019)\]\u3002\uff01\uff1f\u2026]$")
_LONG_LINE_CHARS = 100  # scripts written without spaces: a long line is not a menu entry, whatever its word count
HEADED_BY = ("related_list", "read_more", "teaser")  # removal reasons of list headings and teasers


class LineDecisions(NamedTuple):
    """One entry per raw line: ``action`` (``kept`` | ``removed``), ``reason``
    (``content`` for kept lines), ``rule`` (the deciding rule id, or '') and
    ``segment`` (the segment of a kept line), ``flags`` (audit flags, e.g.
    ``duplicate_of:N``, or '')."""

    action: list[str]
    reason: list[str]
    rule: list[str]
    segment: list[str]
    flags: list[str]


def split_lines(text: str) -> list[str]:
    """Raw lines without their line ends (``\\r\\n``, ``\\n`` or ``\\r``); no phantom last line."""
    lines = _LINE_END_RE.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def _word_count(s: str) -> int:
    return len(s.split())


def _is_short_unpunctuated(s: str, max_words: int) -> bool:
    return _word_count(s) <= max_words and len(s) <= _LONG_LINE_CHARS and not _SENTENCE_END_RE.search(s)


def _enumeration(lines: list[str]) -> bool:
    """Most lines carry a ', ' inside: places, dates, quantities listed by the article
    (a tour's dates, a recipe), not titles of links."""
    return sum(", " in s for s in lines) * 2 >= len(lines)


def _looks_like_headline(norm: list[str], k: int) -> bool:
    """A line that ends a block at the top of a page and reads like a headline:
    five words or more, no menu separators, followed by a blank line (or the end)."""
    line = norm[k]
    followed_by_break = k + 1 >= len(norm) or not norm[k + 1]
    return followed_by_break and _word_count(line) >= 5 and "|" not in line


def _apply_rules(norm: list[str], compiled: CompiledRules, d: LineDecisions) -> None:
    """Decide every line by the first rule that matches it (in place); blank lines are removed."""
    action, reason, rule, segment = d[:4]
    n = len(norm)
    next_nonblank = [""] * n  # normalised next non-blank line, for next_line_regex rules
    if compiled.next_screen is not None:
        upcoming = ""
        for i in range(n - 1, -1, -1):
            next_nonblank[i] = upcoming
            if norm[i]:
                upcoming = norm[i]

    footer: tuple[str, str] | None = None   # (reason, rule) after a remove_rest rule
    block: tuple[str, str] | None = None    # remove_block in progress
    block_started = False
    skip_left, skip = 0, ("", "")           # remove_next_lines in progress
    seen_content = False

    for i in range(n):
        s = norm[i]
        if not s:
            action[i], reason[i] = "removed", "blank"
            if block is not None and block_started:
                block = None
            continue
        hit = None
        # cheap screens first: most lines match no rule and skip the ordered rule loop
        if s in compiled.exact or (compiled.screen is not None and compiled.screen.could_match(s)) or (
                compiled.next_screen is not None and compiled.next_screen.could_match(next_nonblank[i])):
            for r in compiled.rules:
                if r.when == "header" and seen_content or r.when == "footer" and footer is None:
                    continue
                if footer is not None and r.action == "set_segment":
                    continue  # nothing is kept once the page furniture has started
                if r.hits(s, next_nonblank[i]):
                    hit = r
                    break
        if hit is not None:
            block, skip_left = None, 0
            if hit.action == "set_segment":
                segment[i], rule[i] = hit.arg, hit.rule_id
                seen_content = True
                continue
            action[i], reason[i], rule[i] = "removed", hit.reason, hit.rule_id
            if hit.action == "remove_rest":
                footer = (hit.reason, hit.rule_id)
            elif hit.action == "remove_block":
                block, block_started = (hit.reason, hit.rule_id), False
            elif hit.action == "remove_next_lines":
                skip_left, skip = int(hit.arg), (hit.reason, hit.rule_id)
            continue
        if skip_left > 0:
            action[i], (reason[i], rule[i]) = "removed", skip
            skip_left -= 1
        elif block is not None:
            action[i], (reason[i], rule[i]) = "removed", block
            block_started = True
        elif footer is not None:
            action[i], (reason[i], rule[i]) = "removed", footer
        else:
            seen_content = True


def _apply_heuristics(norm: list[str], d: LineDecisions) -> None:
    """Layout heuristics for outlets without a rules file (in place, on lines still kept).

    * link-list blocks: >= 3 consecutive non-blank kept lines, none ending like a
      sentence and none over 15 words or 100 characters, *at an edge of the
      article* (before its first or after its last sentence-like line) or right
      under a list heading or teaser a rule removed (``Related``, ``READ MORE: ...``)
      -> ``link_list``. Runs of short lines inside the article are kept: on
      extracted HTML they are list items, table rows, recipe steps and headings
      of the article itself (on the development pages 260 of the 302 lines the
      older, position-blind rule removed were article text);
    * top: short (<= 3 words) unpunctuated lines before the first longer line -> ``navigation``;
    * bottom: short (<= 6 words) unpunctuated lines after the last longer line -> ``navigation``.
    Lines a rule assigned to a segment (captions, footnotes) are left alone.
    """
    action, reason, rule, segment = d[:4]
    n = len(norm)

    def free(i: int) -> bool:
        return action[i] == "kept" and rule[i] == ""

    sentence_like = [i for i in range(n) if action[i] == "kept" and norm[i]
                     and not _is_short_unpunctuated(norm[i], 15)]
    first_sentence = sentence_like[0] if sentence_like else n
    last_sentence = sentence_like[-1] if sentence_like else -1

    def headed(i: int) -> bool:
        """The nearest non-blank line above ``i`` is a list heading or teaser a rule removed."""
        k = i - 1
        while k >= 0 and not norm[k]:
            k -= 1
        return k >= 0 and action[k] == "removed" and reason[k] in HEADED_BY

    i = 0
    while i < n:
        j = i
        while j < n and free(j) and _is_short_unpunctuated(norm[j], 15):
            j += 1
        at_top = j <= first_sentence
        if j - i >= 3 and at_top and _looks_like_headline(norm, j - 1):
            j -= 1  # masthead + menu + headline at the top of a capture: spare the headline
        at_edge = (at_top or i > last_sentence) and not _enumeration(norm[i:j])
        if j - i >= 3 and (at_edge or headed(i)):
            for k in range(i, j):
                action[k], reason[k], rule[k], segment[k] = "removed", "link_list", "generic:link_list", ""
        i = max(j, i + 1)

    # from each end of the page inwards, until the first kept line that is not short
    for lines, max_words, rule_id in ((range(n), 3, "generic:short_line_top"),
                                      (range(n - 1, -1, -1), 6, "generic:short_line_bottom")):
        for k in lines:
            if action[k] != "kept":
                continue
            if not (free(k) and _is_short_unpunctuated(norm[k], max_words)):
                break
            action[k], reason[k], rule[k], segment[k] = "removed", "navigation", rule_id, ""


def decide_lines(norm: list[str], compiled: CompiledRules, title: str = "") -> LineDecisions:
    """The decision for every line of an article (``norm``: its lines, normalised):
    rules, teaser runs, the heuristics (when ``compiled.heuristics``), repeated
    paragraphs, then the segments (:mod:`helpers.clean.layout`; ``title``: the manifest's)."""
    n = len(norm)
    d = LineDecisions(["kept"] * n, ["content"] * n, [""] * n, [""] * n, [""] * n)
    _apply_rules(norm, compiled, d)
    extend_teasers(norm, d)
    if compiled.heuristics:
        _apply_heuristics(norm, d)
    mark_duplicates(norm, d)
    assign_segments(norm, d, title)
    return d
