"""Where the article starts: headline, captions, lede; repeated paragraphs and teaser runs.

Text captures of news pages (a page's text copied one paragraph a line)
carry the page's furniture in the lines around the headline: a photo or
video caption between the headline and the first paragraph, a video title
and its description before the story, a dateline opening the first
paragraph, paragraphs repeated where the page showed them twice. The rules
(``data/rules/*.csv``) recognise the furniture by its wording (credits,
``More:`` teasers, tweet signatures, datelines); this module decides by
position, after the rules and the layout heuristics:

* **headline**: the line a rule marked ``headline``, else the first kept
  line if it reads like one (at most :data:`HEADLINE_MAX_WORDS` words, not
  a datelined paragraph, :func:`reads_like_headline`). A capture that starts with its first paragraph
  has no headline (the manifest title is the place for it).
* **lede**: the paragraph a rule marked ``lede`` (a datelined paragraph,
  ``WASHINGTON —``) when it comes within :data:`LEDE_WINDOW` lines of the
  headline, the lines between them becoming ``caption`` (photo and video
  captions sit there in captures); else the first free line after the
  headline, except that a short headline-style line right after the
  headline (a video title, :func:`headline_style`) or a one-sentence
  description ending with when it was taken (a photo caption,
  :func:`photo_caption_style`) followed by a longer paragraph is a ``caption``.
  Captions and embeds are never headline or lede.
* **duplicates**: a paragraph of at least :data:`DUPLICATE_MIN_WORDS` words
  repeated verbatim is removed after its first occurrence (reason
  ``duplicate``, flag ``duplicate_of:N``); a line repeating, whole, words
  quoted in the paragraph just before it is the embedded post itself
  (``embed``).
* **teaser runs**: a ``Label: title`` line next to a teaser (``More: ...``)
  is a teaser too.

Positional cues in the spirit of Kohlschütter, Fankhauser & Nejdl (2010,
"Boilerplate detection using shallow text features", WSDM): the same words
are content in one position and furniture in another.
"""

from __future__ import annotations

import re

HEADLINE_MAX_WORDS = 30     # the longest headline of the development captures has 17 words
HEADLINE_SENTENCE_MAX_WORDS = 22  # a longer line ending in a full stop is a paragraph
LEDE_WINDOW = 4             # a datelined lede more than this many lines below the headline is body
DUPLICATE_MIN_WORDS = 10    # short repeated lines (list items, headings) can be legitimate
DUPLICATE_MAX = 3           # more repeated paragraphs than this: a structured text (plans, menus) repeating itself
PASSAGE_MIN_LINES = 3       # this many paragraphs repeated in order: the page held the article twice
VIDEO_TITLE_MAX_WORDS = 12
TEASER_REASONS = ("teaser", "read_more")
# words a headline-style title drops (Mårdh 1980, "Headlinese: on the grammar of English
# front page headlines"): articles and forms of "be"
_HEADLINESE_DROPS = frozenset("a an the is are was were".split())
_WORD_RE = re.compile(r"[\w'’-]+")
_LABEL_RE = re.compile(r"^[A-Z][\w'’ ]{0,24}:\s+\S")
# a photo caption says when the picture was taken, at its end ("... in Atlanta last February.",
# "... in London on a state visit to Britain in 2011.", "... in Tijuana on Sunday.")
_WHEN_END_RE = re.compile(
    r"\b(?:on|in|last|this|earlier|during) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"\d{4}|year|week|month|spring|summer|fall|autumn|winter)(?: \d{1,2})?(?:, \d{4})?\.$")
CAPTION_MAX_WORDS = 35


def words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


def headline_style(line: str) -> bool:
    """A short title in headline grammar: at most :data:`VIDEO_TITLE_MAX_WORDS`
    words, none of them an article or a form of *be* (``DNC files lawsuit over
    election interference.``), one sentence, no quotation of speech."""
    w = words(line)
    if not w or len(w) > VIDEO_TITLE_MAX_WORDS or any(x.lower() in _HEADLINESE_DROPS for x in w):
        return False
    body = line.rstrip(".!? ")
    return not re.search(r"[.!?]\s", body) and '"' not in line and "“" not in line


