"""Group name mentions and descriptions into actors.

Forms are grouped by rules a reader can check, each found in the study's
own text (cf. the alias grouping of cross-document coreference, Bagga &
Baldwin 1998; the NewsWCL50 coders' concept merging, Hamborg et al. 2019):

1. same name after the title is set aside ("Mr. Kim", "President Trump");
2. one form is the first or last words of longer ones that (almost always)
   belong to one actor ("Kim" -> "Kim Jong Un", "Trump" -> "Donald Trump",
   "the North" -> "North Korea" / "North Koreans" beside one "North
   Carolina"; "Korea" stays alone when "North Korea" and "South Korea" are
   both written); a full name with a middle initial or "Jr."/"III" is the
   name without it ("James B. Comey" -> "James Comey");
3. an acronym spells the initials of a name the text writes in full
   ("DNC" -> "Democratic National Committee", "U.S." -> "United States");
4. a demonym is its place name plus a suffix ("North Korean" -> "North
   Korea", "Iranians" -> "Iran");
5. a description belongs to the actor it is written beside ("Kim Jong Un,
   the North Korean leader"; "North Korean leader Kim Jong Un"; a state body
   after a person's name, "the Trump administration", to the person's
   country, or to the person when the study names no country of his and the
   noun is a country noun ("the Christie administration"); "his administration" likewise to the country of the person named
   last), or else to the actor named last before it in the same article
   whose type fits its head -- a person role for a person (one that carries
   the head as a title if any does: "the president" -> the actor called
   "President X"; with a demonym, a person whose descriptions name that
   country, anywhere in the article: "his Japanese counterpart" -> Abe),
   a state noun for a place (a leader whose descriptions
   name his country counts as it: "Mr. Abe ... the government"), another
   group noun for an organisation; a counted plural ("the two leaders",
   "both countries") to that many actors; a bare country noun ("the
   country", "the administration") with none in reach to the country the
   article has named most. A form goes to each actor with two votes (and, for a
   singular form, a quarter of its votes), each mention to the actor it
   voted for (:func:`helpers.discover.links.description_actors`);
6. the names, capitals, demonyms and seats of government of one country in
   the place table (``data/discover/places.csv``, after the CIA World
   Factbook) are one actor ("Pyongyang", "North Korean" -> "North Korea";
   "the Kremlin", "Moscow" -> "Russia");
7. members named after their organisation join it ("Democrats" -> "Democratic
   Party", "Democratic National Committee"; kind ``member``).

Not joined: a cue word ("House", "Chief") to a longer name it ends or starts;
a full name to the same name with "Jr." (a son, not his father).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from ..measure.lexicon import normalise_entry
from .cues import NameCues
from .forms import is_acronym, name_key
from .links import description_actors
from .mentions import WordStats

_CONNECTORS = {"of", "the", "and", "for", "al", "el", "bin", "ibn", "de", "van", "von", "da", "del", "la", "le", "di"}
_DEMONYM_SUFFIXES = ("ians", "ans", "ese", "ian", "an", "is", "ns", "i", "n")
MIN_ID_COUNT = 2    # a full name gives the actor its id if written this often
MIN_SHARE = 0.8      # a short form joins a longer one only if that one has this share of the candidates


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _plain(key: str) -> str:
    """A full name without its middle initials and numeral suffix ("Robert S. Mueller III"); "Jr."
    stays, as news writes it to tell a son from his father ("Donald Trump Jr.")."""
    words = key.split()
    if len(words) < 3:
        return key
    return " ".join([words[0]] + [w for w in words[1:-1] if len(w) > 1] +
                    ([words[-1]] if words[-1] not in ("ii", "iii", "iv") else []))


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _CONNECTORS).upper()


def _demonym_place(key: str, places: set[str]) -> str | None:
    """The place key ``key`` is the demonym of ("north korean" -> "north korea")."""
    words = key.split()
    last = words[-1]
    for suffix in _DEMONYM_SUFFIXES:
        if not last.endswith(suffix) or len(last) - len(suffix) < 3:
            continue
        stem = last[: -len(suffix)]
        for cand in (stem, stem + "a", stem + "o", stem + "e", stem + "ia"):
            place = " ".join(words[:-1] + [cand])
            if place != key and place in places:
                return place
    return None


def _common_tail(key: str, counts: Counter, stats: WordStats, titled: set[str]) -> bool:
    """"James Comey Memos": a person's name written elsewhere ("James Comey"; a person: its last word
    is written with a title somewhere, "Mr. Comey") and then a plural the corpus writes in lower case,
    capitalised in a headline or a quoted tweet. No longer name of the person ("New York Times" is one)."""
    words = key.split()
    last = words[-1]
    return len(words) >= 3 and last.endswith("s") and not last.endswith("ss") and words[-2] in titled \
        and " ".join(words[:-1]) in counts and stats.mostly_lower(last.capitalize())


def group_names(names: pd.DataFrame, cues: NameCues,
                stats: WordStats | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Union the cores of the name mentions: (core key -> actor root key, core key -> rule that joined it).
    With ``stats``, a name with a common plural tail ("James Comey Memos") joins nothing."""
    counts = Counter(names["core"].map(name_key))
    uf, rule = _Union(), {}
    for k in counts:
        uf.find(k)
    titled = {name_key(c).split()[-1] for c, t in zip(names["core"], names["title"]) if t and c}
    multi = [k for k in counts if " " in k and not (stats is not None and _common_tail(k, counts, stats, titled))]
    by_edge: dict[str, list[str]] = defaultdict(list)
    for k in multi:
        words = k.split()
        for n in range(1, len(words)):
            by_edge[" ".join(words[-n:])].append(k)  # suffix ("trump" of "donald trump")
            if words[-1] not in ("jr", "sr"):  # "Donald Trump" is no short form of "Donald Trump Jr."
                by_edge["^" + " ".join(words[:n])].append(k)  # prefix ("kim" of "kim jong un")
    place_of = {name_key(form): (country, kind) for form, country, kind in cues.places}
    common = {name_key(c) for c in names["core"] if c.islower()}  # group nouns (helpers.discover.groups)
    places = set(counts)
    orgs = _organisations(counts, cues)
    for k in counts:
        place = _demonym_place(k, places)
        # "Republican" of a "Republican Party" is a member word, not the demonym of "Republic"
        if place is not None and not (k in orgs and k not in place_of):
            uf.union(k, place)
            rule.setdefault(k, "demonym")
    _group_places(counts, place_of, uf, rule)
    for k in counts:  # "James B. Comey", "Robert S. Mueller III" -> "James Comey", "Robert Mueller"
        plain = _plain(k)
        if plain != k and plain in counts:
            uf.union(k, plain)
            rule.setdefault(k, "contained")
    cue_words = {w.lower() for w in cues.titles | cues.of_heads | cues.honorifics | cues.roles}
    _group_members(counts, cues, uf, rule)
    for k in sorted(counts, key=lambda x: (-counts[x], x)):
        # a cue word ("House") is no surname of "White House"; members are grouped with their organisation
        if is_acronym(k) or k in place_of or k in common or k in cue_words or rule.get(k) == "member":  # a place form is its country's, not part of
            # "Central America"; a group noun ("memos") is not the last word of a name ("Comey Memos")
            continue
        cands = by_edge.get(k) or by_edge.get("^" + k) or []
        cands = [c for c in cands if c != k]
        if cands:  # shares counted per actor: "North" -> North Korea / North Korean(s), not North Carolina
            per_root: Counter = Counter()
            for c in cands:
                per_root[uf.find(c)] += counts[c]
            root, n = min(per_root.items(), key=lambda rn: (-rn[1], rn[0]))
            if n >= MIN_SHARE * sum(per_root.values()):
                uf.union(k, max((c for c in cands if uf.find(c) == root), key=lambda c: (counts[c], c)))
                rule.setdefault(k, "contained")
    spelled = defaultdict(list)
    for k in multi:
        spelled[_initials(k)].append(k)
    for k in counts:
        if is_acronym(k) and spelled.get(k):
            uf.union(k, max(spelled[k], key=lambda c: (counts[c], c)))
            rule.setdefault(k, "acronym")
    return {k: uf.find(k) for k in counts}, rule


