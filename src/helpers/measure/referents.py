"""Referents: the class of a source phrase that only the article can tell.

:func:`helpers.measure.sources.classify_source` reads the phrase alone. A
reader also uses the article (``data/gold/CODING_RULES.md``, source classes):
a description whose referent the article names is that referent (``the
judge`` after ``Judge Berman``; ``Santilli's attorney`` when the article
writes ``Coan, Santilli's attorney``), an appositive takes the name it
follows (``Canova, a law professor, said``), a document takes its author
(``the poll`` -> the named poll, ``the report`` -> the news organisation
named before it, ``the memo`` -> the source attributed just before), and a
capitalised word that the article never writes capitalised inside a sentence
is no personal name (``Critics``, ``Mourners``). Resolution to the nearest
compatible named antecedent follows Mitkov (2002), *Anaphora Resolution*;
definite descriptions as anaphors, Poesio & Vieira (1998), *Computational
Linguistics* 24(2).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .anchored import finditer_anchored, lower_for_search
from .sources import SourceCues, classify_source

# Documents that stand for the news organisation that published them; the
# other document cues (statement, memo, letter, ...) stand for their author.
_OUTLET_DOCUMENTS = {"report", "article", "outlet", "media outlet", "newspaper", "agency",
                     "network", "paper", "magazine", "station", "channel"}
_POLL_DOCUMENTS = {"poll", "polls", "survey", "study"}
# Determiners and possessives that make a description definite (it refers back).
_DEFINITE = {"the", "his", "her", "their", "its", "this", "that"}
# Title abbreviations written before names, by the role noun they abbreviate.
_TITLES = {"senator": ("sen.", "sen"), "governor": ("gov.", "gov"),
           "representative": ("rep.", "rep"), "general": ("gen.", "gen"),
           "congressman": ("rep.",), "congresswoman": ("rep.",)}
# Words after which a description's head noun has ended (``the president of the club``).
_POST_HEAD = {"of", "for", "from", "in", "at", "with", "to", "on", "who", "that", "which"}
_NAME = r"[A-Z](?:[\w'’-]|\.(?=[\w ]))*(?: +(?:[A-Z](?:[\w'’-]|\.(?=[\w ]))*|al|bin|de|van|von))*"
_APPOSED_RE = re.compile(r"(" + _NAME + r")(?:\s*\([^()]{1,24}\))?,\s*$")  # "Meeks (D-N.Y.),"
_WORD_RE = re.compile(r"[\w'’.-]+")


def resolve_in_article(text: str, start: int, end: int, cls: str, speaker: str,
                       cues: SourceCues, previous: tuple[str, str] | None,
                       memo: dict | None = None) -> tuple[str, str]:
    """(class, speaker) of the source phrase ``text[start:end]`` classed ``cls`` on its
    own (``anonymous``, ``document`` or a one-word ``named_person``), read in the article.

    ``previous``: (class, speaker) of the attribution just before, for documents
    such as ``the memo`` that stand for their author. Never returns ``document``.
    ``memo``: a dict the caller keeps for one article (what is read in the article for
    a word or a role is the same at each of its mentions), or None.
    """
    words, low, head, reads = _plan(text[start:end], cls, cues)
    if not words:
        return ("anonymous" if cls == "document" else cls), speaker
    if not reads:
        return cls, speaker  # decided by the phrase alone (most sources)
    if memo is None:
        memo = {}
    if cls == "named_person":
        key = ("name", words[0])
        common = memo.get(key)
        if common is None:
            common = memo[key] = _common_word(text, words[0]) and \
                not _capitalised_inside(text, words[0], start)
        if common:
            return "anonymous", speaker  # "Critics said": no name in this article
        return cls, speaker
    if cls == "document":
        return _document(text, start, head, words, low, cues, previous, memo)
    singular = not head.endswith("s") or head.endswith("ss")
    if singular and text[end:end + 2].lstrip()[:1] == "," and (
            low[0] in ("a", "an", "the") or _possessive(words[0]) or head in cues.role):
        # "Canova, a law professor, said" (not "Clinton, a top aide said, ...")
        got = _apposed(text, start, cues)
        if got:
            return "named_person", got
    if head in cues.role and (low[0] in _DEFINITE or _possessive(words[0])):
        owner = low[0] if low[0] in ("his", "her", "their", "its") else ""
        poss = next((w for w in words if _possessive(w)), "")
        if poss:
            owner = re.sub(r"['’]s?$", "", poss)
        got = _role_holder(text, start, head, cues, owner, memo)
        if got:
            return "named_person", got
        if low[0] in ("the", "this") and previous is not None and previous[0] == "named_person" \
                and not head.endswith("s"):
            return previous  # "The GOP nominee complained", after Trump: the same person
    if head in cues.role and not head.endswith("s") and text.find("\n", 0, start) < 0:
        got = _lede_person(text, cues)
        if got:
            return "named_person", got  # headline "Lawmaker urges ...": the lede names him
    return cls, speaker


_PLANS = ("referent_plans",)  # SourceCues.cache keys (no phrase can be a tuple)
_SETTLED = ("settled_sources",)


def settled_sources(cues: SourceCues) -> set[tuple[str, str]]:
    """The (class, phrase) pairs found so far that :func:`resolve_in_article` returns
    unchanged whatever the article (most sources: a name of two or more words, a
    description that is no role): a caller may skip the call for them. Kept in the
    cue table's cache, filled as phrases are resolved."""
    settled = cues.cache.get(_SETTLED)
    if settled is None:
        settled = cues.cache[_SETTLED] = set()
    return settled


