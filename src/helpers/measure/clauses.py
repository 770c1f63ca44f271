"""Speaker phrases around a reporting verb: the subject before it, the object after a cue.

The subject of ``X said`` is the last clause before the verb (clauses end at
``, ; : ( ) — –`` and a spaced hyphen), without trailing auxiliaries and
adverbs (``has also said``) or leading conjunctions (``and``, ``that``);
an appositive clause (``One source, interviewed by Reuters, said``) is
skipped for the clause before it. A word such as ``to`` or ``the`` right
before the verb makes it an infinitive or a noun (``declined to comment``,
``the alleged arming``): no subject. The object of ``according to X``,
``citing X`` or an inverted ``"...," said X`` runs to the next clause mark or
sentence end.
"""

from __future__ import annotations

import re

LOOKBACK = 200  # characters before a verb searched for its subject (14 words + an appositive)

_CLAUSE_SPLIT_RE = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
_DASH_CHAIN_RE = re.compile(r"\s-\s-\s")
_CLAUSE_CHAR_RE = re.compile(r"[,;:()\u2014\u2013]")  # _CLAUSE_SPLIT_RE without " - "
_OBJECT_END_RE = re.compile(r"[,;:.!?()\u2014\u2013\x00\"“”]|\s-\s")
_LAST_WORD_STRIP = ".,;:!?\"'“”‘’()[]"
_AUX = {"has", "have", "had", "was", "were", "is", "are", "also", "reportedly",
        "allegedly", "previously", "earlier", "later", "then", "further",
        "repeatedly", "publicly", "recently", "once", "again", "will", "would",
        "could", "may", "might", "did", "does", "do", "been", "already",
        "separately", "similarly", "likewise", "strongly", "firmly", "flatly",
        "reported", "just",
        # negation belongs to the cue ("has not said", "did not mention"), not the subject
        "not", "never", "didn't", "didn’t", "doesn't", "doesn’t", "don't", "don’t",
        "hasn't", "hasn’t", "haven't", "haven’t", "hadn't", "hadn’t", "won't", "won’t",
        "wouldn't", "wouldn’t"}
_LEADING_DROP = {"and", "but", "nor", "or", "while", "as", "that", "so", "whereas", "because",
                 "although", "though", "when", "after", "before", "since", "where"}
_APPOSITIVE_START = {"who", "which", "whose", "in", "on", "at", "for", "with",
                     "after", "during", "according", "speaking", "quoted", "cited",
                     "interviewed", "writing", "asked", "citing", "quoting",
                     "however", "too", "meanwhile", "also", "though", "by"}
# A relative pronoun alone after a clause mark is the subject ("Cruz, who said"), resolved
# by helpers.measure.attribution to the noun phrase before it.
_RELATIVE_SUBJECTS = {"who", "which"}
# A relative pronoun as the object of the verb: its clause's subject follows it
# ("the wall, which he said Mexico should pay for").
_RELATIVE_OBJECTS = {"which", "whom", "that"}
# A word right before a reporting-verb form that makes it a noun, adjective or infinitive.
_NOT_BEFORE_VERB = {"to", "the", "a", "an", "these", "those", "this", "that", "its", "their",
                    "his", "her", "our", "such", "of", "on", "in", "for", "with", "by", "any",
                    "all", "some", "no", "what", "whose", "against", "about", "from", "over"}


# A party-and-state tag (``R-Wis.``, ``D-N.Y.``): an appositive of the name before it.
_PARTY_TAG_RE = re.compile(r"[RDI]-[A-Z][A-Za-z.]{0,12}")
# Words that open a sentence before its subject ("Yet the Democrats said", "Then Mr. Rubin").
_FRONT_WORDS = {"yet", "then", "even", "now", "still", "sure", "overall", "indeed",
                "instead", "today", "meanwhile", "however", "thus"}
_FRONT_TIME = {"last", "this", "next", "earlier", "later"}
_TIME_NOUNS = {"year", "week", "month", "summer", "spring", "fall", "winter", "weekend",
               "morning", "night", "evening", "afternoon", "time", "day"}