def _organisations(counts: Counter, cues: NameCues) -> dict[str, list[str]]:
    """First word -> the organisation names it opens: names whose last word is an
    organisation head of the cue file ("Republican Party", "Democratic National Committee")."""
    heads = {w.lower() for w in cues.of_heads}
    places = {name_key(form) for form, _, _ in cues.places}
    orgs: dict[str, list[str]] = defaultdict(list)
    for k in counts:
        words = k.split()
        # "New Jersey Republican State Committee" opens with a place, not with its members' word
        # (else "News" would join it)
        # "Obama White House" ends with a seat of government: an administration, not an organisation of "Obamas"
        if len(words) >= 2 and words[-1] in heads and not (len(words) > 2 and " ".join(words[:2]) in counts) \
                and " ".join(words[1:]) not in places:
            orgs[words[0]].append(k)
    return orgs


def _group_members(counts: Counter, cues: NameCues, uf: _Union, rule: dict[str, str]) -> None:
    """Rule 7: members named after their organisation join it: "Democrats", "Democrat" ->
    "Democratic Party" / "Democratic National Committee"; "Republicans" -> "Republican
    Party"; "Republican", when "Republicans" is written too, is one of them. An organisation is
    a name whose last word is an organisation head of the cue file (Party, Committee, ...) and
    whose first word is the members' word, or it + "ic"."""
    orgs = _organisations(counts, cues)
    places = {name_key(form) for form, _, _ in cues.places}  # "Americans" are the country's, not the ACLU's
    for k in list(counts):
        if " " in k or is_acronym(k) or k in places:
            continue
        stem = k[:-1] if k.endswith("s") else k
        found = (orgs.get(stem, []) if stem != k else []) + orgs.get(stem + "ic", [])
        if not found and k + "s" in counts:
            found = orgs.get(k, [])  # "Republican" beside "Republicans": one member, not an actor of its own
        if found:
            for org in found:
                uf.union(k, org)
            rule.setdefault(k, "member")


