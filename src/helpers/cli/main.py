"""The ``framing`` argument parser and entry point.

User-fixable problems (:class:`~helpers.core.errors.FramingError`) and
operating-system errors (read-only folder, full disk, no permission, missing
folder) are printed as one line on stderr with exit status 2; Ctrl-C stops
with one line and exit status 130, SIGTERM with exit status 143 (no
traceback; atomic writes leave nothing half-written, a rerun resumes).
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys

from ..core.errors import FramingError
from ..core.study import SEED_CORPUS_FLAG, SEED_STUDY
from . import commands


EXAMPLES = {
    "add": """examples:
  framing add article.txt --corpus my-study --outlet "The Daily" --title "Headline" --date 2024-05-01
  framing add export.csv --corpus my-study --text-col body --date-col published
  framing add export.parquet --corpus my-study --skip-bad""",
    "report": """example:
  framing report          # clears and re-executes notebooks/, figures/, data/processed/iran-missiles-2018/""",
    "run": """examples:
  framing run my-study                       # everything into reports/my-study/
  framing run my-study --output /tmp/study   # or into another folder
  framing run my-study --outlet-order "Outlet A,Outlet B" --top-n 10
A second run with nothing changed reuses every stage and every executed notebook.""",
    "explore": """examples:
  framing explore                 # notebooks/explorer.html of the committed study
  framing explore my-study        # reports/my-study/explorer.html""",
    "new": """example:
  framing new my-study     # data/studies/my-study/ with study.toml and empty actor / loaded-term lists""",
    "discover": """example:
  framing discover my-study   # candidate actors and loaded terms for review, in data/studies/my-study/candidates/""",
    "extract": """examples:
  framing extract page.html --outlet "The Daily"    # the clean text the study would see
  framing extract article.txt --audit               # every raw line: kept or removed, and why""",
    "lexicon": """examples:
  framing lexicon import my-study words.txt --category loaded_terms --source "my list, CC BY 4.0"
  framing lexicon accept my-study   # merge the candidates marked in their accept column""",
    "validate": """examples:
  framing validate                                    # the committed study against data/gold/
  framing validate my-study --gold data/gold/my-study.csv""",
}


def _version() -> str:
    from .. import __version__

    return f"framing {__version__}"


def _sub(sub, name: str, summary: str):
    """A subcommand whose --help shows ``summary`` and its examples, line breaks kept."""
    return sub.add_parser(name, help=summary, description=summary[:1].upper() + summary[1:] + ".",
                          epilog=EXAMPLES[name], formatter_class=argparse.RawDescriptionHelpFormatter)


def _study_options(p: argparse.ArgumentParser, output_help: str) -> None:
    p.add_argument("--output", help=output_help)
    p.add_argument("--root", help=argparse.SUPPRESS)


def _add_parser(sub) -> None:
    p = _sub(sub, "add", "copy articles verbatim into a corpus and fill its manifest")
    p.add_argument("files", nargs="+", help=".txt, .html, or a batch .csv/.jsonl/.parquet of articles")
    p.add_argument("--corpus", required=True, help="corpus name (folder under data/corpora/)")
    p.add_argument("--outlet", help="outlet name (required for .txt/.html unless the manifest gives it)")
    p.add_argument("--title", help="headline (for a single .txt/.html file)")
    p.add_argument("--date", dest="published", help="publication date, ISO (YYYY-MM-DD)")
    p.add_argument("--url", default="", help="where the article was published (optional)")
    p.add_argument("--event", default="", help="event id grouping articles on the same story (optional)")
    p.add_argument("--language", default="en", help="ISO 639-1 language code (default: en)")
    p.add_argument("--article-id", help="article id (default: derived from file name and hash)")
    p.add_argument("--manifest", help="a CSV manifest describing the files (one row per file)")
    for col in ("text", "outlet", "title", "date", "url", "event", "language", "id"):
        p.add_argument(f"--{col}-col", help=f"column holding the {col} in a batch file")
    p.add_argument(SEED_CORPUS_FLAG, dest="into_seed", action="store_true",
                   help=f"allow adding to the committed seed corpus {SEED_STUDY} (changes its committed manifest)")
    p.add_argument("--format", dest="fmt", choices=["html", "text"],
                   help="read every input as an HTML page (extract its article text) or as plain text "
                        "(default: a file's suffix; a batch row is HTML only when it starts as a page)")
    p.add_argument("--skip-bad", action="store_true",
                   help="add the usable rows/files and list the bad ones at the end "
                        "(default: refuse the whole batch if any row is bad)")
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.set_defaults(func=commands.add)


