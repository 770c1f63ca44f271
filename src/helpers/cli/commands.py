"""The ``framing`` subcommands: each builds the study once and calls the run layer.

Each handler imports the stages it needs when it runs, so ``framing --help``
and ``framing add`` do not pay for loading the plotting and notebook stack.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from pathlib import Path
from typing import Iterator

from ..core.errors import FramingError
from ..core.locks import exclusive
from ..core.storage import remove_leftovers
from ..core.study import SEED_STUDY, Study, check_corpus_write, project_root

# Longer id lists are summarised (the first few, then how many more).
SHOWN_IDS = 10


def summarise_ids(ids: list[str], shown: int = SHOWN_IDS) -> str:
    """``a, b, c`` or, past ``shown`` ids, ``a, b, ... and N more``: one readable line."""
    ids = [str(i) for i in ids]
    if len(ids) <= shown:
        return ", ".join(ids)
    return f"{', '.join(ids[:shown])}, ... and {len(ids) - shown:,} more"


@contextlib.contextmanager
def study_lock(study: Study) -> Iterator[None]:
    """The write lock of a study's outputs (its processed folder and what is written beside it).

    Once held, what atomic writes of a killed earlier run left (temporary files and
    folders, :func:`helpers.core.storage.remove_leftovers`) is removed, so a resumed
    run ends with the same files as a clean one."""
    where = "the committed study" if study.committed else f"study output {study.relative(study.notebooks)}"
    with exclusive(study.processed, where):
        remove_leftovers(study.processed)  # ours throughout (tables, _chunks/)
        for folder in {study.figures, study.notebooks}:  # only what the study writes there: no walk below
            remove_leftovers(folder, recursive=False)
        yield


def verify_corpus(study: Study) -> None:
    """Hash-check every raw article of the study's corpus (a tampered file is an error,
    also for commands that read only the processed tables)."""
    from ..corpus import check_raw, load_manifest

    if study.corpus_dir.is_dir():
        check_raw(load_manifest(study.corpus_dir), study.corpus_dir)


def _root(args: argparse.Namespace):
    return getattr(args, "root", None)


def _user_path(path: str | None, args: argparse.Namespace) -> Path | None:
    """A file or folder named on the command line: absolute as given; relative to the
    project root when it exists there (``data/gold/x.csv`` from anywhere), else to
    the working directory."""
    if path is None:
        return None
    p = Path(path)
    if p.is_absolute():
        return p
    under_root = project_root(_root(args)) / p
    return under_root if under_root.exists() else p.resolve()


def add(args: argparse.Namespace) -> int:
    """``framing add FILES --corpus NAME [--skip-bad]``: copy articles verbatim into a corpus."""
    import pandas as pd

    from ..corpus import (COLUMN_MAP_KEYS, AssumedEncodingWarning, IngestResult, NothingUsable, add_articles,
                          add_lenient)

    check_corpus_write(args.corpus, getattr(args, "into_seed", False))
    study = Study.open(args.corpus, root=_root(args))
    seed_note = (f"framing add: note: changed the committed seed corpus {study.relative(study.corpus_dir)} "
                 f"(manifest.csv and raw/); `git checkout {study.relative(study.corpus_dir)}` undoes it"
                 if study.name == SEED_STUDY else "")
    column_map = {k: getattr(args, k) for k in COLUMN_MAP_KEYS if getattr(args, k, None)}
    meta = dict(outlet=args.outlet, title=args.title, published=args.published, url=args.url or "",
                event=args.event or "", language=args.language or "en", manifest=args.manifest,
                fmt=getattr(args, "fmt", None))
    if args.skip_bad:
        if args.article_id:
            raise FramingError("--article-id cannot be combined with --skip-bad",
                               fix="add that file on its own without --skip-bad")
        try:
            result = add_lenient(args.files, study.corpus_dir, progress=True, **meta, **column_map)
        except NothingUsable as exc:
            # every input was checked: list them all before the one-line error
            print(f"framing add: {IngestResult(pd.DataFrame(), exc.bad, exc.total).report()}", file=sys.stderr)
            raise
        print(f"added {len(result.added)} article(s) to corpus {study.name}")
        if seed_note and len(result.added):
            print(seed_note, file=sys.stderr)
        if result.bad:
            print(f"framing add: {result.report()}", file=sys.stderr)
        return 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AssumedEncodingWarning)
        added = add_articles(args.files, study.corpus_dir, article_id=args.article_id, **meta, **column_map)
    for w in caught:
        if issubclass(w.category, AssumedEncodingWarning):
            print(f"framing add: note: {w.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    print(f"added {len(added)} article(s) to corpus {study.name}: {summarise_ids(list(added['article_id']))}")
    if seed_note:
        print(seed_note, file=sys.stderr)
    return 0


def report(args: argparse.Namespace) -> int:
    """``framing report``: clear and re-execute the committed study in place, then the README."""
    from ..run.notebooks import clear_study_outputs, run_notebooks
    from ..run.readme import update_readme

    if args.corpus != SEED_STUDY:
        raise FramingError(f"framing report re-executes the committed study {SEED_STUDY} in place, "
                           f"not {args.corpus!r}", fix=f"run other studies with `framing run {args.corpus}`")
    study = Study.open(SEED_STUDY, root=_root(args))
    with study_lock(study):
        clear_study_outputs(study)
        written = run_notebooks(study, progress=True)
        update_readme(study)
    for p in written:
        print(f"executed {study.relative(p)}")
    print("Open notebooks/01-corpus.ipynb first; README.md maps every output to its notebook.")
    return 0


def check_outlet_order(order: list[str], articles, group: str = "outlet", manifest=None) -> None:
    """Refuse an order naming groups the corpus does not have (a typo would drop them): outlets,
    or the values of the study's ``group`` column."""
    if group == "outlet":
        known = set(articles["outlet"])
    else:
        from ..run.view import group_labels

        known = set(group_labels(manifest, group))
    unknown = [o for o in order if o not in known]
    if unknown:
        what = "outlet(s)" if group == "outlet" else f"value(s) of {group}"
        raise FramingError(f"the outlet order names unknown {what}: {', '.join(unknown)}",
                           fix=f"choose from: {', '.join(sorted(known))}")


