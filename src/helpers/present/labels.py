"""Human labels for ids: categories, actors and events as a reader should see them.

Tables keep ids (``loaded_terms``, ``iraq_government``, ``E07``) because code
joins on them; figures and the explorer show names. A name comes from the
study's data where it gives one (an actor table's ``display`` column, a
manifest's ``event_label`` column: :mod:`helpers.run.labels`) and otherwise
from the id itself: underscores as spaces, first letter capitalised
(``iraq_government`` -> "Iraq government"), so a study without names still
reads as words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# The categories of the project's lexicons, as a reader says them.
CATEGORY_NAMES = {"loaded_terms": "Loaded terms", "hedges": "Hedges", "boosters": "Boosters",
                  "reporting_verbs": "Reporting verbs", "anonymous_sourcing": "Anonymous sourcing",
                  "naming": "Naming"}

# One colour and one underline style per category for text backgrounds in the
# explorer: Okabe & Ito (2008) hues, tinted to 40 % so text stays readable, each
# with the full hue as an underline whose style (solid, dashed, dotted, double)
# tells categories apart without colour as well. Loaded terms, boosters and
# naming (three orange-yellow tints before) are now vermilion, yellow and grey.
CATEGORY_STYLES = {
    "loaded_terms": {"bg": "#eebf99", "line": "#d55e00", "dash": "solid"},
    "hedges": {"bg": "#bbe1f6", "line": "#0072b2", "dash": "dashed"},
    "boosters": {"bg": "#f9f4b3", "line": "#b08d00", "dash": "dotted"},
    "reporting_verbs": {"bg": "#99d8c7", "line": "#009e73", "dash": "solid"},
    "anonymous_sourcing": {"bg": "#ebc9dc", "line": "#cc79a7", "dash": "dashed"},
    "naming": {"bg": "#e4e4e4", "line": "#000000", "dash": "double"},
}
OTHER_STYLES = [{"bg": "#f5d999", "line": "#e69f00", "dash": "dotted"},
                {"bg": "#d6d6f0", "line": "#332288", "dash": "double"}]


def display_name(key: object, names: Mapping[str, str] | None = None) -> str:
    """``names[key]`` when given and non-empty, else ``key`` with underscores as
    spaces and its first letter capitalised (the rest kept: "ISIS" stays)."""
    text = str(key)
    if names:
        given = names.get(text)
        if given is not None and str(given).strip():
            return str(given).strip()
    words = text.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def category_name(category: str) -> str:
    """A category's display name (:data:`CATEGORY_NAMES`, else from the id)."""
    return display_name(category, CATEGORY_NAMES)


def category_styles(categories: Iterable[str]) -> list[dict[str, str]]:
    """Background, underline colour and underline style per category, in order."""
    out, other = [], 0
    for c in categories:
        if c in CATEGORY_STYLES:
            out.append(dict(CATEGORY_STYLES[c]))
        else:
            out.append(dict(OTHER_STYLES[other % len(OTHER_STYLES)]))
            other += 1
    return out
