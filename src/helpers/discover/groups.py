"""Groups named by a common noun: "migrants", "supporters", "defendants".

Many actors of a story have no proper name: the people a report is about are
"the migrants" or "the protesters". A lower-case plural noun becomes a
candidate actor when the study writes it often and as the subject of a
clause (right before an auxiliary or a speech verb, the ``subject_verb`` and
``speech_verb`` rows of ``data/discover/name_cues.csv``), at least once of a
verb only people take ("migrants said", "supporters chanted"), which keeps
out "talks", "months" and "documents". The subject test keeps objects and
modifiers ("for migrants", "migrants' rights") from counting on their own;
the frequency test keeps one-off nouns out (cf. the salience of frequent
subject noun phrases in entity-centric summarisation, e.g. Grosz, Joshi &
Weinstein 1995 on centering: subjects are the likeliest discourse centres).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from .cues import NameCues

_PLURAL_RE = re.compile(r"(?<![\w’'\-])([a-z]{3,}s)(?![\w’'\-])")
MIN_MENTIONS = 5  # a group noun needs this many mentions in the study ...
MIN_SUBJECT = 2   # ... this many as a clause subject ...
MIN_ARTICLES = 2  # ... in this many articles
GROUP_COLUMNS = ["article_id", "start", "end", "core_start", "form", "core", "title", "prefix", "full"]


@dataclass
class GroupNounCounts:
    """What :func:`group_nouns` counts in a set of texts; counts of disjoint sets add up
    (:func:`add_group_noun_counts`), so chunks of a corpus can be read apart."""

    mentions: Counter = field(default_factory=Counter)
    subjects: Counter = field(default_factory=Counter)
    speakers: Counter = field(default_factory=Counter)
    n_articles: Counter = field(default_factory=Counter)  # articles that write the word
    hits: list = field(default_factory=list)  # (article_id, start, end, word) in text order


def group_noun_counts(texts: pd.Series, cues: NameCues, stop: frozenset[str]) -> GroupNounCounts:
    """The counts behind :func:`group_nouns` for the texts (Series article_id -> text)."""
    out = GroupNounCounts()
    if not cues.speech_verbs:
        return out

    def subject_re(verbs: frozenset[str]) -> re.Pattern:
        alt = "|".join(sorted(map(re.escape, verbs)))
        return re.compile(rf"(?<![\w’'\-])(?<!\b[Aa]t )([a-z]{{3,}}s)[ \u00a0]+(?:{alt})(?![\w’'\-])")

    any_re, speech_re = subject_re(cues.subject_verbs | cues.speech_verbs), subject_re(cues.speech_verbs)
    for aid, text in texts.items():
        seen = set()
        for m in _PLURAL_RE.finditer(text):
            w = m.group(1)
            if w in stop or w.endswith("ss") or w[:-1] in cues.roles:
                continue
            out.mentions[w] += 1
            seen.add(w)
            out.hits.append((aid, m.start(1), m.end(1), w))
        out.n_articles.update(seen)
        out.subjects.update(m.group(1) for m in any_re.finditer(text))
        out.speakers.update(m.group(1) for m in speech_re.finditer(text))
    return out


def add_group_noun_counts(parts) -> GroupNounCounts:
    """The sum of the counts of disjoint sets of texts (hits kept in the parts' order)."""
    out = GroupNounCounts()
    for p in parts:
        out.mentions.update(p.mentions)
        out.subjects.update(p.subjects)
        out.speakers.update(p.speakers)
        out.n_articles.update(p.n_articles)
        out.hits += p.hits
    return out


def select_group_nouns(counts: GroupNounCounts) -> pd.DataFrame:
    """The mentions of the words that pass the frequency and subject tests (module doc)."""
    keep = {w for w, n in counts.mentions.items() if n >= MIN_MENTIONS and counts.subjects[w] >= MIN_SUBJECT
            and counts.speakers[w] >= 1 and counts.n_articles[w] >= MIN_ARTICLES}
    rows = [(aid, s, e, s, w, w, "", "", w) for aid, s, e, w in counts.hits if w in keep]
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def group_nouns(texts: pd.Series, cues: NameCues, stop: frozenset[str]) -> pd.DataFrame:
    """Mentions of the frequent lower-case plural subjects, in the columns of the name table
    (article_id, start, end, core_start, form, core, title, prefix, full)."""
    return select_group_nouns(group_noun_counts(texts, cues, stop))
