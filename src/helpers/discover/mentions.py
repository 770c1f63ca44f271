"""Name mentions and descriptions in clean text, found by orthography alone.

A *name mention* is a run of capitalised words ("Kim Jong Un", "Mr. Kim",
"Democratic National Committee", "U.S."), optionally joined by a particle
("Bashar al-Assad") or, after an organisation head, by "of" ("Department of
Justice"). Capitals that are not names are set aside with corpus statistics,
not word lists (cf. Mikheev 1999, "A knowledge-free method for capitalized
word disambiguation", ACL):

* a word at the start of a sentence is kept only if the corpus writes it
  capitalised inside sentences more often than in lower case (so "The",
  "But", "Officials" are dropped, "Trump" is kept);
* lines in capitals or in headline title case are not read for names at all.

A *description* is a determiner, up to three modifiers and a role noun from
the cue file ("the North Korean leader", "the embattled president", "the
regime"); a possessive pronoun stays in the form, as it says whose ("his
administration", "its leader"). Descriptions written next to a name ("Kim Jong Un, the North
Korean leader," / "North Korean leader Kim Jong Un") carry a direct link to
it; the others are linked later by recency (:mod:`helpers.discover.actors`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from .cues import NameCues
from .forms import (DAYS, MONTHS, bare_bodies, compound_next, coordinated_places, courtesy_title, date_like,
                    following_role, is_acronym, link_appositives, next_word, place_possessives, role_kind, singular,
                    state_body, verb_before_role)

_UP = "A-ZÀ-ÖØ-Þ"
_HY = "\\-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen: "Jae‑in" as some outlets type it
_CAP = rf"(?:[{_UP}]\.){{2,}}|[{_UP}][^\W_]*(?:['’{_HY}][^\W_]+)*"
_PARTICLE = r"(?:al|el|bin|ibn|de|van|von|da|del|la|le|di)"
# a capitalised word, then more joined by a space (or ". " after an abbreviation),
# a particle, or " of " -- which joins are kept is decided in Python
# (the first capital is matched before the look-behind, "[A-Z](?<!X.)" = "(?<!X)[A-Z]", so that the
# search skips to capitals at C speed; the two branches of _CAP share that first capital)
SEQ_RE = re.compile(rf"[{_UP}](?<![\w’'{_HY}.].)(?:\.(?:[{_UP}]\.)+|[^\W_]*(?:['’{_HY}][^\W_]+)*)"
                    rf"(?:(?:\.?[ \u00a0]|[ \u00a0]{_PARTICLE}[ \u00a0\-]|[ \u00a0]{_PARTICLE}-|"
                    rf"[ \u00a0]of[ \u00a0](?:the[ \u00a0])?)(?:{_CAP}))*")
_TOKEN_RE = re.compile(rf"{_CAP}|[^\W\d_]+(?:['’{_HY}][^\W\d_]+)*")
_LOWER_RE = re.compile(r"(?<![\w’'\-])[a-z][a-z’'\-]*")
_CAP_MID_RE = re.compile(rf"(?<=[a-z,;] )[{_UP}][^\W_]*(?:['’{_HY}][^\W_]+)*")
_POSSESSIVE_RE = re.compile(r"['’]s?$")
_DETERMINERS = ("the", "this", "that", "both", "his", "her", "its", "their", "our")
# kept in the form: "his administration" says whose; "our" only before a count ("our two nations": the two
# countries named last), not "our country" (the speaker's, whom recency does not find)
PRONOUNS = frozenset({"his", "her", "its", "their"})
NUMBERS = {"two": 2, "three": 3, "both": 2}  # "the two leaders", "both countries": that many actors
_DETERMINER_RE = re.compile(rf"(?<![\w’'\-])(?:{'|'.join(_DETERMINERS)})(?![\w’'\-])", re.I)
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_OF_PLACE_RE = re.compile(rf"[ \u00a0]of[ \u00a0](?:the[ \u00a0])?((?:{_CAP})(?:[ \u00a0](?:{_CAP}))*)")
_OPENERS = set("\"“‘'([—–- \u00a0\t")
MAX_MODIFIERS = 3
RARE_CAPS = 20  # a stop word capitalised mid-sentence in under 1/20 of its uses is no name


@dataclass
class WordStats:
    """How the corpus writes each word: capitalised inside a sentence, or in lower case."""

    cap_mid: Counter = field(default_factory=Counter)
    lower: Counter = field(default_factory=Counter)

    def add(self, text: str) -> None:
        self.cap_mid.update(_CAP_MID_RE.findall(text))
        self.lower.update(_LOWER_RE.findall(text))

    def name_like(self, word: str) -> bool:
        """Written capitalised mid-sentence more often than in lower case."""
        # .get: a Counter's missing key costs a Python call (__missing__); read for every capital
        return self.cap_mid.get(word, 0) > self.lower.get(word.lower(), 0)

    def clearly_name(self, word: str) -> bool:
        """Written capitalised mid-sentence over twice as often as in lower case: a word alone at a
        sentence start is read as a name only then ("News" is capitalised as the end of "Fox News",
        and "news" is common)."""
        return self.cap_mid.get(word, 0) > 2 * self.lower.get(word.lower(), 0)

    def tie(self, word: str) -> bool:
        """Written capitalised mid-sentence exactly as often as in lower case (and at all)."""
        n = self.cap_mid.get(word, 0)
        return n > 0 and n == self.lower.get(word.lower(), 0)

    def mostly_lower(self, word: str) -> bool:
        """A word the corpus writes in lower case at least as often as capitalised."""
        return self.lower.get(word.lower(), 0) >= max(1, self.cap_mid.get(word, 0))


def word_stats(texts) -> WordStats:
    """Capitalisation counts over an iterable of texts."""
    stats = WordStats()
    for text in texts:
        stats.add(text)
    return stats


def skipped_line(line: str, stats: WordStats, first: bool = False) -> bool:
    """A line in capitals or in headline title case: its capitals say nothing about names.

    Title case is told from names by the words the corpus otherwise writes in
    lower case ("To", "The", "Goes"): in a headline most of them are capitalised.
    Two such words are needed, one on a text's ``first`` line, where the headline is
    ("Arizona Latinos Prefer Barack Obama": only "Prefer" is a common word)."""
    words = [w for w in _TOKEN_RE.findall(line) if len(w) > 1]
    if len(words) >= 3 and sum(map(str.isupper, words)) >= 0.6 * len(words):
        return True
    if len(words) > 30:  # a paragraph, not a headline (tested first: most lines are)
        return False
    lower = stats.lower
    common = [w for w in words[1:] if lower.get(w.lower(), 0) > 0]
    return len(common) >= (1 if first else 2) and sum(w[0].isupper() for w in common) >= 0.5 * len(common)


def sentence_initial(line: str, pos: int, cues: NameCues) -> bool:
    """Whether the word at ``pos`` starts a sentence (or the line, or follows a colon)."""
    i = pos - 1
    while i >= 0 and line[i] in _OPENERS:
        i -= 1
    if i < 0:
        return True
    if line[i] == ":" or line[i] in "!?":
        return True
    if line[i] != ".":
        return False
    j = i  # the word before the dot: the run of non-space characters ending at it
    while j > 0 and not line[j - 1].isspace():
        j -= 1
    prev = line[j:i]
    # an abbreviation's dot ("Mr. Kim", "Michael T. Flynn", "U.S. officials") ends no sentence
    return not (prev in cues.honorifics or (len(prev) == 1 and prev.isupper()) or is_acronym(prev + "."))


def _split_tokens(seq: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _TOKEN_RE.finditer(seq)]


def _pieces(seq: str, cues: NameCues, stats: WordStats | None = None,
            stop: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Split a capitalised run where its joins do not hold: a '. ' not after an
    abbreviation, an ' of ' not after an organisation head or a title, a dotted acronym
    before a stop word the corpus writes in lower case ("the U.S. After President Obama":
    the acronym's dot ended the sentence)."""
    if " " not in seq and "\u00a0" not in seq:  # one word (every join of SEQ_RE has a space): one piece
        return [(0, len(seq))]
    toks = _split_tokens(seq)
    cuts, start, i = [], 0, 0
    while i < len(toks) - 1:
        (p, tok), (q, nxt) = toks[i], toks[i + 1]
        end = p + len(tok)
        if _POSSESSIVE_RE.search(tok) and not is_acronym(tok):  # "North Korea's Kim": two names
            cuts.append((start, end))
            start = q
        elif seq[end:q].startswith(".") and not (tok in cues.honorifics or (len(tok) == 1 and tok.isupper())):
            cuts.append((start, end))
            start = q
        elif stats is not None and tok.endswith(".") and nxt.lower() in stop and stats.mostly_lower(nxt) \
                and not cues.is_title(nxt):
            cuts.append((start, end))
            start = q
        elif courtesy_title(toks, i + 1, cues):  # "the US Sir Kim Darroch": "US" is no description of him
            cuts.append((start, end))
            start = q
        elif nxt == "of" and not (tok in cues.of_heads or tok in cues.titles):
            cuts.append((start, end))
            j = i + 2 + (i + 2 < len(toks) and toks[i + 2][1] == "the")
            if j >= len(toks):
                return cuts
            start = toks[j][0]
            i = j
            continue
        i += 1
    cuts.append((start, len(seq)))
    return cuts


