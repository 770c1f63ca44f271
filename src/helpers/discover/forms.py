"""Written forms of an actor beyond a name and its title, read off one line of text.

* a place's possessive before a name or a person role: "North Korea's Kim" (a form of
  Kim), "London's mayor" (a description of a person, linked later by recency);
* coordinated places that share their last word: "North and South Korea" (a form of
  both North Korea and South Korea).

Both need the place table (``data/discover/places.csv``): only a place's possessive
reads as "the leader of that place", and only two place forms make a coordination.

* a name then a state body or a plural role: "Russian officials", "U.S. immigration officials",
  "North Korean state media" (:func:`following_role`); "immigration officials" with no name
  before them (:func:`bare_bodies`).

Also the small word tests the name reader (:mod:`helpers.discover.mentions`) applies:
dates, plurals and state bodies, a verb before a role noun, a courtesy title, appositives,
a noun that modifies a compound; and the keys names are grouped by (acronyms, `name_key`).
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from ..measure.lexicon import normalise_entry
from .cues import NameCues

_UP = "A-ZÀ-ÖØ-Þ"


def is_acronym(form: str) -> bool:
    """``FBI``, ``U.S.``, ``DNC``: two to six capitals, dotted or not."""
    letters = form.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


@lru_cache(maxsize=1 << 17)  # called once per mention; a corpus has far fewer distinct forms
def name_key(form: str) -> str:
    """The grouping key of a name: the lexicon's duplicate key, dots of acronyms removed."""
    if is_acronym(form):
        return form.replace(".", "").upper()
    return normalise_entry(form.replace(".", " ") if re.search(r"\b[A-Z]\.", form) else form)


_POSSESSIVE_NEXT_RE = re.compile(r"['’]s[ \u00a0](?:([a-z]+)(?![\w’'\-]))?")
_COORDINATED_RE = re.compile(rf"(?<![\w’'\-])([{_UP}][a-z]+) and ([{_UP}][a-z]+)[ \u00a0]([{_UP}][a-z]+)"
                             rf"(?![\w’'\-])")


def place_possessives(line: str, names: list[dict], cues: NameCues, stop: frozenset[str] = frozenset()) -> list[dict]:
    """"North Korea's Kim" (a form of Kim) and "North Korea's leader", "London's mayor" (a
    description of a person, linked later by recency): a place's possessive before a name
    or a person role. Any name's possessive before a state body ("Abe's government") stands
    for the name's actor (a person's: his country, :func:`helpers.discover.links.description_actors`),
    unless the body is the modifier of a compound ("North Korea's state news agency", :func:`compound_next`)."""
    out = []
    for i, n in enumerate(names):
        if not n["core"]:
            continue
        m = _POSSESSIVE_NEXT_RE.match(line, n["end"])
        if m is None:
            continue
        if m.group(1) and state_body(m.group(1), cues):  # "Abe's government", "North Korea's government"
            if not m.group(1).endswith("s") and compound_next(line, m.end(1), cues, stop):  # the state's
                organ = state_organ(line, m.end(1), m.group(1), cues, stop)  # organ or nothing: "state news agency"
                if organ is not None:
                    out.append({"start": n["core_start"], "end": organ.end(1), "link": n["core"], "modifiers": [],
                                "form": line[n["core_start"]:organ.end(1)], "head": organ.group(1)})
                continue
            out.append({"start": n["core_start"], "end": m.end(1), "form": line[n["core_start"]:m.end(1)],
                        "head": m.group(1), "modifiers": [], "link": n["core"]})  # no title: "Abe's", not "Mr."
            continue
        if n["core"] not in cues.place_forms or n["title"]:
            continue
        nxt = names[i + 1] if i + 1 < len(names) else None
        if nxt is not None and nxt["start"] == m.end() and nxt["core"] and not nxt["title"]:
            out.append({"start": n["start"], "end": nxt["end"], "form": line[n["start"]:nxt["end"]],
                        "head": "", "modifiers": [], "link": nxt["core"]})
        elif m.group(1) in cues.role_person:
            out.append({"start": n["start"], "end": m.end(1), "form": line[n["start"]:m.end(1)],
                        "head": m.group(1), "modifiers": [n["core"].lower()], "link": ""})
    return out


_PLACES_PLURAL_RE = re.compile(rf"(?<![\w’'\-])(?:two|both)[ \u00a0]([{_UP}][a-z]+)s(?![\w’'\-])")