def _plan(phrase: str, cls: str, cues: SourceCues) -> tuple[tuple, tuple, str, bool]:
    """(words, lower-cased words, head, reads) of a source phrase classed ``cls``:
    ``reads`` is whether :func:`resolve_in_article` has to read the article, decided
    by the phrase's words alone (a one-word name, a document, a definite or singular
    role description, a singular noun phrase that may follow a name in apposition); the
    others (a name of two or more words, most descriptions) keep their class. Memoised per cue table:
    the phrases of a corpus recur, and this runs for most sources."""
    plans = cues.cache.get(_PLANS)
    if plans is None or len(plans) > 100_000:
        plans = cues.cache[_PLANS] = {}
        settled_sources(cues).clear()
    key = (cls, phrase)
    got = plans.get(key)
    if got is not None:
        return got
    words = tuple(_WORD_RE.findall(phrase))
    low = tuple(w.lower() for w in words)
    head = _head(low) if words else ""
    if not words:
        reads = False
    elif cls == "named_person":
        reads = len(words) == 1
    elif cls == "document":
        reads = True
    else:  # the tests of resolve_in_article that do not need the article
        singular = not head.endswith("s") or head.endswith("ss")
        role, owned = head in cues.role, _possessive(words[0])
        reads = (singular and (low[0] in ("a", "an", "the") or owned or role)) or (
            role and (low[0] in _DEFINITE or owned or not head.endswith("s")))
    got = plans[key] = (words, low, head, reads)
    if words and not reads:
        settled_sources(cues).add(key)
    return got


def _lede_person(text: str, cues: SourceCues) -> str:
    """The first named person (two or more words) in the opening of the lede."""
    nl = text.find("\n")
    if nl < 0:
        return ""
    body = text[nl + 1:nl + 250]  # the lede's opening words (no sentence cut: "Rep. X")
    for m in re.finditer(_NAME, body):
        cls, speaker, _, _ = classify_source(m.group(0), cues)
        if cls == "named_person" and " " in speaker:
            return speaker
    return ""


def _head(low: list[str]) -> str:
    """The head noun of a description: its last word before a post-modifier."""
    for i, w in enumerate(low):
        if i and w in _POST_HEAD:
            return low[i - 1]
    return low[-1]


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "s'", "s’"))


def _common_word(text: str, word: str) -> bool:
    """Whether a capitalised word looks like a common word: written in lower case in the
    article, or with a plural, participle or adverb ending (``Mourners``, ``Facing``)."""
    low = word.lower()
    if low.endswith(("s", "ing", "ly", "ed")):
        return True
    return _find_word(text, low) >= 0


def _find_word(text: str, word: str, start: int = 0) -> int:
    """The first place at or after ``start`` where ``word`` is written as a whole word,
    else -1: what ``re.search(r"(?<![\\w'’-])WORD(?![\\w-])", text, start)`` finds,
    with str.find (the word is a literal; most are absent, or rare, in an article)."""
    n = len(word)
    i = text.find(word, start)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + n] if i + n < len(text) else " "
        if not (before.isalnum() or before in "_'’-") and not (after.isalnum() or after in "_-"):
            return i
        i = text.find(word, i + 1)
    return -1