def _split_compounds(seq: str, pieces: list[tuple[int, int]], stats: WordStats) -> list[tuple[int, int]]:
    """A one-word piece 'A-B' whose parts are both names written alone elsewhere
    ("Trump-Russia") is two mentions; "Jae-in", "Al-Qaeda" stay whole."""
    out = []
    for s, e in pieces:
        word = seq[s:e]
        parts = word.split("-")
        if len(parts) == 2 and " " not in word and all(len(p) >= 3 and p[0].isupper() and stats.cap_mid.get(p, 0) > 0
                                                       for p in parts):
            out += [(s, s + len(parts[0])), (s + len(parts[0]) + 1, e)]
        else:
            out.append((s, e))
    return out


@dataclass
class Found:
    """Mentions and descriptions of one text, offsets in that text."""

    names: list[dict] = field(default_factory=list)
    descriptions: list[dict] = field(default_factory=list)


def _name_from_piece(line: str, s: int, e: int, cues: NameCues, stats: WordStats,
                     stop: frozenset[str] = frozenset()) -> dict | None:
    """The name mention in ``line[s:e]``: leading sentence-initial or common words
    dropped, possessive cut, title prefix split off."""
    toks = _split_tokens(line[s:e])
    while toks:
        p, tok = toks[0]
        if tok.lower() in ("of", "the") or tok in ("The", "A", "An"):
            toks.pop(0)
            continue
        if sentence_initial(line, s + p, cues) and not is_acronym(tok) and not cues.is_title(tok) and \
                tok not in cues.place_words and (
                (stats.mostly_lower(tok) and not (len(toks) > 1 and stats.tie(tok)))
                or (len(toks) == 1 and not stats.clearly_name(tok))
                or (len(toks) > 1 and not stats.name_like(tok)
                    and (cues.is_title(toks[1][1]) or toks[1][1] in cues.place_starts))):
            # "But", "The", "Officials"; "Receiving" before a title or a place ("Receiving French President
            # Macron"); an unknown word before a name ("Donald Trump") stays, and so does a word written as
            # often capitalised as not that opens a longer run ("Homeland Security Secretary"); a word alone
            # needs to be written capitalised twice as often as not ("News" of "Fox News" is no name alone)
            toks.pop(0)
            continue
        if len(toks) > 1 and tok.lower() in stop and stats.mostly_lower(tok) and not cues.is_title(tok) \
                and (cues.is_title(toks[1][1]) or toks[1][1] in cues.place_starts):
            toks.pop(0)  # "After President Obama" where no sentence start was seen ("in the U.S. After ...")
            continue
        break
    # "Hillary Clinton Wednesday": a day name ends no name
    while toks and (toks[-1][1].lower() in ("of", "the") or (len(toks) > 1 and toks[-1][1] in DAYS)):
        toks.pop()
    if not toks:
        return None
    start = s + toks[0][0]
    last_p, last = toks[-1]
    cut = _POSSESSIVE_RE.sub("", last) if not is_acronym(last) else last
    if not cut:
        return None
    end = s + last_p + len(cut)
    words = [t for _, t in toks[:-1]] + [cut]
    if len(words) == 1 and (len(words[0]) < 2 or words[0] in DAYS
                            or (words[0] in MONTHS and date_like(line, start, end))
                            or (words[0].lower() in stop and not is_acronym(words[0])
                                and stats.cap_mid.get(words[0], 0) * RARE_CAPS < stats.lower.get(words[0].lower(), 0))):
        return None  # a stray capital on a function word ("notes I typed In the vehicle"); "May" stays
    # the title prefix: up to the last title word that still leaves a name after it
    split = 0
    for i, w in enumerate(words[:-1]):
        if cues.is_title(w):
            split = i + 1
    if split and words[split] == "of":  # "Secretary of State Mike Pompeo": the name is the last two words
        domain = " ".join(w for w in words[split + 1:] if w != "the")
        # ... but "President of the United States" is an office: a description, not a name
        split = len(words) - 2 if len(words) - split >= 4 and domain not in cues.place_forms else len(words)
    if split >= len(words):
        split, core_start = len(words), end
    else:
        core_start = s + toks[split][0]
    title_from = split if split < len(words) else 0
    while title_from > 0 and cues.is_title(words[title_from - 1]):
        title_from -= 1
    form_start = s + toks[title_from][0] if split else core_start
    out = {"start": form_start, "end": end, "core_start": core_start, "form": line[form_start:end],
           "core": line[core_start:end], "prefix": "", "prefix_start": start,
           "title": " ".join(words[title_from:split]), "full": line[start:end]}
    if title_from > 0:  # "South Korean President Moon": "South Korean President" describes Moon
        prefix_end = s + toks[split - 1][0] + len(words[split - 1])
        if words[split - 1] in cues.honorifics and line.startswith(".", prefix_end):
            prefix_end += 1  # "Florida Gov.": the abbreviation keeps its dot
        out["prefix"] = line[start:prefix_end]
    if split == len(words) or all(cues.is_title(w) for w in words):  # "President": a description
        out.update(core="", start=start, form=line[start:end])
    return out