def _report_parser(sub) -> None:
    p = _sub(sub, "report", f"re-execute the numbered notebooks of the committed study ({SEED_STUDY})")
    p.add_argument("--corpus", default=SEED_STUDY, help=argparse.SUPPRESS)
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.set_defaults(func=commands.report)


def _run_parser(sub) -> None:
    p = _sub(sub, "run", "run the whole study on a corpus into reports/NAME/")
    p.add_argument("corpus", help="corpus name (folder under data/corpora/, filled by framing add)")
    _study_options(p, "output folder (default: reports/NAME)")
    p.add_argument("--lexicons", help="lexicon folder of this study (default: data/lexicons)")
    p.add_argument("--scheduler", help="run on Dask: a scheduler address (tcp://HOST:PORT) or 'local' "
                                       "(default: a process pool on this machine)")
    p.add_argument("--outlet-order", help="comma-separated outlet names: their order and colours in every "
                                          "figure (default: alphabetical)")
    p.add_argument("--top-n", type=int, default=None,
                   help="terms and forms shown in the term figures (default: study.toml, else 25)")
    p.add_argument("--group", help="manifest column to compare (default: study.toml, else outlet)")
    p.add_argument("--csv", choices=["auto", "always", "never"], default=None,
                   help="long tables (hits, features, ...) as CSV: auto = up to 20,000 articles, "
                        "else a Parquet folder per table (default: as last run, else auto)")
    p.set_defaults(func=commands.run)


def _explore_parser(sub) -> None:
    p = _sub(sub, "explore", "write the self-contained HTML explorer of a study")
    p.add_argument("corpus", nargs="?", default=SEED_STUDY, help=f"study name (default: {SEED_STUDY})")
    _study_options(p, "the study's output folder, as given to framing run (default: the committed "
                      f"study for {SEED_STUDY}, else reports/NAME)")
    p.set_defaults(func=commands.explore)


def _validate_parser(sub) -> None:
    p = _sub(sub, "validate", "score the measures of a study against hand-coded spans")
    p.add_argument("corpus", nargs="?", default=SEED_STUDY, help=f"study name (default: {SEED_STUDY})")
    p.add_argument("--gold", help="gold span CSV (default: data/gold/NAME.csv)")
    p.add_argument("--map", dest="mapping", help="category mapping CSV (default: data/gold/category_map.csv)")
    _study_options(p, "the study's output folder, as given to framing run (default: the committed "
                      f"study for {SEED_STUDY}, else reports/NAME); scores go to its processed/validation/")
    p.set_defaults(func=commands.validate)


def _new_parser(sub) -> None:
    p = sub.add_parser("new", help="start a study of your own event: data/studies/NAME/ with its settings "
                                   "and empty actor and loaded-term lists")
    p.add_argument("corpus", metavar="NAME", help="study name (also its corpus name)")
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.set_defaults(func=commands.new)


def _lexicon_parser(sub) -> None:
    p = sub.add_parser("lexicon", help="manage a study's own lexicons")
    group = p.add_subparsers(dest="lexicon_command", required=True)
    imp = group.add_parser("import", help="import a LIWC-style .dic file or a plain word list "
                                          "(one entry per line) into a study's lexicons")
    imp.add_argument("corpus", metavar="NAME", help="the study")
    imp.add_argument("file", help=".dic (LIWC format; trailing * = prefix) or a text file of entries")
    imp.add_argument("--category", required=True, help="the category the entries count in (e.g. loaded_terms)")
    imp.add_argument("--subcategory", help="subcategory of a word list's entries (default: the category)")
    imp.add_argument("--liwc-category", action="append",
                     help="import only this LIWC category of a .dic (repeatable; default: all)")
    imp.add_argument("--source", required=True, help="citation and licence of the list")
    imp.add_argument("--into", help="file name in the study's lexicons/ without .csv (default: the category)")
    imp.add_argument("--root", help=argparse.SUPPRESS)
    imp.set_defaults(func=commands.lexicon_import)
    a = group.add_parser("accept", help="merge the candidate rows marked in their accept column into the "
                                        "study's lexicons")
    a.add_argument("corpus", metavar="NAME", help="the study")
    a.add_argument("--root", help=argparse.SUPPRESS)
    a.set_defaults(func=commands.lexicon_accept)


