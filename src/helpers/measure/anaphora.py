"""Pronoun and document sources resolved in their article (anaphora).

A pronoun subject keeps the pronoun as its span; its class and speaker come
from the nearest compatible antecedent (Mitkov 2002, *Anaphora Resolution*:
the most recent compatible candidate): he/she/I -> the last named person
attributed (else the nearest named person mentioned before), who/which/that
-> the noun phrase right before, they -> two named persons joined by
``and`` just before it (``Cruz and Trump ... they``), else as it/we/you ->
the last named institution. A relative pronoun after a description or a document is read in
the article (:func:`helpers.measure.referents.resolve_in_article`).
"""

from __future__ import annotations

import re

from .clauses import LOOKBACK, verb_subject
from .referents import resolve_in_article
from .sources import SourceCues, classify_source

# How a pronoun subject is resolved (the pronoun stays the span): to the last named
# person, to the last named institution, or to the noun phrase it follows (relative).
_PERSON_PRONOUNS = {"he", "she", "i"}
_RELATIVE_PRONOUNS = {"who", "which", "that"}


def resolve_pronoun(pronoun: str, text: str, masked: str, at: int, sent_start: int,
                    last_person: str, last_org: tuple[str, str], cues: SourceCues
                    ) -> tuple[str, str]:
    """(class, speaker) of a pronoun subject: he/she/I -> the last named person
    attributed; who/which/that -> the noun phrase right before it (``Sen. Ted Cruz, who
    said``), else as he/she; they/it/we/you -> the last named institution; with no
    antecedent, ``anonymous`` (the pronoun itself, as written, as speaker)."""
    written, pronoun = pronoun, pronoun.lower()
    if pronoun in _RELATIVE_PRONOUNS:
        head = masked[max(sent_start, at - LOOKBACK):at].rstrip(" ,")
        _, sub = verb_subject(head + " said") if head else (False, None)
        if sub is not None:
            phrase = head[sub[0]:sub[1]]
            cls, speaker, _, _ = classify_source(phrase, cues)
            if cls in ("anonymous", "document"):  # "the executive director of X, who"
                p0 = max(sent_start, at - LOOKBACK) + sub[0]
                cls, speaker = resolve_in_article(text, p0, p0 + len(phrase), cls, speaker, cues,
                                                  None)
            if cls in ("named_person", "named_institution", "anonymous"):
                return cls, speaker
        pronoun = "he"
    if pronoun in _PERSON_PRONOUNS:
        if not last_person and pronoun != "i":  # "I" outside quotations: the writer
            last_person = _nearest_person(text, at, cues)
        return ("named_person", last_person) if last_person else ("anonymous", written)
    if pronoun == "they":
        pair = _named_pair(text, at, cues)
        if pair:
            return "named_person", pair  # "Cruz and Trump ... Yet they've offered"
    if last_org[0] and pronoun != "you":  # "you" outside quotations: anyone
        return last_org
    return "anonymous", written


def pronoun_tail(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The subject pronoun ending a longer subject phrase, as the span (``... after he``,
    ``Yet they've``, ``he should``), else the span unchanged (cheap tests first: this
    runs for every subject found)."""
    s, e = span
    head, _, last = text[s:e].rpartition(" ")
    if not head:
        return span
    low = last.lower()
    if low in _SUBJECT_PRONOUNS:
        return e - len(last), e
    if low in _MODALS:  # "he should"
        e = s + len(head.rstrip())
        head, _, last = head.rstrip().rpartition(" ")
        low = last.lower()
    elif low[-3:] in ("’ve", "'ve") or low[-2:] in ("’d", "'d"):  # "they've"
        cut = 3 if low[-3:] in ("’ve", "'ve") else 2
        low, e = low[:-cut], e - cut
    if low in _SUBJECT_PRONOUNS:
        return e - len(low), e
    return span


_MODALS = {"should", "must", "can", "will", "would", "could", "may", "might"}
_SUBJECT_PRONOUNS = {"he", "she", "they", "we", "i"}
# the last words of a subject phrase that pronoun_tail may cut to a pronoun
TAIL_WORDS = _SUBJECT_PRONOUNS | _MODALS | {p + a + t for p in _SUBJECT_PRONOUNS
                                              for a in "'’" for t in ("ve", "d")}
# a capitalised run that may be a personal name (checked by classify_source)
_NAME_RUN_RE = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}")


def _nearest_person(text: str, at: int, cues: SourceCues) -> str:
    """The nearest named person mentioned before ``at`` (within 1,500 characters), as
    :func:`classify_source` reads a capitalised run; '' if none (Mitkov 2002,
    *Anaphora Resolution*: the most recent compatible antecedent)."""
    for m in reversed(list(_NAME_RUN_RE.finditer(text, max(0, at - 1500), at))):
        cls, speaker, _, _ = classify_source(m.group(0), cues)
        if cls == "named_person":
            return speaker
    return ""


_NAME_PAIR_RE = re.compile(r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+and\s+"
                           r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")


def _named_pair(text: str, at: int, cues: SourceCues) -> str:
    """``A and B`` when the last coordination of two capitalised runs within 300
    characters before ``at`` names two persons (the plural antecedent of ``they``),
    else ''."""
    found = list(_NAME_PAIR_RE.finditer(text, max(0, at - 300), at))
    if not found:
        return ""
    m = found[-1]
    a = classify_source(m.group(1), cues)
    b = classify_source(m.group(2), cues)
    if a[0] == "named_person" and b[0] == "named_person":
        return f"{a[1]} and {b[1]}"
    return ""
