"""Outlet cleaning rules: reading and checking rule files, and compiling them once.

Rules are data, not code: ``RULES/<outlet-slug>.csv`` (written by reading
the seed captures) and ``RULES/generic.csv`` (widgets common across sites),
``RULES`` being the study's rules folder (``data/rules/``); the rule language
is documented in ``data/rules/README.md``. The first rule that matches a line
decides it; :func:`compile_rules` turns a rules table into matchers plus cheap
screens that let most body lines skip the ordered rule loop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.errors import FramingError
from ..core.storage import read_csv

RULE_COLUMNS = ["rule_id", "match", "pattern", "action", "arg", "when", "reason", "note"]

SEGMENTS = ("headline", "lede", "body", "caption", "embed", "footnote")
MATCH_TYPES = ("exact", "prefix", "contains", "regex", "next_line_regex")
ACTIONS = ("remove_line", "remove_rest", "remove_block", "remove_next_lines", "set_segment")
WHENS = ("any", "header", "footer")
_MAX_PATTERN = 300  # rules are short, readable patterns; long ones are a smell
_GLOBAL_FLAGS_RE = re.compile(r"^\(\?([aiLmsux]+)\)")


# ----------------------------------------------------------------------------- rule files

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


# ----------------------------------------------------------------------------- compiling

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


@dataclass
class CompiledRules:
    """One outlet's rules ready to apply (:func:`compile_rules`).

    ``rules``: in order, each with ``hits(line, next_line)``; ``exact``: the
    patterns of exact-match rules; ``screen`` / ``next_screen``: ``None`` or an
    object whose ``could_match(line)`` is False only when no same-line rule
    (no ``next_line_regex`` rule, for the next non-blank line) can match;
    ``heuristics``: whether the layout heuristics apply (no outlet rules file).
    """

    rules: list[_Rule] = field(default_factory=list)
    exact: frozenset = frozenset()
    screen: _Screen | None = None       # could a non-exact same-line rule match?
    next_screen: _Screen | None = None  # could a next_line_regex rule match the next line?
    heuristics: bool = True


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


def _screen(rules: list[_Rule]) -> _Screen:
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


def compile_rules(rules: pd.DataFrame | None) -> CompiledRules:
    """Turn a rules table (:func:`load_rules`) into matchers once (per outlet, not per article).

    ``None`` or an empty table: no rules, heuristics only.
    """
    if rules is None or len(rules) == 0:
        return CompiledRules()
    compiled = []
    for r in rules.itertuples(index=False):
        when = getattr(r, "when", "") or "any"
        arg = getattr(r, "arg", "") or ""
        regex = re.compile(r.pattern) if r.match in ("regex", "next_line_regex") else None
        compiled.append(_Rule(r.rule_id, r.match, r.pattern, r.action, str(arg), when, r.reason, regex))
    same_line = [r for r in compiled if r.match in ("prefix", "contains", "regex")]
    next_line = [r for r in compiled if r.match == "next_line_regex"]
    scope = rules["scope"] if "scope" in rules.columns else pd.Series(["outlet"] * len(rules))
    return CompiledRules(
        rules=compiled,
        exact=frozenset(r.pattern for r in compiled if r.match == "exact"),
        screen=_screen(same_line) if same_line else None,
        next_screen=_screen(next_line) if next_line else None,
        heuristics=not (scope == "outlet").any(),
    )