def _group_places(counts: Counter, place: dict[str, tuple[str, str]], uf: _Union, rule: dict[str, str]) -> None:
    """Rule 6: the forms the place table gives one country ("Pyongyang", "North Korean",
    "DPRK") join that country's actor (and are not read as part of a longer name,
    "America" of "Central America"; so the table leaves out places that are common
    surnames, such as Jordan or Georgia)."""
    anchor: dict[str, str] = {}
    for k in sorted(counts, key=lambda x: (-counts[x], x)):
        got = place.get(k)
        if got is None:
            continue
        country, kind = got
        if country in anchor:
            uf.union(k, anchor[country])
        else:
            anchor[country] = k
        rule[k] = "metonym" if kind in ("capital", "seat") else "demonym" if kind.startswith("demonym") else \
            rule.get(k, "place")


def actor_forms(names: pd.DataFrame, descs: pd.DataFrame, cues: NameCues, stats: WordStats,
                min_count: int = 3) -> pd.DataFrame:
    """One row per (actor, form) with every mention of it: the grouped candidate actors.

    Returns the mentions (article_id, start, end, form, key, actor, kind),
    only for actors with at least ``min_count`` mentions; ``actor`` is a slug of
    the actor's most frequent multi-word name (else its most frequent form).
    """
    cols = ["article_id", "start", "end", "form", "key", "actor", "kind"]
    if names.empty:
        return pd.DataFrame(columns=cols)
    actor_of, rule = group_names(names, cues, stats)
    desc_actor = description_actors(names, descs, actor_of, cues) if not descs.empty else []
    rows = []
    for n in names.itertuples(index=False):
        ckey = name_key(n.core)
        actor = actor_of[ckey]
        if n.title:
            kind = "title+name"
        elif is_acronym(n.core):
            kind = "acronym"
        elif ckey.islower() and n.core == ckey:
            kind = "group"
        elif rule.get(ckey) in ("demonym", "metonym", "member"):
            kind = rule[ckey]
        elif " " in ckey:
            kind = "full name"
        else:
            kind = "surname" if rule.get(ckey) == "contained" else "name"
        form = n.form if n.title else n.core
        rows.append((n.article_id, n.start if n.title else n.core_start, n.end, form,
                     name_key(form) if kind != "acronym" else ckey, actor, kind, ckey))
        if n.title and " " in ckey:  # "Shinzo Abe" of "Prime Minister Shinzo Abe": the alias a lexicon needs
            rows.append((n.article_id, n.core_start, n.end, n.core, ckey, actor, "full name", ckey))
        if n.title and n.prefix and n.full != n.form:  # "South Korean President Moon Jae-in" as written
            rows.append((n.article_id, n.end - len(n.full), n.end, n.full, name_key(n.full), actor, kind, ckey))
    for d, actors in zip(descs.itertuples(index=False), desc_actor):
        for actor in actors:  # "North Korean leader Kim Jong Un" as written: the name with its description
            kind = "title+name" if d.link[:1].isupper() and str(d.form).find(d.link) > 0 else \
                "group" if d.link[:1].islower() else "description"
            rows.append((d.article_id, d.start, d.end, d.form, normalise_entry(d.form), actor, kind, ""))
    df = _split_by_honorific(pd.DataFrame(rows, columns=[*cols, "core"]), cues)
    sizes = df.groupby("actor")["form"].size()
    df = df[df["actor"].map(sizes) >= min_count].copy()
    country = {name_key(form): c for form, c, _ in cues.places}
    df["actor"] = df["actor"].map(_actor_ids(df, country))
    return df.sort_values(["actor", "article_id", "start"], kind="stable")[cols].reset_index(drop=True)


