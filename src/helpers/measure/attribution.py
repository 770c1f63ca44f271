"""Attribution: who is reported as saying something, with which reporting verb.

Attribution (Bell 1991, *The Language of News Media*, ch. 9): a reporting verb
from the ``reporting_verbs`` lexicon (its subcategory gives the class,
``neutral`` or ``evaluative``; cf. Caldas-Coulthard 1994 on neutral vs
evaluative reporting verbs) outside any quotation, with its subject
(``X said``, ``"...," X said``, ``X said: "..."``, ``X told Reuters``), or
after it when it directly follows a quotation (``"...," said X``); plus the
object of ``according to X`` and ``citing X`` / ``quoting X`` (phrases found
by :mod:`helpers.measure.clauses`). A negated verb (``has not said``, ``did not
mention``) is an attribution too: PARC (Pareti 2016) and PolNeAR code negation as a
property of the attribution, not its absence. A quotation takes the nearest attribution after it in the
sentence where it ends, else the nearest before it in the sentence where it
starts, else the one in the previous sentence if that sentence ends with
``:``; otherwise it is ``unattributed``.

The speaker phrase is classified by :func:`helpers.measure.sources.classify_source`;
then, in the article's context, ``he``/``she`` resolve to the previous named
person, a later surname alone to the full name given earlier; descriptions,
documents (``the report`` -> the news organisation named earlier) and one-word
names are read in the article by :func:`helpers.measure.referents.resolve_in_article`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import pandas as pd

from .clauses import (COORDINATED, LOOKBACK, appositive_after, appositive_pair, clause_follows,
                      names_subject, object_after, sentence_subject, trim_subject, verb_subject)
from .anaphora import TAIL_WORDS, pronoun_tail, resolve_pronoun
from .cues import colon_cues, verb_forms, with_auxiliaries
from .matcher import compile_matcher, match_texts
from .referents import resolve_in_article, settled_sources
from .sources import SourceCues, classify_source

VERB_CLASSES = ("neutral", "evaluative")

# Object-taking cues: the source follows the cue.
_OBJECT_CUES = ("according to", "citing", "quoting")
_OBJECT_KEY = ("object_cues_missing",)  # SourceCues.cache key (no phrase can be a tuple)
_AGENT_KEY = ("agent_forms",)
_PHRASE_KEY = ("speaker_phrases",)  # phrase -> _speaker_class(phrase), for this cue table
_NO_SOURCE = ("unattributed", "", 0, 0)
_MAX_SPEAKER_WORDS = 14
# A subject that is only a conjunction or preposition is no noun phrase: no source.
_NOT_A_SUBJECT = {"and", "but", "or", "as", "while", "so", "then", "because", "if", "when",
                  "before", "after", "since", "though", "although", "even", "only", "first",
                  "now", "also", "there", "having", "just", "still", "yet", "not"}


@dataclass(slots=True)
class Attribution:
    """One attribution of an article (offsets into its clean text)."""

    pos: int                # the reporting verb or cue: start, end, surface, class
    end: int
    verb: str
    verb_class: str
    speaker: str            # canonical name (a resolved pronoun or surname: the full name)
    sp_start: int           # the mention as written
    sp_end: int
    cls: str                # source class (helpers.measure.sources.SOURCE_CLASSES)
    sentence: int           # index of the sentence within the article
    in_quote: bool = False  # introduces a direct quotation
    kind: str = "verb"      # cue kind (helpers.measure.cues.CUE_KINDS)


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
    rows = lexicon[lexicon["category"] == "reporting_verbs"] if "category" in lexicon else lexicon
    if rows.empty or texts.empty:
        return pd.DataFrame({"article_id": pd.Series(dtype=object),
                             "start": pd.Series(dtype="int64"), "end": pd.Series(dtype="int64")})
    hits = match_texts(texts, compile_matcher(rows))
    return hits[["article_id", "start", "end"]]


def _verb_class(surface: str, verbs: dict[str, str]) -> str:
    """The class of a verb as written: its entry's, else the longest prefix entry's, else neutral."""
    low = " ".join(surface.lower().split())
    if low in verbs:
        return verbs[low]
    best = ""
    for entry in verbs:
        if entry.endswith("*") and low.startswith(entry[:-1]) and len(entry) > len(best):
            best = entry
    return verbs[best] if best else "neutral"


def article_cues(masked: str, sent_starts: list[int], sent_ends: list[int],
                 verb_spans: list[tuple[int, int]], listed: list[tuple[int, int, str]],
                 object_cues: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the article's cues outside quotations, in text order, one
    per occurrence: listed cues (``helpers.measure.cues.cue_hits``), reporting-verb hits
    they do not cover, ``according to``/``citing``/``quoting`` (looked for in the text
    only with ``object_cues``: when the cue list lacks one of them) and colon cues. A
    verb cue takes a noun cue right after it (``said in a statement``; the auxiliaries
    before it are added by :func:`article_attributions` to the cues it keeps); a noun
    cue after no verb is dropped."""
    # listed cues come sorted and never overlap (leftmost-longest); most reporting-verb
    # hits are listed cues too, so only the others are checked for overlaps
    spans = sorted(listed)
    listed_spans = {(s, e) for s, e, _ in spans}
    extra = [v for v in verb_spans if v not in listed_spans]
    if object_cues:
        extra += _object_cue_spans(masked)
    if extra:
        starts = [s for s, _, _ in spans]
        ends = [e for _, e, _ in spans]
        bisect_right = bisect.bisect_right
        add = []
        for s, e in sorted(set(extra)):
            i = bisect_right(starts, s) - 1
            if (i >= 0 and ends[i] > s) or (i + 1 < len(starts) and starts[i + 1] < e):
                continue  # overlaps a listed cue
            add.append((s, e, "preposition" if masked[s:e].lower() in _OBJECT_CUES else "verb"))
        if add:
            spans = sorted(spans + add)
    out: list[tuple[int, int, str]] = []
    for s, e, kind in spans:
        if masked[s] == "\x00" or (s and masked[s - 1] == "-"):  # "self-described"
            continue
        if kind == "noun":
            if out and out[-1][2] == "verb" and not masked[out[-1][1]:s].strip(" ,"):
                out[-1] = (out[-1][0], e, "verb")  # "said in a statement"
            continue
        out.append((s, e, kind))
    colons = colon_cues(masked, sent_starts, sent_ends, [(s, e) for s, e, _ in out])
    if colons:
        out = sorted(out + [(s, e, "punctuation") for s, e in colons])
    return out


