"""Discovery: a study's candidate actors (with every name outlets use for them) and
candidate loaded terms, found in its own clean text, each with its evidence.

Pure functions over the clean texts and the articles table; the run layer
(:mod:`helpers.run.discover`) reads the study and writes the candidate CSVs.
Modules: ``cues`` (the data files), ``mentions`` (names and descriptions; ``forms``: word tests and
a place's possessive, coordinated places), ``groups`` (group actors named by a common noun),
``actors`` (grouping into actors; ``links``: which actor a description stands for), ``terms``
(collocations, log-odds, valence; ``ngrams``: the collocation test's counts as integer codes),
``evidence`` (counts per group, KWIC examples, lexicon rows; ``spans``: where a term is
written, without a regex per term).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

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
                    name_words, phrase_arrays, phrases, rank_distinctive, rank_terms, term_counts, term_counts_array,
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


Runner = Callable[[Callable[[dict], Any], list[dict]], Iterable[Any]]  # results in task order


def run_here(func: Callable[[dict], Any], tasks: list[dict]) -> Iterable[Any]:
    """Run the map tasks one after another in this process, each when its result is asked for
    (the reduce adds each up before the next is read)."""
    return (func(t) for t in tasks)


def discover_candidates(texts: pd.Series, articles: pd.DataFrame, cues: NameCues, vader: dict[str, float],
                        name: str, *, group: str = "outlet", min_count: int = 3, top: int = 200,
                        stop: frozenset[str] | None = None, run: Runner | None = None,
                        chunk: int = DEFAULT_CHUNK, timings: dict[str, float] | None = None) -> Candidates:
    """Candidate actors and loaded terms of a study.

    ``texts``: article_id -> clean text (:func:`helpers.clean.assemble_texts`);
    ``articles``: article_id, ``group`` (default ``outlet``) and ``event``.
    Actors need ``min_count`` mentions; ``top`` terms are kept per event.
    The texts are read in chunks of ``chunk`` articles (:mod:`helpers.discover.scan`)
    by ``run`` (default: here, one after another; the run layer passes a process
    pool); the result does not depend on the chunks or the runner.
    ``timings`` (a dict), if given, gets the wall seconds of each phase (``bench.discover_speed``).
    """
    clock = _Clock(timings)
    stop = stop_words() if stop is None else stop
    run = run_here if run is None else run
    slices = [texts.iloc[a:b] for a, b in chunk_slices(len(texts), chunk)]
    counted = add_counts(run(count_chunk, [{"texts": t, "stop": stop} for t in slices]))
    clock("pass 1")  # the map and the running sums as results come
    stats = counted.stats
    drop = stop | house_style(articles[group].unique(), cues.honorifics)
    meta = articles[["article_id", group, "event"]].assign(position=range(len(articles)))
    common = {"cues": cues, "stop": stop, "stats": stats, "phrases": phrase_arrays(collocations(counted.ngrams, stop)),
              "drop": drop, "group": group}
    del counted
    clock("collocations")
    tasks = [{"texts": t, "meta": meta[meta["article_id"].isin(t.index)], **common} for t in slices]
    scanned = add_scans(run(scan_chunk, tasks))
    clock("pass 2")
    names, descs, counts, totals = scanned.names, scanned.descs, scanned.groups, scanned.totals
    del scanned  # each table goes when its last use is done (a large corpus' peak memory)
    if names.empty and not len(slices):
        names, descs, _ = find_mentions(texts, cues, stop, stats)
    selection = group_selection(counts, texts, cues)
    groups = select_group_nouns(counts, texts, cues, selection)
    if not groups.empty:
        names = pd.concat([names, groups], ignore_index=True)
        descs = pd.concat([descs, group_descriptions(texts, cues, stop, counts, selection)], ignore_index=True)
    del counts, groups
    forms = actor_forms(names, descs, cues, stats, min_count=min_count)
    del names
    clock("actors")
    dist = distinctive_from_totals(totals)
    modifiers = {}
    if not descs.empty and not forms.empty:
        desc_actor = dict(forms[forms["kind"] == "description"].drop_duplicates("key")[["key", "actor"]]
                          .itertuples(index=False))  # a dict: Series.get costs ~50 µs a call
        modified = descs[descs["modifiers"].map(len) > 0]  # most descriptions have none
        for form, mods in zip(modified["form"].tolist(), modified["modifiers"].tolist()):
            actor = desc_actor.get(name_key(form))
            for m in mods:
                if actor is not None and m not in stop and not m[:1].isupper():
                    modifiers.setdefault(m, actor)
    del descs
    ranked = rank_terms(dist, vader, modifiers, top=top, name_words=name_words(stats))
    first = {}
    if "first" in totals.columns:  # the first holder of the ranked terms only
        keys = ["event", "group", "term"]
        t = ranked[keys].merge(totals.dropna(subset=["first"])[keys + ["first"]], on=keys)
        first = dict(zip(zip(t["event"], t["group"], t["term"]), t["first"].astype(int)))
    del totals
    baseline = rank_distinctive(dist, top=top)
    clock("terms")
    actors = actor_candidates(forms, texts, articles, stats, name, group)
    clock("actor evidence")
    terms = term_candidates(ranked, dist, texts, articles, name, group, first=first)
    clock("term evidence")
    return Candidates(actors, terms, forms, dist, baseline)


class _Clock:
    """Wall seconds since the previous call, stored under a phase's name (if asked for)."""

    def __init__(self, out: dict[str, float] | None) -> None:
        self.out, self.last = out, time.perf_counter()

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        if self.out is not None:
            self.out[phase] = self.out.get(phase, 0.0) + now - self.last
        self.last = now
