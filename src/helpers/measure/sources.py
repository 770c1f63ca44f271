"""Sources: the study's cue table and the class of a speaker phrase.

Source classes use the cue table (``data/attribution/source_cues.csv`` by
default; columns cue, cue_type, note): ``named_person`` (a capitalised name,
alone or after a title: ``Iranian Foreign Ministry spokesman Bahram Qasemi``
-> ``Bahram Qasemi``), ``anonymous`` (a person or source noun without a name,
or an anonymity cue: ``a senior IRGC commander``, ``sources``),
``named_institution`` (institution, news organisation or country/capital
names: ``Reuters``, ``the Pentagon``), and ``unattributed`` (no source).
Also named: an organisation noun heading the phrase (``the Clinton campaign``),
an acronym head (``the FBI``) and ``the`` + capitalised words (``The Hill``);
anonymous: capitalised group nouns (``Republicans``, role rows). Pronouns
(``he``, ``she jokingly``, ``He's``) and document references (``the report``)
come back as ``pronoun`` / ``document`` for :mod:`helpers.measure.attribution`
to resolve in the article's context; descriptions, documents and one-word
names are read in the article by :mod:`helpers.measure.referents`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from ..core.storage import read_csv

SOURCE_CLASSES = ("named_person", "named_institution", "anonymous", "unattributed")
CUE_TYPES = ("anonymity", "role", "institution", "organisation_noun", "news_org", "place", "document",
             "pronoun", "nationality", "verb", "naming_verb", "evidence_verb", "evidence_noun",
             "agent_verb", "preposition", "noun")
#: Cue types that are attribution cues (what introduces a source), not source words.
#: ``naming_verb``: a verb cue that also names things (``a group called X``, ``so-called``),
#: a cue only after a name, a pronoun or a comma; ``evidence_verb``: a verb cue only when
#: its subject ends in an ``evidence_noun`` (``polls show``, ``the survey found``; not
#: ``show them``, ``he found a job``); ``agent_verb``: a verb cue only when its subject is a
#: named person, a named institution or a pronoun (``Trump pledged``, ``she hopes``; not
#: ``the bill named``, ``voters hope``) (:mod:`helpers.measure.attribution`).
ATTRIBUTION_CUE_TYPES = ("verb", "naming_verb", "evidence_verb", "agent_verb", "preposition", "noun")

_WORD_RE = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?|[^\W_]")
_DETERMINERS = {"a", "an", "the", "one", "some", "several", "two", "three", "four",
                "five", "many", "other", "another", "most", "all", "both", "few"}
_NAME_PARTICLES = {"al", "bin", "ibn", "de", "van", "von", "der", "da", "el", "bint", "abu"}
# Closed-class words capitalised at a sentence start are never part of a name
# ("While Democrats", "With", "In").
_FUNCTION_WORDS = {"in", "with", "while", "for", "at", "on", "by", "from", "of", "to", "as", "and",
                   "but", "or", "yet", "so", "if", "when", "after", "before", "during", "since",
                   "although", "though", "because", "this", "that", "these", "those", "what", "here",
                   "there", "once", "instead", "otherwise", "meanwhile", "still", "also", "even",
                   "earlier", "later", "then", "now", "his", "her", "their", "its", "our", "my",
                   "nobody", "nothing", "none", "anyone", "someone", "everyone", "no", "not", "wow",
                   "indeed", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                   "sunday", "january", "february", "april", "june", "july", "august",
                   "september", "october", "november", "december", "latest", "exclusive",
                   "breaking", "byline", "update", "updated", "opinion", "editorial",
                   "abstract", "correction"}
_NEGATIVES = {"nobody", "nothing", "none", "no", "not", "neither"}
# Adverbs that may follow a subject pronoun inside the subject phrase ("she jokingly").
_ADVERBS = {"also", "then", "later", "again", "still", "even", "never", "often", "always", "too",
            "once", "now", "already", "first", "alone", "himself", "herself", "themselves"}
# Words after which a noun phrase's head has ended ("the campaign of ...").
_POST_HEAD = {"of", "for", "from", "in", "at", "with", "to", "on", "who", "that", "which"}
# Auxiliaries and adverbs that may end a subject phrase cut before its verb.
_TRAILING = {"has", "have", "had", "is", "was", "are", "were", "will", "would", "could",
             "should", "can", "may", "might", "must", "does", "did", "do", "long", "very",
             "not", "never", "just", "repeatedly", "again", "reportedly"}
_TIME_NOUNS = {"week", "month", "year", "morning", "afternoon", "evening", "night", "monday",
               "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "summer",
               "fall", "spring", "winter"}
_DEFINITE_OWNERS = {"the", "his", "her", "their", "its", "our", "this", "that"}
# One word with a capital inside that no surname prefix explains (Mc, Mac, O', De, La,
# Le, Van, Di, Du): an organisation's name ("PolitiFact", "HuffPost", "FiveThirtyEight").
_CAMEL_RE = re.compile(r"(?!Mc|Mac|O['’]|D['’]|De|Da|Di|Du|La|Le|Van|Von)[A-Z][a-z]+[A-Z][A-Za-z]*")
_CONTRACTION_RE = re.compile(r"['’](?:s|m|ve|d|ll|re)$")
_ACRONYM_RE = re.compile(r"[A-Z][A-Z&]+(?:[-/][A-Z][A-Z&]*)*|(?:[A-Z]\.){2,}")


def load_source_cues(path: Path) -> pd.DataFrame:
    """Read a source cue file (the study's ``source_cues``; columns cue, cue_type, note)."""
    df = read_csv(path, dtype=str)
    for col in ("cue", "cue_type"):
        if col not in df.columns:
            raise FramingError(f"missing column {col!r}", path=path,
                               fix="the header must be cue,cue_type,note")
    bad = ~df["cue_type"].isin(CUE_TYPES)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise FramingError(f"unknown cue_type {df['cue_type'][row - 1]!r}", path=path, row=row,
                           fix="use one of " + ", ".join(sorted(CUE_TYPES)))
    if "class" in df.columns:
        bad = df["cue_type"].isin(ATTRIBUTION_CUE_TYPES) & ~df["class"].isin(("neutral", "evaluative", ""))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
            raise FramingError(f"unknown class {df['class'][row - 1]!r}", path=path, row=row,
                               fix="write neutral, evaluative or leave it empty")
    return df


@dataclass
class SourceCues:
    """Cue words by type, ready for lookups."""

    anonymity: set[str] = field(default_factory=set)       # lower case
    role: set[str] = field(default_factory=set)            # lower case
    institution: set[str] = field(default_factory=set)     # as written (lower-case cues match any case)
    organisation_noun: set[str] = field(default_factory=set)  # lower case; only as the head noun
    news_org: set[str] = field(default_factory=set)
    place: set[str] = field(default_factory=set)
    document: set[str] = field(default_factory=set)        # lower case
    pronoun: set[str] = field(default_factory=set)         # lower case
    nationality: set[str] = field(default_factory=set)     # never part of a personal name
    verb: set[str] = field(default_factory=set)            # attribution cues, lower case
    naming_verb: set[str] = field(default_factory=set)     # verb cues that also name things
    evidence_verb: set[str] = field(default_factory=set)   # verb cues after an evidence noun
    evidence_noun: set[str] = field(default_factory=set)   # "poll", "survey" (lower case)
    agent_verb: set[str] = field(default_factory=set)      # verb cues after a named or pronoun subject
    preposition: set[str] = field(default_factory=set)
    noun: set[str] = field(default_factory=set)
    cue_class: dict[str, str] = field(default_factory=dict)  # attribution cue -> neutral/evaluative
    cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> "SourceCues":
        cues = cls()
        classes = df["class"].astype(str) if "class" in df.columns else pd.Series("", index=df.index)
        for cue, kind, klass in zip(df["cue"].astype(str), df["cue_type"].astype(str), classes):
            cue = cue.strip()
            if kind in ("anonymity", "role", "document", "pronoun", "organisation_noun", "evidence_noun") + \
                    ATTRIBUTION_CUE_TYPES:
                cue = " ".join(cue.lower().split())
            getattr(cues, kind).add(cue)
            if kind in ATTRIBUTION_CUE_TYPES:
                cues.cue_class[cue] = klass if klass in ("neutral", "evaluative") else "neutral"
        return cues

    def cue_kind(self, cue: str) -> str:
        """``verb`` / ``preposition`` / ``noun`` of an attribution cue as listed, else ''
        (a ``naming_verb``, ``evidence_verb`` or ``agent_verb`` is a ``verb``)."""
        for kind in ATTRIBUTION_CUE_TYPES:
            if cue in getattr(self, kind):
                return "verb" if kind.endswith("_verb") else kind
        return ""


def _words(phrase: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(phrase)]


_PHRASE_CACHE: dict[int, list] = {}
_NON_NAME = ("non_name",)  # SourceCues.cache key of the union of non-name cues


def _cue_split(cues: set[str]) -> list:
    """[cues, exact one-word cues, lower-case one-word cues, multi-word cue patterns], cached."""
    key = id(cues)
    split = _PHRASE_CACHE.get(key)
    if split is None or split[0] is not cues:
        if len(_PHRASE_CACHE) > 64:  # cue tables are few; don't keep old ones forever
            _PHRASE_CACHE.clear()
        exact = {c for c in cues if " " not in c and not c.islower()}
        lower = {c for c in cues if " " not in c and c.islower()}
        # (cue, pattern, literal an ASCII phrase must contain, lower-cased for a lower-case cue)
        phrases = [(c, re.compile(r"(?<!\w)" + re.escape(c) + r"(?!\w)",
                                  re.IGNORECASE if c.islower() else 0),
                    c if c.isascii() else None)
                   for c in sorted(cues) if " " in c]
        split = [cues, exact, lower, phrases]
        _PHRASE_CACHE[key] = split
    return split


def _cue_in(phrase: str, word_set: set[str], lower_set: set[str], cues: set[str],
            phrase_lower: str | None = None) -> str:
    """A cue of ``cues`` in the phrase (whole words; lower-case cues match any case), or ''.

    ``word_set`` and ``lower_set`` are the phrase's words and lower-cased words.

    Multi-word cues are searched with their pattern only when an ASCII phrase
    contains the cue's text (lower-cased for a lower-case cue): for ASCII
    text, ASCII case folding is exact, so the test never skips a match.
    """
    _, exact, lower, phrases = _cue_split(cues)
    hit = exact & word_set
    if hit:
        return min(hit)
    if lower:
        hit = lower & lower_set
        if hit:
            return min(hit)
    if phrases:
        ascii_phrase = phrase.isascii()
        if ascii_phrase and phrase_lower is None:
            phrase_lower = phrase.lower()
        for cue, rx, literal in phrases:
            if ascii_phrase and literal is not None and \
                    literal not in (phrase_lower if literal.islower() else phrase):
                continue
            if rx.search(phrase):
                return cue
    return ""


def _person_name(words: list[tuple[int, int, str]], cues: SourceCues
                 ) -> tuple[int, int] | None:
    """(first, last+1) word indices of a personal name in the phrase, or None."""
    non_name = cues.cache.get(_NON_NAME)  # (a key no phrase can be)
    if non_name is None:
        non_name = cues.cache[_NON_NAME] = cues.institution | cues.news_org | cues.place

    def name_word(w: str) -> bool:
        low = w.lower()
        if low in _NAME_PARTICLES or low.split("-")[0] in _NAME_PARTICLES:
            return True  # al-Khazali, bin Salman
        base = w.rstrip(".")
        if not base[:1].isupper() or (base.isupper() and len(base) > 1):
            return False  # lower case, or an acronym (IRGC, US)
        return not (base in non_name or low in cues.role or low in _DETERMINERS
                    or low in cues.pronoun or base in cues.nationality
                    or low in cues.document or low in _FUNCTION_WORDS)

    texts = [w for _, _, w in words]
    lowered = [w.lower() for w in texts]
    role = cues.role
    # a name right after the last title word
    role_idx = [i for i, w in enumerate(lowered) if w.rstrip(".") in role or w in role]
    if role_idx:
        r = role_idx[-1]
        j = r + 1
        while j < len(texts) and name_word(texts[j]):
            j += 1
        if j > r + 1 and any(texts[k][:1].isupper() for k in range(r + 1, j)):
            return r + 1, j
        return _trailing_name(texts, lowered, name_word, cues)
    # or the whole phrase is a name (and not an institution or place: "Tel Aviv")
    phrase = " ".join(texts)
    word_set, lower_set = set(texts), set(lowered)
    phrase_lower = phrase.lower() if phrase.isascii() else None
    if any(_cue_in(phrase, word_set, lower_set, c, phrase_lower)
           for c in (cues.institution, cues.news_org, cues.place)):
        got = _trailing_name(texts, lowered, name_word, cues)
        if got is not None and got[0] > 1 and lowered[got[0] - 1] in _NAME_LINKS and \
                texts[got[0] - 2][:1].isupper():
            return None  # "Commission on Presidential Debates": the object of a name
        return got
    if texts and all(name_word(w) for w in texts) and texts[0][:1].isupper():
        return 0, len(texts)
    return _trailing_name(texts, lowered, name_word, cues)


def _trailing_name(texts: list[str], lowered: list[str], name_word, cues: SourceCues
                   ) -> tuple[int, int] | None:
    """A name of two or more words ending the phrase after other words (``Likely
    Republican nominee Donald Trump``, ``Pfizer chief executive Ian Read``), not after a
    determiner (``the Supreme Court``) and not an institution or place."""
    i = len(texts)
    while i > 0 and name_word(texts[i - 1]):
        i -= 1
    if len(texts) - i < 2 or i == 0 or lowered[i - 1] in _DETERMINERS:
        return None
    run = " ".join(texts[i:])
    words, lower = set(texts[i:]), set(lowered[i:])
    if any(_cue_in(run, words, lower, c) for c in (cues.institution, cues.news_org, cues.place)):
        return None
    return i, len(texts)


def classify_source(phrase: str, cues: SourceCues) -> tuple[str, str, int, int]:
    """Classify one speaker phrase: (class, canonical speaker, start, end within phrase).

    Pronouns and document references are returned with class ``pronoun`` /
    ``document`` for the caller to resolve. Results are cached per cue table
    (speakers such as ``he`` or ``Reuters`` recur throughout a corpus).
    """
    cache = cues.cache
    got = cache.get(phrase)
    if got is None:
        if len(cache) > 100_000:
            cache.clear()
        got = cache[phrase] = _classify_source(phrase, cues)
    return got


# nouns ending in -ly, not adverbs: "Scott's family", "a Trump ally"
_LY_NOUNS = {"family", "ally", "rally", "assembly", "daily", "weekly", "monthly", "supply",
             "italy", "anomaly", "monopoly", "fly", "bully"}
_NAME_LINKS = {"of", "on", "for"}  # "Commission on Presidential Debates"
_POSSESSIVE = ("'s", "’s", "s'", "s’")


def _classify_source(phrase: str, cues: SourceCues) -> tuple[str, str, int, int]:
    """:func:`classify_source` without the cache."""
    words = _words(phrase)
    if not words:
        return "unattributed", "", 0, 0
    texts = [w for _, _, w in words]
    lowered = [w.lower() for w in texts]
    n = len(lowered)
    if n > 2 and lowered[-1] in _TIME_NOUNS and lowered[-2] in ("this", "last", "next", "on"):
        n -= 2  # "Wells Fargo just this month", "the Supreme Court this month"
    while n > 1 and (lowered[n - 1] in _TRAILING or lowered[n - 1] in _ADVERBS or
                     (lowered[n - 1].endswith("ly") and len(lowered[n - 1]) > 4
                      and lowered[n - 1] not in _LY_NOUNS)):
        n -= 1  # "Cruz has long", "he should", "you very aptly": the subject before them
    if n < len(lowered):
        got = _classify_source(phrase[:words[n - 1][1]], cues)
        if got[0] != "unattributed":
            return got
    first = _CONTRACTION_RE.sub("", lowered[0])  # "he's", "i'm", "they've"
    if first in cues.pronoun and all(w in _ADVERBS or (w.endswith("ly") and len(w) > 4)
                                          for w in lowered[1:]):
        # "he", "she jokingly", "He's": the pronoun is the span
        return "pronoun", texts[0][:len(first)], words[0][0], words[0][0] + len(first)
    if all(w in _NEGATIVES for w in lowered):
        return "unattributed", "", 0, 0  # "Nobody said", "Nothing quoted": no source
    if all(w in _FUNCTION_WORDS for w in lowered):
        return "anonymous", phrase.strip(), 0, len(phrase)  # "In", "With": no name
    word_set, lower_set = set(texts), set(lowered)
    phrase_lower = phrase.lower() if phrase.isascii() else None
    if "and" in lower_set:
        # a named source first among several: "Hawkins and others", "Trump and his
        # attorneys", "RT and its defenders" (data/gold/CODING_RULES.md)
        cut = phrase.find(" and ")
        if cut > 0:
            first = _classify_source(phrase[:cut], cues)
            if first[0] in ("named_person", "named_institution"):
                # the coordination is one source span, as PolNeAR codes it
                return first[0], first[1], first[2], len(phrase.rstrip())
    if _cue_in(phrase, word_set, lower_set, cues.anonymity, phrase_lower):
        return "anonymous", phrase.strip(), 0, len(phrase)
    if len(texts) == 1 and _CAMEL_RE.fullmatch(texts[0]):
        return "named_institution", texts[0], 0, len(phrase)  # "PolitiFact", "HuffPost"
    name = _person_name(words, cues)
    if name is not None and name[1] < len(texts) and texts[name[1] - 1].endswith(_POSSESSIVE):
        name = None  # "Scott's family": the possessor, not the source
    if name is not None:
        a, b = name
        s, e = words[a][0], words[b - 1][1]
        return "named_person", phrase[s:e], s, e
    if any(w.rstrip(".") in cues.role or w in cues.role for w in lowered):
        return "anonymous", phrase.strip(), 0, len(phrase)
    got = _organisation(phrase, words, texts, lowered, cues)
    if got is not None:
        return got
    for kinds in ((cues.news_org, cues.institution), (cues.place,)):
        for cueset in kinds:
            cue = _cue_in(phrase, word_set, lower_set, cueset, phrase_lower)
            if cue:
                return "named_institution", _institution_name(phrase, words, cue), 0, len(phrase)
    head = next((lowered[i - 1] for i in range(1, len(lowered)) if lowered[i] in _POST_HEAD),
                lowered[-1])
    if head in cues.document or lowered[-1] in cues.document or \
            " ".join(lowered[-2:]) in cues.document:
        return "document", phrase.strip(), 0, len(phrase)
    return "anonymous", phrase.strip(), 0, len(phrase)


def _organisation(phrase: str, words: list[tuple[int, int, str]], texts: list[str],
                  lowered: list[str], cues: SourceCues) -> tuple[str, str, int, int] | None:
    """A named organisation the cue table does not list: an organisation noun as the head
    (``the Clinton campaign``, ``his campaign``: the campaign of a named candidate), an
    acronym head (``the FBI``, ``the DNC``) or ``the`` + a run of capitalised words (``The
    Hill``, ``the Clinton Foundation``): a personal name takes no article."""
    head = next((lowered[i - 1] for i in range(1, len(lowered)) if lowered[i] in _POST_HEAD),
                lowered[-1])
    if head in cues.organisation_noun and (
            lowered[0] in _DEFINITE_OWNERS or len(texts) > 1 and (
                texts[-2][:1].isupper() or texts[-2].endswith(("'s", "’s"))
                or phrase[words[-2][1]:words[-1][0]].strip()[:1] in ("'", "’"))):
        # "the Clinton campaign", "his campaign", "Flight attendants' union"; not "a union"
        return "named_institution", re.sub(r"^(?:the|The)\s+", "", phrase.strip()), 0, len(phrase)
    if phrase.isupper() and len(texts) > 1:
        return None  # a headline in capitals
    last = texts[-1]
    if _ACRONYM_RE.fullmatch(last.rstrip(".") if last.count(".") == 1 else last) and \
            last.lower() not in cues.role and last not in cues.place:
        a = len(texts) - 1
        while a > 0 and texts[a - 1][:1].isupper() and lowered[a - 1] not in _DETERMINERS:
            a -= 1
        return "named_institution", phrase[words[a][0]:words[-1][1]], 0, len(phrase)
    if len(texts) >= 2 and lowered[0] == "the" and all(
            w[:1].isupper() and w.lower() not in cues.document and w.lower() not in _FUNCTION_WORDS
            for w in texts[1:]) and not all(
            w in cues.nationality or w.lower() in cues.role for w in texts[1:]):
        return "named_institution", phrase[words[1][0]:words[-1][1]], 0, len(phrase)
    return None


def _institution_name(phrase: str, words: list[tuple[int, int, str]], cue: str) -> str:
    """The capitalised run holding ``cue`` (``the Pentagon`` -> ``Pentagon``), else the phrase."""
    texts = [w for _, _, w in words]
    if not cue[:1].isupper():
        out = phrase.strip()
        return re.sub(r"^(?:the|The)\s+", "", out)
    first_word = cue.split()[0]
    if first_word not in texts:
        return cue
    k = texts.index(first_word)
    a = k
    while a > 0 and (texts[a - 1][:1].isupper() and texts[a - 1] not in ("The", "A", "An")):
        a -= 1
    b = k + len(cue.split())
    while b < len(texts) and texts[b][:1].isupper():
        b += 1
    return phrase[words[a][0]:words[b - 1][1]]