def run(args: argparse.Namespace) -> int:
    """``framing run NAME``: the whole study into reports/NAME/ (or --output)."""
    from ..run.notebooks import early_kernel, run_notebooks, study_notebooks
    from ..run.stages import run_study
    from ..run.tables import read_articles

    order = [o for o in (args.outlet_order or "").split(",") if o.strip()]
    study = Study.open(args.corpus, args.output, root=_root(args), lexicons=_user_path(args.lexicons, args), csv=args.csv,
                       figure_options={"outlet_order": order, "top_n": args.top_n}, in_place=False)
    if args.group:
        study = study.with_options(settings={**study.settings, "group": args.group})
    # the kernel starts while the stages run (a first run; notebooks_pending)
    with study_lock(study), early_kernel(study) as kernel:
        reports = run_study(study, scheduler=args.scheduler, progress=True)
        if study.figure_options.get("outlet_order"):
            from ..corpus import load_manifest

            check_outlet_order(study.figure_options["outlet_order"], read_articles(study), study.settings["group"],
                               load_manifest(study.corpus_dir))
        nbs = study_notebooks(study)
        run_notebooks(study, notebooks=nbs, progress=True, kernel=kernel)
    from ..present.warnings import cleaning_warnings
    from ..run.tables import read_table

    heads = read_table(study, "segments", columns=["article_id", "segment", "start", "end"],
                       filters=[("segment", "==", "headline")])
    for warning in cleaning_warnings(read_articles(study), heads):
        print(f"framing run: warning: {warning}", file=sys.stderr)
    for r in reports:
        note = "up to date" if r.skipped else f"{r.computed} of {r.chunks} chunk(s) computed"
        print(f"{r.stage}: {note}")
    shown = study.relative(study.notebooks)
    print(f"Outputs of study {study.name} are in {shown}/:")
    print(f"  {shown}/processed/   tables (articles, segments, audit, hits, features, naming, category rates)")
    print(f"  {shown}/figures/     figures (PNG, SVG and the CSV of what each plots)")
    print(f"  {shown}/*.ipynb      executed notebooks: {', '.join(nb.name for nb in nbs)}")
    print(f"  {shown}/explorer.html  the article explorer")
    print(f"Open {shown}/01-corpus.ipynb first (what cleaning kept and removed), "
          f"then {shown}/03-compare-outlets.ipynb for the figures.")
    return 0


def explore(args: argparse.Namespace) -> int:
    """``framing explore [NAME] [--output DIR]``: the explorer page of a study's tables."""
    from ..run.explorer import ensure_measured, write_explorer

    study = Study.open(args.corpus, args.output, root=_root(args))
    with study_lock(study):
        verify_corpus(study)
        if ensure_measured(study):
            print(f"measured the study first (its tables were missing); `framing run {study.name}` "
                  "adds the figures and notebooks")
        print(write_explorer(study))
    return 0


