"""Attribution cues: where a text says that someone said, showed, asked or thought something.

A cue (PARC: Pareti 2016, "PARC 3.0: A corpus of attribution relations",
LREC; PolNeAR: Newell, Margolin & Ruths 2018, LREC) is one span per
occurrence, of one of four kinds:

* ``verb``: a verb of saying, showing, asking or thinking, with the
  auxiliaries and adverbs right before it (``has denied``, ``also said``, ``is
  expected``) and its particle when the cue list has the pair (``called on``,
  ``pointed to``, ``went on to say``);
* ``preposition``: ``according to``, ``citing``, ``quoting`` (the source follows);
* ``noun``: a noun phrase that attributes (``in a statement``, ``in an interview``)
  where no verb does;
* ``punctuation``: a colon introducing a quotation (``Caddell continued: "..."``
  is a verb cue; ``Trump: "..."`` a colon cue) or a short named source heading
  a headline (``Pat Caddell: Democrat Voters Worried ...``).

The words are data (``cue_type`` verb / preposition / noun rows of the study's
source cues, ``data/attribution/source_cues.csv``), found with the project's
lexicon matcher (in the same Aho-Corasick pass over all texts as the lexicons:
:func:`measure_matcher`) and extended here.
"""

from __future__ import annotations

import re

import pandas as pd

from .matcher import Matcher, compile_matcher, match_texts
from .sources import SourceCues

CUE_KINDS = ("verb", "preposition", "noun", "punctuation")
#: The matcher category of the cues: not a lexicon category name (``lexicon.CATEGORY_RE``),
#: so no lexicon row can be mistaken for a cue or a cue for a lexicon hit.
CUE_CATEGORY = "<attribution cues>"
_NEEDED = ("lexicon", "entry", "category", "subcategory", "case_sensitive")
# auxiliaries, adverbs and negation that belong to a verb cue when right before it
_AUX_WORDS = ("has", "have", "had", "is", "are", "was", "were", "will", "would", "also",
              "reportedly", "later", "then", "previously", "repeatedly", "publicly", "recently",
              "again", "not", "never", "did", "does", "do", "didn't", "didn’t", "doesn't",
              "doesn’t", "don't", "don’t", "hasn't", "hasn’t", "haven't", "haven’t")
_AUX_SET = frozenset(_AUX_WORDS)
_AUX_LAST = frozenset("".join(w[-1] + w[-1].upper() for w in _AUX_WORDS) + "ſ")  # ſ folds to s
# what with_auxiliaries tests, as a pattern (used as such for non-ASCII words)
_AUX_TAIL_RE = re.compile(r"(?i)(?<![\w'’-])(?:" + "|".join(_AUX_WORDS) + r") $")
# a colon followed by an opening quote mark (masked quotations keep their marks)
_COLON_QUOTE_RE = re.compile(r":[ \t]*[\"“‘«]")
_HEADLINE_COLON_RE = re.compile(r"^((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*):\s+\S")


def cue_rows(cues: SourceCues) -> pd.DataFrame:
    """The study's verb / preposition / noun cues as lexicon rows (cached on ``cues``):
    category :data:`CUE_CATEGORY`, the cue kind as subcategory."""
    key = ("cue_rows",)
    got = cues.cache.get(key)
    if got is None:
        rows = [(c, "verb" if kind.endswith("_verb") else kind)
                for kind in ("verb", "naming_verb", "evidence_verb", "agent_verb", "preposition", "noun")
                for c in sorted(getattr(cues, kind))]
        got = cues.cache[key] = pd.DataFrame({
            "lexicon": "source_cues", "row": range(1, len(rows) + 1),
            "entry": [c for c, _ in rows], "category": CUE_CATEGORY,
            "subcategory": [k for _, k in rows], "case_sensitive": False, "note": "",
            "source": ""})
    return got


def cue_matcher(cues: SourceCues):
    """The lexicon matcher of the study's attribution cues alone (cached on ``cues``), or None."""
    key = ("cue_matcher",)
    got = cues.cache.get(key)
    if got is None:
        rows = cue_rows(cues)
        got = cues.cache[key] = (compile_matcher(rows) if len(rows) else False,)
    return got[0] or None


def measure_matcher(lexicon: pd.DataFrame, cues: SourceCues) -> Matcher:
    """One matcher for the lexicon and the attribution cues, so that a single scan of
    every text finds both (categories are matched independently, so the lexicon's hits
    are the same as with :func:`compile_matcher` of the lexicon alone; split them
    apart with :func:`split_cue_hits`)."""
    rows = cue_rows(cues)
    if not len(rows):
        return compile_matcher(lexicon)
    if lexicon is None or lexicon.empty:
        return compile_matcher(rows)
    return compile_matcher(pd.concat([lexicon, rows[[c for c in rows.columns
                                                     if c in lexicon.columns or c in _NEEDED]]],
                                     ignore_index=True))


