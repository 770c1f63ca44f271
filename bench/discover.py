r"""How much of a hand-coded study would discovery have proposed?

``python -m bench.discover --newswcl50 DIR --basil DIR [--events 0-6]``

* NewsWCL50 (Hamborg, Zhukova & Gipp 2019; layout of ``../shared/devdata/newswcl50``):
  the articles of the chosen events are added to a temporary corpus (outlet
  = the file's side, event = ``event_N``), cleaned by the cleaning stage and
  passed to discovery. The coded concepts of type ACTOR, COUNTRY and GROUP
  with at least 5 mentions in an event are matched one to one, per event,
  to candidate actors, greedily by the number of coded mentions whose form
  is among the actor's forms. *Concept recall*: the share of concepts matched.
  *Alias recall*: of each concept's distinct coded forms, the share found among
  its matched actor's candidate forms, pooled over all concepts of all events
  (micro-averaged; an unmatched concept counts all its forms as missed).

  What this measures, and why distinct forms: the issue asks for "the share
  of their coded mention forms that appear among that actor's candidate
  forms" -- a *form* is a way of writing the actor ("Mr. Kim", "the North
  Korean dictator"), and what discovery is for is proposing *every name
  outlets use* for an actor, the rare loaded labels ("Rocket Man") as much
  as the frequent ones. So each distinct form of a concept counts once,
  whether coded once or eighty times; this is the literal and the stricter
  reading, and the headline figure. The mention-weighted reading (the share
  of coded mentions whose form is found) answers a different question --
  how much of the text an accepted alias table would count -- and is
  printed beside it as ``alias_mention_recall``; it is not the target.
  NewsWCL50's concepts are broader than a name's referent (its ``USA`` of one
  event also holds "Congress", "Mr. Priebus", "the two countries"; most
  distinct coded forms are written once), so the one-to-one matching bounds
  this figure well below 1 even for perfect discovery; the figure per concept
  type is printed too (persons, ``ACTOR``, are where names are; ``COUNTRY``
  and ``GROUP`` concepts gather institutions, people and one-off phrases).

  Matching a coded form to a candidate form (:func:`norm_form`): both are
  compared after removing surrounding quotes (straight, curly and the
  data's LaTeX-style \`\` ''), one leading determiner ("the", "a", "an",
  and the demonstratives "this", "that", "these", "those"), a
  trailing possessive ('s, '), dots ("F.B.I." = "FBI"), apostrophes, case,
  and with hyphens and whitespace runs read as one space
  (:func:`helpers.measure.lexicon.normalise_entry`). Nothing else is
  stripped: "his administration" is not "administration" (a possessive
  pronoun says whose), a plural is not its singular (the lexicon matcher
  does not inflect: an accepted "migrant" does not count "migrants"), and a
  candidate form that merely contains the coded one does not count. The
  demonstratives were added in session 14r ("these migrants" is the form
  "migrants" as much as "the migrants" is); the reading with articles only
  is printed beside as ``alias_recall_articles_only``.
* BASIL (Fan et al. 2019; layout of ``../shared/devdata/basil``): each
  triplet is an event and the outlet the group. *Loaded-span recall*: the
  share of ``lex`` spans that contain a term of their triplet's top-200
  candidate loaded terms. Baseline: the same with the study's top-200
  distinctive terms as the distinctive-terms figure ranks them (one outlet
  against the rest over the whole corpus, :func:`helpers.compare.distinctive_terms`,
  the same tokens); printed beside it, the per-triplet top-200 by log-odds z
  alone (no valence), which at three articles a triplet covers a large part
  of each triplet's vocabulary.

Nothing of the data is written into the project: corpora go to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from helpers.compare import distinctive_terms
from helpers.core.study import Study, project_root
from helpers.corpus import add_articles
from helpers.discover import discover_candidates, load_name_cues, load_vader_lexicon, tokenize
from helpers.measure.lexicon import normalise_entry
from helpers.run.discover import NAME_CUES, study_texts

CONCEPT_TYPES = ("ACTOR", "COUNTRY", "GROUP")
MIN_MENTIONS = 5


DETERMINERS = ("the", "a", "an", "this", "that", "these", "those")
ARTICLES = ("the", "a", "an")  # the reading before demonstratives were set aside too (printed beside)


def norm_form(form: str, determiners: tuple[str, ...] = DETERMINERS) -> str:
    """Forms compared: case folded, no leading determiner or trailing possessive, no dots, hyphen = space."""
    s = re.sub(r"``|''", "", str(form)).strip(" \"'`“”‘’,.")
    s = re.sub(rf"^(?:{'|'.join(determiners)})\s+", "", s, flags=re.I)
    s = re.sub(r"['’]s?$", "", s)
    return normalise_entry(s.replace(".", ""))


def _open(root: Path, name: str) -> Study:
    repo = project_root()
    return Study.open(name, root=root, in_place=False, rules=repo / "data" / "rules",
                      lexicons=repo / "data" / "lexicons", source_cues=repo / "data" / "attribution" / "source_cues.csv")


def newswcl50_corpus(data: Path, root: Path, events: list[int]) -> Study:
    """The chosen events' articles added to a temporary corpus."""
    study = _open(root, "newswcl50")
    for ev in events:
        for path in sorted((data / "raw-articles" / f"event_{ev}").glob("*.txt*")):
            side = path.name.split(".")[0].split("_", 1)[1]
            add_articles([path], study.corpus_dir, outlet=side, event=f"event_{ev}",
                         article_id=f"e{ev}-{side}")
    return study