def _role_near(line: str, pos: int, roles: frozenset[str]) -> bool:
    """A role noun (or a plural of one) among the letter runs of the 80 characters after ``pos``."""
    near = _LETTERS_RE.findall(line[pos:pos + 80].lower())
    return not (roles.isdisjoint(near) and roles.isdisjoint(singular(w) for w in near if w.endswith("s")))


def _descriptions(line: str, cues: NameCues, stop: frozenset[str]) -> list[dict]:
    """'the [modifiers] ROLE' in ``line``: start/end of the phrase without its determiner."""
    out = []
    roles = cues.roles
    n = len(line)
    for m in _DETERMINER_RE.finditer(line):
        e = m.end()
        if not _role_near(line, e, roles):  # only a determiner with a role noun within reach opens one
            continue
        following = list(islice(_TOKEN_RE.finditer(line, e, min(n, e + 80)), MAX_MODIFIERS + 1))
        prev_end = m.end()
        both = m.group(0).lower() == "both"
        pron = m.group(0).lower() in PRONOUNS
        if m.group(0).lower() == "our":  # "our two nations": the speakers' countries, counted; not "our country"
            if not following or following[0].group(0).lower() not in ("two", "three"):
                continue
            pron = True
        mods = ["both"] if both else []
        for t in following:
            if line[prev_end:t.start()].strip(" \u00a0") != "":  # punctuation ends the phrase
                break
            w = t.group(0)
            cut = _cut_possessive(w)
            base = cut.lower()
            role = role_kind(base, cues)
            # the owner and the count are read only for a role noun (most tokens are none)
            owner = _owner(mods[1:] if both else mods) if role else ""
            if role and w[0].islower() and not (t.end() < len(line) and line[t.end():t.end() + 1] in "-") \
                    and (role != "plural" or owner or any(x.lower() in NUMBERS for x in mods)) \
                    and (not both or role == "plural"):
                if pron and cut == w and compound_next(line, t.end(), cues, stop):
                    break  # "her official campaign speech": the role word modifies a noun
                end = t.start() + len(cut)
                if line.startswith(" of ", t.end()):  # "the mayor of London": a person's, by recency
                    of = _OF_PLACE_RE.match(line, t.end())
                    if role != "person" or of is None or of.group(1) not in cues.place_forms:
                        break  # "the president of the company": the head is not the end of the phrase
                    end = of.end()
                begin = m.start() if both or pron else following[0].start() if mods else t.start()
                got = {"start": begin, "end": end, "head": base, "modifiers": [x.lower() for x in mods],
                       "form": line[begin:end]}
                if owner and owner == " ".join(mods) and state_body(base, cues):
                    got["link"] = owner  # "the Russian government", "the U.S. officials": the state; not
                    # "the Russian interference campaign" (a modifier between) or "a British group"
                out.append(got)
                break
            if (w.lower() in stop and not (w.lower() in NUMBERS and not mods)) or any(ch.isdigit() for ch in w):
                break  # a stop word ends the phrase; a number right after the determiner does not
            mods.append(w)
            prev_end = t.end()
    return out


