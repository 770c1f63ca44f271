"""Cleaning: raw article text -> ordered segments, with an audit row for every raw line.

Each raw line is either **kept** as one segment (``headline``, ``lede``,
``body``, ``caption`` or ``footnote``) or **removed** with a named reason
(``navigation``, ``read_more``, ``donation_appeal``, ``blank``, ...). What is
page furniture is decided by rules that are data, not code:
``data/rules/<outlet-slug>.csv`` (written by reading the seed captures) and
``data/rules/generic.csv`` (widgets common across sites); the rule language is
documented in ``data/rules/README.md``. An outlet without a rules file also
gets the layout heuristics in :func:`_apply_heuristics` (short unpunctuated
lines at the top/bottom, link-list blocks). The approach follows the
boilerplate-removal literature in keeping it line based and shallow
(Kohlschütter, Fankhauser & Nejdl 2010, "Boilerplate detection using shallow
text features", WSDM), but every decision is written to the audit so it can be
checked line by line.

Everything here is linear in the number of lines and builds plain lists; the
DataFrames are made once per call (the pipeline cleans large corpora in chunks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.errors import FramingError
from ..core.normalize import mixed_script_words, normalize_line
from ..core.storage import read_csv

SEGMENT_SEPARATOR = "\n\n"

SEGMENT_COLUMNS = ["article_id", "segment_index", "segment", "start", "end", "text",
                   "line_first", "line_last"]
AUDIT_COLUMNS = ["article_id", "line_no", "raw_line", "action", "segment", "segment_index",
                 "reason", "rule", "flags"]
RULE_COLUMNS = ["rule_id", "match", "pattern", "action", "arg", "when", "reason", "note"]

SEGMENTS = ("headline", "lede", "body", "caption", "footnote")
MATCH_TYPES = ("exact", "prefix", "contains", "regex", "next_line_regex")
ACTIONS = ("remove_line", "remove_rest", "remove_block", "remove_next_lines", "set_segment")
WHENS = ("any", "header", "footer")
_MAX_PATTERN = 300  # rules are short, readable patterns; long ones are a smell
_LINE_END_RE = re.compile(r"\r\n|\n|\r")
_SENTENCE_END_RE = re.compile(r"[.!?:;\"'\u201d\u2019)\]]$")


# ----------------------------------------------------------------------------- rules

def outlet_slug(outlet: str) -> str:
    """File stem of an outlet's rules: lowercase, runs of other characters -> '-'."""
    return re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")


def _read_rules_file(path: Path, scope: str) -> pd.DataFrame:
    """Read and validate one rules CSV; ``scope`` is 'outlet' or 'generic'."""
    df = read_csv(path, dtype=str)
    missing = [c for c in ("rule_id", "match", "pattern", "action", "reason") if c not in df.columns]
    if missing:
        raise FramingError(f"rules file lacks column(s) {', '.join(missing)}", path=path,
                           fix=f"use the header {','.join(RULE_COLUMNS)} (see data/rules/README.md)")
    for col in RULE_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    df = df[RULE_COLUMNS].copy()
    df["when"] = df["when"].replace("", "any")
    for i, r in enumerate(df.itertuples(index=False), start=1):
        _check_rule(r, path, i)
    dup = df["rule_id"].duplicated()
    if dup.any():
        row = int(dup.to_numpy().nonzero()[0][0]) + 1
        raise FramingError(f"duplicate rule_id {df['rule_id'][dup].iloc[0]!r}", path=path, row=row,
                           fix="give every rule a unique id")
    if scope == "generic":
        df["rule_id"] = "generic:" + df["rule_id"]
    df["scope"] = scope
    return df


def _check_rule(r, path: Path, row: int) -> None:
    """Refuse a rule that the cleaner could not apply safely."""
    def bad(msg: str, fix: str) -> FramingError:
        return FramingError(msg, path=path, row=row, fix=fix)

    if not r.rule_id:
        raise bad("empty rule_id", "give every rule a unique id")
    if r.match not in MATCH_TYPES:
        raise bad(f"unknown match {r.match!r}", f"use one of {', '.join(MATCH_TYPES)}")
    if r.action not in ACTIONS:
        raise bad(f"unknown action {r.action!r}", f"use one of {', '.join(ACTIONS)}")
    if r.when not in WHENS:
        raise bad(f"unknown when {r.when!r}", f"use one of {', '.join(WHENS)}")
    if not r.pattern or len(r.pattern) > _MAX_PATTERN:
        raise bad("empty or overlong pattern", f"write a pattern of 1-{_MAX_PATTERN} characters")
    if r.match in ("regex", "next_line_regex"):
        try:
            re.compile(r.pattern)
        except re.error as exc:
            raise bad(f"invalid regex ({exc})", "fix the pattern (Python re syntax)") from exc
    if r.action == "set_segment" and r.arg not in SEGMENTS:
        raise bad(f"set_segment needs a segment in arg, got {r.arg!r}", f"use one of {', '.join(SEGMENTS)}")
    if r.action == "remove_next_lines" and not (r.arg.isdigit() and int(r.arg) > 0):
        raise bad(f"remove_next_lines needs a positive number in arg, got {r.arg!r}", "put e.g. 1 in arg")
    if r.action != "set_segment" and not r.reason:
        raise bad("removal rule without a reason", "name the reason (e.g. navigation)")