def _capitalised_inside(text: str, word: str, at: int) -> bool:
    """Whether ``word`` occurs capitalised somewhere in the article other than at a
    sentence start: after a first name, a title (``Gov. Kasich``, ``H.W. Bush``), a verb,
    a comma or a closing quotation mark (``"...," Reid said``)."""
    i = _find_word(text, word)
    while i >= 0:
        before = text[max(0, i - 8):i].rstrip()
        i = _find_word(text, word, i + len(word))  # the next mention, as re.finditer goes on
        if not before:
            continue
        if before[-1].isalnum() or before[-1] in ",;\"”'’(":
            return True
        if before[-1] == ".":
            token = before.split()[-1] if before.split() else ""
            if token[:1].isupper() and (len(token) <= 4 or "." in token[:-1]):
                return True  # Gov., Mr., Dr., H.W.
    return False


def _apposed(text: str, start: int, cues: SourceCues) -> str:
    """The personal name right before ``, <description>`` (``Coan, Santilli's attorney``)."""
    m = _APPOSED_RE.search(text, max(0, start - 80), start)
    if not m:
        return ""
    cls, speaker, _, _ = classify_source(m.group(1), cues)
    if cls != "named_person" or not _capitalised_inside(text, speaker.split()[-1], start):
        return ""  # "Indeed, a broader swath of voters"
    return speaker


def _role_holder(text: str, at: int, role: str, cues: SourceCues, owner: str = "",
                 memo: dict | None = None) -> str:
    """The named person the article gives this role (``Judge Berman`` for ``the judge``,
    ``Corey Lewandowski, Trump's campaign manager``), nearest before ``at``, else after.

    ``owner``: the possessor of the description (``Santilli`` in ``Santilli's
    attorney``, ``his``): a role held for someone else (``Clinton's lawyer Cheryl
    Mills`` for ``his lawyer``) is another referent. ``memo``: the article's memo
    (:func:`resolve_in_article`), which keeps the role's mentions."""
    if memo is None:
        memo = {}
    key = ("role", role)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _role_mentions(text, role, memo)
    before_at, after_at = ("", -1), ("", len(text))
    for start, context, name in found:
        if abs(start - at) <= 1 or not _same_owner(owner, context):
            continue
        cls, speaker, _, _ = classify_source(name, cues)
        if cls != "named_person":
            continue
        if start < at and start > before_at[1]:
            before_at = (speaker, start)
        elif start > at and start < after_at[1]:
            after_at = (speaker, start)
    return before_at[0] or after_at[0]


def _role_mentions(text: str, role: str, memo: dict) -> list[tuple[int, str, str]]:
    """(start, words before the role, name) of each mention of a name with this role
    in the article: ``Judge Berman`` (the role before the name) and ``Corey Lewandowski,
    Trump's campaign manager`` (after it)."""
    before, after, words = _role_patterns(role)
    low = _lower(text, memo)
    out = []
    for rx, name_group, role_group, commas in ((before, 2, 1, 0), (after, 1, 2, 1)):
        # every match holds the role (or its title): tried only where one can start
        for m in finditer_anchored(rx, text, low, words, commas, capitals=name_group == 1):
            lead = m.end(name_group) if name_group < role_group else \
                max(0, m.start(role_group) - 40)  # "Clinton's lawyer Cheryl Mills"
            out.append((m.start(), text[lead:m.start(role_group)], m.group(name_group)))
    return out


@lru_cache(maxsize=256)
def _role_patterns(role: str) -> tuple[re.Pattern, re.Pattern, tuple[str, ...]]:
    """The patterns of a role before a name and of a name with the role after it, and
    the words one of which every match holds (each title up to its first period, which
    the patterns make optional)."""
    titles = (role,) + _TITLES.get(role, ())
    alts = "|".join(re.escape(t).replace(r"\.", r"\.?") for t in titles)
    before = re.compile(r"(?i:\b(" + alts + r"))\.?\s+(" + _NAME + ")")
    after = re.compile("(" + _NAME + r"),\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+)?[^,.;:\"“”]{0,60}?"
                       r"\b(?i:(" + alts + r"))\b")
    return before, after, tuple(t.split(".", 1)[0] for t in titles)


def _lower(text: str, memo: dict) -> str | None:
    """The article's lower-cased copy for :func:`finditer_anchored`, kept in its memo."""
    low = memo.get("lower", False)
    if low is False:
        low = memo["lower"] = lower_for_search(text)
    return low


_POSSESSOR_RE = re.compile(r"([\w-]+)['’]s?\s|\b(his|her|their|its)\s", re.IGNORECASE)


def _same_owner(owner: str, context: str) -> bool:
    """Whether the words before a role (``context``) fit the description's possessor."""
    if not owner:
        return True
    found = [m.group(1) or m.group(2) for m in _POSSESSOR_RE.finditer(context + " ")]
    if owner.lower() in ("his", "her", "their", "its"):
        return all(f.lower() in ("his", "her", "their", "its") for f in found)
    return owner.lower() in context.lower()