def _cut_possessive(word: str) -> str:
    """``_POSSESSIVE_RE.sub("", word)`` without the regex: "leader's" -> "leader"."""
    if word.endswith(("'s", "’s")):
        return word[:-2]
    return word[:-1] if word.endswith(("'", "’")) else word


def _owner(mods: list[str]) -> str:
    """The name among a description's modifiers, when they start with one ("North Korean"
    of "the North Korean regime"): the actor a group noun belongs to."""
    caps = []
    for w in mods:
        if not w[:1].isupper():
            break
        caps.append(w)
    return " ".join(caps)


def _preceding_role(line: str, pos: int, cues: NameCues, stop: frozenset[str],
                    stats: WordStats | None = None) -> dict | None:
    """'North Korean leader' written right before a name at ``pos`` (no determiner needed)."""
    toks = list(_TOKEN_RE.finditer(line, max(0, pos - 80), pos))
    if not toks or line[toks[-1].end():pos].strip(" \u00a0") != "" or toks[-1].group(0).lower() not in cues.roles:
        return None
    head = toks[-1]
    start = head.start()
    mods: list[str] = []
    chain = toks[:-1][-MAX_MODIFIERS:]
    for k in range(len(chain) - 1, -1, -1):
        t = chain[k]
        w = t.group(0)
        if line[t.end():start].strip(" \u00a0") != "" or (w.lower() in stop and not cues.is_title(w.capitalize())):
            break  # a stop word ends the phrase, a title word does not ("former FBI director")
        if stats is not None and sentence_initial(line, t.start(), cues) and not is_acronym(w) \
                and w not in cues.place_starts and not stats.name_like(w) and not cues.is_title(w):
            break  # "Yesterday former FBI director": a sentence's first word is no modifier unless a name
        if verb_before_role(line, t, cues):
            break  # "told radio host X", "could hurt Democratic nominee X": the verb governs the phrase
        mods.insert(0, w)
        start = t.start()
        if _cut_possessive(w) != w:
            break  # "Trump's personal attorney": a possessive opens the phrase ("raided" before it is no part)
    return {"start": start, "end": head.end(), "head": head.group(0).lower(),
            "modifiers": [x.lower() for x in mods], "form": line[start:head.end()]}


