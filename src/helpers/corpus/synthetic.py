"""A deterministic synthetic news corpus for scale tests and benchmarks.

Articles look like wire-style conflict reporting: a headline, then
paragraphs of one to three sentences separated by blank lines, with direct
quotations (``“...,” X said``), hedges, boosters, loaded terms, several
naming forms per actor and anonymous sourcing, at rates that differ by
outlet (so outlet comparisons have something to find). The words come from
the same families as ``data/lexicons/`` but the generator does not read the
lexicon files: editing a lexicon must not change the corpus.

Nothing here is real reporting; it is for measuring speed and memory and for
exercising the pipeline end to end.
"""

from __future__ import annotations

import datetime as _dt
import io
import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.storage import atomic_write_bytes

CORPUS_COLUMNS = ["article_id", "outlet", "event", "title", "published", "text"]


@dataclass(frozen=True)
class _Style:
    name: str
    curly: bool          # typographic quotes and apostrophes
    loaded: float        # chance a sentence carries a loaded term
    hedge: float         # chance a sentence is hedged
    booster: float
    quote: float         # chance a paragraph opens with a direct quotation
    anonymous: float     # chance an attribution is anonymous
    naming: dict[str, list[str]]  # actor -> preferred surface forms


_BASE_NAMING = {
    "iran": ["Iran", "Tehran", "Iran", "the Islamic Republic"],
    "united_states": ["the United States", "Washington", "the US", "the U.S."],
    "israel": ["Israel", "Israel", "Jerusalem"],
    "iraqi_groups": ["Iraqi militias", "Shiite militias", "the Popular Mobilization Forces", "armed groups"],
    "islamic_state": ["the Islamic State group", "ISIS", "IS"],
    "saudi_arabia": ["Saudi Arabia", "Riyadh"],
    "iraq_government": ["Baghdad", "the Iraqi government"],
}

_STYLES = (
    _Style("The Morning Ledger", True, 0.04, 0.10, 0.03, 0.45, 0.15, _BASE_NAMING),
    _Style("Global Wire", False, 0.03, 0.14, 0.02, 0.40, 0.30, _BASE_NAMING),
    _Style("Eastern Herald", True, 0.12, 0.20, 0.08, 0.30, 0.35, {
        **_BASE_NAMING,
        "israel": ["Tel Aviv", "Israel", "the Zionist regime"],
        "islamic_state": ["Daesh*", "Daesh", "the terrorist group Daesh*"],
        "iraqi_groups": ["Iraqi allies of Iran", "Shi’ite allies", "the Popular Mobilisation Forces"],
    }),
    _Style("Capital Post", True, 0.08, 0.08, 0.06, 0.50, 0.10, {
        **_BASE_NAMING,
        "iran": ["Iran", "the Iranian regime", "Tehran", "the regime"],
        "iraqi_groups": ["Iran’s proxies", "Iranian-backed militias", "Shia proxies", "militants"],
    }),
    _Style("Regional Times", False, 0.05, 0.12, 0.04, 0.35, 0.25, _BASE_NAMING),
    _Style("Frontier News", True, 0.10, 0.16, 0.05, 0.40, 0.20, {
        **_BASE_NAMING,
        "united_states": ["Washington", "America", "the US administration"],
    }),
)

_TOPICS = [
    ("ballistic missiles", "missile transfers"), ("sanctions", "new sanctions"),
    ("airstrikes", "air raids"), ("the nuclear deal", "the nuclear agreement"),
    ("troop deployments", "the deployment"), ("drone attacks", "the drone strikes"),
    ("border clashes", "the clashes"), ("oil exports", "crude shipments"),
    ("prisoner exchange", "the swap"), ("rocket factories", "weapons workshops"),
    ("shipping lanes", "tanker traffic"), ("election results", "the vote"),
]
_ACTORS = list(_BASE_NAMING)
_PEOPLE = [
    ("Foreign Ministry spokesman", "Bahram Qasemi"), ("Defence Minister", "Amir Hatami"),
    ("State Department spokeswoman", "Heather Nauert"), ("Prime Minister", "Haider al-Abadi"),
    ("military analyst", "Jane Porter"), ("senior researcher", "Ali Vaez"),
    ("UN envoy", "Jan Kubis"), ("Pentagon spokesman", "Eric Pahon"),
]
_NEUTRAL = ["said", "said", "said", "told reporters", "added", "stated", "noted", "explained"]
_EVALUATIVE = ["claimed", "insisted", "warned", "admitted", "denied", "alleged", "argued", "accused"]
_HEDGE_ADVERBS = ["reportedly", "allegedly", "possibly", "apparently", "probably"]
_HEDGE_MODALS = ["may", "might", "could", "appears to", "is believed to", "is likely to",
                 "is said to", "seems to", "would"]
_BOOSTERS = ["clearly", "certainly", "undoubtedly", "strongly", "totally", "indeed", "in fact"]
_LOADED = ["so-called", "terrorist", "regime", "aggression", "propaganda", "militants",
           "extremist", "malign", "destabilising", "Iranophobia", "hardliners", "occupation"]