# Prepositions that open a fronted adverbial ("In a Bloomberg interview Trump said").
_FRONT_PREPS = {"in", "on", "at", "during", "after", "before", "despite", "from", "among",
                "since", "with", "under", "unlike", "over", "through", "amid", "following",
                "by", "like", "without", "within", "throughout"}
_FRONT_OPENERS = _FRONT_TIME | _FRONT_PREPS
_FUNCTION = {"of", "the", "a", "an", "and", "or", "for", "to", "in", "on", "at", "de", "by",
             "with", "from", "its", "his", "her", "their", "our", "this", "that", "&"}
_SUBJECT_START = {"he", "she", "they", "we", "i", "it"}
_DETERMINERS = {"the", "a", "an"}
_QUOTE_LEAD = "'\"`‘’“”"


def _front_cut(words: list[str]) -> int:
    """How many words open a subject clause before its subject: sentence adverbs
    (``Yet``, ``Even``), a time phrase (``Last year``) or a fronted prepositional
    phrase (``In a Bloomberg interview``, ``On Monday``), read as a preposition and
    its object up to the first word that can start a noun phrase again (a pronoun, a
    determiner, or a capitalised word after a lower-case content word); 0 when none
    is found, so the clause is kept whole (``At a rally in Ohio Trump``)."""
    first = words[0].lower()
    if first not in _FRONT_OPENERS and first.rstrip(",") not in _FRONT_WORDS:
        return 0  # most subjects: their first word opens none of these
    i = 0
    while i < len(words) - 1 and words[i].lower().rstrip(",") in _FRONT_WORDS:
        i += 1
    if i and words[i].lower() in _LEADING_DROP:
        return 0  # "Even as some polls": a subordinate clause, not a subject
    if i < len(words) - 2 and words[i].lower() in _FRONT_TIME and \
            words[i + 1].lower() in _TIME_NOUNS:
        i += 2
    if i < len(words) - 2 and words[i].lower() in _FRONT_PREPS:
        for j in range(i + 2, len(words)):
            w, prev = words[j], words[j - 1]
            low, plow = w.lower(), prev.lower()
            if low in _SUBJECT_START or (low in _DETERMINERS and plow not in _FUNCTION) or (
                    w[:1].isupper() and prev[:1].islower() and plow not in _FUNCTION
                    and not prev[:1].isdigit()):
                return j
        return 0 if i == 0 else i
    return i


def trim_subject(region: str, s: int, e: int) -> tuple[int, int]:
    """(start, end) of a subject span without stray opening quotation marks (``'' Mr.
    Obama``), sentence adverbs, time phrases and fronted prepositional phrases
    (:func:`_front_cut`), nor a short relative clause's head (``a trend that the
    foundation`` -> ``the foundation``)."""
    while s < e and (region[s] in _QUOTE_LEAD or region[s].isspace()):
        s += 1
    chunk = region[s:e]
    head = chunk.split(None, 1)
    if len(head) < 2:
        return s, e
    first = head[0].lower()
    # most subjects open no fronted phrase and hold no relative word: both tests skipped
    fronted = first in _FRONT_OPENERS or first.rstrip(",") in _FRONT_WORDS
    if not fronted and not _has_relative(chunk):
        return s, e
    words = chunk.split()
    cut = _front_cut(words) if fronted else 0
    if not cut:
        # from the end; a relative word more than four words before the end cuts nothing
        for j in range(len(words) - 2, max(0, len(words) - 6), -1):
            if words[j].lower() in _RELATIVE_OBJECTS and len(words) - j - 1 <= 4 and \
                    not words[j - 1].lower().endswith(("ed", "ing", "fact")):
                # a relative clause after a noun ("a trend that the foundation"), not a
                # complement clause ("repeated that China", "the fact that ...")
                nxt = words[j + 1]
                if nxt.lower() in _SUBJECT_START or nxt.lower() in _DETERMINERS or \
                        nxt[:1].isupper():
                    cut = j + 1
                break
    if cut:
        pos = 0
        for w in words[:cut]:
            pos = chunk.index(w, pos) + len(w)
        s += pos + len(chunk[pos:]) - len(chunk[pos:].lstrip())
    return s, e


