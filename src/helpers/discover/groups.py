"""Groups named by a common noun: "migrants", "supporters", "the caravan".

Many actors of a story have no proper name: the people a report is about are
"the migrants" or "the protesters". A lower-case noun becomes a candidate
group actor when the study writes it often, in several articles, and it
names people:

* it is a ``people`` row of ``data/discover/name_cues.csv`` -- plural nouns
  for groups of people ("migrants", "defendants", "asylum seekers") and
  collective nouns for a body of people ("caravan", "crowd"), compiled by
  hand after WordNet's ``noun.person`` and ``noun.group`` lexicographer files
  (Miller 1995). A list, because orthography cannot tell "supporters" from
  "memos" or "talks"; or
* it is a plural not on the list that is the subject of a clause at least
  twice (right before an auxiliary or a speech verb, the ``subject_verb`` and
  ``speech_verb`` rows), once of a verb only people take ("migrants said",
  "supporters chanted"), which keeps out "talks", "months" and "documents"
  (cf. Grosz, Joshi & Weinstein 1995 on centering: subjects are the likeliest
  discourse centres).

:func:`group_descriptions` adds the forms such a group is written in: with a
demonym, a name or an adjective before it ("Central American migrants",
"illegal immigrants", written at least twice), and a collective noun modified
by a people noun of the study ("migrant caravan", "the caravan") as a name of
that people's group: the caravan is the migrants; and another kept people noun
the text says the collective is made of ("a caravan of hundreds of immigrants")
is that group too.

The texts are counted in chunks (:func:`group_noun_counts`, one per chunk
of :mod:`helpers.discover.scan`); counts of disjoint chunks add up
(:func:`add_group_noun_counts`), and the selection is made once on the sum.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from .cues import NameCues
from .forms import singular

_PLURAL_RE = re.compile(r"(?<![\w’'\-])([a-z]{3,}s)(?![\w’'\-])")
_MOD_RE = re.compile(r"([A-Za-z][\w’'\-]*)[ \u00a0]+$")
# adjective endings ("illegal", "undocumented", "Honduran", "unaccompanied"): a lower-case word before a
# group noun is read as its modifier only with one of these (verbs before an object are not: "help migrants")
_ADJ_ENDINGS = ("al", "ed", "ous", "ic", "ive", "ent", "ant", "less", "ful", "ary", "an", "ian", "ish", "ese")
MIN_MENTIONS = 5  # a group noun needs this many mentions in the study ...
MIN_SUBJECT = 2   # ... (a noun not on the people list) this many as a clause subject ...
MIN_ARTICLES = 2  # ... in this many articles
MIN_FORM = 2      # a modified form ("Central American migrants") is kept if written this often
NAME_COLUMNS = ["article_id", "start", "end", "core_start", "form", "core", "title", "prefix", "full"]
DESC_COLUMNS = ["article_id", "start", "end", "form", "head", "modifiers", "link"]


def _alternation(words: list[str]) -> str:
    """``w1|w2|...`` factored by first letter (``a(?:sylum seekers|ctivists)|m(?:igrants)``): the
    same match as the flat list -- the words that can match at a point keep their order -- but
    the regex engine tries one letter's words instead of every word at every word start."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    return "|".join(re.escape(f) + "(?:" + "|".join(map(re.escape, rest)) + ")" for f, rest in by_first.items())


_SPACE_OR_HYPHEN = "[ \u00a0\\-\u2010\u2011]"


@lru_cache(maxsize=8)
def _people_re(people: frozenset[str]) -> re.Pattern | None:
    words = sorted((w for w in people if w), key=lambda w: (-len(w), w))
    if not words:
        return None
    # a listed compound is also found hyphenated ("asylum-seekers"), and counted as listed
    alt = _alternation(words).replace(re.escape(" "), _SPACE_OR_HYPHEN)
    return re.compile(rf"(?<![\w’'\-])({alt})(?![\w’'\-])")


def _listed(word: str, people: frozenset[str]) -> str:
    """A people noun as the cue file lists it ("asylum-seekers" -> "asylum seekers")."""
    if word in people:
        return word
    spaced = re.sub(_SPACE_OR_HYPHEN, " ", word)
    return spaced if spaced in people else word


def _hits(texts: pd.Series, cues: NameCues, stop: frozenset[str]) -> list[tuple[str, int, int, str]]:
    """(article_id, start, end, noun) of every listed people noun and every other lower-case plural."""
    people = _people_re(cues.people)
    roles = cues.roles
    out = []
    left_out: dict[str, bool] = {}  # word -> the word tests below, made once per distinct word
    for aid, text in texts.items():
        listed = [(m.start(1), m.end(1), _listed(m.group(1), cues.people)) for m in people.finditer(text)] if people else []
        ends = {e for _, e, _ in listed}  # a plural ending where a listed noun ends is it or its last word
        out += [(aid, s, e, w) for s, e, w in listed]
        for m in _PLURAL_RE.finditer(text):
            w = m.group(1)
            bad = left_out.get(w)
            if bad is None:
                bad = left_out[w] = w in stop or w.endswith("ss") or singular(w) in roles
            if bad or m.end(1) in ends:
                continue
            out.append((aid, m.start(1), m.end(1), w))
    return out