def load_rules(outlet: str, rules_dir: Path) -> pd.DataFrame:
    """Rules for ``outlet``: ``RULES/<slug>.csv`` (if any) then ``RULES/generic.csv``
    (``rules_dir``: the study's rules folder, ``data/rules/`` by default).

    Columns are :data:`RULE_COLUMNS` plus ``scope`` (``outlet`` | ``generic``);
    generic rule ids are prefixed ``generic:``. Order matters: the first rule
    that matches a line decides it.
    """
    folder = Path(rules_dir)
    parts = []
    own = folder / f"{outlet_slug(outlet)}.csv"
    if outlet_slug(outlet) and own.exists():
        parts.append(_read_rules_file(own, "outlet"))
    generic = folder / "generic.csv"
    if generic.exists():
        parts.append(_read_rules_file(generic, "generic"))
    if not parts:
        return pd.DataFrame(columns=RULE_COLUMNS + ["scope"])
    return pd.concat(parts, ignore_index=True)


@dataclass
class _Rule:
    rule_id: str
    match: str
    pattern: str
    action: str
    arg: str
    when: str
    reason: str
    regex: re.Pattern | None = None

    def hits(self, line: str, next_line: str) -> bool:
        if self.match == "exact":
            return line == self.pattern
        if self.match == "prefix":
            return line.startswith(self.pattern)
        if self.match == "contains":
            return self.pattern in line
        if self.match == "regex":
            return self.regex.search(line) is not None
        return self.regex.search(next_line) is not None  # next_line_regex


@dataclass
class _Compiled:
    rules: list[_Rule] = field(default_factory=list)
    exact: frozenset = frozenset()
    screen: _Screen | None = None       # could a non-exact same-line rule match?
    next_screen: _Screen | None = None  # could a next_line_regex rule match the next line?
    heuristics: bool = True


_GLOBAL_FLAGS_RE = re.compile(r"^\(\?([aiLmsux]+)\)")


def _scoped(p: str) -> str:
    """``p`` as a group usable inside an alternation (a leading ``(?i)`` becomes ``(?i:...)``)."""
    m = _GLOBAL_FLAGS_RE.match(p)
    return f"(?{m.group(1)}:{p[m.end():]})" if m else f"(?:{p})"


def _anchored_at_start(p: str) -> bool:
    """True if every match of ``p`` starts at position 0: a leading ``^`` and no top-level ``|``."""
    m = _GLOBAL_FLAGS_RE.match(p)
    body = p[m.end():] if m else p
    if not body.startswith("^"):
        return False
    depth, i, in_class = 0, 0, False
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if body[i + 1:i + 2] == "]":
                i += 1  # a ']' right after '[' is literal
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
        i += 1
    return True


@dataclass
class _Screen:
    """Cheap test whether any same-line rule could match; most body lines match none.

    Start-anchored patterns are joined into one regex tried only at position 0
    (an alternation searched at every position would be slower than the rules
    themselves); literals use ``in``; other regexes are searched one by one.
    """

    anchored: re.Pattern | None
    literals: tuple[str, ...]
    unanchored: tuple[re.Pattern, ...]

    def could_match(self, line: str) -> bool:
        if self.anchored is not None and self.anchored.match(line):
            return True
        if any(lit in line for lit in self.literals):
            return True
        return any(rx.search(line) for rx in self.unanchored)


def _screen(rules: list) -> _Screen:
    anchored, literals, unanchored = [], [], []
    for r in rules:
        if r.match == "prefix":
            anchored.append("^" + re.escape(r.pattern))
        elif r.match == "contains":
            literals.append(r.pattern)
        elif r.match in ("regex", "next_line_regex"):
            # backreferences would be renumbered inside an alternation: test those alone
            joinable = _anchored_at_start(r.pattern) and not re.search(r"\\[1-9]|\(\?P=", r.pattern)
            (anchored if joinable else unanchored).append(r.pattern)
    combined = None
    if anchored:
        try:
            combined = re.compile("|".join(_scoped(p) for p in anchored))
        except re.error:
            unanchored, anchored = unanchored + anchored, []
    return _Screen(combined, tuple(literals), tuple(re.compile(p) for p in unanchored))


