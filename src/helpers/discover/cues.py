"""The data files discovery reads: name cues (``data/discover/name_cues.csv``) and
the VADER valence lexicon shipped in the ``vaderSentiment`` package.

Both are data, not code: editing ``name_cues.csv`` changes which words count
as honorifics, titles and role nouns on the next run.

VADER: Hutto, C.J. & Gilbert, E. (2014) VADER: A Parsimonious Rule-based
Model for Sentiment Analysis of Social Media Text. Proc. ICWSM-14. The
lexicon (``vader_lexicon.txt``, about 7,500 entries rated -4..+4 by ten
raters) is MIT-licensed and read from the installed package, never downloaded.
"""

from __future__ import annotations

import csv
import importlib.resources
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..core.errors import FramingError

CUE_KINDS = ("honorific", "title", "role_person", "role_group", "of_head", "subject_verb", "speech_verb", "state_body",
             "people", "courtesy", "member", "honorific_man", "honorific_woman", "country_noun")
PLACE_KINDS = ("name", "capital", "demonym", "demonym_plural", "seat")
VADER_SOURCE = ("VADER lexicon: Hutto, C.J. & Gilbert, E. (2014) VADER, Proc. ICWSM-14; "
                "vaderSentiment package, MIT licence")


@dataclass(frozen=True)
class NameCues:
    """Words that shape name mentions; each set as written in the cue file."""

    honorifics: frozenset[str]   # Mr, Sen, Dr: abbreviations before a name (may take a '.')
    titles: frozenset[str]       # President, Secretary: capitalised titles before a name
    role_person: frozenset[str]  # leader, dictator: heads of descriptions of a person
    role_group: frozenset[str]   # regime, government: heads of descriptions of a group or state
    of_heads: frozenset[str]     # Department, Bank: 'X of Y' is one name
    places: tuple[tuple[str, str, str], ...] = ()  # (form, country, kind) from places.csv
    subject_verbs: frozenset[str] = frozenset()  # were, have: a plural noun before one is a clause subject
    speech_verbs: frozenset[str] = frozenset()   # said, told: ... and one only people take
    state_bodies: frozenset[str] = frozenset()   # government, officials: after a name, stand for its actor
    people: frozenset[str] = frozenset()         # migrants, supporters: plural nouns for groups of people
    courtesy: frozenset[str] = frozenset()       # Sir, Dame: titles of address, no office ("the US Sir Kim": two names)
    members: frozenset[str] = frozenset()        # members, participants: the people of a collective ("caravan's members")
    men_honorifics: frozenset[str] = frozenset()    # Mr: "Mr. Clinton" and "Mrs. Clinton" are two people
    women_honorifics: frozenset[str] = frozenset()  # Mrs, Ms, Miss
    country_nouns: frozenset[str] = frozenset()  # country, administration: "the country" is the one an article is about

    @cached_property
    def roles(self) -> frozenset[str]:  # cached: read for every determiner of every text
        return self.role_person | self.role_group

    @cached_property
    def place_words(self) -> frozenset[str]:
        """The one-word forms of the place table ("Moscow"): names even at a sentence start."""
        return frozenset(form for form, _, _ in self.places if " " not in form)

    @cached_property
    def place_forms(self) -> frozenset[str]:
        """Every form of the place table as written ("North Korea", "White House")."""
        return frozenset(form for form, _, _ in self.places)

    @cached_property
    def place_starts(self) -> frozenset[str]:
        """The first words of the place table's forms ("North" of "North Korean")."""
        return frozenset(form.split()[0] for form, _, _ in self.places)

    def is_title(self, word: str) -> bool:
        return word in self.titles or word.rstrip(".") in self.honorifics


def load_name_cues(path: str | Path, places: str | Path | None = None) -> NameCues:
    """Read ``name_cues.csv`` (columns ``word, kind, source``) and the place table
    ``places`` (default: ``places.csv`` beside it, if there; :func:`load_places`)."""
    path = Path(path)
    places = path.parent / "places.csv" if places is None else Path(places)
    if not path.is_file():
        raise FramingError("name cue file not found", path=path, fix="restore data/discover/name_cues.csv")
    sets: dict[str, set[str]] = {k: set() for k in CUE_KINDS}
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"word", "kind", "source"} <= set(reader.fieldnames):
            raise FramingError("missing column(s)", path=path, fix="the header must be word,kind,source")
        for row_no, row in enumerate(reader, start=1):
            word, kind = (row["word"] or "").strip(), (row["kind"] or "").strip()
            if not word or kind not in sets:
                raise FramingError(f"bad row (word {word!r}, kind {kind!r})", path=path, row=row_no,
                                   fix=f"give a word and one of the kinds {', '.join(CUE_KINDS)}")
            sets[kind].add(word)
    return NameCues(frozenset(sets["honorific"]), frozenset(sets["title"]), frozenset(sets["role_person"]),
                    frozenset(sets["role_group"]), frozenset(sets["of_head"]),
                    load_places(places) if places.is_file() else (), frozenset(sets["subject_verb"]),
                    frozenset(sets["speech_verb"]), frozenset(sets["state_body"]), frozenset(sets["people"]),
                    frozenset(sets["courtesy"]), frozenset(sets["member"]),
                    frozenset(sets["honorific_man"]), frozenset(sets["honorific_woman"]),
                    frozenset(sets["country_noun"]))


def load_places(path: str | Path) -> tuple[tuple[str, str, str], ...]:
    """Read ``places.csv`` (columns ``country, form, kind, source``): the names, capitals,
    demonyms and seats of government that stand for a country ("Pyongyang", "the
    Kremlin", "Britons"); discovery groups the ones a corpus writes with their country."""
    path = Path(path)
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"country", "form", "kind", "source"} <= set(reader.fieldnames):
            raise FramingError("missing column(s)", path=path, fix="the header must be country,form,kind,source")
        for row_no, row in enumerate(reader, start=1):
            country, form, kind = ((row[k] or "").strip() for k in ("country", "form", "kind"))
            if not country or not form or kind not in PLACE_KINDS or not (row["source"] or "").strip():
                raise FramingError(f"bad row (country {country!r}, form {form!r}, kind {kind!r})", path=path,
                                   row=row_no, fix=f"give a country, a form, a source and one of the kinds "
                                                   f"{', '.join(PLACE_KINDS)}")
            out.append((form, country, kind))
    return tuple(out)


def load_stop_words(path: str | Path) -> frozenset[str]:
    """Read ``stop_words.csv`` (columns ``word, source``): lower-cased stop words.

    A data file rather than an import of scikit-learn, whose import alone took
    seconds on every run of discovery."""
    path = Path(path)
    if not path.is_file():
        raise FramingError("stop word file not found", path=path, fix="restore data/discover/stop_words.csv")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"word", "source"} <= set(reader.fieldnames):
            raise FramingError("missing column(s)", path=path, fix="the header must be word,source")
        return frozenset((row["word"] or "").strip().lower() for row in reader if (row["word"] or "").strip())


def load_vader_lexicon() -> dict[str, float]:
    """Word -> mean valence (-4..+4) from the VADER lexicon in the ``vaderSentiment`` package."""
    try:
        res = importlib.resources.files("vaderSentiment") / "vader_lexicon.txt"
        text = res.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise FramingError("the VADER lexicon is not installed", fix="pip install vaderSentiment "
                           "(or `make test`, which installs requirements.lock)") from exc
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] and any(ch.isalpha() for ch in parts[0]):
            try:
                out[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return out
