"""Candidate tables with their evidence: counts per group, the first example
in context (the project's one KWIC rule, :func:`helpers.core.text.kwic_context`)
and a ready lexicon row (``data/lexicons/README.md`` columns) for review.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping

import pandas as pd

from ..core.names import acronyms_of, title_from_id
from ..core.text import kwic_context
from ..measure.lexicon import REQUIRED_COLUMNS
from .forms import is_acronym
from .mentions import WordStats
from .spans import find_term
from .terms import tokenize

KWIC_WIDTH = 60
ACTOR_COLUMNS = ["accept", "actor", "form", "kind", "count", "n_groups", "groups", "example", "article_id",
                 *REQUIRED_COLUMNS, "display"]
TERM_COLUMNS = ["accept", "event", "rank", "term", "group", "count", "n_groups", "groups", "z", "valence",
                "modifies", "score", "example", "article_id", *REQUIRED_COLUMNS]


def discovered_source(name: str) -> str:
    """The ``source`` of a candidate row before review."""
    return f"discovered from corpus {name}"


def example(texts: Mapping[str, str] | pd.Series, article_id: str, start: int, end: int, width: int = KWIC_WIDTH) -> str:
    """``left [match] right`` on one line."""
    left, match, right = kwic_context(texts[article_id], int(start), int(end), width)
    return f"{left}[{match}]{right}"


def _most_common(values) -> str:
    """The most frequent value (ties: the first in sorted order)."""
    c = Counter(values)
    return min(c, key=lambda v: (-c[v], v))


def _groups_text(counts: dict) -> str:
    """'A 3; B 1' with the largest count first (then by name)."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return "; ".join(f"{g} {int(n)}" for g, n in items if n)


def case_sensitive(form: str, stats: WordStats) -> bool:
    """Acronyms and names made of common words ("May", "US") must keep their case."""
    if is_acronym(form):
        return True
    words = re.findall(r"[^\W\d_]+", form)
    return len(words) == 1 and words[0][:1].isupper() and stats.lower[words[0].lower()] > 0


def actor_candidates(forms: pd.DataFrame, texts: pd.Series, articles: pd.DataFrame, stats: WordStats,
                     name: str, group: str = "outlet") -> pd.DataFrame:
    """One row per (actor, form key): the most frequent spelling, its kind, counts per group,
    the first example and its alias-table row (category ``naming``, subcategory = actor)."""
    if forms.empty:
        return pd.DataFrame(columns=ACTOR_COLUMNS)
    gmap = dict(zip(articles["article_id"], articles[group]))
    texts = dict(zip(texts.index, texts.to_numpy()))  # a dict: a Series lookup costs ~10 µs a form
    bucket: dict[tuple[str, str], list] = {}
    for r in forms.itertuples(index=False):
        bucket.setdefault((r.actor, r.key), []).append(r)
    rows = []
    for (actor, key), g in sorted(bucket.items()):
        spelling = _most_common(r.form for r in g)
        spelling = re.sub(r"^(?:[Tt]he) ", "", spelling)
        kind = _most_common(r.kind for r in g)
        first = min(g, key=lambda r: (r.article_id, r.start))
        per = Counter(gmap[r.article_id] for r in g)
        rows.append({"accept": "", "actor": actor, "form": spelling, "kind": kind, "count": len(g),
                     "n_groups": sum(1 for n in per.values() if n > 0), "groups": _groups_text(per),
                     "example": example(texts, first.article_id, first.start, first.end),
                     "article_id": first.article_id, "entry": spelling, "category": "naming",
                     "subcategory": actor, "case_sensitive": case_sensitive(spelling, stats) if kind != "description"
                     else False, "note": kind, "source": discovered_source(name)})
    out = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    out["display"] = out["actor"].map(actor_display(out))
    out["note"] = shared_form_notes(out)
    size = out.groupby("actor")["count"].transform("sum")
    out = out.assign(_size=size).sort_values(["_size", "actor", "count", "form"],
                                             ascending=[False, True, False, True], kind="stable")
    return out.drop(columns="_size").reset_index(drop=True)


def shared_form_notes(rows: pd.DataFrame) -> pd.Series:
    """The ``note`` of each candidate row, saying when its entry is also a candidate form of
    other actors ("president" of two presidents): an alias table gives an entry to one
    actor, so accepting such a form would count the others' mentions as this actor's."""
    key = rows["entry"].str.lower()
    owners = rows.groupby(key)["actor"].agg(lambda a: sorted(set(a)))
    notes = []
    for note, k, actor in zip(rows["note"], key, rows["actor"]):
        others = [a for a in owners[k] if a != actor]
        notes.append(f"{note}; also a form of {', '.join(others)}: review before accepting" if others else note)
    return pd.Series(notes, index=rows.index, dtype=object)