def _compile(rules: pd.DataFrame | None) -> _Compiled:
    """Turn a rules table into matchers once (per outlet, not per article)."""
    if rules is None or len(rules) == 0:
        return _Compiled()
    compiled = []
    for r in rules.itertuples(index=False):
        when = getattr(r, "when", "") or "any"
        arg = getattr(r, "arg", "") or ""
        regex = re.compile(r.pattern) if r.match in ("regex", "next_line_regex") else None
        compiled.append(_Rule(r.rule_id, r.match, r.pattern, r.action, str(arg), when, r.reason, regex))
    same_line = [r for r in compiled if r.match in ("prefix", "contains", "regex")]
    next_line = [r for r in compiled if r.match == "next_line_regex"]
    scope = rules["scope"] if "scope" in rules.columns else pd.Series(["outlet"] * len(rules))
    return _Compiled(
        rules=compiled,
        exact=frozenset(r.pattern for r in compiled if r.match == "exact"),
        screen=_screen(same_line) if same_line else None,
        next_screen=_screen(next_line) if next_line else None,
        heuristics=not (scope == "outlet").any(),
    )


# ----------------------------------------------------------------------------- cleaning

def split_lines(text: str) -> list[str]:
    """Raw lines without their line ends (``\\r\\n``, ``\\n`` or ``\\r``); no phantom last line."""
    lines = _LINE_END_RE.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def _word_count(s: str) -> int:
    return len(s.split())


def _is_short_unpunctuated(s: str, max_words: int) -> bool:
    return _word_count(s) <= max_words and not _SENTENCE_END_RE.search(s)


def _looks_like_headline(norm: list[str], k: int) -> bool:
    """A line that ends a block at the top of a page and reads like a headline:
    five words or more, no menu separators, followed by a blank line (or the end)."""
    line = norm[k]
    followed_by_break = k + 1 >= len(norm) or not norm[k + 1]
    return followed_by_break and _word_count(line) >= 5 and "|" not in line


def _apply_heuristics(norm: list[str], action: list[str], reason: list[str], rule: list[str],
                      segment: list[str]) -> None:
    """Layout heuristics for outlets without a rules file (in place, on lines still kept).

    * link-list blocks: >= 3 consecutive non-blank kept lines, none ending like a
      sentence and none over 15 words -> ``link_list``;
    * top: short (<= 3 words) unpunctuated lines before the first longer line -> ``navigation``;
    * bottom: short (<= 6 words) unpunctuated lines after the last longer line -> ``navigation``.
    Lines a rule assigned to a segment (captions, footnotes) are left alone.
    """
    n = len(norm)

    def free(i: int) -> bool:
        return action[i] == "kept" and rule[i] == ""

    seen_sentence = False  # a sentence-like kept line has been seen: we are past the page top
    i = 0
    while i < n:
        j = i
        while j < n and free(j) and _is_short_unpunctuated(norm[j], 15):
            j += 1
        if j - i >= 3 and not seen_sentence and _looks_like_headline(norm, j - 1):
            j -= 1  # masthead + menu + headline at the top of a capture: spare the headline
        if j - i >= 3:
            for k in range(i, j):
                action[k], reason[k], rule[k], segment[k] = "removed", "link_list", "generic:link_list", ""
        if i < n and action[i] == "kept" and norm[i] and not _is_short_unpunctuated(norm[i], 15):
            seen_sentence = True
        i = max(j, i + 1)

    for k in range(n):
        if action[k] != "kept":
            continue
        if free(k) and _is_short_unpunctuated(norm[k], 3):
            action[k], reason[k], rule[k], segment[k] = "removed", "navigation", "generic:short_line_top", ""
            continue
        break
    for k in range(n - 1, -1, -1):
        if action[k] != "kept":
            continue
        if free(k) and _is_short_unpunctuated(norm[k], 6):
            action[k], reason[k], rule[k], segment[k] = "removed", "navigation", "generic:short_line_bottom", ""
            continue
        break