def _has_relative(chunk: str) -> bool:
    """Whether a word of ``chunk`` may be in ``_RELATIVE_OBJECTS`` (a word that lower-cases
    to one is a substring of the lower-cased chunk: a test in C before the word loop)."""
    low = chunk.lower()
    return "that" in low or "which" in low or "whom" in low  # as in _RELATIVE_OBJECTS


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
    relative_object = False
    while k >= 0:
        s, e = parts[k]
        chunk = region[s:e].strip()
        first = chunk.split(" ", 1)[0].lower() if chunk else ""
        words = chunk.split(None, 1)
        if 0 < k == len(parts) - 1 and len(words) == 2 and words[0].lower() in _RELATIVE_OBJECTS \
                and words[1].count(" ") < 4:
            # "the wall, which he said" (the last clause only): the subject follows the pronoun
            relative_object = True
            break
        is_appositive = bool(chunk) and k > 0 and chunk.lower() not in _RELATIVE_SUBJECTS and (
            first in _APPOSITIVE_START or chunk.isdigit() or _PARTY_TAG_RE.fullmatch(chunk)
            or (first.endswith(("ed", "ing")) and chunk[:1].islower()))  # not "Ted", "Sting"
        if chunk and not is_appositive:
            break
        k -= 1
    if k < 0:
        return None
    s, e = parts[k]
    chunk = region[s:e]
    s += len(chunk) - len(chunk.lstrip())
    e = s + len(chunk.strip())
    if relative_object:
        s = e - len(region[s:e].split(None, 1)[1])
    # leading conjunctions ("and", "that")
    while s < e:
        first = region[s:e].split(None, 1)
        if len(first) < 2 or first[0].lower() not in _LEADING_DROP:
            break
        s = e - len(first[1])
    if s >= e:
        return None
    return s, e


_TITLE_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col",
                        "sgt", "capt", "st", "jr", "sr", "prof", "rev", "atty", "adm", "maj",
                        "cmdr", "supt", "lt. gov"}


