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

import pandas as pd

from .cues import NameCues

_PLURAL_RE = re.compile(r"(?<![\w’'\-])([a-z]{3,}s)(?![\w’'\-])")
MIN_MENTIONS = 5  # a group noun needs this many mentions in the study ...
MIN_SUBJECT = 2   # ... this many as a clause subject ...
MIN_ARTICLES = 2  # ... in this many articles


def group_nouns(texts: pd.Series, cues: NameCues, stop: frozenset[str]) -> pd.DataFrame:
    """Mentions of the frequent lower-case plural subjects, in the columns of the name table
    (article_id, start, end, core_start, form, core, title, prefix, full)."""
    cols = ["article_id", "start", "end", "core_start", "form", "core", "title", "prefix", "full"]
    if not cues.speech_verbs:
        return pd.DataFrame(columns=cols)

    def subject_re(verbs: frozenset[str]) -> re.Pattern:
        alt = "|".join(sorted(map(re.escape, verbs)))
        return re.compile(rf"(?<![\w’'\-])(?<!\b[Aa]t )([a-z]{{3,}}s)[ \u00a0]+(?:{alt})(?![\w’'\-])")

    any_re, speech_re = subject_re(cues.subject_verbs | cues.speech_verbs), subject_re(cues.speech_verbs)
    mentions, subjects, speakers, articles = Counter(), Counter(), Counter(), {}
    hits: list[tuple[str, int, int, str]] = []
    for aid, text in texts.items():
        for m in _PLURAL_RE.finditer(text):
            w = m.group(1)
            if w in stop or w.endswith("ss") or w[:-1] in cues.roles:
                continue
            mentions[w] += 1
            articles.setdefault(w, set()).add(aid)
            hits.append((aid, m.start(1), m.end(1), w))
        subjects.update(m.group(1) for m in any_re.finditer(text))
        speakers.update(m.group(1) for m in speech_re.finditer(text))
    keep = {w for w, n in mentions.items() if n >= MIN_MENTIONS and subjects[w] >= MIN_SUBJECT
            and speakers[w] >= 1 and len(articles[w]) >= MIN_ARTICLES}
    rows = [(aid, s, e, s, w, w, "", "", w) for aid, s, e, w in hits if w in keep]
    return pd.DataFrame(rows, columns=cols)