def split_cue_hits(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(lexicon hits, cue hits) of :func:`helpers.measure.matcher.match_texts` run with a
    :func:`measure_matcher`: the cue hits as (article_id, start, end, kind), the lexicon
    hits as they would come from the lexicon's own matcher."""
    is_cue = raw["category"].to_numpy(dtype=object) == CUE_CATEGORY
    if not is_cue.any():
        return raw, _empty_hits()
    listed = pd.DataFrame({"article_id": raw["article_id"].to_numpy(dtype=object)[is_cue],
                           "start": raw["start"].to_numpy()[is_cue],
                           "end": raw["end"].to_numpy()[is_cue],
                           "kind": raw["subcategory"].to_numpy(dtype=object)[is_cue]}, copy=False)
    keep = ~is_cue
    lexical = pd.DataFrame({c: raw[c].to_numpy()[keep] for c in raw.columns}, copy=False)
    return lexical, listed


def _empty_hits() -> pd.DataFrame:
    return pd.DataFrame({"article_id": pd.Series(dtype=object), "start": pd.Series(dtype="int64"),
                         "end": pd.Series(dtype="int64"), "kind": pd.Series(dtype=object)})


def cue_hits(texts: pd.Series, cues: SourceCues) -> pd.DataFrame:
    """(article_id, start, end, kind) of every listed cue in the texts (leftmost-longest),
    in a scan of their own (:func:`measure_matcher` finds them with the lexicon's)."""
    matcher = cue_matcher(cues)
    if matcher is None or texts.empty:
        return _empty_hits()
    hits = match_texts(texts, matcher)
    return pd.DataFrame({"article_id": hits["article_id"], "start": hits["start"],
                         "end": hits["end"], "kind": hits["subcategory"]})


_VERB_FORMS_KEY = ("verb_forms",)  # SourceCues.cache key (no phrase can be a tuple)


def verb_forms(cues: SourceCues) -> tuple[str, set[str], int]:
    """The first letters of the naming verbs (either case: a cheap test first), the
    evidence verbs as they may be written (one set lookup per cue of their length) and
    that length; kept in the cue table's cache (the same for every article)."""
    got = cues.cache.get(_VERB_FORMS_KEY)
    if got is None:
        evidence = cues.evidence_verb
        got = cues.cache[_VERB_FORMS_KEY] = (
            "".join(c[0] + c[0].upper() for c in cues.naming_verb if c),
            {f for c in evidence for f in (c, c.capitalize(), c.upper())},
            max(map(len, evidence), default=0))
    return got


def with_auxiliaries(masked: str, start: int) -> int:
    """The start of a verb cue moved back over the auxiliaries and adverbs before it
    (at most three words, each followed by one space; the word before each is not a
    letter, digit, apostrophe or hyphen: ``_AUX_TAIL_RE``)."""
    for _ in range(3):
        if start < 3 or masked[start - 1] != " " or masked[start - 2] not in _AUX_LAST:
            return start  # (most verbs follow a name or pronoun: the cheap tests first)
        # the last space-separated token of the (at most 12) characters before the space
        lo = start - 13 if start > 13 else 0
        n = _aux_suffix(masked[masked.rfind(" ", lo, start - 1) + 1 or lo:start - 1])
        if not n:
            return start
        start -= n + 1
    return start


def _aux_suffix(token: str) -> int:
    """The length of the auxiliary or adverb ending ``token`` as a whole word, else 0
    (plain string tests: this runs once for every verb cue of a corpus)."""
    if not token.isascii():  # case folding beyond ASCII ("İs"): the pattern itself
        m = _AUX_TAIL_RE.search(token + " ")
        return m.end() - m.start() - 1 if m else 0
    low = token.lower()
    if low in _AUX_SET:
        return len(token)
    if not low.endswith(_AUX_WORDS):
        return 0
    for word in _AUX_WORDS:
        n = len(word)
        if len(token) > n and token[-n:].lower() == word:
            prev = token[-n - 1]
            if not (prev.isalnum() or prev in "_'’-"):
                return n
    return 0


def colon_cues(masked: str, sent_starts: list[int], sent_ends: list[int],
               taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of colons that introduce a quotation with no verb cue right before
    them, and of the colon after a short capitalised phrase heading the first sentence."""
    out: list[tuple[int, int]] = []
    if ":" not in masked:
        return out
    taken_ends = {e for _, e in taken}
    for m in _COLON_QUOTE_RE.finditer(masked):
        i = m.start()
        j = i
        while j > 0 and masked[j - 1] in " \t":
            j -= 1
        if j in taken_ends or (j > 0 and masked[j - 1] in "\"”’»\x00"):
            continue  # "said:" is a verb cue; a colon after a quotation is not a cue
        out.append((i, i + 1))
    if sent_starts:
        first = masked[sent_starts[0]:sent_ends[0]]
        m = _HEADLINE_COLON_RE.match(first)
        if m:
            i = sent_starts[0] + m.end(1)
            if (i, i + 1) not in out:
                out.append((i, i + 1))
    return sorted(out)