def coordinated_places(line: str, cues: NameCues) -> list[dict]:
    """"North and South Korea": a form of both places, when both "North Korea" and "South
    Korea" are place forms (one description row linked to each); "the two Koreas", "both
    Koreas": a form of every place form that ends in "Korea"."""
    out = []
    for m in _PLACES_PLURAL_RE.finditer(line):
        shared = [f for f in cues.place_forms if f.endswith(" " + m.group(1)) and " " not in f[:-len(m.group(1)) - 1]]
        if len(shared) >= 2:
            for place in sorted(shared):
                out.append({"start": m.start(), "end": m.end(), "form": m.group(0), "head": "",
                            "modifiers": [], "link": place})
    for m in _COORDINATED_RE.finditer(line):
        first, second, shared = m.group(1), m.group(2), m.group(3)
        if f"{first} {shared}" in cues.place_forms and f"{second} {shared}" in cues.place_forms:
            for place in (f"{first} {shared}", f"{second} {shared}"):
                out.append({"start": m.start(), "end": m.end(), "form": m.group(0), "head": "",
                            "modifiers": [], "link": place})
    return out


MONTHS = frozenset(n for n in calendar.month_name if n) | {"Sept"}  # "May", "June": also names
DAYS = frozenset(n for n in calendar.day_name if n)
DATE_WORDS = frozenset("in on since until till by last next this early late mid of from through during before after "
                       "every each following previous".split())


def date_like(line: str, start: int, end: int) -> bool:
    """A month or day name used as a date ("in May", "May 3", "last Tuesday"), not as a
    name ("May said", "Theresa May" written alone as "May")."""
    before = re.search(r"(\S+)\s+$", line[max(0, start - 20):start])
    after = line[end:end + 4]
    return bool(re.match(r"\W*\d", after) or (before and (before.group(1).lower() in DATE_WORDS
                                                          or before.group(1)[-1:].isdigit())))