def photo_caption_style(line: str) -> bool:
    """One sentence of at most :data:`CAPTION_MAX_WORDS` words, no quotation, ending
    with when the picture was taken (``... in Tijuana on Sunday.``): the caption
    style of a photo between a headline and the first paragraph."""
    body = line[:-1]
    return (len(words(line)) <= CAPTION_MAX_WORDS and _WHEN_END_RE.search(line) is not None
            and not re.search(r"[.!?][\"”’']?\s+[A-Z]", body) and not re.search("[\"“”]", line))


def reads_like_headline(line: str) -> bool:
    """At most :data:`HEADLINE_SENTENCE_MAX_WORDS` words, or up to
    :data:`HEADLINE_MAX_WORDS` without a full stop at the end: longer lines are paragraphs."""
    n = len(words(line))
    return 0 < n <= (HEADLINE_MAX_WORDS if not re.search(r"[.!?][\"”’']?$", line) else HEADLINE_SENTENCE_MAX_WORDS)


def mark_duplicates(norm: list[str], d) -> None:
    """Repeated paragraphs -> removed (``duplicate``); a line repeating words quoted in
    the previous kept paragraph -> ``embed`` (in place, on kept lines without a segment).

    A capture repeats a paragraph or two where the page showed it twice (a pull
    quote, a caption, the lede under a video), or a whole passage (the page
    held the article twice). A text repeating more than :data:`DUPLICATE_MAX`
    single paragraphs is structured (a meal plan, a schedule) and those
    repeats are content; repeated passages (:data:`PASSAGE_MIN_LINES` or more
    paragraphs repeated in the same order) are removed all the same.
    """
    action, reason, rule, segment, flags = d
    first: dict[str, int] = {}
    repeats: list[tuple[int, int]] = []
    previous = None
    for i, s in enumerate(norm):
        if action[i] != "kept":
            continue
        if len(words(s)) >= DUPLICATE_MIN_WORDS:
            if s in first:
                if not segment[i]:
                    repeats.append((i, first[s]))
                continue
            first[s] = i
            if previous is not None and not segment[i] and s in norm[previous] and _quoted_in(s, norm[previous]):
                segment[i], rule[i] = "embed", "generic:quoted_embed"
        previous = i
    long_lines = [i for i in range(len(norm)) if action[i] == "kept" and len(words(norm[i])) >= DUPLICATE_MIN_WORDS]
    nxt = dict(zip(long_lines, long_lines[1:]))
    in_passage: set[int] = set()
    run: list[tuple[int, int]] = []
    for pair in repeats + [(-1, -1)]:
        if run and not (nxt.get(run[-1][0]) == pair[0] and nxt.get(run[-1][1]) == pair[1]):
            if len(run) >= PASSAGE_MIN_LINES:
                in_passage.update(i for i, _ in run)
            run = []
        run.append(pair)
    for i, kept_at in repeats:
        if len(repeats) <= DUPLICATE_MAX or i in in_passage:
            action[i], reason[i], rule[i] = "removed", "duplicate", "generic:duplicate"
            flags[i] = f"duplicate_of:{kept_at + 1}"


def _quoted_in(s: str, paragraph: str) -> bool:
    """Whether ``s`` appears in ``paragraph`` right after an opening quotation mark."""
    k = paragraph.find(s)
    return k > 0 and paragraph[k - 1] in "\"“'‘"


def extend_teasers(norm: list[str], d) -> None:
    """A ``Label: title`` line next to a teaser line is part of the same teaser run."""
    action, reason, rule, segment, _ = d
    n = len(norm)
    kept_or_teaser = [i for i in range(n) if norm[i] and (action[i] == "kept" or reason[i] in TEASER_REASONS)]
    changed = True
    while changed:
        changed = False
        for a, b in zip(kept_or_teaser, kept_or_teaser[1:]):
            for i, j in ((a, b), (b, a)):
                if reason[j] in TEASER_REASONS and action[i] == "kept" and not segment[i] \
                        and _LABEL_RE.match(norm[i]) and len(words(norm[i])) <= 25:
                    action[i], reason[i], rule[i] = "removed", "teaser", "generic:teaser_run"
                    changed = True


