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
   the North Korean leader"; "North Korean leader Kim Jong Un"), or else to
   the actor named last before it in the same article, restricted to actors
   that carry the description's head as a title ("the president" -> the
   actor called "President X"); it needs two votes and a majority;
6. the names, capitals, demonyms and seats of government of one country in
   the place table (``data/discover/places.csv``, after the CIA World
   Factbook) are one actor ("Pyongyang", "North Korean" -> "North Korea";
   "the Kremlin", "Moscow" -> "Russia").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import lru_cache

import pandas as pd

from ..measure.lexicon import normalise_entry
from .cues import NameCues
from .mentions import WordStats, is_acronym

_CONNECTORS = {"of", "the", "and", "for", "al", "el", "bin", "ibn", "de", "van", "von", "da", "del", "la", "le", "di"}
_DEMONYM_SUFFIXES = ("ians", "ans", "ese", "ian", "an", "is", "ns", "i", "n")
RECENCY_CHARS = 300  # how far back (characters, same article) a description looks for its actor
MIN_ID_COUNT = 2    # a multi-word name gives the actor its id if written this often ...
ID_SHARE = 0.1      # ... and at least this share as often as the actor's most frequent name
MIN_SHARE = 0.8      # a short form joins a longer one only if that one has this share of the candidates


@lru_cache(maxsize=1 << 17)  # called once per mention; a corpus has far fewer distinct forms
def name_key(form: str) -> str:
    """The grouping key of a name: the lexicon's duplicate key, dots of acronyms removed."""
    if is_acronym(form):
        return form.replace(".", "").upper()
    return normalise_entry(form.replace(".", " ") if re.search(r"\b[A-Z]\.", form) else form)


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
    """A full name without its middle initials and generational suffix."""
    words = key.split()
    if len(words) < 3:
        return key
    return " ".join([words[0]] + [w for w in words[1:-1] if len(w) > 1] +
                    ([words[-1]] if words[-1] not in ("jr", "sr", "ii", "iii", "iv") else []))


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


def group_names(names: pd.DataFrame, cues: NameCues) -> tuple[dict[str, str], dict[str, str]]:
    """Union the cores of the name mentions: (core key -> actor root key, core key -> rule that joined it)."""
    counts = Counter(names["core"].map(name_key))
    uf, rule = _Union(), {}
    for k in counts:
        uf.find(k)
    multi = [k for k in counts if " " in k]
    by_edge: dict[str, list[str]] = defaultdict(list)
    for k in multi:
        words = k.split()
        for n in range(1, len(words)):
            by_edge[" ".join(words[-n:])].append(k)  # suffix ("trump" of "donald trump")
            by_edge["^" + " ".join(words[:n])].append(k)  # prefix ("kim" of "kim jong un")
    place_of = {name_key(form): (country, kind) for form, country, kind in cues.places}
    common = {name_key(c) for c in names["core"] if c.islower()}  # group nouns (helpers.discover.groups)
    places = set(counts)
    for k in counts:
        place = _demonym_place(k, places)
        if place is not None:
            uf.union(k, place)
            rule.setdefault(k, "demonym")
    _group_places(counts, place_of, uf, rule)
    for k in counts:  # "James B. Comey", "Robert S. Mueller III" -> "James Comey", "Robert Mueller"
        plain = _plain(k)
        if plain != k and plain in counts:
            uf.union(k, plain)
            rule.setdefault(k, "contained")
    for k in sorted(counts, key=lambda x: (-counts[x], x)):
        if is_acronym(k) or k in place_of or k in common:  # a place form is its country's, not part of
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


def link_descriptions(names: pd.DataFrame, descs: pd.DataFrame, actor_of: dict[str, str],
                      cues: NameCues) -> dict[str, str]:
    """Description key -> actor root, from direct links and recency votes (see module doc)."""
    titles: dict[str, set[str]] = defaultdict(set)  # head word -> actors that carry it as a title
    for core, title in zip(names["core"], names["title"]):
        for w in str(title).split():
            titles[w.lower().rstrip(".")].add(actor_of[name_key(core)])
    votes: dict[str, Counter] = defaultdict(Counter)
    # per article: the names' ends (ascending: mentions do not overlap) and actors, in text order
    order = names.sort_values(["article_id", "start"], kind="stable")
    by_article: dict[str, tuple[list[int], list[str]]] = {}
    for aid, end, core in zip(order["article_id"], order["end"], order["core"]):
        ends, actors = by_article.setdefault(aid, ([], []))
        ends.append(int(end))
        actors.append(actor_of[name_key(core)])
    for aid, start, form, head, link in zip(descs["article_id"], descs["start"], descs["form"], descs["head"],
                                            descs["link"]):
        dkey = normalise_entry(form)
        if link:
            votes[dkey][actor_of.get(name_key(link), "")] += 3
            continue
        got = by_article.get(aid)
        if got is None:
            continue
        ends, actors = got
        allowed = titles.get(head) if head in cues.role_person else None
        i = bisect_right(ends, start) - 1
        while i >= 0 and ends[i] >= start - RECENCY_CHARS:
            if not allowed or actors[i] in allowed:
                votes[dkey][actors[i]] += 1
                break
            i -= 1
    out = {}
    for dkey, c in votes.items():
        c.pop("", None)
        if not c:
            continue
        actor, n = c.most_common(1)[0]
        if n >= 2 and n * 2 > sum(c.values()):
            out[dkey] = actor
    return out


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
    actor_of, rule = group_names(names, cues)
    desc_actor = link_descriptions(names, descs, actor_of, cues) if not descs.empty else {}
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
        elif rule.get(ckey) in ("demonym", "metonym"):
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
    for d in descs.itertuples(index=False):
        dkey = normalise_entry(d.form)
        if dkey in desc_actor:
            rows.append((d.article_id, d.start, d.end, d.form, dkey, desc_actor[dkey], "description", ""))
    df = pd.DataFrame(rows, columns=[*cols, "core"])
    sizes = df.groupby("actor")["form"].size()
    df = df[df["actor"].map(sizes) >= min_count].copy()
    df["actor"] = df["actor"].map(_actor_ids(df))
    return df.sort_values(["actor", "article_id", "start"], kind="stable")[cols].reset_index(drop=True)


def _actor_ids(df: pd.DataFrame) -> dict[str, str]:
    """Root key -> readable unique id: the slug of the actor's most frequent multi-word name
    (titles set aside, so "President Moon Jae-in" gives ``moon_jae_in``), else of its most
    frequent name."""
    out, used = {}, set()
    for root, g in df.groupby("actor", sort=True):
        cores = g.loc[g["core"] != "", "core"]  # names without their titles: "President Moon Jae-in" -> moon jae in
        if cores.empty:
            cores = g["key"]
        counts = cores.value_counts().sort_index().sort_values(ascending=False, kind="stable")
        multi = counts[counts.index.str.contains(" ") & ~counts.index.map(is_acronym)]
        # a full name names the actor unless it is a stray ("Iran Nuclear" once beside "Iran" 81 times)
        multi = multi[multi >= max(MIN_ID_COUNT, ID_SHARE * counts.iloc[0])]
        top = multi.index[0] if len(multi) else counts.index[0]
        slug = re.sub(r"[^a-z0-9]+", "_", top.lower()).strip("_") or "actor"
        base, i = slug, 2
        while slug in used:
            slug, i = f"{base}_{i}", i + 1
        used.add(slug)
        out[root] = slug
    return out