def find_in_text(text: str, cues: NameCues, stats: WordStats, stop: frozenset[str], first: bool = True) -> Found:
    """Name mentions and descriptions of one clean text (lines in capitals or title case skipped).

    Each name: start, end, form (as written, title included), core (the name
    without its title, '' if the mention is a bare title), title, prefix (a
    description written before the title, '' if none), full (the whole run as
    written, prefix included: "South Korean President Moon Jae-in"). Each description:
    start, end, form, head, modifiers, link (the core of the name it is
    written beside, '' if none). ``first``: whether the text's first non-empty line
    is an article's first (its headline; false for a line read on its own).
    """
    found = Found()
    offset = 0
    for line in text.split("\n"):
        base = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        if skipped_line(line, stats, first):
            first = False
            continue
        first = False
        names = []
        for m in SEQ_RE.finditer(line):
            for s, e in _split_compounds(m.group(0), _pieces(m.group(0), cues, stats, stop), stats):
                got = _name_from_piece(line, m.start() + s, m.start() + e, cues, stats, stop)
                if got is not None:
                    names.append(got)
        descs = _descriptions(line, cues, stop) + bare_bodies(line, cues, stop)
        for n in names:
            nxt = next_word(line, n["end"])
            if n["title"] and is_acronym(n["core"]) and nxt and (role_kind(nxt, cues) or cues.is_title(nxt.capitalize())):
                # "Former DNC chair Lawrence O'Brien": the title belongs to the role, not to the acronym
                n.update(title="", prefix="", start=n["core_start"], form=n["core"])
        for n in names:
            if n["prefix"] and n["core"]:
                descs.append({"start": n["prefix_start"], "end": n["prefix_start"] + len(n["prefix"]),
                              "head": n["prefix"].split()[-1].lower().rstrip("."), "modifiers": [], "form": n["prefix"],
                              "link": n["core"]})
            elif n["core"] and n["core"] not in cues.place_forms:  # "chief White House correspondent": no
                pre = _preceding_role(line, n["start"], cues, stop, stats)
                if pre is not None:
                    pre["link"] = n["core"]
                    descs.append(pre)
                    # the whole phrase as written is a form a lexicon needs: "North Korean leader Kim Jong Un"
                    descs.append({**pre, "end": n["end"], "form": line[pre["start"]:n["end"]]})
            if n["core"] and n["title"]:  # "President Emmanuel Macron of France" (the office's country)
                of = _OF_PLACE_RE.match(line, n["end"])
                if of is not None and of.group(1) in cues.place_forms:
                    descs.append({"start": n["start"], "end": of.end(), "form": line[n["start"]:of.end()],
                                  "head": n["title"].split()[-1].lower().rstrip("."), "modifiers": [],
                                  "link": n["core"]})
            if n["core"] and not n["title"]:
                post = following_role(line, n, cues, stop)
                if post is not None:
                    descs.append(post)
        descs += place_possessives(line, names, cues, stop) + coordinated_places(line, cues)
        link_appositives(line, names, descs)
        for n in names:
            if n["core"]:
                found.names.append({k: v for k, v in n.items() if k != "prefix_start"} |
                                   {"start": base + n["start"], "end": base + n["end"],
                                    "core_start": base + n["core_start"]})
            else:  # a bare title ("the President", "President of the United States") is a description
                words = n["form"].split()
                head = next((w for w in reversed(words) if cues.is_title(w)), words[-1])
                found.descriptions.append({"start": base + n["start"], "end": base + n["end"], "form": n["form"],
                                           "head": head.lower().rstrip("."), "modifiers": [], "link": ""})
        for d in descs:
            found.descriptions.append({**d, "start": base + d["start"], "end": base + d["end"],
                                       "link": d.get("link", "")})
    return found