def _abbreviation_before(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` closes an initial or a title abbreviation (the
    word before it is one capital letter or a title such as ``Sen``)."""
    k = dot
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    word = text[k:dot]
    if not word or not word[0].isupper() or (k > 0 and text[k - 1] not in " (\n\"“'‘"):
        return False
    return len(word) == 1 or word.lower() in _TITLE_ABBREVIATIONS


def object_after(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """(start, end) of the phrase after a cue, up to the next clause mark or sentence end."""
    hi = min(hi, lo + LOOKBACK)
    m = _OBJECT_END_RE.search(text, lo, hi)
    e = m.start() if m else hi
    # a period inside an abbreviation (U.S.), after an initial (Dennis B. Ross) or a
    # title (Rep. Jim Clyburn) is not an end
    while m and m.group(0) == "." and e + 1 < hi and (
            not text[e + 1].isspace() or _abbreviation_before(text, e)):
        m = _OBJECT_END_RE.search(text, e + 1, hi)
        e = m.start() if m else hi
    chunk = text[lo:e]
    s = lo + len(chunk) - len(chunk.lstrip())
    e = lo + len(chunk.rstrip())
    if s >= e:
        return None
    return s, e


# Words of a finite clause: after "X, an ally, said" they show that what follows the
# verb is what was said ("said Trump will win"), not an inverted speaker ("said Kessel").
_CLAUSE_WORDS = frozenset({"will", "would", "is", "was", "has", "had", "have", "are", "were",
                           "can", "could", "should", "did", "does", "do", "that", "may", "might",
                           "must", "wants", "believes", "agrees", "thinks"})


def clause_follows(text: str, lo: int, hi: int) -> bool:
    """Whether the phrase after a verb at ``lo`` (up to the next clause mark, before
    ``hi``) reads as a clause (holds an auxiliary, a modal or ``that``), so the verb
    has its subject before it, not an inverted speaker after it."""
    span = object_after(text, lo, hi)
    if span is None:
        return False
    return any(w in _CLAUSE_WORDS for w in text[span[0]:span[1]].lower().split())


_ROLE_LEADS = {"his", "her", "their", "its", "the", "a", "an", "one", "another"}
_NAME_SMALL = {"of", "de", "al", "bin", "van", "von", "jr.", "sr."}


def _is_name(words: list[str]) -> bool:
    """A short run of capitalised words (``Sen. Lindsey Graham``, ``Chris Collins``)."""
    return 0 < len(words) <= 5 and words[0][:1].isupper() and \
        all(w[:1].isupper() or w.lower() in _NAME_SMALL for w in words)


# what may open an appositive after a name ("said Robert S. Ford, a former ambassador")
_APPOSITIVE_LEADS = _ROLE_LEADS | {"who", "whose", "then", "former", "now", "also"}


def appositive_after(text: str, e: int, hi: int) -> int | None:
    """The end of a name ending at ``e`` extended over the appositive after it
    (``said Steven Aftergood, director of the Project ...,`` / ``according to Roy
    Neel, who managed Gore's campaign,``), with its closing comma as PolNeAR spans it,
    or None: the phrase after the comma opens with a determiner, a relative pronoun
    or a lower-case noun (not a participle) and holds no finite clause (``according
    to Smith, the plan will fail`` keeps ``Smith``)."""
    if text[e:e + 2] != ", ":
        return None
    span = object_after(text, e + 2, hi)
    if span is None:
        return None
    words = text[span[0]:span[1]].split()
    first = words[0]
    low = first.lower()
    if not (low in _APPOSITIVE_LEADS or (first.islower() and not low.endswith("ing"))):
        return None
    if low not in ("who", "whose") and any(w in _CLAUSE_WORDS for w in map(str.lower, words)):
        return None
    return span[1] + 1 if text[span[1]:span[1] + 1] == "," else span[1]


def appositive_pair(text: str, lo: int, s: int, e: int) -> tuple[int, int, int] | None:
    """(start, end, name_side) when the subject ``text[s:e]`` and the clause before it
    are a name and its appositive (``Chris Collins, a Trump supporter,`` / ``His chief
    strategist, Tad Devine,``): the pair from the name's or role's start to the end of
    the subject (with the comma right after it, as PolNeAR spans the appositive);
    name_side 0 when the name comes first, 1 when it is the subject; else None."""
    j = s
    while j > lo and text[j - 1] == " ":
        j -= 1
    if j <= lo or text[j - 1] != ",":
        return None
    c = j - 1
    k = max(text.rfind(ch, lo, c) for ch in ",;:(\u2014\u2013")
    start = k + 1 if k >= lo else lo
    prev = text[start:c].split()
    if not prev:
        return None
    start = text.index(prev[0], start)
    sub = text[s:e].split()
    end = e + 1 if text[e:e + 1] == "," else e
    if _is_name(prev) and sub[0][:1].islower():
        return start, end, 0
    if _is_name(sub) and len(sub) <= 4 and prev[0].lower() in _ROLE_LEADS and len(prev) <= 7:
        return start, end, 1
    return None


def verb_subject(before: str) -> tuple[bool, tuple[int, int] | None]:
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
        if low in _NOT_BEFORE_VERB:
            return True, None  # "to have said": as if right before the verb
    # the last clause mark: the first match in the reversed text (the pattern reads the
    # same both ways); without a "-" only the one-character marks can match (a faster
    # search), and only a chain like " - - " could make forward matching differ
    back = before[end - 1::-1] if end else ""  # before[:end], reversed
    if "-" in back:
        m = _CLAUSE_SPLIT_RE.search(back)
        if m is not None and m.end() - m.start() == 3 and _DASH_CHAIN_RE.search(before, 0, end):
            return False, _strip_subject(before)
    else:
        m = _CLAUSE_CHAR_RE.search(back)
    found = m is not None
    pos = end - m.start() if found else 0
    chunk = before[pos:end]
    stripped = chunk.strip()
    if not stripped:
        return False, _strip_subject(before)
    words = stripped.split(None, 1)
    first_low = words[0].lower()
    s = pos + len(chunk) - len(chunk.lstrip())
    e = s + len(stripped)
    relative_object = False
    if found:  # after a clause mark: a relative pronoun, an age or an appositive
        if len(words) == 1 and first_low in _RELATIVE_SUBJECTS:
            return False, (s, e)  # "Cruz, who said": the relative pronoun
        if len(words) == 2 and first_low in _RELATIVE_OBJECTS and words[1].count(" ") < 4:
            relative_object = True  # "Florida, which he describes as": "he" (as any subject)
            s = e - len(words[1])
        elif stripped.isdigit() or _PARTY_TAG_RE.fullmatch(stripped):
            return False, _strip_subject(before)  # an age ("Ramos, 58, told"): an appositive
        # the first word up to a plain space (as the clause parser reads it)
        first = first_low if len(words) == 1 or stripped[len(words[0])] == " " \
            else stripped.split(" ", 1)[0].lower()
        if first in _APPOSITIVE_START or (first.endswith(("ed", "ing")) and stripped[:1].islower()):
            return False, _strip_subject(before)  # an appositive: the subject is further back
    if not relative_object and (len(words) < 2 or first_low not in _LEADING_DROP):
        return False, (s, e)
    while s < e:  # leading conjunctions ("and", "that")
        first_rest = before[s:e].split(None, 1)
        if len(first_rest) < 2 or first_rest[0].lower() not in _LEADING_DROP:
            break
        s = e - len(first_rest[1])
    if s >= e:
        return False, None
    return False, (s, e)


# The subject at the start of a sentence ("Trump defended the plan, saying ..."): a pronoun
# a capitalised run (a name, with a title) or a determiner and one noun, followed by a
# lower-case word (its verb).
_FRONTED = (r"(?:In|At|On|With|After|Before|During|Amid|Despite|Since|For|Speaking|Earlier|Later"
            r"|Instead|Meanwhile|However)")
_SENTENCE_SUBJECT_RE = re.compile(
    r"\s*(?:(?:But|And|So|Then|Still|Yet|Later)\s+)?"
    # a fronted phrase up to its comma is no subject ("At a rally in Ohio, Trump ...")
    r"(?:" + _FRONTED + r"\b[^.;:!?\n]{0,100}?,\s+)?"
    r"((?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t)(?=\s)"
    r"|(?:(?:[Tt]he|[Ff]ormer)\s+)?(?!(?:The|An?|" + _FRONTED[3:-1] + r")\s)[A-Z][\w.'’-]*"
    r"(?:\s+(?:[A-Z][\w.'’-]*|al|bin|de|of the|of))*?"
    r"|(?:The|An?)\s+[a-z][\w'’-]*)"  # "The minister met the envoy and said"
    r"(?:,[^,]{1,80},)?\s+[a-z]")
# How the text before a verb coordinated with the main clause's ("... and said").
COORDINATED = (" and", " but", " and then", ", then", " and later")


def sentence_subject(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """(start, end) of the subject at the start of ``text[lo:hi]`` (a sentence up to a
    participle or coordinated cue: ``Trump defended the plan, saying``), or None."""
    m = _SENTENCE_SUBJECT_RE.match(text, lo, hi)
    if m is None:
        return None
    return m.start(1), m.end(1)


def names_subject(text: str, start: int) -> bool:
    """Whether the word before a naming verb (``called``) can be its subject: a comma
    (``, calling``), a pronoun or a capitalised word, past auxiliaries and adverbs
    (``he often calls``). ``a group called X``, ``so-called``, ``be called`` and
    ``phone calls`` are no attribution."""
    i = start
    for _ in range(3):
        if i < 2 or text[i - 1] != " ":
            return i >= 2 and text[i - 1] == ","
        j = i - 1
        while j > 0 and text[j - 1] == " ":
            j -= 1
        if text[j - 1:j] == ",":
            return True
        k = j
        while k > 0 and (text[k - 1].isalnum() or text[k - 1] in ".'’-"):
            k -= 1
        word = text[k:j]
        low = word.lower()
        if low in _AUX and low not in _BE:
            i = k
            continue
        return low in _SUBJECT_PRONOUNS or (word[:1].isupper() and low not in _NOT_BEFORE_VERB
                                            and low != "so")
    return False


_BE = {"is", "are", "was", "were", "been", "be", "being"}
_SUBJECT_PRONOUNS = {"he", "she", "they", "we", "i", "you", "who"}
