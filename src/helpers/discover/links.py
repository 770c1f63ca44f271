"""Which actor a description stands for (rule 5 of :mod:`helpers.discover.actors`).

A description written beside a name is that name's; one written alone goes, by
recency within its article, to the last actor named whose type fits its head (cf.
the salience-by-recency of Lappin & Leass 1994, "An algorithm for pronominal
anaphora resolution", Computational Linguistics 20(4)); a form becomes a candidate
of an actor only when two of its mentions (and, for a singular form, a quarter of
them) point there.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict

import pandas as pd

from ..measure.lexicon import normalise_entry
from .cues import NameCues
from .forms import name_key, singular, state_body
from .mentions import NUMBERS

RECENCY_CHARS = 300  # how far back (characters, same article) a description looks for its actor
DESC_SHARE = 0.25   # a description form goes to every actor with this share of its votes


def actor_types(names: pd.DataFrame, actor_of: dict[str, str], cues: NameCues) -> dict[str, str]:
    """Actor root -> 'place' (a form of the place table), 'person' (written with an honorific
    or a person title: "Mr. Kim", "Director Comey") or 'other' (organisations, groups)."""
    place_keys = {name_key(form) for form, _, _ in cues.places}
    person_titles = {w.lower() for w in cues.honorifics} | cues.role_person
    out: dict[str, str] = {}
    for core, title in zip(names["core"], names["title"]):
        root = actor_of[name_key(core)]
        if name_key(core) in place_keys:
            out[root] = "place"
        elif out.get(root) != "place" and any(w.lower().rstrip(".") in person_titles for w in str(title).split()):
            out[root] = "person"
    return {root: out.get(root, "other") for root in set(actor_of.values())}


def _place_roots(actor_of: dict[str, str], cues: NameCues) -> dict[str, str]:
    """A place form's key -> the actor of its country, when the study writes any form of that country."""
    country_root = {country: actor_of[name_key(f)] for f, country, _ in cues.places if name_key(f) in actor_of}
    return {name_key(f): country_root[country] for f, country, _ in cues.places if country in country_root}


def _named_place(words: list[str], place_root: dict[str, str]) -> str | None:
    """The country actor the first one to three ``words`` name ("North Korean ..."), if any."""
    for n in range(min(3, len(words)), 0, -1):
        root = place_root.get(name_key(" ".join(words[:n])))
        if root is not None:
            return root
    return None


def _countries(descs: pd.DataFrame, actor_of: dict[str, str], kind_of: dict[str, str],
               cues: NameCues) -> dict[str, str]:
    """Person actor -> the country actor its descriptions name most often, twice at least
    ("North Korean leader", "U.S. President" written beside the name)."""
    place_root = _place_roots(actor_of, cues)
    votes: dict[str, Counter] = defaultdict(Counter)
    for form, link in zip(descs["form"], descs["link"]):
        person = actor_of.get(name_key(link)) if link else None
        if kind_of.get(person) != "person":
            continue
        words = str(form).split()
        for n in range(min(3, len(words) - 1), 0, -1):
            root = place_root.get(name_key(" ".join(words[:n])))
            if root is not None:
                votes[person][root] += 1
                break
    return {p: min(c, key=lambda r: (-c[r], r)) for p, c in votes.items() if max(c.values()) >= 2}


def _fits(actor_type: str, head: str, cues: NameCues, counted: bool = False) -> bool:
    """Whether a description with this head can stand for an actor of this type: a person
    role for a person, a state noun ("the administration", "the country") for a place,
    another group noun ("the committee", "the party") for an organisation or group. The
    plural of a person role that is also a state body ("immigration officials") is the
    state's, unless ``counted`` ("the two officials": two people)."""
    word = singular(head)
    if word in cues.role_person and (counted or word == head or not state_body(word, cues)):
        return actor_type == "person"
    if state_body(word, cues):
        return actor_type == "place"
    return actor_type == "other"


def _main_place(before: list[str], country_of: dict[str, str], kind_of: dict[str, str], head: str,
                cues: NameCues) -> list[str]:
    """The country an article has named most often before a bare country noun with none in reach
    ("the administration" three paragraphs after the last "U.S."; the ``country_noun`` cue rows; a
    leader counts as his country; a tie goes to the one named first): news keeps "the country" for
    the country it is about."""
    tally: Counter = Counter()
    for a in before:
        a = country_of.get(a, a)
        if _fits(kind_of.get(a, ""), head, cues):
            tally[a] += 1
    return [max(tally, key=tally.__getitem__)] if tally else []