_ANON = ["officials said", "a senior official said", "sources familiar with the matter said",
         "two intelligence sources said", "an official who spoke on condition of anonymity said",
         "anonymous sources said", "according to Western officials", "people familiar with the plans said"]
_VERBS = ["has expanded", "is preparing", "has increased", "has suspended", "is reviewing",
          "has accelerated", "has denied involvement in", "has defended", "plans to discuss",
          "has stepped up", "has criticised", "is monitoring"]
_OBJECTS = ["the programme", "its support for allied forces", "talks with neighbours",
            "shipments to the region", "security cooperation", "its presence near the border",
            "funding for the project", "plans announced last month", "the agreement",
            "reconstruction work", "its military budget", "efforts to contain the crisis"]
_TIMES = ["on Saturday", "on Friday", "this week", "earlier this year", "last month",
          "in recent months", "since 2017", "over the past year", "on Monday", "in the coming weeks"]
_QUOTES = [
    "This is a matter for the people of the region and nobody else",
    "We have been very clear about our position from the start",
    "The reports are groundless and designed to spread fear",
    "Our forces are ready to respond to any attack",
    "We will continue to monitor the situation closely",
    "There is no evidence for these accusations",
    "Any escalation would be a grave mistake",
    "The decision was taken after careful consideration",
]
_FILLER = [
    "The programme was launched several years ago with the backing of parliament and has grown steadily since then.",
    "Trade between the two countries has fallen sharply, and shipping companies have rerouted vessels to avoid the area.",
    "The city, home to nearly two million people, has seen a series of protests over electricity shortages and rising prices.",
    "Negotiators met for six hours in a hotel on the outskirts of the capital before the talks were adjourned.",
    "Figures published by the statistics office show unemployment rising for the third consecutive quarter.",
    "The bridge, which links the northern districts with the port, reopened to traffic after months of repairs.",
    "The move comes amid rising tensions in the region.",
    "Analysts say the dispute is unlikely to be resolved soon.",
    "The statement did not give further details.",
    "Neither side has commented publicly on the figures.",
    "The issue is expected to dominate talks next week.",
    "Officials declined to comment on the report.",
    "The government has repeatedly rejected such criticism.",
    "Diplomats in the capital described the mood as tense.",
]


def _q(style: _Style, text: str) -> str:
    if style.curly:
        return "“" + text + "”"
    return '"' + text + '"'


def _apos(style: _Style, text: str) -> str:
    return text.replace("'", "’") if style.curly else text.replace("’", "'")


def _sentence(rng: random.Random, style: _Style, actors: tuple[str, str], topic: tuple[str, str]) -> str:
    actor = actors[rng.random() < 0.35]
    # a third of sentences use a common noun, not a naming form
    subject = (rng.choice(style.naming[actor]) if rng.random() < 0.65 else
               rng.choice(["the ministry", "the delegation", "the coalition", "the commission",
                           "the navy", "the committee", "the central bank", "the agency"]))
    words = [subject[0].upper() + subject[1:]]
    if rng.random() < style.hedge:
        if rng.random() < 0.5:
            words.append(rng.choice(_HEDGE_ADVERBS))
            words.append(rng.choice(_VERBS))
        else:
            words.append(rng.choice(_HEDGE_MODALS))
            words.append(rng.choice(["expand", "increase", "review", "suspend", "defend", "accelerate"]))
    else:
        if rng.random() < style.booster:
            words.append(rng.choice(_BOOSTERS))
        words.append(rng.choice(_VERBS))
    words.append(rng.choice(_OBJECTS) if rng.random() < 0.6 else rng.choice(topic))
    if rng.random() < style.loaded:
        words.append(rng.choice(["amid what it called", "despite", "citing"]))
        words.append(rng.choice(_LOADED))
        words.append(rng.choice(["activity", "threats", "behaviour", "groups", "campaign"]))
    words.append(rng.choice(_TIMES))
    if rng.random() < 0.2:
        words.append(rng.choice(_ANON) if rng.random() < style.anonymous else
                     rng.choice(["Reuters reported", "the ministry said", "state media reported"]))
    return " ".join(words) + "."


def _quote_paragraph(rng: random.Random, style: _Style) -> str:
    quote = rng.choice(_QUOTES)
    if rng.random() < style.anonymous:
        speaker = rng.choice(["an official said", "a senior commander said",
                              "a source close to the government said", "one diplomat said"])
    else:
        role, name = rng.choice(_PEOPLE)
        speaker = f"{role} {name} " + rng.choice(_NEUTRAL + _EVALUATIVE[:3])
    return _q(style, quote + ",") + " " + speaker + "."


def _headline(rng: random.Random, style: _Style, actors: tuple[str, str], topic: tuple[str, str]) -> str:
    subject = rng.choice(style.naming[actors[0]])
    verb = rng.choice(["Denies", "Expands", "Reportedly Plans", "Warns Over", "Defends", "Rejects Claims on"])
    obj = topic[0].title()
    head = f"{subject[0].upper() + subject[1:]} {verb} {obj}"
    if rng.random() < 0.3:
        head += " " + _q(style, rng.choice(["Amid Tensions", "After Talks", "Despite Warnings"]).strip())
    return _apos(style, head)