def validate(args: argparse.Namespace) -> int:
    """``framing validate [NAME] [--gold FILE] [--map FILE] [--output DIR]``."""
    from ..run.validation import format_scores, run_validation

    mapping = _user_path(args.mapping, args)
    if mapping is not None and not mapping.is_file():
        raise FramingError("mapping file not found", path=mapping,
                           fix="give a CSV with columns gold_category,category or leave out --map")
    study = Study.open(args.corpus, args.output, root=_root(args), gold=_user_path(args.gold, args),
                       gold_map=mapping)
    with study_lock(study):
        verify_corpus(study)
        result = run_validation(study)
    print(format_scores(result["scores"]))
    corr = result["correlation"]
    if len(corr):
        print()
        print(corr.to_string(index=False, na_rep=""))
    print(f"\nwrote {', '.join(f'{name}.csv' for name in result['written'])} to {study.relative(study.validation)}")
    return 0


def new(args: argparse.Namespace) -> int:
    """``framing new NAME``: the study's folder with a commented study.toml and empty own lexicons."""
    from ..run.studies import create_study

    study = Study.open(args.corpus, root=_root(args))
    written = create_study(study)
    print(f"created study {study.name}:")
    for path in written:
        print(f"  {study.relative(path)}")
    print(f"Next: framing add FILES --corpus {study.name} --outlet NAME (or --manifest FILE), "
          f"list the story's actors in {study.relative(study.study_lexicons / 'actors.csv')}, "
          f"then framing run {study.name}")
    return 0


def lexicon_import(args: argparse.Namespace) -> int:
    """``framing lexicon import NAME FILE --category C --source S``: a .dic or word list into the study."""
    from ..run.studies import import_lexicon

    study = Study.open(args.corpus, root=_root(args))
    target, read, added = import_lexicon(study, _user_path(args.file, args), category=args.category,
                                         subcategory=args.subcategory or "", source=args.source or "",
                                         liwc_categories=args.liwc_category, into=args.into)
    print(f"{study.relative(target)}: {added} of {read} entries added ({read - added} already there)")


def discover(args: argparse.Namespace) -> int:
    """``framing discover NAME``: candidate actors and loaded terms into data/studies/NAME/candidates/."""
    from ..run.discover import discover_study

    study = Study.open(args.corpus, args.output, root=_root(args), in_place=False)
    found, written = discover_study(study, group=args.group or study.settings["group"], min_count=args.min_count, top=args.top,
                                    progress=True)
    actors = found.actors
    print(f"{actors['actor'].nunique()} candidate actor(s) with {len(actors)} form(s); "
          f"{found.terms['term'].nunique()} candidate term(s) in {found.terms['event'].nunique()} event(s)")
    for actor, g in list(actors.groupby("actor", sort=False))[:10]:
        print(f"  {actor}: {', '.join(g['form'].head(6))}")
    for path in written:
        print(f"wrote {study.relative(path)}")
    print(f"Mark rows to keep with x in the accept column, then run `framing lexicon accept {study.name}`.")
    return 0


def lexicon_accept(args: argparse.Namespace) -> int:
    """``framing lexicon accept NAME``: merge the marked candidates into the study's lexicons."""
    from ..run.discover import accept_candidates

    study = Study.open(args.corpus, root=_root(args), in_place=False)
    added = accept_candidates(study)
    for fname, n in added.items():
        print(f"{study.relative(study.study_lexicons / fname)}: {n} row(s) added")


def extract(args: argparse.Namespace) -> int:
    """``framing extract FILE [--outlet NAME] [--audit]``: one article cleaned, for checking rules by hand."""
    from ..clean import clean_article, load_rules
    from ..clean.show import format_audit, format_segments
    from ..corpus import decode_bytes, extract_html, looks_binary, looks_like_html

    path = Path(args.file)
    if not path.is_file():
        raise FramingError("file not found", path=path, fix="give the path of a .txt or .html article")
    data = path.read_bytes()
    if looks_binary(data):
        raise FramingError("binary data, not text", path=path, fix="give a .txt or .html article")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text, _encoding = decode_bytes(data, path)
    for w in caught:
        print(f"framing extract: note: {w.message}", file=sys.stderr)
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        text = extract_html(text)[0]
    study = Study.open(root=_root(args))
    segments, audit = clean_article(text, path.stem, args.outlet, load_rules(args.outlet, study.rules))
    print(format_audit(audit) if args.audit else format_segments(segments, audit), end="")
    return 0
