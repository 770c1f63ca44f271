"""Direct quotations, attribution and the classification of sources.

What counts as a quotation: text between a pair of double quote marks
(straight ``"``, curly ``“ ”``, guillemets ``« »``) or single quote marks
(straight ``'`` or curly ``‘ ’``) inside one segment. A single quote opens only
at the start of a word (after a space, a bracket, a dash or the segment start,
before a letter or digit) and closes only at the end of a word (after a
non-space, before a space, punctuation or the segment end), so apostrophes in
``Iran's``, ``Shi'ite`` or ``doesn't`` are never quote marks. Single quotes
inside a double-quoted span are part of that quotation. A double quote left
open at the start of a segment runs to the segment end (the news convention
for a quotation continued in the next paragraph); any other unclosed mark is
ignored.

Attribution (Bell 1991, *The Language of News Media*, ch. 9): a reporting verb
from the ``reporting_verbs`` lexicon (its subcategory gives the class,
``neutral`` or ``evaluative``; cf. Caldas-Coulthard 1994 on neutral vs
evaluative reporting verbs) outside any quotation, with its subject
(``X said``, ``"...," X said``, ``X said: "..."``, ``X told Reuters``), or
after it when it directly follows a quotation (``"...," said X``); plus the
object of ``according to X`` and ``citing X`` / ``quoting X``. Appositives
(``One source, interviewed by Reuters, said``) are skipped. A quotation takes
the nearest attribution after it in the sentence where it ends, else the
nearest before it in the sentence where it starts, else the one in the
previous sentence if that sentence ends with ``:``; otherwise it is
``unattributed``.

Source classes use the cue table ``data/attribution/source_cues.csv``:
``named_person`` (a capitalised name, alone or after a title:
``Iranian Foreign Ministry spokesman Bahram Qasemi`` -> ``Bahram Qasemi``; a
later surname alone is resolved to the full name), ``anonymous`` (a person or
source noun without a name, or an anonymity cue: ``a senior IRGC commander``,
``sources``), ``named_institution`` (institution, news organisation or
country/capital names: ``Reuters``, ``the Pentagon``), and ``unattributed``.
``he``/``she`` resolve to the previous named person; ``the report`` /
``the media outlet`` resolve to the nearest news organisation named earlier
in the article. ``speaker`` holds that canonical name; ``speaker_start`` /
``speaker_end`` the mention in the text (which may be ``he`` or a surname).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..clean.cleaning import SEGMENT_SEPARATOR, assemble_texts
from ..core.errors import FramingError
from .codes import article_slices, run_codes, sorted_ids
from .sentences import count_tokens_many, split_sentences

QUOTE_COLUMNS = ["article_id", "quote_index", "start", "end", "text", "segment",
                 "sentence_index", "speaker", "speaker_start", "speaker_end",
                 "speaker_class", "verb", "verb_class", "n_tokens"]
ATTRIBUTION_COLUMNS = ["article_id", "attribution_index", "sentence_index", "segment",
                       "start", "end", "verb", "verb_class", "speaker", "speaker_start",
                       "speaker_end", "speaker_class", "in_quote"]
SOURCE_CLASSES = ("named_person", "named_institution", "anonymous", "unattributed")
VERB_CLASSES = ("neutral", "evaluative")

# Object-taking cues: the source follows the cue.
_OBJECT_CUES = ("according to", "citing", "quoting")
_MAX_SPEAKER_WORDS = 14
_LOOKBACK = 200  # characters before a verb searched for its subject (14 words + an appositive)

_DOUBLE_OPEN = "“«"
_DOUBLE_CLOSE = "”»"
_QUOTE_CHARS_RE = re.compile("[\"“”«»]")
_SINGLE_RE = re.compile("['‘’]")
# a superset of the single marks that can open a quotation (see quote_spans)
_SINGLE_OPEN_RE = re.compile(r"['‘](?<![^\s(\[{—–\-/\"“«]['‘])(?=[^\W_])")
_OPEN_PREV = set(" \t\n([{—–-/\"“«")
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?|[^\W_]")
_CLAUSE_SPLIT_RE = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
_DASH_CHAIN_RE = re.compile(r"\s-\s-\s")
_CLAUSE_CHAR_RE = re.compile(r"[,;:()\u2014\u2013]")  # _CLAUSE_SPLIT_RE without " - "

_AUX = {"has", "have", "had", "was", "were", "is", "are", "also", "reportedly",
        "allegedly", "previously", "earlier", "later", "then", "further", "has",
        "repeatedly", "publicly", "recently", "once", "again", "will", "would",
        "could", "may", "might", "did", "does", "do", "had", "been", "already",
        "separately", "similarly", "likewise", "strongly", "firmly", "flatly",
        "reported", "just"}
_LEADING_DROP = {"and", "but", "while", "as", "that", "so", "whereas", "because",
                 "although", "though", "when", "after", "before", "since", "where"}
_NEGATION_RE = re.compile(r"(?i)(?<![\w'’])(?:not|never|neither|nor|no)(?![\w'’])|n['’]t\b")
# A cheap test before _NEGATION_RE: every match of it starts with "n" or "N" followed by
# "o", "e", an apostrophe (ASCII letters fold only to themselves) or is non-ASCII.
_NEGATION_HINT_RE = re.compile("[nN\x80-\U0010ffff][oOeE'’\x80-\U0010ffff]")
_APPOSITIVE_START = {"who", "which", "whose", "in", "on", "at", "for", "with",
                     "after", "during", "according", "speaking", "quoted", "cited",
                     "interviewed", "writing", "asked", "citing", "quoting",
                     "however", "too", "meanwhile", "also", "though", "by"}
_DETERMINERS = {"a", "an", "the", "one", "some", "several", "two", "three", "four",
                "five", "many", "other", "another", "most", "all", "both", "few"}
# A word right before a reporting-verb form that makes it a noun, adjective or infinitive.
_NOT_BEFORE_VERB = {"to", "the", "a", "an", "these", "those", "this", "that", "its", "their",
                    "his", "her", "our", "such", "of", "on", "in", "for", "with", "by", "any",
                    "all", "some", "no", "what", "whose", "against", "about", "from", "over"}
_NAME_PARTICLES = {"al", "bin", "ibn", "de", "van", "von", "der", "da", "el", "bint", "abu"}


# --------------------------------------------------------------------------- data

def load_source_cues(path: Path) -> pd.DataFrame:
    """Read the study's source cue file (``data/attribution/source_cues.csv`` by
    default; columns cue, cue_type, note)."""
    from ..core.storage import read_csv

    df = read_csv(path, dtype=str)
    for col in ("cue", "cue_type"):
        if col not in df.columns:
            raise FramingError(f"missing column {col!r}", path=path,
                               fix="the header must be cue,cue_type,note")
    known = {"anonymity", "role", "institution", "news_org", "place", "document", "pronoun",
             "nationality"}
    bad = ~df["cue_type"].isin(known)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise FramingError(f"unknown cue_type {df['cue_type'][row - 1]!r}", path=path, row=row,
                           fix="use one of " + ", ".join(sorted(known)))
    return df


@dataclass
class SourceCues:
    """Cue words by type, ready for lookups."""

    anonymity: set[str] = field(default_factory=set)       # lower case
    role: set[str] = field(default_factory=set)            # lower case
    institution: set[str] = field(default_factory=set)     # as written (lower-case cues match any case)
    news_org: set[str] = field(default_factory=set)
    place: set[str] = field(default_factory=set)
    document: set[str] = field(default_factory=set)        # lower case
    pronoun: set[str] = field(default_factory=set)         # lower case
    nationality: set[str] = field(default_factory=set)     # never part of a personal name
    cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> "SourceCues":
        cues = cls()
        for cue, kind in zip(df["cue"].astype(str), df["cue_type"].astype(str)):
            cue = cue.strip()
            if kind in ("anonymity", "role", "document", "pronoun"):
                cue = cue.lower()
            getattr(cues, kind).add(cue)
        return cues


def reporting_verb_classes(lexicon: pd.DataFrame) -> dict[str, str]:
    """Entry -> ``neutral``/``evaluative`` from the ``reporting_verbs`` rows of a lexicon.

    The class is the row's ``subcategory`` when that is neutral or evaluative,
    else ``neutral``. Entries may end in ``*`` (prefix wildcard).
    """
    if lexicon is None or lexicon.empty or "category" not in lexicon.columns:
        return {}
    rows = lexicon[lexicon["category"] == "reporting_verbs"]
    out: dict[str, str] = {}
    subs = rows["subcategory"] if "subcategory" in rows.columns else pd.Series("", index=rows.index)
    for entry, sub in zip(rows["entry"].astype(str), subs.astype(str)):
        entry = entry.strip().lower()
        if entry:
            out[entry] = sub if sub in VERB_CLASSES else "neutral"
    return out


def _object_cue_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of ``according to`` / ``citing`` / ``quoting`` as whole words (any case)."""
    low = text.lower()
    out = []
    for cue in _OBJECT_CUES:
        i = low.find(cue)
        while i >= 0:
            j = i + len(cue)
            if (i == 0 or not (low[i - 1].isalnum() or low[i - 1] in "'’-")) and \
                    (j >= len(low) or not (low[j].isalnum() or low[j] in "'’-")):
                out.append((i, j))
            i = low.find(cue, j)
    return out