def description_actors(names: pd.DataFrame, descs: pd.DataFrame, actor_of: dict[str, str],
                       cues: NameCues) -> list[tuple[str, ...]]:
    """The actors of each description row (empty if none; rule 5 of the module doc).

    A description written beside a name is that name's actor (three votes); a person
    role with a demonym, the person of that country (two votes: "his Japanese counterpart").
    Otherwise it votes for the actor named last before it in the article
    whose type fits its head (:func:`_fits`; for a person role, one that
    carries the head as a title if any does; for a state noun, a person whose
    descriptions name his country counts as that country); a counted plural ("the two
    leaders", "both countries") votes for that many distinct actors named
    before it. A form goes to every actor with two votes and (singular forms)
    a quarter of its votes ("the president" can be two presidents of one
    study), and each mention to the actors it voted for."""
    titles: dict[str, set[str]] = defaultdict(set)  # head word -> actors that carry it as a title
    for core, title in zip(names["core"], names["title"]):
        for w in str(title).split():
            titles[w.lower().rstrip(".")].add(actor_of[name_key(core)])
    kind_of = actor_types(names, actor_of, cues)
    order = names.sort_values(["article_id", "start"], kind="stable")
    by_article: dict[str, tuple[list[int], list[str]]] = {}
    for aid, end, core in zip(order["article_id"], order["end"], order["core"]):
        ends, actors = by_article.setdefault(aid, ([], []))
        ends.append(int(end))
        actors.append(actor_of[name_key(core)])
    country_of = _countries(descs, actor_of, kind_of, cues)
    place_root = _place_roots(actor_of, cues)
    persons_of: dict[str, set[str]] = defaultdict(set)  # country actor -> the persons whose country it is
    for p, c in country_of.items():
        persons_of[c].add(p)
    named_place: dict[tuple[str, ...], str | None] = {}  # modifiers -> the country they name, read once
    votes: dict[str, Counter] = defaultdict(Counter)
    plural: set[str] = set()
    voted: list[tuple[str, tuple[str, ...]]] = []
    for aid, start, form, head, mods, link in zip(descs["article_id"], descs["start"], descs["form"],
                                                  descs["head"], descs["modifiers"], descs["link"]):
        dkey = normalise_entry(form)
        got: list[str] = []
        number = max((NUMBERS.get(m, 0) for m in mods), default=0) if isinstance(mods, list) else 0
        if link:
            actor = actor_of.get(name_key(link), "")
            if state_body(head, cues) and kind_of.get(actor) == "person":
                # "the Trump administration": the state he heads; with no country known, the man himself
                # ("the Obama administration" in a study that never writes "U.S. President Obama")
                actor = country_of.get(actor, actor if head in cues.country_nouns else "")
            got = [actor] if actor else []
            votes[dkey][actor] += 3
        elif aid in by_article:
            ends, actors = by_article[aid]
            allowed = titles.get(head) if head in cues.role_person else None
            of_country: set[str] = set()
            if head in cues.role_person and isinstance(mods, list) and mods:
                # "his Japanese counterpart", "the French president": a person of that country
                key = tuple(mods[:3])
                if key not in named_place:
                    named_place[key] = _named_place(mods, place_root)
                country = named_place[key]
                of_country = persons_of.get(country, set()) if country else set()
                if allowed and not allowed & of_country:
                    of_country = set()  # "the Israeli ambassador": others carry the title, not the country's leader
                if of_country:
                    allowed = (allowed or set()) & of_country or of_country
            his = None
            if str(form).split()[0].lower() in ("his", "her") and state_body(head, cues):
                # "his administration": the country of the person named last ("the Trump administration"),
                # past places and groups named since ("Abe wants U.S. support of his government")
                k = bisect_right(ends, start) - 1
                while k >= 0 and ends[k] >= start - RECENCY_CHARS and kind_of.get(actors[k]) != "person":
                    k -= 1
                his = country_of.get(actors[k]) if k >= 0 and ends[k] >= start - RECENCY_CHARS else None
                allowed = {his} if his else None
            want = number or 1
            reach = RECENCY_CHARS * (2 if number else 1)
            state = not allowed and state_body(head, cues) and \
                (head not in cues.role_person and (singular(head) not in cues.role_person or not number))
            i = bisect_right(ends, start) - 1
            while i >= 0 and ends[i] >= start - reach and len(got) < want:
                a = actors[i]
                if state:  # "Mr. Abe spoke; the government agreed": a leader named stands for his country
                    a = country_of.get(a, a)
                if a not in got and ((allowed and a in allowed) or (not allowed and _fits(kind_of.get(a, ""),
                                                                                          head, cues, bool(number)))):
                    got.append(a)
                i -= 1
            if not got and his:
                got = [his]  # his country, named or not
            if not got and of_country and not number:  # "his Japanese counterpart. Abe arrived": anywhere
                near = [(abs(e - start), k) for k, (e, a) in enumerate(zip(ends, actors)) if a in of_country]
                got = [actors[min(near)[1]]] if near else []
            if not got and head in cues.country_nouns and str(form).lower() == head:
                got = _main_place(actors[:bisect_right(ends, start)], country_of, kind_of, head, cues)
            if len(got) < want:
                got = []  # "the two leaders" with one leader in reach: not read
            for a in got:
                # a demonym names whose: "his Japanese counterpart" is surely Abe, a form even if written once
                votes[dkey][a] += 2 if a in of_country else 1
            if number:
                plural.add(dkey)
        voted.append((dkey, tuple(got)))
    accepted: dict[str, set[str]] = {}
    for dkey, c in votes.items():
        c.pop("", None)
        total = sum(c.values())
        share = 0 if dkey in plural else DESC_SHARE
        accepted[dkey] = {a for a, n in c.items() if n >= 2 and n >= share * total}
    return [tuple(a for a in got if a in accepted.get(dkey, ())) for dkey, got in voted]


def link_descriptions(names: pd.DataFrame, descs: pd.DataFrame, actor_of: dict[str, str],
                      cues: NameCues) -> dict[str, str]:
    """Description key -> the actor most of its mentions belong to (:func:`description_actors`)."""
    got: dict[str, Counter] = defaultdict(Counter)
    for form, actors in zip(descs["form"], description_actors(names, descs, actor_of, cues)):
        for actor in actors:
            got[normalise_entry(form)][actor] += 1
    return {k: min(c, key=lambda a: (-c[a], a)) for k, c in got.items()}
