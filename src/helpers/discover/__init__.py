"""Discovery: a study's candidate actors (with every name outlets use for them) and
candidate loaded terms, found in its own clean text, each with its evidence.

Pure functions over the clean texts and the articles table; the run layer
(:mod:`helpers.run.discover`) reads the study and writes the candidate CSVs.
Modules: ``cues`` (the data files), ``mentions`` (names and descriptions; ``forms``:
a place's possessive, coordinated places), ``groups`` (group actors named by a common noun),
``actors`` (grouping into actors), ``terms`` (collocations, log-odds, valence),
``evidence`` (counts per group, KWIC examples, lexicon rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.study import project_root

from .actors import actor_forms, group_names, link_descriptions, name_key
from .cues import VADER_SOURCE, NameCues, load_name_cues, load_stop_words, load_vader_lexicon
from .groups import group_descriptions, group_nouns
from .evidence import ACTOR_COLUMNS, TERM_COLUMNS, actor_candidates, discovered_source, term_candidates
from .mentions import WordStats, find_in_text, find_mentions, is_acronym, word_stats
from .terms import (LR_CRITICAL, distinctive_by_event, house_style, phrases, rank_distinctive, rank_terms, term_counts,
                    tokenize)

__all__ = ["ACTOR_COLUMNS", "LR_CRITICAL", "TERM_COLUMNS", "VADER_SOURCE", "Candidates", "NameCues", "WordStats",
           "actor_candidates", "actor_forms", "discover_candidates", "discovered_source", "distinctive_by_event",
           "find_in_text", "find_mentions", "group_descriptions", "group_names", "group_nouns", "house_style",
           "is_acronym", "link_descriptions",
           "load_name_cues", "load_stop_words", "load_vader_lexicon", "name_key", "phrases", "rank_distinctive", "rank_terms",
           "stop_words", "term_candidates", "term_counts", "tokenize", "word_stats"]


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


def discover_candidates(texts: pd.Series, articles: pd.DataFrame, cues: NameCues, vader: dict[str, float],
                        name: str, *, group: str = "outlet", min_count: int = 3, top: int = 200,
                        stop: frozenset[str] | None = None) -> Candidates:
    """Candidate actors and loaded terms of a study.

    ``texts``: article_id -> clean text (:func:`helpers.clean.assemble_texts`);
    ``articles``: article_id, ``group`` (default ``outlet``) and ``event``.
    Actors need ``min_count`` mentions; ``top`` terms are kept per event.
    """
    stop = stop_words() if stop is None else stop
    names, descs, stats = find_mentions(texts, cues, stop)
    groups = group_nouns(texts, cues, stop)
    if not groups.empty:
        names = pd.concat([names, groups], ignore_index=True)
        descs = pd.concat([descs, group_descriptions(texts, cues, stop)], ignore_index=True)
    forms = actor_forms(names, descs, cues, stats, min_count=min_count)
    docs = {a: tokenize(t) for a, t in texts.items()}
    drop = stop | house_style(articles[group].unique(), cues.honorifics)
    counts = term_counts(docs, drop, phrases(list(docs.values()), stop))
    dist = distinctive_by_event(counts, articles, group)
    modifiers = {}
    if not descs.empty and not forms.empty:
        desc_actor = forms[forms["kind"] == "description"].drop_duplicates("key").set_index("key")["actor"]
        for d in descs.itertuples(index=False):
            for m in d.modifiers:
                actor = desc_actor.get(name_key(d.form))
                if actor is not None and m not in stop and not m[:1].isupper():
                    modifiers.setdefault(m, actor)
    ranked = rank_terms(dist, vader, modifiers, top=top)
    return Candidates(actor_candidates(forms, texts, articles, stats, name, group),
                      term_candidates(ranked, dist, texts, articles, name, group, counts),
                      forms, dist, rank_distinctive(dist, top=top))