def singular(word: str) -> str:
    """'leaders' -> 'leader', 'countries' -> 'country' (regular plurals only)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def state_body(word: str, cues: NameCues) -> bool:
    """A noun that, written after a name, stands for that name's actor: a body of a state or
    organisation ("government", "officials", "troops"; the ``state_body`` cue rows)."""
    return word in cues.state_bodies or (word.endswith("s") and singular(word) in cues.state_bodies)


_VERB_MARKERS = frozenset("to i you he she it we they who".split())  # ... and the auxiliaries (subject_verb rows)
_PERFECT = frozenset("has have had having".split())  # "has endorsed": a participle after them is a verb
_BARE_INFINITIVE = frozenset("help helps helped helping".split())  # "help defeat Democratic nominee X"
_GERUND_AFTER = frozenset("of by for in on after before without about from".split())  # "of helping nominee X"
ADJ_ENDINGS = ("al", "ed", "ous", "ic", "ive", "ent", "ant", "less", "ful", "ary", "an", "ian", "ish", "ese")


def verb_before_role(line: str, t: re.Match, cues: NameCues) -> bool:
    """Whether the lower-case word ``t`` before a role noun is a verb, not a modifier: a speech
    verb ("told radio host"), a participle after a comma or a gerund after a preposition (", defeating
    fellow congresswoman", "of helping nominee"), a word
    after "help" or an -ed word after "has/have/had" ("help defeat", "has endorsed Democratic nominee"),
    or a word right after "to", a subject pronoun or an auxiliary
    ("to discuss then-national security adviser", "could hurt Democratic nominee") that is
    no title and has no adjective ending ("to former FBI director", "would national ...")."""
    w = t.group(0)
    if not w[:1].islower():
        return False
    if w in cues.speech_verbs:
        return True
    if w.endswith("ing") and re.search(r",[ \u00a0]+$", line[max(0, t.start() - 5):t.start()]):
        return True  # ", defeating fellow congresswoman X": a participle clause
    m = re.search(r"([A-Za-z]+)[ \u00a0]+$", line[max(0, t.start() - 20):t.start()])
    if m is None:
        return False
    before = m.group(1).lower()
    if w.endswith("ing") and before in _GERUND_AFTER:
        return True  # "accusing her of helping now-presumptive nominee X": a gerund
    if (before in _BARE_INFINITIVE and "-" not in w and not w.endswith(ADJ_ENDINGS)) or \
            (before in _PERFECT and w.endswith("ed")):
        return True  # "help defeat Democratic nominee X", "has endorsed Democratic nominee X"
    return (before in _VERB_MARKERS or before in cues.subject_verbs) and not cues.is_title(w.capitalize()) \
        and not w.endswith(ADJ_ENDINGS)


def courtesy_title(toks: list[tuple[int, str]], i: int, cues: NameCues) -> bool:
    """Token ``i`` is a courtesy title ("Sir", "Dame": the ``courtesy`` cue rows, an address and no
    office) after a word that is no title and before a name: what comes before it is no description of
    the person."""
    return 0 < i < len(toks) - 1 and toks[i][1] in cues.courtesy and not cues.is_title(toks[i - 1][1]) \
        and not cues.is_title(toks[i + 1][1])


def link_appositives(line: str, names: list[dict], descs: list[dict]) -> None:
    """'NAME, the DESC' and 'the DESC, NAME': the description stands for the name."""
    for d in descs:
        if d.get("link"):
            continue
        for n in names:
            if not n["core"]:
                continue
            before = line[n["end"]:d["start"]]
            after = line[d["end"]:n["start"]]
            if (0 <= d["start"] - n["end"] <= 8 and re.fullmatch(r"['’]?s?,\s+(?:the|this|that)\s+", before, re.I)) \
                    or (0 <= n["start"] - d["end"] <= 3 and re.fullmatch(r",\s+", after)):
                d["link"] = n["core"]
                break


_NEXT_WORD_RE = re.compile(r"[ \u00a0]([a-z]+)(?![\w’'\-])")  # as mentions' next-word reader


_PREDICATIVE = ("al", "ous", "ive", "ful", "less", "ic")  # adjective endings of a word after a noun ("tyrannical")


def compound_next(line: str, pos: int, cues: NameCues, stop: frozenset[str]) -> bool:
    """Whether the noun ending at ``pos`` modifies the next words rather than heads a phrase: a
    lower-case word follows that reads as a noun, not a verb ("state media", "official campaign
    speech"; not "government said", "regime has", "officials quickly", "administration announced",
    "calling Cuba's government tyrannical"),
    or a role noun comes one word later ("state news agency"). A word in -s after it reads as a
    verb ("the government wants"), as orthography cannot tell "plans" the noun from the verb."""
    m = _NEXT_WORD_RE.match(line, pos)
    if m is None:
        return False
    w = m.group(1)
    if w in stop or w in cues.speech_verbs or w in cues.subject_verbs or w.endswith(("ed", "ly") + _PREDICATIVE):
        return False
    if not w.endswith("s"):
        return True
    after = _NEXT_WORD_RE.match(line, m.end())
    return after is not None and (after.group(1) in cues.roles or state_body(after.group(1), cues))


def state_organ(line: str, pos: int, body: str, cues: NameCues, stop: frozenset[str]) -> re.Match | None:
    """The last noun of a compound that a state body ending at ``pos`` modifies, when the compound is
    an organ of that state: it ends in a group noun or a body within two words ("Russia's military spy agency",
    "North Korea's state news agency"), or the body is "state" ("North Korean state media"). None
    otherwise ("U.S. military strategy" stands for no actor)."""
    last = None
    for _ in range(2):
        m = _NEXT_WORD_RE.match(line, pos)
        if m is None:
            break
        w = m.group(1)
        if w in stop or w in cues.speech_verbs or w in cues.subject_verbs or \
                w.endswith(("ed", "ly", "ing") + _PREDICATIVE):
            break
        if w in cues.role_group or singular(w) in cues.role_group or state_body(w, cues):
            return m
        if w in cues.role_person or singular(w) in cues.role_person:
            return None  # "Obama administration lawyer", "GOP state senator": a person, no organ
        last, pos = m, m.end()
    return last if body == "state" else None


def modified_body(line: str, m: re.Match, cues: NameCues, stop: frozenset[str]) -> re.Match | None:
    """The plural body after one or two modifiers ("immigration officials", "border patrol agents"),
    which must be no stop word, verb or adverb ("Russia told officials", "U.S. recently hired agents")."""
    for _ in range(2):
        w = m.group(1)
        if w in stop or w in cues.speech_verbs or w in cues.subject_verbs or w.endswith(("ed", "ly")):
            return None
        m = _NEXT_WORD_RE.match(line, m.end())
        if m is None:
            return None
        if state_body(m.group(1), cues):
            return m if m.group(1).endswith("s") else None
    return None


_PREV_WORD_RE = re.compile(r"(\S+)[ \u00a0]+$")


@lru_cache(maxsize=8)
def _bare_body_re(role_person: frozenset[str], state_bodies: frozenset[str], people: frozenset[str]) -> re.Pattern | None:
    """The plurals :func:`bare_bodies` reads, as one regex (a line is searched at C speed)."""
    words = sorted({w + "s" for w in role_person & state_bodies} - people)
    return re.compile(rf"(?<![\w’'\-])({'|'.join(map(re.escape, words))})(?![\w’'\-])") if words else None


def bare_bodies(line: str, cues: NameCues, stop: frozenset[str]) -> list[dict]:
    """"immigration officials said", "officials said": the plural of a person role that is also a
    state body (``role_person`` and ``state_body`` rows: "officials"), with up to two lower-case
    modifiers and no name before it (a name's are read apart: "U.S. immigration officials"), as a
    description of the state named last (linked by recency, :mod:`helpers.discover.links`). A stop
    word, a verb or an adverb ends the modifiers ("said officials", "the officials" -> "officials")."""
    out = []
    pattern = _bare_body_re(cues.role_person, cues.state_bodies, cues.people)
    for m in pattern.finditer(line) if pattern is not None else ():
        w = m.group(1)
        start, mods = m.start(1), []
        while len(mods) < 2:
            p = _PREV_WORD_RE.search(line, max(0, start - 30), start)
            if p is None:
                break
            word = p.group(1)
            low = word.lower()
            if word[0].isupper() or word.endswith(("'s", "’s", "'", "’")):
                mods = None  # a name or a possessive before it: read by the name rules
                break
            if low in stop or low in cues.speech_verbs or low in cues.subject_verbs or \
                    low.endswith(("ed", "ly", "ing")) or not low.isalpha():
                break
            mods.insert(0, low)
            start = p.start(1)
        if mods is not None:
            out.append({"start": start, "end": m.end(1), "form": line[start:m.end(1)], "head": w,
                        "modifiers": mods, "link": ""})
    return out


def role_kind(word: str, cues: NameCues) -> str:
    """'person' / 'group' for a role noun of the cue file, 'plural' for a plural of
    one ("officials", "troops"), '' otherwise."""
    if word in cues.role_person:
        return "person"
    if word in cues.role_group:
        return "group"
    return "plural" if word.endswith("s") and singular(word) in cues.roles else ""


def following_role(line: str, name: dict, cues: NameCues, stop: frozenset[str] = frozenset()) -> dict | None:
    """'Russian officials', 'U.S. troops', 'Kremlin government': a name then a group noun
    or a plural role noun; the phrase stands for the name's actor (a singular person
    role, "North Korean leader", describes someone else and is left out). After a place,
    one or two nouns may come before a plural body ("U.S. immigration officials"); a body
    may modify a plural role after it ("Russian intelligence agents")."""
    m = _NEXT_WORD_RE.match(line, name["end"])
    place = name["core"].replace(".", "") in cues.place_forms

    def body(w: str) -> bool:  # ... or after a place, the plural of a person role: "U.S. senators"
        return state_body(w, cues) or (place and role_kind(w, cues) == "plural" and singular(w) in cues.role_person)
    if m is not None and not body(m.group(1)) and place:
        m = modified_body(line, m, cues, stop)
    if m is None or not body(m.group(1)):
        return None
    nxt = _NEXT_WORD_RE.match(line, m.end())
    if nxt is not None and nxt.group(1).endswith("s") and (state_body(nxt.group(1), cues)
                                                           or singular(nxt.group(1)) in cues.role_group):
        m = nxt  # "Russian intelligence agents", "U.S. government officials": the plural is the head
    elif not m.group(1).endswith("s") and compound_next(line, m.end(), cues, stop):
        # "North Korean state media": the state's organ, if any ("Russian officials met": a plural heads)
        m = state_organ(line, m.end(), m.group(1), cues, stop)
        if m is None:
            return None
    core = name["core"]
    if core.endswith("s") and not is_acronym(core) and core not in cues.place_forms:
        return None  # "Democrats force a vote": after a plural name (a group already) the noun is a verb
    if next_word(line, m.end()) in _OBJECT_STARTS:
        return None  # "Congress force the vote": a noun takes no object, a verb does
    return {"start": name["start"], "end": m.end(), "head": m.group(1), "modifiers": [],
            "form": line[name["start"]:m.end()], "link": name["core"]}


_OBJECT_STARTS = frozenset("a an the his her their its this that".split())


def next_word(line: str, pos: int) -> str:
    m = _NEXT_WORD_RE.match(line, pos)
    return m.group(1) if m else ""