def _document(text: str, at: int, head: str, words: tuple[str, ...], low: tuple[str, ...],
              cues: SourceCues, previous: tuple[str, str] | None, memo: dict) -> tuple[str, str]:
    phrase = " ".join(low)
    if head in _OUTLET_DOCUMENTS or " ".join(low[-2:]) in _OUTLET_DOCUMENTS:
        org = last_news_org(text, at, cues)
        return ("named_institution", org_phrase(text, *org)) if org else ("anonymous", phrase)
    own = _author_in_phrase(words, low, head, cues)
    if own is not None:
        return own  # "A memorable Hillary Clinton ad", "a Clinton campaign memo"
    poll = head in _POLL_DOCUMENTS
    headline = "\n" not in text[:at]
    # "a new poll", "polls": no poll named; "the poll", a headline's "New Poll": the one named
    name = _named_author(text, at, head, memo) if not poll or low[0] in _DEFINITE or headline \
        else ""
    if name:
        if poll:
            return "named_institution", name  # a poll is known by its pollster's name
        cls, speaker, _, _ = classify_source(name, cues)
        if cls == "named_institution" or (cls == "named_person" and (
                " " in speaker or _possessive(name))):
            return cls, speaker  # not "the Wisconsin lawsuit": a place, not an author
    if not poll and previous is not None and low[0] in _DEFINITE and \
            previous[0] in ("named_person", "named_institution"):
        return previous  # "the memo stated", right after "Mook wrote": its author
    return "anonymous", phrase


def _author_in_phrase(words: list[str], low: list[str], head: str,
                      cues: SourceCues) -> tuple[str, str] | None:
    """The author named in the document phrase itself: the capitalised words right
    before its head noun (``A memorable Hillary Clinton ad``), if they name a source."""
    if head not in low:
        return None
    i = low.index(head)
    j = i
    while j > 0 and words[j - 1][:1].isupper() and low[j - 1] not in _DEFINITE and \
            low[j - 1] not in ("a", "an", "another"):
        j -= 1
    if j == i or (j == i - 1 and low[j] in ("new", "latest", "early")):
        return None  # a headline's "New Poll" names no author ("New Hampshire poll" does)
    name = " ".join(words[j:i])
    if head in _POLL_DOCUMENTS:
        return "named_institution", name  # a poll is known by its pollster's name
    cls, speaker, _, _ = classify_source(name, cues)
    if cls in ("named_person", "named_institution"):
        return cls, speaker
    return None


_RUN = r"[A-Z](?:[\w&'’/-]|\.(?=\w))*(?: +(?:[A-Z](?:[\w&'’/-]|\.(?=\w))*|of|for))*"
_NOT_AUTHOR = {"the", "a", "an", "new", "latest", "this", "that", "one", "another", "early",
               "exit", "national", "state", "our", "his", "her", "their", "its", "in", "but",
               "and", "according", "of", "for"}


@lru_cache(maxsize=256)
def _author_pattern(stem: str) -> re.Pattern:
    """The pattern of a document noun with its author: ``a CNN/ORC poll``, ``the poll by
    the Public Policy Institute of California`` (``stem``: the noun without a plural s)."""
    word = re.escape(stem) + "s?"
    return re.compile("(" + _RUN + r"(?:\s+campaign)?)(?:['’]s?)?\s+(?i:" + word + r")\b"
                      r"|(?i:" + word + r")\s+(?:conducted\s+|released\s+)?(?:by|from|of)\s+"
                      r"(?:the\s+)?(" + _RUN + ")")


def _named_author(text: str, at: int, head: str, memo: dict) -> str:
    """The author the article names with this document noun (``a Clinton campaign memo``,
    ``a CNN/ORC poll``, ``the poll by the Public Policy Institute of California``),
    nearest before ``at``, else after it (a headline), or ''. ``memo``: the article's."""
    stem = head[:-1] if head.endswith("s") and head != "lawsuits" else head
    found = finditer_anchored(_author_pattern(stem), text, _lower(text, memo), (stem,),
                              commas=0, capitals=True)
    before, after = "", ""
    for m in found:
        if m.start() <= at < m.end():
            continue
        words = (m.group(1) or m.group(2) or "").split()
        while words and words[0].lower() in _NOT_AUTHOR:
            words = words[1:]
        while words and words[-1].lower() in _NOT_AUTHOR:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        if m.start() < at:
            before = name
        else:
            after = name
            break
    return before or after


def last_news_org(text: str, before: int, cues: SourceCues) -> tuple[int, int] | None:
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


def org_phrase(text: str, s: int, e: int) -> str:
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