def actor_display(rows: pd.DataFrame) -> dict[str, str]:
    """actor id -> a proposed ``display`` name for the reviewer to keep or edit: the
    spelling the id was made from (the id is the slug of the actor's most frequent
    multi-word name, :func:`helpers.discover.actors.actor_forms`), else the id
    title-cased with the actor's acronyms (:func:`helpers.core.names.title_from_id`)."""
    out = {}
    for actor, g in rows.groupby("actor", sort=False):
        base = re.sub(r"_\d+$", "", str(actor))
        spelled = [f for f in g["form"] if re.sub(r"[^a-z0-9]+", "_", f.lower()).strip("_") == base]
        out[actor] = spelled[0] if spelled else title_from_id(actor, acronyms_of(g["form"]))
    return out


def _holds(tokens: list[str], term: str) -> bool:
    """Whether a tokenised article counts ``term`` (a word, or a phrase as consecutive tokens)."""
    words = term.split()
    if len(words) == 1:
        return term in tokens
    n = len(words)
    return any(tokens[i:i + n] == words for i in range(len(tokens) - n + 1) if tokens[i] == words[0])


def _first_example(texts: Mapping[str, str], members: list[tuple[int, str]], start: int, term: str,
                   cache: dict, tokens: dict[str, list[str]]) -> tuple[str, str]:
    """From the member at position ``start`` on (which holds the term), the first whose text
    the term is found in; the later members are read (and tokenised once, into
    ``tokens``) only if that one fails."""
    i = bisect_left(members, (start, ""))
    for k, (_, article_id) in enumerate(members[i:]):
        if k and article_id not in texts:
            continue
        if k and article_id not in tokens:
            tokens[article_id] = tokenize(texts[article_id])
        if k and not _holds(tokens[article_id], term):
            continue
        span = find_term(texts[article_id], term, cache)
        if span:
            return example(texts, article_id, *span), article_id
    return "", ""


def term_candidates(ranked: pd.DataFrame, dist: pd.DataFrame, texts: pd.Series, articles: pd.DataFrame,
                    name: str, group: str = "outlet", counts: pd.DataFrame | None = None,
                    first: dict[tuple, int] | None = None) -> pd.DataFrame:
    """The ranked terms with counts per group (in their event), an example from the group
    that uses the term most (its first article that counts the term, when ``counts`` of
    :func:`helpers.discover.term_counts` is given, or ``first``: (event, group, term) -> the
    row number in ``articles`` of the first article holding the term, from
    :func:`helpers.discover.event_totals`), and a lexicon row (category ``loaded_terms``,
    subcategory ``discovered``)."""
    if ranked.empty:
        return pd.DataFrame(columns=TERM_COLUMNS)
    wanted = pd.MultiIndex.from_arrays([ranked["event"], ranked["term"]])
    near = dist[pd.MultiIndex.from_arrays([dist["event"], dist["term"]]).isin(wanted)]  # no loop over all of dist
    used: dict[tuple, dict] = {}
    for e, t, g, n in zip(near["event"], near["term"], near["group"], near["count"]):
        used.setdefault((e, t), {})[g] = n
    members: dict[tuple, list[str]] = {}
    positioned: dict[tuple, list[tuple[int, str]]] = {}
    for i, (a, e, g) in enumerate(zip(articles["article_id"], articles["event"], articles[group])):
        members.setdefault((e, g), []).append(a)
        positioned.setdefault((e, g), []).append((i, a))
    has: set[tuple[str, str]] = set()
    if counts is not None:  # which articles hold each wanted term: search those first
        hit = counts[counts["term"].isin(set(ranked["term"]))]
        has = set(zip(hit["article_id"], hit["term"]))
    rows, cache, tokens = [], {}, {}
    texts = dict(zip(texts.index, texts.to_numpy()))  # a dict: a Series lookup costs ~10 µs a term
    for r in ranked.itertuples(index=False):
        per = used.get((r.event, r.term), {})
        ex, aid = "", ""
        group_members = members.get((r.event, r.group), []) if first is None else []
        if first is not None and (r.event, r.group, r.term) in first:
            ex, aid = _first_example(texts, positioned.get((r.event, r.group), []),
                                     first[(r.event, r.group, r.term)], r.term, cache, tokens)
        holding = [a for a in group_members if (a, r.term) in has]
        for article_id in holding if counts is not None else group_members:
            span = find_term(texts[article_id], r.term, cache)
            if span:
                ex, aid = example(texts, article_id, *span), article_id
                break
        note = f"valence {r.valence:+.1f}" + (f"; modifies {r.modifies}" if r.modifies else "")
        rows.append({"accept": "", "event": r.event, "rank": int(r.rank), "term": r.term, "group": r.group,
                     "count": int(r.count), "n_groups": sum(1 for n in per.values() if n > 0), "groups": _groups_text(per),
                     "z": round(float(r.z), 3), "valence": round(float(r.valence), 2), "modifies": r.modifies,
                     "score": round(float(r.score), 3), "example": ex, "article_id": aid, "entry": r.term,
                     "category": "loaded_terms", "subcategory": "discovered", "case_sensitive": False,
                     "note": note, "source": discovered_source(name)})
    return pd.DataFrame(rows, columns=TERM_COLUMNS)