def article_attributions(text: str, masked: str, sent_starts: list[int], sent_ends: list[int],
                         quote_list: list[tuple[int, int]], verb_spans: list[tuple[int, int]],
                         verbs: dict[str, str], cues: SourceCues,
                         verb_cache: dict[str, str] | None = None,
                         surface_cache: dict[str, tuple[str, str]] | None = None,
                         listed: list[tuple[int, int, str]] | None = None
                         ) -> list[Attribution]:
    """All attributions of one article, in text order, pronouns and documents resolved.

    ``masked``: the text with quotation contents masked
    (:func:`helpers.measure.quotes.mask_quotes` of ``quote_list``); sentences
    and quotations are (start, end) offsets into ``text``. ``verb_spans``:
    reporting-verb hits of the article (any order) and ``listed``: its listed
    cues (``helpers.measure.cues.cue_hits``: start, end, kind); those inside
    quotations are ignored (:func:`article_cues`). ``verb_cache``: surface ->
    class memo and ``surface_cache``: cue as written -> (surface, lower case)
    memo, both shared by the articles of one call.
    """
    object_cues = cues.cache.get(_OBJECT_KEY)
    if object_cues is None:
        object_cues = cues.cache[_OBJECT_KEY] = not all(c in cues.preposition for c in _OBJECT_CUES)
    spans = article_cues(masked, sent_starts, sent_ends, verb_spans, listed or [], object_cues)
    if not spans:
        return []
    agent_forms = cues.cache.get(_AGENT_KEY)
    if agent_forms is None:  # the agent verbs as they may be written
        agent_forms = cues.cache[_AGENT_KEY] = frozenset(
            f for c in cues.agent_verb for f in (c, c.capitalize(), c.upper()))
    # where a subject may not hold a cue; agent verbs, often nouns ("the talks"), may
    verb_starts = [s for s, e, _ in spans if not agent_forms or masked[s:e] not in agent_forms]
    n_verbs = len(verb_starts)
    out: list[Attribution] = []
    last_person = ""
    last_org = ("", "")  # (class, speaker) of the last named institution
    quote_ends = [e for _, e in quote_list]
    if verb_cache is None:
        verb_cache = {}
    if surface_cache is None:
        surface_cache = {}
    full_names: dict[str, str] = {}  # surname -> the longest full name seen so far
    article_memo: dict = {}  # what resolve_in_article reads in this article
    settled = settled_sources(cues)  # sources it would return unchanged
    phrases = cues.cache.get(_PHRASE_KEY)
    if phrases is None or len(phrases) > 100_000:
        phrases = cues.cache[_PHRASE_KEY] = {}
    bisect_right, bisect_left = bisect.bisect_right, bisect.bisect_left
    classify = classify_source
    naming, evidence_nouns = cues.naming_verb, cues.evidence_noun
    naming_first, evidence_forms, evidence_len = verb_forms(cues)
    cue_end = -1
    asked: list[tuple[int, int, int, int]] = []  # (start, end, sentence, +1 / -1)
    for vs, ve, kind in spans:
        prev_end, cue_end = cue_end, ve
        k = bisect_right(sent_starts, vs) - 1
        if k < 0 or vs >= sent_ends[k]:
            continue
        ss, se = sent_starts[k], sent_ends[k]
        # lo: after the last quotation that closes before the verb in this sentence
        q = bisect_right(quote_ends, vs) - 1
        lo = ss
        if q >= 0 and quote_ends[q] >= ss:
            lo = max(ss, quote_ends[q] + 1)
        main = None  # the cue takes the main clause's subject (participle, coordination)
        adjacent = False
        appositive = None  # (start, end) of a name with its appositive, the source span
        after = False  # the source follows the cue (its appositive may follow it)
        if kind == "preposition":
            span = object_after(masked, ve, se)
            after = True
        else:
            lo_clause = lo
            if vs - LOOKBACK > lo:
                lo = vs - LOOKBACK
            before = masked[lo:vs]
            if masked[vs] in naming_first and masked[vs:ve].lower() in naming and \
                    not names_subject(masked, vs):
                continue  # "a group called X", "so-called", "phone calls"
            tail = before.rstrip()
            end = tail[-1:]
            is_evidence = ve - vs <= evidence_len and masked[vs:ve] in evidence_forms
            if is_evidence and _last_word(tail, len(tail), _EVIDENCE_SKIP) not in evidence_nouns:
                continue  # "polls show", "the survey found"; not "he found a job"
            if masked[vs] in "aA" and kind == "verb" and masked[vs:vs + 5].lower() == "asked":
                lead = tail.lstrip()
                if lo_clause == ss and lead in _ASKED_LEADS:
                    asked.append((vs, ve, k, 1))  # "Asked whether ..., Trump said"
                    continue
                if lead[-5:].lower() == " when":
                    asked.append((vs, ve, k, -1))  # "Christie said when asked about ..."
                    continue
            if kind == "verb" and end == "," and _INVERTED_RE.match(masked, ve) and \
                    not clause_follows(masked, ve, se):
                rejected, sub = False, None  # ", said Kessel": the speaker follows the verb
                lo_clause = vs
            else:
                rejected, sub = verb_subject(before)
            if rejected:
                continue  # "declined to comment", "the alleged arming", "these claims"
            if sub is not None and sub[1] - sub[0] < 4 and not before[sub[0]:sub[1]].strip(_MARKS):
                sub = None  # only the closing marks of a quotation (",'' said X")
            if is_evidence and sub is None:
                continue  # an evidence verb is a cue only after its evidence noun
            if masked[ve:ve + 4] == " by " and kind == "verb" and \
                    tail.rpartition(" ")[2].lower() in _PASSIVE_BE:
                span = object_after(masked, ve + 4, se)  # "was first reported by MSNBC"
                after = True
            elif kind == "verb" and not is_evidence and (
                    (end == "," and masked[vs:ve].split(None, 1)[0].endswith("ing"))
                    or (end in "dtnrDTNR" and tail[-10:].lower().endswith(COORDINATED))):
                # "Manchin said, referring to", "Trump defended it, saying", "X ... and said"
                if out and out[-1].sentence == k:
                    main = out[-1]
                    span = (main.sp_start, main.sp_end)
                else:
                    span = sentence_subject(masked, ss, vs)
            elif sub is None:
                if kind != "verb" or lo_clause == ss or masked[lo_clause:vs].strip(_MARKS):
                    continue  # not right after a quotation or a comma
                span = object_after(masked, ve, se)  # "...," said X
                after = True
            else:
                span = (lo + sub[0], lo + sub[1])
                # the subject right before the verb: no auxiliaries between (verb_subject
                # strips every word with_auxiliaries would add)
                adjacent = sub[1] == len(tail)
                i = bisect_left(verb_starts, span[0])
                if i < n_verbs and verb_starts[i] < span[1]:
                    continue  # the "subject" holds another reporting verb: not a clean clause
                # no stray quotation marks, sentence adverbs or fronted phrases
                sub = trim_subject(before, *sub)
                span = (lo + sub[0], lo + sub[1])
                cut = before.rfind(" ", sub[0], sub[1])  # the subject's last word
                if cut > sub[0] and before[cut + 1:sub[1]].lower() in TAIL_WORDS:
                    span = pronoun_tail(masked, span)  # "... after he", "he should"
                if span[0] > 1 and masked[span[0] - 2] == ",":
                    pair = appositive_pair(masked, lo_clause, *span)
                    if pair is not None:  # "Chris Collins, a Trump supporter, said"
                        name = (pair[0], masked.rfind(",", 0, span[0])) if pair[2] == 0 else span
                        if classify(text[name[0]:name[1]], cues)[0] in _NAMED[:2]:
                            span, appositive = name, pair[:2]
        if span is None:
            continue
        if main is not None:
            cls, speaker, sp_s, sp_e = main.cls, main.speaker, main.sp_start, main.sp_end
        else:
            phrase = text[span[0]:span[1]]
            got = phrases.get(phrase)
            if got is None:
                got = phrases[phrase] = _speaker_class(phrase, cues)
            cls, speaker, a, b = got  # _NO_SOURCE is unattributed: dropped just below
            if cls == "unattributed" or (kind == "punctuation" and cls not in _NAMED):
                continue  # a colon cue needs a named source ("Trump: ...", not "Breaking: ...")
            sp_s, sp_e = span[0] + a, span[0] + b
            if cls == "named_person" and a:
                sp_s = span[0]  # titles and roles before the name belong to the source
            if appositive is not None:
                sp_s, sp_e = appositive  # the name with its appositive
            elif after and cls in _NAMED[:2] and sp_e == span[1]:
                sp_e = appositive_after(masked, sp_e, se) or sp_e  # "said X, a former ..."
        if agent_forms and cls not in _AGENTS and masked[vs:ve] in agent_forms:
            continue  # "Trump pledged", "she hopes"; not "the bill named", "voters hope"
        if main is None and cls in _IN_ARTICLE and (cls, text[sp_s:sp_e]) not in settled:
            # descriptions, documents and one-word names read in the article (referents)
            cls, speaker = resolve_in_article(text, sp_s, sp_e, cls, speaker, cues,
                                              (out[-1].cls, out[-1].speaker) if out else None,
                                              article_memo)
        if main is not None:
            pass
        elif cls == "pronoun":
            cls, speaker = resolve_pronoun(speaker, text, masked, span[0], ss,
                                           last_person, last_org, cues)
        elif cls == "named_person":
            surname = speaker.split()[-1]
            full = full_names.get(surname)
            if full is not None and len(full) > len(speaker):
                speaker = full  # "Qasemi" after "Bahram Qasemi"
            else:
                full_names[surname] = speaker
            last_person = speaker
        if cls == "named_institution":
            last_org = (cls, speaker)
        if kind == "verb" and not adjacent:
            # the auxiliaries and adverbs before the verb belong to the cue ("has denied"),
            # found only for the attributions kept (most of the work of a corpus is cues)
            vs = with_auxiliaries(masked, vs)
            if vs < prev_end:
                continue
        written = text[vs:ve]
        got = surface_cache.get(written)
        if got is None:
            surface = " ".join(written.split())
            got = surface_cache[written] = (surface, surface.lower())
        surface = got[0]
        vclass = verb_cache.get(surface)
        if vclass is None:
            vclass = verb_cache[surface] = _cue_class(surface, kind, verbs, cues)
        out.append(Attribution(vs, ve, surface, vclass, speaker, sp_s, sp_e, cls, k, False, kind))
    if asked:
        out = _with_asked(out, asked, text, verbs, cues)
    return out