def concept_scores(annotations: pd.DataFrame, actors: pd.DataFrame, events: list[int],
                   determiners: tuple[str, ...] = DETERMINERS) -> dict:
    """Concept and alias recall (module doc), with the per-event detail."""
    def norm(form: str) -> str:
        return norm_form(form, determiners)
    ann = annotations[annotations["code_type"].isin(CONCEPT_TYPES) & annotations["event_id"].isin(events)].copy()
    ann["norm"] = ann["code_mention"].map(norm)
    forms = actors.assign(norm=actors["form"].map(norm)).groupby("actor")["norm"].agg(set)
    found = total = forms_found = forms_total = ment_found = ment_total = 0
    detail, missed, by_type = [], Counter(), defaultdict(lambda: [0, 0, 0, 0])
    for ev, g in ann.groupby("event_id"):
        concepts = {c: m for c, m in g.groupby("code_name") if len(m) >= MIN_MENTIONS}
        pairs = []
        for c, m in concepts.items():
            cnt = Counter(m["norm"])
            for actor, fs in forms.items():
                cover = sum(n for f, n in cnt.items() if f in fs)
                if cover:
                    pairs.append((cover, c, actor))
        used_c, used_a, match = set(), set(), {}
        for cover, c, actor in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
            if c not in used_c and actor not in used_a:
                used_c.add(c), used_a.add(actor)
                match[c] = actor
        for c, m in concepts.items():
            cnt = Counter(m["norm"])
            fs = forms.get(match[c], set()) if c in match else set()
            hit = sum(1 for f in cnt if f in fs)
            forms_found += hit
            forms_total += len(cnt)
            ment_found += sum(n for f, n in cnt.items() if f in fs)
            ment_total += len(m)
            detail.append((ev, c, len(m), match.get(c, ""), hit, len(cnt)))
            ctype = m["code_type"].iloc[0]
            missed.update({(ctype, c, f): n for f, n in cnt.items() if f not in fs})
            t = by_type[ctype]
            t[0] += hit
            t[1] += len(cnt)
            t[2] += sum(n for f, n in cnt.items() if f in fs)
            t[3] += len(m)
        found += len(match)
        total += len(concepts)
    return {"concept_recall": found / total if total else 0.0,
            "alias_recall": forms_found / forms_total if forms_total else 0.0,
            "alias_mention_recall": ment_found / ment_total if ment_total else 0.0, "detail": detail,
            "missed": missed, "by_type": {t: (a / b if b else 0.0, c / d if d else 0.0)
                                          for t, (a, b, c, d) in sorted(by_type.items())}}


def run_newswcl50(data: Path, events: list[int]) -> dict:
    ann = pd.read_csv(data / "Annotations.csv", keep_default_na=False, dtype={"event_id": int})
    with tempfile.TemporaryDirectory() as tmp:
        study = newswcl50_corpus(data, Path(tmp), events)
        t0 = time.perf_counter()
        texts, articles = study_texts(study)
        t1 = time.perf_counter()
        found = discover_candidates(texts, articles, load_name_cues(project_root() / NAME_CUES),
                                    load_vader_lexicon(), study.name)
        t2 = time.perf_counter()
    scores = concept_scores(ann, found.actors, events)
    scores["alias_recall_articles_only"] = concept_scores(ann, found.actors, events, ARTICLES)["alias_recall"]
    scores.update(articles=len(texts), clean_seconds=t1 - t0, discover_seconds=t2 - t1, actors=found.actors)
    return scores


def basil_texts(data: Path) -> tuple[pd.Series, pd.DataFrame, list[dict]]:
    """BASIL articles as clean texts (title, blank line, paragraphs), the articles table and the lex spans."""
    texts, rows, spans = {}, [], []
    for path in sorted((data / "articles").glob("*/*.json")):
        art = json.loads(path.read_text(encoding="utf-8"))
        aid = path.stem
        paras = [" ".join(p) for p in art.get("body-paragraphs", [])]
        texts[aid] = "\n\n".join([art.get("title", "")] + paras)
        rows.append({"article_id": aid, "outlet": art.get("source", ""), "event": art.get("triplet-uuid", "")})
        ann_path = data / "annotations" / path.parent.name / f"{aid}_ann.json"
        if ann_path.exists():
            ann = json.loads(ann_path.read_text(encoding="utf-8"))
            for a in ann.get("phrase-level-annotations", []):
                if a.get("bias") == "lex":
                    spans.append({"event": rows[-1]["event"], "txt": a.get("txt", "")})
    return pd.Series(texts), pd.DataFrame(rows), spans


