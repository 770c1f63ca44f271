"""Discovery: a study's candidate actors (with every name outlets use for them) and
candidate loaded terms, found in its own clean text, each with its evidence.

Pure functions over the clean texts and the articles table; the run layer
(:mod:`helpers.run.discover`) reads the study and writes the candidate CSVs.
Modules: ``cues`` (the data files), ``mentions`` (names and descriptions; ``forms``: word tests and
a place's possessive, coordinated places), ``groups`` (group actors named by a common noun),
``actors`` (grouping into actors; ``links``: which actor a description stands for), ``terms`` (collocations, log-odds, valence),
``evidence`` (counts per group, KWIC examples, lexicon rows; ``spans``: where a term is
written, without a regex per term).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from ..core.study import project_root

from .actors import actor_forms, group_names
from .cues import VADER_SOURCE, NameCues, load_name_cues, load_stop_words, load_vader_lexicon
from .groups import group_descriptions, group_nouns, group_selection, select_group_nouns
from .evidence import ACTOR_COLUMNS, TERM_COLUMNS, actor_candidates, discovered_source, term_candidates
from .forms import is_acronym, name_key
from .links import link_descriptions
from .mentions import WordStats, find_in_text, word_stats
from .scan import DEFAULT_CHUNK, add_counts, add_scans, chunk_slices, count_chunk, find_mentions, scan_chunk
from .terms import (LR_CRITICAL, collocations, distinctive_by_event, distinctive_from_totals, event_totals, house_style,
                    name_words, phrases, rank_distinctive, rank_terms, term_counts, term_counts_array,
                    tokenize, valence_of)

__all__ = ["ACTOR_COLUMNS", "Candidates", "DEFAULT_CHUNK", "LR_CRITICAL", "NameCues", "Runner", "TERM_COLUMNS",
           "VADER_SOURCE", "WordStats", "actor_candidates", "actor_forms", "collocations", "count_chunk",
           "discover_candidates", "discovered_source", "distinctive_by_event", "distinctive_from_totals",
           "event_totals", "find_in_text", "find_mentions", "group_descriptions", "group_names", "group_nouns",
           "group_selection", "house_style", "is_acronym", "link_descriptions", "load_name_cues", "load_stop_words",
           "load_vader_lexicon", "name_key", "name_words", "phrases", "rank_distinctive", "rank_terms", "run_here", "scan_chunk",
           "select_group_nouns", "stop_words", "term_candidates", "term_counts", "term_counts_array", "tokenize",
           "valence_of", "word_stats"]


STOP_WORDS = Path("data") / "discover" / "stop_words.csv"  # relative to the project root


def stop_words(path: str | Path | None = None) -> frozenset[str]:
    """The English stop-word list of ``data/discover/stop_words.csv`` (the Glasgow IR
    group's list, as scikit-learn ships it; see the file's ``source`` column)."""
    return load_stop_words(project_root() / STOP_WORDS if path is None else path)


@dataclass
class Candidates:
    """What discovery found: the candidate tables and the intermediate tables behind them."""

    actors: pd.DataFrame       # ACTOR_COLUMNS, one row per actor form
    terms: pd.DataFrame        # TERM_COLUMNS, one row per event and term
    forms: pd.DataFrame        # every mention of a kept actor (actor_forms)
    distinctive: pd.DataFrame  # event, group, term, count, z (distinctive_by_event)
    baseline: pd.DataFrame     # the top terms by z alone (rank_distinctive)


Runner = Callable[[Callable[[dict], Any], list[dict]], list[Any]]


def run_here(func: Callable[[dict], Any], tasks: list[dict]) -> list[Any]:
    """Run the map tasks one after another in this process."""
    return [func(t) for t in tasks]


def discover_candidates(texts: pd.Series, articles: pd.DataFrame, cues: NameCues, vader: dict[str, float],
                        name: str, *, group: str = "outlet", min_count: int = 3, top: int = 200,
                        stop: frozenset[str] | None = None, run: Runner | None = None,
                        chunk: int = DEFAULT_CHUNK) -> Candidates:
    """Candidate actors and loaded terms of a study.

    ``texts``: article_id -> clean text (:func:`helpers.clean.assemble_texts`);
    ``articles``: article_id, ``group`` (default ``outlet``) and ``event``.
    Actors need ``min_count`` mentions; ``top`` terms are kept per event.
    The texts are read in chunks of ``chunk`` articles (:mod:`helpers.discover.scan`)
    by ``run`` (default: here, one after another; the run layer passes a process
    pool); the result does not depend on the chunks or the runner.
    """
    stop = stop_words() if stop is None else stop
    run = run_here if run is None else run
    slices = [texts.iloc[a:b] for a, b in chunk_slices(len(texts), chunk)]
    counted = add_counts(run(count_chunk, [{"texts": t} for t in slices]))
    stats = counted.stats
    drop = stop | house_style(articles[group].unique(), cues.honorifics)
    meta = articles[["article_id", group, "event"]].assign(position=range(len(articles)))
    common = {"cues": cues, "stop": stop, "stats": stats, "phrases": collocations(counted.ngrams, stop),
              "drop": drop, "group": group}
    tasks = [{"texts": t, "meta": meta[meta["article_id"].isin(t.index)], **common} for t in slices]
    scanned = add_scans(run(scan_chunk, tasks))
    names, descs = scanned.names, scanned.descs
    if names.empty and not len(slices):
        names, descs, _ = find_mentions(texts, cues, stop, stats)
    selection = group_selection(scanned.groups, texts, cues)
    groups = select_group_nouns(scanned.groups, texts, cues, selection)
    if not groups.empty:
        names = pd.concat([names, groups], ignore_index=True)
        descs = pd.concat([descs, group_descriptions(texts, cues, stop, scanned.groups, selection)], ignore_index=True)
    forms = actor_forms(names, descs, cues, stats, min_count=min_count)
    dist = distinctive_from_totals(scanned.totals)
    modifiers = {}
    if not descs.empty and not forms.empty:
        desc_actor = dict(forms[forms["kind"] == "description"].drop_duplicates("key")[["key", "actor"]]
                          .itertuples(index=False))  # a dict: Series.get costs ~50 µs a call
        for d in descs.itertuples(index=False):
            for m in d.modifiers:
                actor = desc_actor.get(name_key(d.form))
                if actor is not None and m not in stop and not m[:1].isupper():
                    modifiers.setdefault(m, actor)
    ranked = rank_terms(dist, vader, modifiers, top=top, name_words=name_words(stats))
    first = {}
    if "first" in scanned.totals.columns:
        t = scanned.totals.dropna(subset=["first"])
        first = dict(zip(zip(t["event"], t["group"], t["term"]), t["first"].astype(int)))
    return Candidates(actor_candidates(forms, texts, articles, stats, name, group),
                      term_candidates(ranked, dist, texts, articles, name, group, first=first),
                      forms, dist, rank_distinctive(dist, top=top))