# what may stand before a sentence-initial "asked" in its clause ("When asked about ...")
_ASKED_LEADS = ("", "When", "when", "And when", "But when", "Later", "Also", "And", "But")


def _speaker_class(phrase: str, cues: SourceCues) -> tuple[str, str, int, int]:
    """:func:`classify_source` of a speaker phrase, ``_NO_SOURCE`` when it is too long
    or a lone conjunction or preposition (memoised per cue table by the caller: the
    phrases of a corpus recur)."""
    n_words = len(phrase.split())
    if n_words > _MAX_SPEAKER_WORDS or (n_words == 1 and phrase.lower() in _NOT_A_SUBJECT):
        return _NO_SOURCE
    return classify_source(phrase, cues)


def _with_asked(out: list[Attribution], asked: list[tuple[int, int, int, int]], text: str,
                verbs: dict[str, str], cues: SourceCues) -> list[Attribution]:
    """The attributions with the ``asked`` cues of a question put to the speaker (``Asked
    whether ..., Trump said``; ``..., Christie said when asked about ...``): each takes
    the source of the next (+1) or previous (-1) attribution in its sentence, the one who
    answers (PolNeAR codes the "asked" as a cue); with none there, it is dropped."""
    pos = [a.pos for a in out]
    add = []
    for vs, ve, k, step in asked:
        i = bisect.bisect_left(pos, vs)
        j = i if step > 0 else i - 1
        if not 0 <= j < len(out) or out[j].sentence != k:
            continue
        main = out[j]
        surface = " ".join(text[vs:ve].split())
        add.append(Attribution(vs, ve, surface, _cue_class(surface, "verb", verbs, cues),
                               main.speaker, main.sp_start, main.sp_end, main.cls, k))
    return sorted(out + add, key=lambda a: a.pos) if add else out