def _discover_parser(sub) -> None:
    p = sub.add_parser("discover", help="propose a study's actors (with their names) and loaded terms "
                                        "from its own articles, for review")
    p.add_argument("corpus", metavar="NAME", help="the study (run it first: framing run NAME)")
    _study_options(p, "output folder of the cleaned tables (default: reports/NAME)")
    p.add_argument("--group", help="manifest column to compare (default: study.toml, else outlet)")
    p.add_argument("--min-count", type=int, default=3, help="mentions an actor needs (default: 3)")
    p.add_argument("--top", type=int, default=200, help="candidate terms kept per event (default: 200)")
    p.set_defaults(func=commands.discover)


def _extract_parser(sub) -> None:
    p = sub.add_parser("extract", help="print one article's clean text as the study sees it (or its audit)")
    p.add_argument("file", help="a .txt or .html article")
    p.add_argument("--outlet", default="", help="outlet whose rules apply (default: the generic rules only)")
    p.add_argument("--audit", action="store_true", help="every raw line: kept or removed, segment or reason, rule")
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.set_defaults(func=commands.extract)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Compare how news outlets frame the same story: add articles to a corpus,\n"
                    "run the study (cleaning, measures, figures, notebooks), explore and validate it.",
        epilog="Start with:\n  framing new NAME, then framing add FILES --corpus NAME --outlet OUTLET,\n"
               "  then framing run NAME\n"
               "See `framing COMMAND --help` for each command's options and examples.")
    parser.add_argument("--version", action="version", version=_version(), help="show the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, title="commands", metavar="COMMAND")
    for build in (_new_parser, _add_parser, _report_parser, _run_parser, _explore_parser, _validate_parser,
                  _extract_parser, _discover_parser, _lexicon_parser):
        build(sub)
    for name, p in sub.choices.items():  # every command's help ends with its examples
        if name in EXAMPLES and not p.epilog:
            p.epilog, p.formatter_class = EXAMPLES[name], argparse.RawDescriptionHelpFormatter
    return parser


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C (``finally`` blocks remove temporary files)."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def os_error_line(exc: OSError) -> str:
    """One line for an operating-system error: the file, what happened, the fix."""
    fixes = {errno.EROFS: "write to a folder on a writable disk (--output)",
             errno.ENOSPC: "free disk space, then run the command again (finished parts are kept)",
             errno.EDQUOT: "free disk space or raise the quota, then run the command again",
             errno.EACCES: "make the folder writable for you, or choose another (--output)",
             errno.EPERM: "make the folder writable for you, or choose another (--output)",
             errno.ENOENT: "check the path", errno.ENOTDIR: "check the path"}
    where = exc.filename if exc.filename is not None else None
    what = exc.strerror or type(exc).__name__
    fix = fixes.get(exc.errno, "check the file or folder named")
    return f"{where}: {what} ({fix})" if where else f"{what} ({fix})"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Arrow's bundled mimalloc keeps freed table memory that malloc_trim cannot return;
    # the C library's malloc lets `framing run` hand the stages' tables back before the
    # notebooks (issue 17: -37 MB in the parent). Read once, at Arrow's import (not yet
    # done here: commands import pandas when they run); inherited by workers and the kernel.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    previous = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (main() called from a thread): leave SIGTERM alone
        previous = None
    try:
        return int(args.func(args) or 0)
    except FramingError as exc:
        print(f"framing {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"framing {args.command}: error: {os_error_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"framing {args.command}: interrupted; finished parts are kept, run the command again to resume",
              file=sys.stderr)
        return 130
    except Terminated:
        print(f"framing {args.command}: terminated; finished parts are kept, run the command again to resume",
              file=sys.stderr)
        return 143
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