@dataclass
class GroupNounCounts:
    """What the group-noun rules count in a set of texts; counts of disjoint sets add up
    (:func:`add_group_noun_counts`), so chunks of a corpus can be read apart."""

    mentions: Counter = field(default_factory=Counter)
    subjects: Counter = field(default_factory=Counter)
    speakers: Counter = field(default_factory=Counter)
    n_articles: Counter = field(default_factory=Counter)  # articles that write the word
    hits: list = field(default_factory=list)  # (article_id, start, end, word), article by article


def group_noun_counts(texts: pd.Series, cues: NameCues, stop: frozenset[str]) -> GroupNounCounts:
    """The counts behind :func:`group_nouns` for the texts (Series article_id -> text)."""
    out = GroupNounCounts(hits=_hits(texts, cues, stop))
    seen: dict[str, set] = {}
    for aid, _, _, w in out.hits:
        out.mentions[w] += 1
        seen.setdefault(w, set()).add(aid)
    out.n_articles.update({w: len(a) for w, a in seen.items()})
    if cues.speech_verbs:
        def subject_re(verbs: frozenset[str]) -> re.Pattern:
            alt = "|".join(sorted(map(re.escape, verbs)))
            return re.compile(rf"(?<![\w’'\-])(?<!\b[Aa]t )([a-z]{{3,}}s)[ \u00a0]+(?:{alt})(?![\w’'\-])")

        any_re, speech_re = subject_re(cues.subject_verbs | cues.speech_verbs), subject_re(cues.speech_verbs)
        for text in texts:
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


def kept_group_nouns(counts: GroupNounCounts, cues: NameCues) -> set[str]:
    """The words that pass the frequency, spread and people tests (module doc)."""
    return {w for w, n in counts.mentions.items() if n >= MIN_MENTIONS and counts.n_articles[w] >= MIN_ARTICLES
            and (w in cues.people or (counts.subjects[w] >= MIN_SUBJECT and counts.speakers[w] >= 1))}


def group_selection(counts: GroupNounCounts, texts: pd.Series, cues: NameCues) -> tuple[set[str], dict[str, str]]:
    """The kept group nouns and the collectives standing for one of them, made once for
    :func:`select_group_nouns` and :func:`group_descriptions`."""
    keep = kept_group_nouns(counts, cues)
    return keep, _collective_owners(texts, keep, cues)


def select_group_nouns(counts: GroupNounCounts, texts: pd.Series, cues: NameCues,
                       selection: tuple[set[str], dict[str, str]] | None = None) -> pd.DataFrame:
    """Mentions of the kept group nouns, in the columns of the name table. A collective noun
    that a people noun of the study modifies ("migrant caravan") is left to
    :func:`group_descriptions`. ``selection``: :func:`group_selection`, when already made."""
    keep, owners = group_selection(counts, texts, cues) if selection is None else selection
    rows = [(aid, s, e, s, w, w, "", "", w) for aid, s, e, w in counts.hits if w in keep and w not in owners]
    return pd.DataFrame(rows, columns=NAME_COLUMNS)


def group_nouns(texts: pd.Series, cues: NameCues, stop: frozenset[str]) -> pd.DataFrame:
    """Mentions of the frequent group nouns (module doc), in the columns of the name table
    (article_id, start, end, core_start, form, core, title, prefix, full)."""
    return select_group_nouns(group_noun_counts(texts, cues, stop), texts, cues)


def _collective_owners(texts: pd.Series, keep: set[str], cues: NameCues) -> dict[str, str]:
    """Collective noun -> the kept plural people noun whose singular modifies it most often,
    twice at least ("migrant caravan" -> "migrants"); and a kept people noun the text says such
    a collective is made of ("a caravan of immigrants", :func:`_formed_of_re`) -> that same
    group: the caravan's immigrants are its migrants."""
    collectives = {w for w in keep if w in cues.people and not w.endswith("s")}
    if not collectives:
        return {}
    singular = {w[:-1]: w for w in keep if w.endswith("s")}
    votes: dict[str, Counter] = {}
    alt = _alternation(sorted(collectives))
    pat = re.compile(rf"(?<![\w’'\-])([a-z]+)[ \u00a0]+({alt})(?![\w’'\-])")
    plurals = sorted(w for w in keep if w.endswith("s"))
    formed = _formed_of_re(tuple(sorted(collectives)), tuple(plurals)) if plurals else None
    made_of: dict[str, Counter] = {}  # people noun -> the collectives it is said to form
    for text in texts:
        for m in pat.finditer(text):
            if m.group(1) in singular:
                votes.setdefault(m.group(2), Counter())[singular[m.group(1)]] += 1
        if formed is not None:
            for m in formed.finditer(text):
                made_of.setdefault(_listed(m.group(2), cues.people), Counter())[m.group(1)] += 1
    owners = {c: min(v, key=lambda w: (-v[w], w)) for c, v in votes.items() if max(v.values()) >= 2}
    for people, by in sorted(made_of.items()):
        group = owners.get(min(by, key=lambda c: (-by[c], c)))  # "a caravan of immigrants": the caravan's people
        if group is not None and people != group and people in keep:
            owners[people] = group
    return owners


