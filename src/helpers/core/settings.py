"""A study's settings: ``data/studies/NAME/study.toml``, every key optional.

The file holds what makes one study's comparison its own (which manifest
column is compared, which events, which contrasts, which shared lexicons)
so that ``framing run NAME`` needs no options to reproduce it. Options given
on the command line override the file for that run. :func:`read_settings`
checks each key and type and names the key and the fix on any mistake.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import FramingError

_COLUMN_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")

# key: (type, default, help). The help strings document the keys in the file that
# ``framing new`` writes and in the README; defaults are what an absent key means.
SETTINGS: dict[str, tuple[type, Any, str]] = {
    "title": (str, "", "a short title of the study, shown in notebooks"),
    "group": (str, "outlet", "the manifest column compared (outlet, lean, country, ...); "
                             "outlets stay a nested level"),
    "events": (list, [], "events (manifest `event` values) to include; empty = all"),
    "contrasts": (list, [], 'pairs of groups to compare by event, e.g. [["left", "right"]]; '
                            "empty = every pair that shares events"),
    "outlet_order": (list, [], "order (and colour) of the groups in figures; the rest follow alphabetically"),
    "top_n": (int, None, "terms and forms shown in the term figures (absent = 25)"),
    "base_lexicons": (list, None, "shared lexicons used from data/lexicons (file names without .csv); "
                                  "absent = all"),
    "describe_actors": (list, [], "actor ids described in the naming text; empty = the five most mentioned"),
    "naming_example": (str, "", "a naming form shown in context in notebook 02; empty = the form whose "
                                "use differs most between groups"),
}


def _check_list(key: str, value: Any, path: Path) -> list:
    if not isinstance(value, list):
        raise FramingError(f"setting {key!r} must be a list", path=path, fix=f"write {key} = [...]")
    if key == "contrasts":
        for pair in value:
            if (not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(x, str) and x.strip() for x in pair)
                    or pair[0] == pair[1]):
                raise FramingError(f"contrast {pair!r} is not a pair of two different groups", path=path,
                                   fix='write contrasts = [["group A", "group B"], ...]')
        return [[a.strip(), b.strip()] for a, b in value]
    if not all(isinstance(x, str) and x.strip() for x in value):
        raise FramingError(f"setting {key!r} must be a list of non-empty strings", path=path,
                           fix=f'write {key} = ["...", "..."]')
    return [x.strip() for x in value]


def check_settings(values: dict[str, Any], path: Path | str = "study.toml") -> dict[str, Any]:
    """Validated settings with every key present (defaults filled in)."""
    path = Path(path)
    unknown = sorted(set(values) - set(SETTINGS))
    if unknown:
        raise FramingError(f"unknown setting(s) {', '.join(unknown)}", path=path,
                           fix=f"use: {', '.join(SETTINGS)}")
    out: dict[str, Any] = {}
    for key, (kind, default, _) in SETTINGS.items():
        value = values.get(key, default)
        if value is None:
            out[key] = None
        elif kind is list:
            out[key] = _check_list(key, value, path)
        elif kind is int:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise FramingError(f"setting {key!r} must be a whole number of at least 1", path=path,
                                   fix=f"write {key} = 25")
            out[key] = value
        else:
            if not isinstance(value, str):
                raise FramingError(f"setting {key!r} must be text", path=path, fix=f'write {key} = "..."')
            out[key] = value.strip()
    if not _COLUMN_RE.match(out["group"]):
        raise FramingError(f"group {out['group']!r} is not a column name", path=path,
                           fix='use a manifest column such as "outlet" or "lean"')
    return out


def read_settings(path: str | Path) -> dict[str, Any]:
    """The settings in ``path`` (all defaults when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return check_settings({}, path)
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FramingError(f"not a valid TOML file ({exc})", path=path,
                           fix="see the comments in the file written by `framing new`") from exc
    return check_settings(values, path)


def settings_template(name: str) -> str:
    """The commented ``study.toml`` that ``framing new NAME`` writes (every key at its default)."""
    lines = [f"# Settings of the study {name!r}. Every key is optional; a commented key is at its default.",
             "# `framing run` reads this file; options given on its command line win for that run.", ""]
    examples = {"title": '""', "group": '"outlet"', "events": "[]", "contrasts": '[["left", "right"]]',
                "outlet_order": '["Outlet A", "Outlet B"]', "top_n": "25",
                "base_lexicons": '["hedges", "boosters", "reporting_verbs", "anonymous_sourcing"]',
                "describe_actors": "[]", "naming_example": '""'}
    for key, (_, _, help_text) in SETTINGS.items():
        lines += [f"# {help_text}", f"# {key} = {examples[key]}", ""]
    return "\n".join(lines)