def _split_by_honorific(df: pd.DataFrame, cues: NameCues) -> pd.DataFrame:
    """An actor written both "Mr. X" and "Mrs./Ms. X" is two people of one surname
    ("Mr. Clinton" and "Mrs. Clinton"; "Mr. Trump" and his wife): the forms with the
    less used of the two honorifics become an actor of their own ("mrs_trump"), so
    accepting the actor does not count one person's mentions as the other's. A tie
    is left as one actor (nothing tells which is which)."""
    if not (cues.men_honorifics and cues.women_honorifics):
        return df
    sex = {w: "m" for w in cues.men_honorifics} | {w: "f" for w in cues.women_honorifics}
    title = df["form"].str.extract(r"^([A-Z][a-z]+)\.?\s", expand=False).map(sex)
    titled = df[(df["kind"] == "title+name") & title.notna()]
    if titled.empty:
        return df
    per = titled.groupby(["actor", title[titled.index]]).size().unstack(fill_value=0)
    if not {"m", "f"} <= set(per.columns):
        return df
    both = per[(per["m"] > 0) & (per["f"] > 0) & (per["m"] != per["f"])]
    if both.empty:
        return df
    minority = {a: ("m" if r.m < r.f else "f") for a, r in both.iterrows()}
    move = df["actor"].map(minority).eq(title) & (df["kind"] == "title+name")
    df = df.copy()
    # the form itself is the new actor's name ("Mrs. Trump"), and its key its root
    df.loc[move, "core"] = df.loc[move, "form"]
    df.loc[move, "actor"] = df.loc[move, "key"]
    return df


def _actor_ids(df: pd.DataFrame, country: dict[str, str] | None = None) -> dict[str, str]:
    """Root key -> readable unique id: for a country of the place table (``country``: place
    form key -> country), the slug of the country's name, whatever form the study writes most
    ("White House" is a metonym of ``united_states``); else the slug of the actor's most frequent
    full name written at least twice (then the longest; titles, demonyms and metonyms set aside,
    so "President Moon Jae-in" gives ``moon_jae_in`` and "James Comey" beats "Comey"), else of its
    most frequent name. Counted in plain Python: one pass, no per-actor pandas calls."""
    country = country or {}
    names: dict[str, Counter] = defaultdict(Counter)  # root -> core -> count
    full: dict[str, Counter] = defaultdict(Counter)   # root -> multi-word core (no demonym) -> count
    keys: dict[str, Counter] = defaultdict(Counter)   # root -> key, for actors with descriptions only
    places: dict[str, Counter] = defaultdict(Counter)  # root -> country of its place forms -> count
    for root, core, kind, key in zip(df["actor"], df["core"], df["kind"], df["key"]):
        if core and name_key(core) in country:
            places[root][country[name_key(core)]] += 1
        if core and kind == "metonym":
            continue  # "White House" names no country
        if core:
            names[root][core] += 1
            if kind != "demonym" and " " in core:
                full[root][core] += 1
        else:
            keys[root][key] += 1
    out, used = {}, set()
    for root in sorted(set(df["actor"])):
        # a full name written once is a stray ("Iran Nuclear" once beside "Iran" 81 times)
        multi = {k: n for k, n in full[root].items() if n >= MIN_ID_COUNT}
        counts = names[root] or keys[root] or places[root]
        if places[root]:
            top = min(places[root], key=lambda k: (-places[root][k], k))
        elif multi:
            top = min(multi, key=lambda k: (-multi[k], -len(k), k))
        else:
            top = min(counts, key=lambda k: (-counts[k], k))
        slug = re.sub(r"[^a-z0-9]+", "_", top.lower()).strip("_") or "actor"
        base, i = slug, 2
        while slug in used:
            slug, i = f"{base}_{i}", i + 1
        used.add(slug)
        out[root] = slug
    return out