_NAMED = ("named_person", "named_institution", "pronoun", "document")  # "Poll: ...", "Report: ..."
_IN_ARTICLE = ("anonymous", "document", "named_person")
# the subjects an agent verb needs: a name or a pronoun (classes before resolution)
_AGENTS = ("named_person", "named_institution", "pronoun")
# a form of "be" right before a verb followed by "by": a passive, its agent is the source
_PASSIVE_BE = {"was", "were", "is", "are", "been", "being", "be"}
_MARKS = " ,\t\n'\"’”"  # a comma and closing quotation marks between a quotation and its cue
# after a verb: a capitalised word (a name or title) starts an inverted speaker
_INVERTED_RE = re.compile(r"\s+(?:the\s+|former\s+|then-)?[A-Z]")


def _last_word(text: str, end: int, skip: frozenset = frozenset()) -> str:
    """The last word of ``text[:end]`` not in ``skip``, lower case, without punctuation."""
    while True:
        head, _, word = text[:end].rpartition(" ")
        word = word.strip(".,;:!?\"'“”‘’()").lower()
        if word not in skip or not head:
            return word
        end = len(head)


# words between an evidence noun and its verb ("polls have consistently shown")
_EVIDENCE_SKIP = frozenset({"have", "has", "had", "also", "all", "both", "consistently",
                            "clearly", "now", "still", "repeatedly"})


def _cue_class(surface: str, kind: str, verbs: dict[str, str], cues: SourceCues) -> str:
    """``neutral``/``evaluative`` of a cue as written: the listed cue's class, else the
    reporting-verb lexicon's (:func:`_verb_class`), auxiliaries and case aside."""
    words = surface.lower().split()
    for i in range(len(words)):
        head = " ".join(words[i:])
        if head in cues.cue_class:
            return cues.cue_class[head]
        if head in verbs:
            return verbs[head]
    if kind != "verb":
        return "neutral"
    return _verb_class(words[-1] if words else surface, verbs)


def choose_attribution(attrs: list[Attribution], attr_pos: list[int], qs: int, qe: int,
                       k_start: int, k_end: int, text: str,
                       ss: list[int], se: list[int]) -> Attribution | None:
    """The attribution of the quotation ``text[qs:qe]`` spanning sentences k_start..k_end.

    ``attrs``: the article's attributions in text order, ``attr_pos`` their
    verb offsets; ``ss``/``se``: sentence starts and ends (rules in the module doc).
    """
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