def title_key(text: str) -> str:
    """What a line and a manifest title must share to be the same headline: case-folded,
    single spaces, no closing punctuation."""
    return " ".join(text.casefold().split()).rstrip(" .!?:;")


def title_line(norm: list[str], kept: list[int], title: str) -> int | None:
    """The kept line (among the first few) that is the manifest ``title``: equal to it, or
    one the start of the other ("Headline" vs the page title "Headline | Site")."""
    key = title_key(title)
    if not key:
        return None
    for i in kept[:LEDE_WINDOW + 4]:
        line = title_key(norm[i])
        if line and (line == key or (min(len(line), len(key)) >= 0.6 * max(len(line), len(key))
                                     and (line.startswith(key) or key.startswith(line)))):
            return i
    return None


def assign_segments(norm: list[str], d, title: str = "") -> bool:
    """Headline, captions, lede and body of the kept lines (in place; see the module docstring).

    ``title``: the manifest's title of the article. The kept line that is that
    title becomes the headline (rule ``manifest:title``). When no line is, and
    the first line does not read like a headline either, no line becomes the
    headline and False is returned: the caller then takes the title itself as
    the headline. Returns True otherwise.
    """
    action, _, rule, segment, _ = d
    kept = [i for i in range(len(action)) if action[i] == "kept"]
    ruled_ledes = [i for i in kept if segment[i] == "lede"]
    for i in ruled_ledes[1:]:
        segment[i], rule[i] = "", ""  # one lede per article; later datelined paragraphs are body
    lede = ruled_ledes[0] if ruled_ledes else None
    headline = title_line(norm, kept, title) if title else None
    if headline is not None:
        first = next((i for i in kept if segment[i] == ""), None)
        generic = next((i for i in kept if segment[i] == "headline"), None)
        if generic is None and first is not None and (lede is None or first < lede) \
                and reads_like_headline(norm[first]):
            generic = first
        for i in kept:
            if segment[i] == "headline":
                segment[i] = ""
        # the audit names the manifest only where the title changed the decision
        segment[headline] = "headline"
        if headline != generic:
            rule[headline] = "manifest:title"
        elif not rule[headline]:
            rule[headline] = "generic:first_line_headline"
        if lede == headline:
            lede = None
    else:
        headline = next((i for i in kept if segment[i] == "headline"), None)
    if headline is None:
        first = next((i for i in kept if segment[i] == ""), None)
        if first is not None and (lede is None or first < lede) and reads_like_headline(norm[first]):
            headline = first
            segment[headline], rule[headline] = "headline", "generic:first_line_headline"
    for i in kept:
        if i != headline and segment[i] == "headline":
            segment[i] = ""  # only one headline per article
    after = [i for i in kept if headline is None or i > headline]
    if lede is not None and lede in after and after.index(lede) > LEDE_WINDOW:
        segment[lede], rule[lede], lede = "", "", None  # too far down to be the lede
    if lede is not None:
        for i in after:
            if i >= lede:
                break
            if not segment[i]:
                segment[i], rule[i] = "caption", "generic:before_lede"
    elif headline is not None:
        free = [i for i in after if not segment[i]]
        if len(free) >= 2 and headline_style(norm[free[0]]):
            segment[free[0]], rule[free[0]] = "caption", "generic:video_title"
        elif len(free) >= 2 and photo_caption_style(norm[free[0]]) and len(norm[free[1]]) > len(norm[free[0]]):
            segment[free[0]], rule[free[0]] = "caption", "generic:photo_caption"
    lede_done = lede is not None
    for i in kept:
        if segment[i]:
            continue
        if headline is not None and i < headline:
            segment[i], rule[i] = "caption", "generic:before_headline"
        elif not lede_done:
            segment[i], lede_done = "lede", True
        else:
            segment[i] = "body"
    return headline is not None or not title_key(title)