def _contains(span_tokens: list[str], term: str) -> bool:
    t = term.split()
    return any(span_tokens[i:i + len(t)] == t for i in range(len(span_tokens) - len(t) + 1))


def span_recall(spans: list[dict], top: pd.DataFrame) -> float:
    terms = top.groupby("event")["term"].agg(list).to_dict()
    hit = sum(any(_contains(tokenize(s["txt"]), t) for t in terms.get(s["event"], [])) for s in spans)
    return hit / len(spans) if spans else 0.0


def run_basil(data: Path) -> dict:
    texts, articles, spans = basil_texts(data)
    t0 = time.perf_counter()
    found = discover_candidates(texts, articles, load_name_cues(project_root() / NAME_CUES),
                                load_vader_lexicon(), "basil", top=200)
    seconds = time.perf_counter() - t0
    counts = found.distinctive[found.distinctive["count"] > 0]
    by_outlet = counts.groupby(["group", "term"], as_index=False)["count"].sum().rename(columns={"group": "outlet"})
    dist = distinctive_terms(by_outlet, mode="one_vs_rest")
    top = dist.sort_values(["z", "term"], ascending=[False, True]).drop_duplicates("term").head(200)
    corpus_top = pd.DataFrame([(e, t) for e in articles["event"].unique() for t in top["term"]],
                              columns=["event", "term"])
    return {"articles": len(texts), "spans": len(spans), "seconds": seconds,
            "recall": span_recall(spans, found.terms), "baseline": span_recall(spans, corpus_top),
            "baseline_event": span_recall(spans, found.baseline)}


def _events(text: str) -> list[int]:
    a, _, b = text.partition("-")
    return list(range(int(a), int(b or a) + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.discover", description=__doc__.split("\n\n")[0])
    parser.add_argument("--newswcl50", type=Path, required=True, help="folder in the layout of devdata/newswcl50")
    parser.add_argument("--basil", type=Path, required=True, help="folder in the layout of devdata/basil")
    parser.add_argument("--events", default="0-6", help="NewsWCL50 events, e.g. 0-6 (default)")
    parser.add_argument("--misses", type=int, default=0, metavar="N",
                        help="also print the N most often coded forms missed, per concept type")
    args = parser.parse_args(argv)
    for flag, folder, marker in (("--newswcl50", args.newswcl50, "Annotations.csv"), ("--basil", args.basil, "articles")):
        if not (folder / marker).exists():
            print(f"bench.discover: {folder} has no {marker}; pass {flag} the folder of that data set "
                  f"(e.g. ../shared/devdata/{flag[2:]})", file=sys.stderr)
            return 2
    news = run_newswcl50(args.newswcl50, _events(args.events))
    print(f"NewsWCL50: {news['articles']} articles, cleaning {news['clean_seconds']:.1f} s, "
          f"discovery {news['discover_seconds']:.1f} s, {news['actors']['actor'].nunique()} candidate actors")
    by_event = defaultdict(list)
    for ev, concept, n, actor, hit, nforms in news["detail"]:
        by_event[ev].append((concept, n, actor, hit, nforms))
    for ev, rows in sorted(by_event.items()):
        got = sum(1 for r in rows if r[2])
        print(f"event {ev}: {got}/{len(rows)} concepts; " + "; ".join(
            f"{c} ({n}) -> {a or '-'} {h}/{f} forms" for c, n, a, h, f in rows))
    print("alias recall per concept type (distinct forms / mentions): " + "; ".join(
        f"{t} {f:.2f} / {m:.2f}" for t, (f, m) in news["by_type"].items()))
    if args.misses:
        for ctype in CONCEPT_TYPES:
            top = sorted(((n, c, f) for (t, c, f), n in news["missed"].items() if t == ctype),
                         key=lambda x: (-x[0], x[1], x[2]))[:args.misses]
            print(f"missed {ctype} forms (coded mentions, concept, form): " +
                  "; ".join(f"{n} {c}: {f}" for n, c, f in top))
    basil = run_basil(args.basil)
    print(f"BASIL: {basil['articles']} articles, {basil['spans']} lex spans, discovery {basil['seconds']:.1f} s")
    print(f"loaded_span_recall_baseline_per_triplet_z: {basil['baseline_event']:.2f}")
    print(f"alias_recall_articles_only: {news['alias_recall_articles_only']:.2f}")
    print(f"alias_mention_recall: {news['alias_mention_recall']:.2f}")
    print(f"concept_recall: {news['concept_recall']:.2f}")
    print(f"alias_recall: {news['alias_recall']:.2f}")
    print(f"loaded_span_recall: {basil['recall']:.2f}")
    print(f"loaded_span_recall_baseline: {basil['baseline']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
