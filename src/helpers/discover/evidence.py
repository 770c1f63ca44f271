"""Candidate tables with their evidence: counts per group, the first example
in context (the project's one KWIC rule, :func:`helpers.core.text.kwic_context`)
and a ready lexicon row (``data/lexicons/README.md`` columns) for review.
"""

from __future__ import annotations

import re
from bisect import bisect_left
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


def _most_common_per(df: pd.DataFrame, keys: list[str], col: str) -> dict:
    """(keys) -> the most frequent value of ``col`` among the rows (ties: the first in sorted order)."""
    n = df.groupby(keys + [col], sort=True).size().reset_index(name="_n")
    n = n.sort_values(keys + ["_n", col], ascending=[True] * len(keys) + [False, True], kind="stable")
    n = n.drop_duplicates(keys)
    return dict(zip(zip(*(n[k] for k in keys)), n[col]))


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
    texts = dict(zip(texts.index, texts.to_numpy()))  # a dict: a Series lookup costs ~10 µs a form
    # per (actor, form key), by group-bys over all mentions (no Python loop per mention): the
    # count, the most frequent spelling and kind (ties: the first in sorted order), the first
    # mention (by article_id, start) and the count per group
    keys = ["actor", "key"]
    f = forms[keys + ["form", "kind", "article_id", "start", "end"]].assign(
        _group=forms["article_id"].map(dict(zip(articles["article_id"], articles[group]))))
    count = f.groupby(keys, sort=True).size()
    spelling, kind = (_most_common_per(f, keys, col) for col in ("form", "kind"))
    first = f.sort_values(keys + ["article_id", "start"], kind="stable").drop_duplicates(keys)
    first = dict(zip(zip(first["actor"], first["key"]), zip(first["article_id"], first["start"], first["end"])))
    per_group: dict[tuple, dict] = {}
    for (actor, key, grp), n in f.groupby(keys + ["_group"], sort=False).size().items():
        per_group.setdefault((actor, key), {})[grp] = n
    rows = []
    for (actor, key), n in count.items():
        spelled = re.sub(r"^(?:[Tt]he) ", "", spelling[(actor, key)])
        kd = kind[(actor, key)]
        article_id, start, end = first[(actor, key)]
        per = per_group[(actor, key)]
        rows.append({"accept": "", "actor": actor, "form": spelled, "kind": kd, "count": int(n),
                     "n_groups": sum(1 for v in per.values() if v > 0), "groups": _groups_text(per),
                     "example": example(texts, article_id, start, end),
                     "article_id": article_id, "entry": spelled, "category": "naming",
                     "subcategory": actor, "case_sensitive": case_sensitive(spelled, stats) if kd != "description"
                     else False, "note": kd, "source": discovered_source(name)})
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
    cache, tokens = {}, {}
    texts = dict(zip(texts.index, texts.to_numpy()))  # a dict: a Series lookup costs ~10 µs a term
    examples, article_ids, n_groups, groups = [], [], [], []
    # the columns are built as lists (a dict per row and DataFrame(rows) cost more than the search)
    for event, term, grp in zip(ranked["event"].tolist(), ranked["term"].tolist(), ranked["group"].tolist()):
        per = used.get((event, term), {})
        ex, aid = "", ""
        group_members = members.get((event, grp), []) if first is None else []
        if first is not None and (event, grp, term) in first:
            ex, aid = _first_example(texts, positioned.get((event, grp), []), first[(event, grp, term)], term,
                                     cache, tokens)
        holding = [a for a in group_members if (a, term) in has]
        for article_id in holding if counts is not None else group_members:
            span = find_term(texts[article_id], term, cache)
            if span:
                ex, aid = example(texts, article_id, *span), article_id
                break
        examples.append(ex)
        article_ids.append(aid)
        n_groups.append(sum(1 for n in per.values() if n > 0))
        groups.append(_groups_text(per))
    valence = [round(float(v), 2) for v in ranked["valence"].tolist()]
    notes = [f"valence {v:+.1f}" + (f"; modifies {m}" if m else "")
             for v, m in zip(ranked["valence"].tolist(), ranked["modifies"].tolist())]
    out = pd.DataFrame({
        "accept": "", "event": ranked["event"].to_numpy(), "rank": [int(x) for x in ranked["rank"].tolist()],
        "term": ranked["term"].to_numpy(), "group": ranked["group"].to_numpy(),
        "count": [int(x) for x in ranked["count"].tolist()], "n_groups": n_groups, "groups": groups,
        "z": [round(float(x), 3) for x in ranked["z"].tolist()], "valence": valence,
        "modifies": ranked["modifies"].to_numpy(), "score": [round(float(x), 3) for x in ranked["score"].tolist()],
        "example": examples, "article_id": article_ids, "entry": ranked["term"].to_numpy(),
        "category": "loaded_terms", "subcategory": "discovered", "case_sensitive": False, "note": notes,
        "source": discovered_source(name)}, columns=TERM_COLUMNS)
    return out