def verb_hits(texts: pd.Series, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Reporting-verb hits (article_id, start, end) of the lexicon's ``reporting_verbs`` rows.

    Uses the project's lexicon matcher, so verbs are found exactly as in hits.csv.
    """
    from .matcher import compile_matcher, match_texts

    rows = lexicon[lexicon["category"] == "reporting_verbs"] if "category" in lexicon else lexicon
    if rows.empty or texts.empty:
        return pd.DataFrame({"article_id": pd.Series(dtype=object),
                             "start": pd.Series(dtype="int64"), "end": pd.Series(dtype="int64")})
    hits = match_texts(texts, compile_matcher(rows))
    return hits[["article_id", "start", "end"]]


def _verb_class(surface: str, verbs: dict[str, str]) -> str:
    low = " ".join(surface.lower().split())
    if low in verbs:
        return verbs[low]
    best = ""
    for entry in verbs:
        if entry.endswith("*") and low.startswith(entry[:-1]) and len(entry) > len(best):
            best = entry
    return verbs[best] if best else "neutral"


# ------------------------------------------------------------------ quote spans

def _is_alnum(ch: str) -> bool:
    return ch.isalnum()


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the quoted words (without marks) of one segment text, in order.

    See the module docstring for the rules; spans never overlap.
    """
    n = len(text)
    spans: list[tuple[int, int]] = []
    open_pos = -1
    open_ch = ""
    for m in _QUOTE_CHARS_RE.finditer(text):
        i, ch = m.start(), m.group(0)
        if open_pos < 0:
            if ch in _DOUBLE_CLOSE:
                continue  # stray closing mark
            open_pos, open_ch = i, ch
        else:
            if ch in _DOUBLE_OPEN:
                # a second opening mark: the first was stray; restart here
                open_pos, open_ch = i, ch
                continue
            if ch == '"' and open_ch != '"' and i + 1 < n and _is_alnum(text[i + 1]) \
                    and (i == 0 or text[i - 1].isspace()):
                continue  # straight mark opening a word inside a curly quote: not a close
            if i > open_pos + 1:
                spans.append((open_pos + 1, i))
            open_pos = -1
    if open_pos >= 0 and not text[:open_pos].strip() and len(text.rstrip()) > open_pos + 1:
        spans.append((open_pos + 1, len(text.rstrip())))
    # single quotes outside double-quoted spans (skipped fast when no mark can open one)
    if ("'" not in text and "‘" not in text) or _SINGLE_OPEN_RE.search(text) is None:
        return spans
    starts = [s for s, _ in spans]
    singles: list[tuple[int, int]] = []
    pending = -1
    for m in _SINGLE_RE.finditer(text):
        i = m.start()
        k = bisect.bisect_right(starts, i) - 1
        if k >= 0 and spans[k][0] - 1 <= i <= spans[k][1]:
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        can_open = m.group(0) != "’" and (prev in _OPEN_PREV) and _is_alnum(nxt)
        can_close = m.group(0) != "‘" and not prev.isspace() and not _is_alnum(nxt) and i > 0
        if pending >= 0 and can_close:
            if i - pending <= 600:
                singles.append((pending + 1, i))
            pending = -1
        elif can_open:
            pending = i
    if singles:
        spans = _merge_nested(spans, singles)
    return spans


def _merge_nested(doubles: list[tuple[int, int]], singles: list[tuple[int, int]]
                  ) -> list[tuple[int, int]]:
    """Doubles plus singles without overlaps: a single quotation around double ones
    (British style, 'He said "no" today') keeps the outer span; one that crosses a
    double quotation's boundary is dropped."""
    keep_singles = []
    dropped: set[tuple[int, int]] = set()
    for s, e in singles:
        overlapping = [(a, b) for a, b in doubles if a - 1 < e and b + 1 > s - 1]
        if any(not (s <= a and b <= e) for a, b in overlapping):
            continue
        dropped.update(overlapping)
        keep_singles.append((s, e))
    return sorted([d for d in doubles if d not in dropped] + keep_singles)


# --------------------------------------------------------------- classification

def _words(phrase: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(phrase)]


_PHRASE_CACHE: dict[tuple[int, str], list] = {}
_NON_NAME = ("non_name",)  # SourceCues.cache key of the union of non-name cues


def _cue_split(cues: set[str]) -> list:
    """[cues, exact one-word cues, lower-case one-word cues, multi-word cue patterns], cached."""
    key = (id(cues), "")
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


def _has_cue(phrase: str, words: list[str], cues: set[str]) -> str:
    """A cue of ``cues`` in the phrase (whole words; lower-case cues match any case), or ''."""
    return _cue_in(phrase, set(words), {w.lower() for w in words}, cues)


def _cue_in(phrase: str, word_set: set[str], lower_set: set[str], cues: set[str],
            phrase_lower: str | None = None) -> str:
    """:func:`_has_cue` given the phrase's words and lower-cased words as sets.

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
                    or low in cues.pronoun or base in cues.nationality)

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
        return None
    # or the whole phrase is a name (and not an institution or place: "Tel Aviv")
    phrase = " ".join(texts)
    word_set, lower_set = set(texts), set(lowered)
    phrase_lower = phrase.lower() if phrase.isascii() else None
    if any(_cue_in(phrase, word_set, lower_set, c, phrase_lower)
           for c in (cues.institution, cues.news_org, cues.place)):
        return None
    if texts and all(name_word(w) for w in texts) and texts[0][:1].isupper():
        return 0, len(texts)
    return None


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


def _classify_source(phrase: str, cues: SourceCues) -> tuple[str, str, int, int]:
    """Classify one speaker phrase: (class, canonical speaker, start, end within phrase).

    Pronouns and document references are returned with class ``pronoun`` /
    ``document`` for the caller to resolve.
    """
    words = _words(phrase)
    if not words:
        return "unattributed", "", 0, 0
    texts = [w for _, _, w in words]
    lowered = [w.lower() for w in texts]
    if len(texts) == 1 and lowered[0] in cues.pronoun:
        return "pronoun", texts[0], words[0][0], words[0][1]
    word_set, lower_set = set(texts), set(lowered)
    phrase_lower = phrase.lower() if phrase.isascii() else None
    if _cue_in(phrase, word_set, lower_set, cues.anonymity, phrase_lower):
        return "anonymous", phrase.strip(), 0, len(phrase)
    name = _person_name(words, cues)
    if name is not None:
        a, b = name
        s, e = words[a][0], words[b - 1][1]
        return "named_person", phrase[s:e], s, e
    if any(w.rstrip(".") in cues.role or w in cues.role for w in lowered):
        return "anonymous", phrase.strip(), 0, len(phrase)
    for kinds in ((cues.news_org, cues.institution), (cues.place,)):
        for cueset in kinds:
            cue = _cue_in(phrase, word_set, lower_set, cueset, phrase_lower)
            if cue:
                return "named_institution", _institution_name(phrase, words, cue), 0, len(phrase)
    if lowered[-1] in cues.document or " ".join(lowered[-2:]) in cues.document:
        return "document", phrase.strip(), 0, len(phrase)
    return "anonymous", phrase.strip(), 0, len(phrase)


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


# ------------------------------------------------------------------- attribution

_LAST_WORD_STRIP = ".,;:!?\"'“”‘’()[]"


def _last_word(region: str, end: int) -> tuple[str, int]:
    """The last whitespace-separated word of ``region[:end]`` (lower case) and its start."""
    cut = region[:end].rstrip()
    parts = cut.rsplit(None, 1)
    if not parts:
        return "", 0
    word = parts[-1]
    return word.strip(_LAST_WORD_STRIP).lower(), len(cut) - len(word)


def _strip_subject(region: str) -> tuple[int, int] | None:
    """(start, end) of the subject clause at the end of ``region`` (text before a verb)."""
    end = len(region.rstrip())
    # drop trailing auxiliaries/adverbs ("has", "also", "reportedly")
    while end > 0:
        word, ws = _last_word(region, end)
        if word not in _AUX:
            break
        end = len(region[:ws].rstrip())
    parts = []
    pos = 0
    for m in _CLAUSE_SPLIT_RE.finditer(region, 0, end):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    # from the end: skip empty parts and appositives
    k = len(parts) - 1
    while k >= 0:
        s, e = parts[k]
        chunk = region[s:e].strip()
        first = chunk.split(" ", 1)[0].lower() if chunk else ""
        is_appositive = bool(chunk) and k > 0 and (
            first in _APPOSITIVE_START or first.endswith(("ed", "ing")))
        if chunk and not is_appositive:
            break
        k -= 1
    if k < 0:
        return None
    s, e = parts[k]
    chunk = region[s:e]
    s += len(chunk) - len(chunk.lstrip())
    e = s + len(chunk.strip())
    # leading conjunctions ("and", "that")
    while s < e:
        first = region[s:e].split(None, 1)
        if len(first) < 2 or first[0].lower() not in _LEADING_DROP:
            break
        s = e - len(first[1])
    if s >= e:
        return None
    return s, e


_OBJECT_END_RE = re.compile(r"[,;:.!?()\u2014\u2013\x00\"“”]|\s-\s")


def _object_after(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """(start, end) of the phrase after a cue, up to the next clause mark or sentence end."""
    hi = min(hi, lo + _LOOKBACK)
    m = _OBJECT_END_RE.search(text, lo, hi)
    e = m.start() if m else hi
    # a period inside an abbreviation (U.S.) is not an end
    while m and m.group(0) == "." and e + 1 < hi and not text[e + 1].isspace():
        m = _OBJECT_END_RE.search(text, e + 1, hi)
        e = m.start() if m else hi
    chunk = text[lo:e]
    s = lo + len(chunk) - len(chunk.lstrip())
    e = lo + len(chunk.rstrip())
    if s >= e:
        return None
    return s, e


@dataclass(slots=True)
class _Attr:
    pos: int
    end: int
    verb: str
    verb_class: str
    speaker: str
    sp_start: int
    sp_end: int
    cls: str
    sentence: int
    in_quote: bool = False


def _verb_subject(before: str) -> tuple[bool, tuple[int, int] | None]:
    """(rejected, subject span) of the text right before a reporting verb.

    ``rejected`` is True when the word before the verb makes it a noun,
    adjective or infinitive (``_NOT_BEFORE_VERB``). Otherwise the span is
    :func:`_strip_subject`'s, found from the end of the text: usually only the
    last clause is looked at; the rare cases where the subject is further back
    (an appositive or an empty last clause) take :func:`_strip_subject` itself.
    """
    cut = before.rstrip()
    parts = cut.rsplit(None, 1)
    if not parts:
        return False, _strip_subject(before)
    word = parts[-1]
    low = word.strip(_LAST_WORD_STRIP).lower()
    if low in _NOT_BEFORE_VERB:
        return True, None
    end = len(cut)
    while low in _AUX:  # drop trailing auxiliaries/adverbs ("has", "also", "reportedly")
        end = len(cut[:end - len(word)].rstrip())
        parts = cut[:end].rsplit(None, 1)
        if not parts:
            break
        word = parts[-1]
        low = word.strip(_LAST_WORD_STRIP).lower()
    head = before[:end]
    # the last clause mark: the first match in the reversed text (the pattern reads the
    # same both ways); without a "-" only the one-character marks can match (a faster
    # search), and only a chain like " - - " could make forward matching differ
    if "-" in head:
        m = _CLAUSE_SPLIT_RE.search(head[::-1])
        if m is not None and m.end() - m.start() == 3 and _DASH_CHAIN_RE.search(head):
            return False, _strip_subject(before)
    else:
        m = _CLAUSE_CHAR_RE.search(head[::-1])
    found = m is not None
    pos = end - m.start() if found else 0
    chunk = before[pos:end]
    stripped = chunk.strip()
    if not stripped:
        return False, _strip_subject(before)
    words = stripped.split(None, 1)
    first_low = words[0].lower()
    if found:
        # the first word up to a plain space (as the clause parser reads it)
        first = first_low if len(words) == 1 or stripped[len(words[0])] == " " \
            else stripped.split(" ", 1)[0].lower()
        if first in _APPOSITIVE_START or first.endswith(("ed", "ing")):
            return False, _strip_subject(before)  # an appositive: the subject is further back
    s = pos + chunk.find(stripped[0])
    e = s + len(stripped)
    if len(words) < 2 or first_low not in _LEADING_DROP:
        return False, (s, e)
    while s < e:  # leading conjunctions ("and", "that")
        first_rest = before[s:e].split(None, 1)
        if len(first_rest) < 2 or first_rest[0].lower() not in _LEADING_DROP:
            break
        s = e - len(first_rest[1])
    if s >= e:
        return False, None
    return False, (s, e)


def _article_attributions(text: str, masked: str, sent_starts: list[int], sent_ends: list[int],
                          quote_list: list[tuple[int, int]], verb_spans: list[tuple[int, int]],
                          verbs: dict[str, str], cues: SourceCues,
                          verb_cache: dict[str, str] | None = None,
                          surface_cache: dict[str, tuple[str, str]] | None = None
                          ) -> list[_Attr]:
    """All attributions of one article, in text order, pronouns and documents resolved.

    ``verb_spans``: reporting-verb hits of the article (any order); those
    inside quotations are ignored. ``verb_cache``: surface -> class memo and
    ``surface_cache``: verb as written -> (surface, lower case) memo, both
    shared by the articles of one call.
    """
    spans = sorted(set(verb_spans) | set(_object_cue_spans(masked)))
    spans = [(s, e) for s, e in spans if masked[s] != "\x00"]
    if not spans:
        return []
    verb_starts = [s for s, _ in spans]
    n_verbs = len(verb_starts)
    out: list[_Attr] = []
    last_person = ""
    quote_ends = [e for _, e in quote_list]
    if verb_cache is None:
        verb_cache = {}
    if surface_cache is None:
        surface_cache = {}
    full_names: dict[str, str] = {}  # surname -> the longest full name seen so far
    bisect_right, bisect_left = bisect.bisect_right, bisect.bisect_left
    negation = _NEGATION_RE.search
    classify = classify_source
    hint = _NEGATION_HINT_RE.search
    for vs, ve in spans:
        k = bisect_right(sent_starts, vs) - 1
        if k < 0 or vs >= sent_ends[k]:
            continue
        ss, se = sent_starts[k], sent_ends[k]
        written = text[vs:ve]
        got = surface_cache.get(written)
        if got is None:
            surface = " ".join(written.split())
            got = surface_cache[written] = (surface, surface.lower())
        surface, low = got
        # lo: after the last quotation that closes before the verb in this sentence
        q = bisect_right(quote_ends, vs) - 1
        lo = ss
        if q >= 0 and quote_ends[q] >= ss:
            lo = max(ss, quote_ends[q] + 1)
        if low in _OBJECT_CUES:
            span = _object_after(masked, ve, se)
        else:
            lo_clause = lo
            lo = max(lo, vs - _LOOKBACK)
            before = masked[lo:vs]
            rejected, sub = _verb_subject(before)
            if rejected:
                continue  # "declined to comment", "the alleged arming", "these claims"
            if sub is not None and hint(before, sub[0]) and negation(before, sub[0]):
                continue
            if sub is None:
                if lo_clause == ss or masked[lo_clause:vs].strip(" ,\t\n"):
                    continue  # not right after a quotation
                span = _object_after(masked, ve, se)  # "...," said X
            else:
                span = (lo + sub[0], lo + sub[1])
                i = bisect_left(verb_starts, span[0])
                if i < n_verbs and verb_starts[i] < span[1]:
                    continue  # the "subject" holds another reporting verb: not a clean clause
        if span is None:
            continue
        phrase = text[span[0]:span[1]]
        if len(phrase.split()) > _MAX_SPEAKER_WORDS:
            continue
        cls, speaker, a, b = classify(phrase, cues)
        if cls == "unattributed":
            continue
        sp_s, sp_e = span[0] + a, span[0] + b
        if cls == "pronoun":
            if not last_person:
                continue  # unattributed
            cls, speaker = "named_person", last_person
        elif cls == "document":
            org = _last_news_org(text, span[0], cues)
            if org is not None:
                cls, speaker = "named_institution", _org_phrase(text, *org)
            else:
                cls = "anonymous"
        elif cls == "named_person":
            surname = speaker.split()[-1]
            full = full_names.get(surname)
            if full is not None and len(full) > len(speaker):
                speaker = full  # "Qasemi" after "Bahram Qasemi"
            else:
                full_names[surname] = speaker
            last_person = speaker
        vclass = verb_cache.get(surface)
        if vclass is None:
            vclass = verb_cache[surface] = _verb_class(surface, verbs)
        out.append(_Attr(vs, ve, surface, vclass, speaker, sp_s, sp_e, cls, k))
    return out


def _last_news_org(text: str, before: int, cues: SourceCues) -> tuple[int, int] | None:
    """The last news-organisation cue (whole word) starting before ``before``, as (start, end)."""
    best = None
    for cue in cues.news_org:
        i = text.rfind(cue, 0, before)
        while i >= 0:
            j = i + len(cue)
            if (i == 0 or not text[i - 1].isalnum()) and (j >= len(text) or not text[j].isalnum()):
                if best is None or i > best[0] or (i == best[0] and j > best[1]):
                    best = (i, j)
                break
            i = text.rfind(cue, 0, i)
    return best


def _org_phrase(text: str, s: int, e: int) -> str:
    """Extend a news-org cue to its capitalised run (``Wall Street Journal``)."""
    while True:
        m = re.search(r"([A-Z][\w.&-]*)\s+$", text[max(0, s - 40):s])
        if not m or m.group(1) in ("The", "A", "An"):
            break
        s = s - (len(text[max(0, s - 40):s]) - m.start())
    while True:
        m = re.match(r"\s+([A-Z][\w.&-]*)", text[e:e + 40])
        if not m:
            break
        e += m.end()
    return text[s:e]


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Quotation contents replaced by NUL characters (same length), marks kept."""
    if not spans:
        return text
    parts = []
    pos = 0
    for s, e in spans:
        parts.append(text[pos:s])
        parts.append("\x00" * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


# ------------------------------------------------------------------- public API

def extract_quotes_and_attributions(segments: pd.DataFrame, lexicon: pd.DataFrame,
                                    cues: pd.DataFrame | SourceCues,
                                    *, sentences: pd.DataFrame | None = None,
                                    verbs_found: pd.DataFrame | None = None,
                                    texts: pd.Series | None = None
                                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quotations (quotes.csv) and attributions (attributions.csv) in one pass.

    ``lexicon`` (``helpers.measure.lexicon.load_lexicons``) supplies the
    reporting verbs; ``cues`` are the source cues (:func:`load_source_cues`);
    ``sentences`` defaults to :func:`split_sentences`; ``verbs_found`` (article_id, start, end of
    reporting-verb hits, e.g. the matcher's hits of that category) to
    :func:`verb_hits`; ``texts`` (article_id -> clean text, as
    ``helpers.clean.cleaning.assemble_texts``) is joined from the segments when None.
    """
    if not isinstance(cues, SourceCues):
        cues = SourceCues.from_frame(cues)
    if sentences is None:
        sentences = split_sentences(segments)
    verbs = reporting_verb_classes(lexicon)
    sep = SEGMENT_SEPARATOR

    q_rows: list[tuple] = []
    a_rows: list[tuple] = []
    if segments.empty:
        return (_typed_quotes(pd.DataFrame(q_rows, columns=QUOTE_COLUMNS)),
                _typed_attr(pd.DataFrame(a_rows, columns=ATTRIBUTION_COLUMNS)))
    articles = sorted_ids(segments["article_id"])
    seg, seg_bounds = article_slices(segments, "segment_index", articles)
    sent, sent_bounds = article_slices(sentences, "sentence_index", articles)
    # plain lists sliced per article: much faster than a pandas groupby loop
    all_texts = seg["text"].tolist()
    all_starts = seg["start"].tolist()
    all_names = seg["segment"].tolist()
    sent_starts = sent["start"].tolist()
    sent_ends = sent["end"].tolist()
    sent_names = sent["segment"].tolist()
    if verbs_found is None:
        verbs_found = verb_hits(assemble_texts(seg) if texts is None else texts, lexicon)
    vf, vf_bounds = article_slices(verbs_found, "start", articles)
    vf_spans = list(zip(vf["start"].tolist(), vf["end"].tolist()))
    verb_cache: dict[str, str] = {}
    surface_cache: dict[str, tuple[str, str]] = {}
    has_mark = _ANY_MARK_RE.search
    bisect_right = bisect.bisect_right
    # quotes.csv and attributions.csv built column by column
    q_seg: list[str] = []
    # (article_id, quote_index, start, end, text, sentence, attribution)
    q_rows: list[tuple] = []
    attrs_all: list[_Attr] = []
    a_aid: list[str] = []
    a_idx: list[int] = []
    a_seg: list[str] = []
    if texts is not None and texts.index.equals(articles):
        article_texts = texts.tolist()
    else:
        article_texts = [sep.join(all_texts[a0:a1]) for a0, a1 in seg_bounds]
    # pass 1: the quotations of every article (offsets into its clean text), looked for
    # only in segments with a mark that can open one
    article_quotes: list[list[tuple[int, int]]] = [[] for _ in seg_bounds]
    article_of = np.repeat(np.arange(len(seg_bounds)),
                           [a1 - a0 for a0, a1 in seg_bounds]).tolist()
    for si in [i for i, t in enumerate(all_texts) if has_mark(t) is not None]:
        spans = quote_spans(all_texts[si])
        if spans:
            st = all_starts[si]
            article_quotes[article_of[si]] += [(st + qs_, st + qe_) for qs_, qe_ in spans]
            q_seg += [all_names[si]] * len(spans)
    # pass 2: attributions, and the attribution of each quotation
    for ai_, aid in enumerate(articles.tolist()):
        b0, b1 = sent_bounds[ai_]
        ss, se = sent_starts[b0:b1], sent_ends[b0:b1]
        text = article_texts[ai_]
        quotes = article_quotes[ai_]
        masked = _mask(text, quotes)
        attrs = _article_attributions(text, masked, ss, se, quotes,
                                      vf_spans[slice(*vf_bounds[ai_])], verbs, cues, verb_cache,
                                      surface_cache)
        if quotes:
            attr_pos = [a.pos for a in attrs]
            for qi, (qs, qe) in enumerate(quotes):
                k_start = bisect_right(ss, qs) - 1
                k_end = bisect_right(ss, max(qs, qe - 1)) - 1
                chosen = _choose_attribution(attrs, attr_pos, qs, qe, k_start, k_end, text, ss, se)
                if chosen is not None:
                    chosen.in_quote = True
                q_rows.append((aid, qi, qs, qe, text[qs:qe], k_start, chosen))
        if attrs:
            n_sn = b1 - b0
            attrs_all += attrs
            a_aid += [aid] * len(attrs)
            a_idx += range(len(attrs))
            a_seg += [sent_names[b0 + a.sentence] if a.sentence < n_sn else "" for a in attrs]
    q_aid, q_idx, q_start, q_end, q_text, q_sent, q_attr = \
        (list(c) for c in zip(*q_rows)) if q_rows else ([] for _ in range(7))
    quotes_df = pd.DataFrame({
        "article_id": _objects(q_aid), "quote_index": _ints(q_idx), "start": _ints(q_start),
        "end": _ints(q_end), "text": _objects(q_text), "segment": _objects(q_seg),
        "sentence_index": _ints(q_sent),
        "speaker": _objects([("" if a is None else a.speaker) for a in q_attr]),
        "speaker_start": _nullable_ints([None if a is None else a.sp_start for a in q_attr]),
        "speaker_end": _nullable_ints([None if a is None else a.sp_end for a in q_attr]),
        "speaker_class": _objects([("unattributed" if a is None else a.cls) for a in q_attr]),
        "verb": _objects([("" if a is None else a.verb) for a in q_attr]),
        "verb_class": _objects([("" if a is None else a.verb_class) for a in q_attr]),
        "n_tokens": count_tokens_many(q_text),
    }, columns=QUOTE_COLUMNS)
    attr_df = pd.DataFrame({
        "article_id": _objects(a_aid), "attribution_index": _ints(a_idx),
        "sentence_index": _ints([a.sentence for a in attrs_all]), "segment": _objects(a_seg),
        "start": _ints([a.pos for a in attrs_all]), "end": _ints([a.end for a in attrs_all]),
        "verb": _objects([a.verb for a in attrs_all]),
        "verb_class": _objects([a.verb_class for a in attrs_all]),
        "speaker": _objects([a.speaker for a in attrs_all]),
        "speaker_start": _ints([a.sp_start for a in attrs_all]),
        "speaker_end": _ints([a.sp_end for a in attrs_all]),
        "speaker_class": _objects([a.cls for a in attrs_all]),
        "in_quote": np.fromiter((a.in_quote for a in attrs_all), dtype=bool, count=len(attrs_all)),
    }, columns=ATTRIBUTION_COLUMNS)
    # rows come out in article_id order (segments sorted above), index order within articles
    return quotes_df, attr_df


# any mark that can open a quotation (see quote_spans); "’" never opens one
_ANY_MARK_RE = re.compile("[\"“”«»'‘]")


def _objects(values: list) -> np.ndarray:
    """An object array of ``values`` (pandas then skips inferring a dtype from a list)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _ints(values: list[int]) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64, count=len(values))


def _nullable_ints(values: list[int | None]) -> pd.arrays.IntegerArray:
    return pd.array(values, dtype="Int64")


def _choose_attribution(attrs: list[_Attr], attr_pos: list[int], qs: int, qe: int,
                        k_start: int, k_end: int, text: str,
                        ss: list[int], se: list[int]) -> _Attr | None:
    """The attribution of a quotation spanning sentences k_start..k_end (rules in module doc)."""
    i = bisect.bisect_left(attr_pos, qe)
    if i < len(attrs) and attrs[i].sentence == k_end:
        return attrs[i]
    j = bisect.bisect_left(attr_pos, qs) - 1
    if j >= 0 and attrs[j].sentence == k_start:
        return attrs[j]
    if k_start > 0 and text[ss[k_start - 1]:se[k_start - 1]].rstrip().endswith(":"):
        if j >= 0 and attrs[j].sentence == k_start - 1:
            return attrs[j]
    return None


def _typed_quotes(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reindex(columns=QUOTE_COLUMNS)
    for c in ("quote_index", "start", "end", "sentence_index", "n_tokens"):
        df[c] = df[c].astype("int64")
    for c in ("speaker_start", "speaker_end"):
        df[c] = pd.array(df[c].tolist(), dtype="Int64")
    return df.sort_values(["article_id", "quote_index"], kind="stable").reset_index(drop=True)


def _typed_attr(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reindex(columns=ATTRIBUTION_COLUMNS)
    for c in ("attribution_index", "sentence_index", "start", "end", "speaker_start", "speaker_end"):
        df[c] = df[c].astype("int64")
    df["in_quote"] = df["in_quote"].astype(bool)
    return df.sort_values(["article_id", "attribution_index"], kind="stable").reset_index(drop=True)


def find_quotes(segments: pd.DataFrame, lexicon: pd.DataFrame, cues: pd.DataFrame | SourceCues,
                **kwargs) -> pd.DataFrame:
    """Direct quotations with speaker, reporting verb and source class (schema quotes.csv)."""
    return extract_quotes_and_attributions(segments, lexicon, cues, **kwargs)[0]


def find_attributions(segments: pd.DataFrame, lexicon: pd.DataFrame, cues: pd.DataFrame | SourceCues,
                      **kwargs) -> pd.DataFrame:
    """Every attribution (schema attributions.csv), with or without a direct quotation.

    ``in_quote`` is True when the attribution introduces a direct quotation
    (it then also appears in quotes.csv) and False for indirect attribution
    (``Reuters said``, ``X said that ...``, ``according to the report``,
    ``citing anonymous sources``).
    """
    return extract_quotes_and_attributions(segments, lexicon, cues, **kwargs)[1]


def article_source_summary(quotes: pd.DataFrame, attributions: pd.DataFrame,
                           sentences: pd.DataFrame) -> pd.DataFrame:
    """Per article: quoted_token_share, sources_<class>, verbs_<class>.

    ``sources_<class>``: distinct speakers (by class and canonical speaker name)
    over quotations and attributions; ``sources_unattributed`` is the number of
    quotations without a speaker. ``verbs_<class>``: attributions by the class
    of their reporting verb (``according to`` etc. count as neutral).
    ``quoted_token_share``: tokens inside quotations / tokens of the article.
    """
    ids = sorted_ids(sentences["article_id"])
    n = len(ids)

    def per_article(codes: np.ndarray, weights=None) -> np.ndarray:
        ok = codes >= 0
        w = None if weights is None else np.asarray(weights, dtype=float)[ok]
        return np.bincount(codes[ok], weights=w, minlength=n)

    s_codes = run_codes(sentences["article_id"], ids)
    n_tok = per_article(s_codes, sentences["n_tokens"].to_numpy()).astype(np.int64)
    q_codes = run_codes(quotes["article_id"], ids)
    q_tok = per_article(q_codes, quotes["n_tokens"].to_numpy()).astype(np.int64)
    out = pd.DataFrame({"article_id": ids.to_numpy(dtype=object)})
    with np.errstate(divide="ignore", invalid="ignore"):
        out["quoted_token_share"] = np.where(n_tok > 0, q_tok / np.maximum(n_tok, 1), np.nan)
    # distinct (article, class, lower-cased speaker) over quotations and attributions
    q_class = quotes["speaker_class"].to_numpy(dtype=object)
    named = q_class != "unattributed"
    a_codes = run_codes(attributions["article_id"], ids)
    codes = np.concatenate((q_codes[named], a_codes))
    classes = pd.Index(SOURCE_CLASSES[:3], dtype=object).get_indexer(
        np.concatenate((q_class[named], attributions["speaker_class"].to_numpy(dtype=object))))
    speakers = np.concatenate((quotes["speaker"].to_numpy(dtype=object)[named],
                               attributions["speaker"].to_numpy(dtype=object)))
    raw_codes, raw_uniques = pd.factorize(speakers)
    if len(raw_codes) and (raw_codes >= 0).all() and \
            all(isinstance(v, str) for v in raw_uniques.tolist()):
        # lower-case each distinct speaker once, then merge those equal in lower case
        low_codes, spk_uniques = pd.factorize(np.array([v.lower() for v in raw_uniques.tolist()],
                                                       dtype=object))
        spk_codes = low_codes[raw_codes]
    else:
        spk_codes, spk_uniques = pd.factorize(
            pd.Series([str(v).lower() for v in speakers.tolist()], dtype=object))
    ok = (codes >= 0) & (classes >= 0)
    key = (codes[ok] * 3 + classes[ok]) * max(len(spk_uniques), 1) + spk_codes[ok]
    pair = np.unique(key) // max(len(spk_uniques), 1)  # article * 3 + class, once per speaker
    distinct = np.bincount(pair, minlength=n * 3).reshape(n, 3)
    for k, cls in enumerate(SOURCE_CLASSES[:3]):
        out[f"sources_{cls}"] = distinct[:, k].astype("int64")
    out["sources_unattributed"] = per_article(q_codes[~named]).astype("int64")
    verb_class = pd.Index(VERB_CLASSES, dtype=object).get_indexer(
        attributions["verb_class"].to_numpy(dtype=object))
    ok = (a_codes >= 0) & (verb_class >= 0)
    verbs = np.bincount(a_codes[ok] * 2 + verb_class[ok], minlength=n * 2).reshape(n, 2)
    for k, cls in enumerate(VERB_CLASSES):
        out[f"verbs_{cls}"] = verbs[:, k].astype("int64")
    return out