_POOL_SIZE = 240  # paragraphs per (outlet style, event); articles draw from the pool


def _paragraph(rng: random.Random, style: _Style, actors: tuple[str, str], topic: tuple[str, str]) -> str:
    if rng.random() < style.quote:
        para = [_quote_paragraph(rng, style)]
    else:
        para = [_sentence(rng, style, actors, topic) for _ in range(rng.randint(1, 3))]
    for _ in range(rng.randint(0, 2)):
        para.append(rng.choice(_FILLER))
    rng.shuffle(para)
    return _apos(style, " ".join(para))


def _event_setup(event: int) -> tuple[tuple[str, str], tuple[str, str]]:
    topic = _TOPICS[event % len(_TOPICS)]
    actors = (_ACTORS[event % len(_ACTORS)], _ACTORS[(event * 3 + 1) % len(_ACTORS)])
    if actors[0] == actors[1]:
        actors = (actors[0], _ACTORS[(event + 1) % len(_ACTORS)])
    return actors, topic


def _pool(seed: int, outlet_index: int, event: int) -> list[tuple[str, int]]:
    """Paragraphs (and their word counts) one outlet writes about one event."""
    rng = random.Random(f"{seed}/{outlet_index}/{event}")
    style = _STYLES[outlet_index % len(_STYLES)]
    actors, topic = _event_setup(event)
    out = []
    for _ in range(_POOL_SIZE):
        para = _paragraph(rng, style, actors, topic)
        out.append((para, para.count(" ") + 1))
    return out


def generate_corpus(n_articles: int, seed: int = 0, outlets: int = 5, events: int = 10,
                    words_per_article: int = 600) -> pd.DataFrame:
    """``n_articles`` deterministic news-like articles (same arguments, same table).

    Columns: article_id (``syn-000000``...), outlet, event (``event-00``...),
    title, published (ISO date), text (headline, blank line, paragraphs
    separated by blank lines). Articles are spread round-robin over
    ``outlets`` and ``events``. There are 6 house styles; outlets beyond the
    sixth reuse them under numbered names ("Global Wire 2") with their own
    paragraph pools. Each article's paragraphs are drawn from a seeded pool per
    outlet and event, so a large corpus is cheap to generate.
    """
    if outlets < 1:
        raise ValueError("outlets must be at least 1")
    if events < 1 or n_articles < 0 or words_per_article < 1:
        raise ValueError("events, words_per_article must be positive and n_articles >= 0")
    rng = random.Random(seed)
    start = _dt.date(2018, 1, 1)
    pools: dict[tuple[int, int], list[tuple[str, int]]] = {}
    rows = []
    for i in range(n_articles):
        s_idx = i % outlets
        style = _STYLES[s_idx % len(_STYLES)]
        name = style.name if s_idx < len(_STYLES) else f"{style.name} {s_idx // len(_STYLES) + 1}"
        event = (i // outlets) % events
        pool = pools.get((s_idx, event))
        if pool is None:
            pool = pools[(s_idx, event)] = _pool(seed, s_idx, event)
        actors, topic = _event_setup(event)
        title = _headline(rng, style, actors, topic)
        parts, n_words = [title], title.count(" ") + 1
        while n_words < words_per_article:
            para, n = pool[int(rng.random() * _POOL_SIZE)]
            parts.append(para)
            n_words += n
        published = start + _dt.timedelta(days=event * 30 + rng.randint(0, 3))
        rows.append((f"syn-{i:06d}", name, f"event-{event:02d}", title, published.isoformat(),
                     "\n\n".join(parts)))
    return pd.DataFrame(rows, columns=CORPUS_COLUMNS)


def corpus_segments(corpus: pd.DataFrame) -> pd.DataFrame:
    """The generated articles as a segments table (docs/ARCHITECTURE.md, segments.csv).

    Synthetic text is already clean, so the cleaning stage can be skipped in
    benchmarks: paragraph 0 is the ``headline``, paragraph 1 the ``lede``, the
    rest ``body``; offsets index the text joined by blank lines, which is the
    generated ``text`` itself.
    """
    rows = []
    for article_id, text in zip(corpus["article_id"], corpus["text"]):
        pos = 0
        for i, para in enumerate(text.split("\n\n")):
            kind = "headline" if i == 0 else ("lede" if i == 1 else "body")
            rows.append((article_id, i, kind, pos, pos + len(para), para, 2 * i + 1, 2 * i + 1))
            pos += len(para) + 2
    return pd.DataFrame(rows, columns=["article_id", "segment_index", "segment", "start", "end", "text",
                                       "line_first", "line_last"])


def write_parquet(df: pd.DataFrame, path: str | Path) -> bool:
    """Write ``df`` as Parquet atomically (skipped if the bytes are identical); returns True if written."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow")
    return atomic_write_bytes(path, buf.getvalue())