@lru_cache(maxsize=8)
def _formed_of_re(collectives: tuple[str, ...], people: tuple[str, ...]) -> re.Pattern:
    """"a caravan of immigrants", "the caravan of hundreds of Central American asylum seekers", "the
    caravan, a group of 1,000 migrants": a collective, "of" and up to four words without punctuation,
    then a people noun -- the people the collective is made of."""
    col = _alternation(list(collectives))
    ppl = _alternation(list(people)).replace(re.escape(" "), _SPACE_OR_HYPHEN)
    return re.compile(rf"(?<![\w’'\-])({col})s?(?:,[ \u00a0]+an?[ \u00a0]+group)?[ \u00a0]+of[ \u00a0]+"
                      rf"(?:[\w’'\-~]+[ \u00a0]+){{0,4}}?({ppl})(?![\w’'\-])")


def group_descriptions(texts: pd.Series, cues: NameCues, stop: frozenset[str],
                       counts: GroupNounCounts | None = None,
                       selection: tuple[set[str], dict[str, str]] | None = None) -> pd.DataFrame:
    """The forms of the group actors beyond the bare noun (module doc), in the columns of the
    description table, each linked to its group noun: modified forms written ``MIN_FORM``
    times ("Central American migrants") and collectives that stand for a people noun
    ("the caravan", "migrant caravan" -> "migrants"). ``counts``: the texts'
    :func:`group_noun_counts` and ``selection`` its :func:`group_selection`, when already made."""
    counts = group_noun_counts(texts, cues, stop) if counts is None else counts
    keep, owners = group_selection(counts, texts, cues) if selection is None else selection
    hits = counts.hits
    text_of = dict(texts.items())  # a dict: a Series look-up per hit costs more than the rule
    found: list[tuple[str, int, int, str, str, str]] = []
    for aid, s, e, w in hits:
        if w not in keep:
            continue
        link = owners.get(w, w)
        if w in owners:
            found.append((aid, s, e, w, w, link))
        text = text_of[aid]
        start, mods = s, []
        for _ in range(2):  # up to two modifiers: "Central American", "undocumented"
            m = _MOD_RE.search(text, max(0, start - 40), start)
            if m is None:
                break
            word = m.group(1)
            low = word.lower()
            noun = re.sub(r"['’]s?$", "", low)  # "caravan organizers", "the caravan's organizers": a kept noun's
            if low in stop or not (word[0].isupper() or low.endswith(_ADJ_ENDINGS) or low + "s" in keep
                                   or noun in keep):
                break
            mods.insert(0, word)
            start = m.start(1)
        if mods:
            found.append((aid, start, e, text[start:e], w, link))
    found += _member_forms(texts, owners, cues)
    counts = Counter(f[3].lower() for f in found)
    rows = [(aid, s, e, form, head, [], link) for aid, s, e, form, head, link in found
            if form == head or counts[form.lower()] >= MIN_FORM]
    return pd.DataFrame(rows, columns=DESC_COLUMNS)


def _member_forms(texts: pd.Series, owners: dict[str, str], cues: NameCues) -> list[tuple[str, int, int, str, str, str]]:
    """"members of the caravan", "the caravan's members", "caravan participants": the people of a
    collective that stands for a group (the ``member`` cue rows), as forms of that group."""
    if not owners or not cues.members:
        return []
    mem, col = _alternation(sorted(cues.members)), _alternation(sorted(owners))
    pat = re.compile(rf"(?<![\w’'\-])(?:({mem}) of (?:the )?({col})|({col})(?:['’]s)? ({mem}))(?![\w’'\-])", re.I)
    out = []
    for aid, text in texts.items():
        for m in pat.finditer(text):
            collective = (m.group(2) or m.group(3)).lower()
            if collective in owners:
                out.append((aid, m.start(), m.end(), m.group(0), (m.group(1) or m.group(4)).lower(), owners[collective]))
    return out