def _clean_lines(text: str, article_id: str, compiled: _Compiled,
                 seg_rows: list, audit_rows: list) -> None:
    """Clean one article, appending plain tuples to ``seg_rows`` and ``audit_rows``."""
    raw = split_lines(text)
    norm = [normalize_line(line) for line in raw]
    n = len(raw)
    action = ["kept"] * n
    reason = ["content"] * n
    rule = [""] * n
    segment = [""] * n

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

    if compiled.heuristics:
        _apply_heuristics(norm, action, reason, rule, segment)

    # Structure: headline (a rule's, else the first kept line), captions before it, then lede, body.
    kept = [i for i in range(n) if action[i] == "kept"]
    headline = next((i for i in kept if segment[i] == "headline"), None)
    if headline is None:
        headline = next((i for i in kept if segment[i] == ""), None)
        if headline is not None:
            segment[headline], rule[headline] = "headline", "generic:first_line_headline"
    lede_done = False
    for i in kept:
        if i == headline:
            continue
        if segment[i] == "headline":
            segment[i] = ""  # only one headline per article
        if segment[i]:
            continue
        if headline is not None and i < headline:
            segment[i], rule[i] = "caption", "generic:before_headline"
        elif not lede_done:
            segment[i], lede_done = "lede", True
        else:
            segment[i] = "body"

    pos = 0
    seg_index: list[int | None] = [None] * n
    for k, i in enumerate(kept):
        t = norm[i]
        seg_rows.append((article_id, k, segment[i], pos, pos + len(t), t, i + 1, i + 1))
        seg_index[i] = k
        pos += len(t) + len(SEGMENT_SEPARATOR)
    for i in range(n):
        flags = "mixed_script" if mixed_script_words(raw[i]) else ""
        audit_rows.append((article_id, i + 1, raw[i], action[i], segment[i] if action[i] == "kept" else "",
                           seg_index[i], reason[i], rule[i], flags))


def _frames(seg_rows: list, audit_rows: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    segments = pd.DataFrame(seg_rows, columns=SEGMENT_COLUMNS)
    for col in ("segment_index", "start", "end", "line_first", "line_last"):
        segments[col] = segments[col].astype("int64")
    audit = pd.DataFrame(audit_rows, columns=AUDIT_COLUMNS)
    audit["line_no"] = audit["line_no"].astype("int64")
    audit["segment_index"] = pd.array(audit["segment_index"].tolist(), dtype="Int64")
    return segments, audit


def clean_article(text: str, article_id: str, outlet: str,
                  rules: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean one article: ``(segments, audit)`` as in docs/ARCHITECTURE.md.

    ``rules`` is :func:`load_rules` output for ``outlet`` (``None`` = no rules
    at all, heuristics only). Every raw line gets exactly one audit row; each
    kept line is one segment, whose ``text`` is :func:`helpers.core.normalize.normalize_line`
    of the raw line and whose offsets index the clean text.
    """
    seg_rows: list = []
    audit_rows: list = []
    _clean_lines(text, article_id, _compile(rules), seg_rows, audit_rows)
    return _frames(seg_rows, audit_rows)


def clean_corpus(corpus_df: pd.DataFrame, rules_dir: Path,
                 compiled: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every article of a loaded corpus (columns ``article_id``, ``outlet``, ``text``).

    Rules (from ``rules_dir``) are loaded and compiled once per outlet; rows come out sorted by
    article_id then segment_index / line_no. ``compiled``: a dict the caller
    keeps to reuse compiled rules across calls (outlet -> rules); it must be
    discarded when a rules file changes (the pipeline keys it by the rules'
    fingerprint).
    """
    for col in ("article_id", "outlet", "text"):
        if col not in corpus_df.columns:
            raise FramingError(f"corpus table lacks column {col!r}",
                               fix="load it with helpers.corpus.dataset.load_corpus")
    if compiled is None:
        compiled = {}
    seg_rows: list = []
    audit_rows: list = []
    ordered = corpus_df.sort_values("article_id", kind="stable")
    for article_id, outlet, text in zip(ordered["article_id"], ordered["outlet"], ordered["text"]):
        if outlet not in compiled:
            compiled[outlet] = _compile(load_rules(outlet, rules_dir))
        _clean_lines(text, str(article_id), compiled[outlet], seg_rows, audit_rows)
    return _frames(seg_rows, audit_rows)


def assemble_texts(segments: pd.DataFrame) -> pd.Series:
    """article_id -> clean text (segment texts joined by :data:`SEGMENT_SEPARATOR` in order)."""
    ordered = segments.sort_values(["article_id", "segment_index"], kind="stable")
    texts = ordered.groupby("article_id", sort=True)["text"].agg(SEGMENT_SEPARATOR.join)
    texts.name = "clean_text"
    return texts
