"""Written forms of an actor beyond a name and its title, read off one line of text.

* a place's possessive before a name or a person role: "North Korea's Kim" (a form of
  Kim), "London's mayor" (a description of a person, linked later by recency);
* coordinated places that share their last word: "North and South Korea" (a form of
  both North Korea and South Korea).

Both need the place table (``data/discover/places.csv``): only a place's possessive
reads as "the leader of that place", and only two place forms make a coordination.
"""

from __future__ import annotations

import re

from .cues import NameCues

_UP = "A-ZÀ-ÖØ-Þ"
_POSSESSIVE_NEXT_RE = re.compile(r"['’]s[ \u00a0](?:([a-z]+)(?![\w’'\-]))?")
_COORDINATED_RE = re.compile(rf"(?<![\w’'\-])([{_UP}][a-z]+) and ([{_UP}][a-z]+)[ \u00a0]([{_UP}][a-z]+)"
                             rf"(?![\w’'\-])")


def place_possessives(line: str, names: list[dict], cues: NameCues) -> list[dict]:
    """"North Korea's Kim" (a form of Kim) and "North Korea's leader", "London's mayor" (a
    description of a person, linked later by recency): a place's possessive before a name
    or a person role."""
    out = []
    for i, n in enumerate(names):
        if n["core"] not in cues.place_forms or n["title"]:
            continue
        m = _POSSESSIVE_NEXT_RE.match(line, n["end"])
        if m is None:
            continue
        nxt = names[i + 1] if i + 1 < len(names) else None
        if nxt is not None and nxt["start"] == m.end() and nxt["core"] and not nxt["title"]:
            out.append({"start": n["start"], "end": nxt["end"], "form": line[n["start"]:nxt["end"]],
                        "head": "", "modifiers": [], "link": nxt["core"]})
        elif m.group(1) in cues.role_person:
            out.append({"start": n["start"], "end": m.end(1), "form": line[n["start"]:m.end(1)],
                        "head": m.group(1), "modifiers": [n["core"].lower()], "link": ""})
    return out


def coordinated_places(line: str, cues: NameCues) -> list[dict]:
    """"North and South Korea": a form of both places, when both "North Korea" and "South
    Korea" are place forms (one description row linked to each)."""
    out = []
    for m in _COORDINATED_RE.finditer(line):
        first, second, shared = m.group(1), m.group(2), m.group(3)
        if f"{first} {shared}" in cues.place_forms and f"{second} {shared}" in cues.place_forms:
            for place in (f"{first} {shared}", f"{second} {shared}"):
                out.append({"start": m.start(), "end": m.end(), "form": m.group(0), "head": "",
                            "modifiers": [], "link": place})
    return out
