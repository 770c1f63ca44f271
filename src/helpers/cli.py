"""``framing``: the command-line entry point, a thin layer over ``helpers``.

Each subcommand parses its arguments and calls one function in the module
that owns the stage; user-fixable problems (:class:`FramingError`) are printed
as one line on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import sys

from .core.errors import FramingError
from .core.paths import DEFAULT_CORPUS


def _add_parser(sub) -> None:
    p = sub.add_parser("add", help="copy articles verbatim into a corpus and fill its manifest")
    p.add_argument("files", nargs="+", help=".txt, .html, or a batch .csv/.jsonl/.parquet of articles")
    p.add_argument("--corpus", required=True, help="corpus name (folder under data/corpora/)")
    p.add_argument("--outlet", help="outlet name (required for .txt/.html unless the manifest gives it)")
    p.add_argument("--title")
    p.add_argument("--date", dest="published", help="publication date, ISO (YYYY-MM-DD)")
    p.add_argument("--url", default="")
    p.add_argument("--event", default="")
    p.add_argument("--language", default="en")
    p.add_argument("--article-id", help="article id (default: derived from file name and hash)")
    p.add_argument("--manifest", help="a CSV manifest describing the files (one row per file)")
    for col in ("text", "outlet", "title", "date", "url", "event", "language", "id"):
        p.add_argument(f"--{col}-col", help=f"column holding the {col} in a batch file")
    p.add_argument("--skip-bad", action="store_true",
                   help="add the usable rows/files and list the bad ones at the end "
                        "(default: refuse the whole batch if any row is bad)")
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.set_defaults(func=lambda a: _call("ingest" if a.skip_bad else "dataset", "command_add", a))


def _report_parser(sub) -> None:
    p = sub.add_parser("report", help="re-execute the numbered notebooks of the committed seed study")
    p.add_argument("--corpus", default=DEFAULT_CORPUS)
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.set_defaults(func=lambda a: _call("readme", "command_report", a))


def _run_parser(sub) -> None:
    p = sub.add_parser("run", help="run the whole study on a corpus into reports/NAME/")
    p.add_argument("corpus")
    p.add_argument("--output", help="output folder (default: reports/NAME)")
    p.add_argument("--scheduler", help="Dask scheduler address (tcp://HOST:PORT) or 'local'")
    p.add_argument("--outlet-order", help="comma-separated outlet order for figures")
    p.add_argument("--top-n", type=int, default=20)
    p.add_argument("--csv", choices=["auto", "always", "never"], default=None,
                   help="long tables (hits, features, ...) as CSV: auto = up to 20,000 articles, "
                        "else a Parquet folder per table (default: as last run, else auto)")
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.set_defaults(func=lambda a: _call("pipeline", "command_run", a))


def _explore_parser(sub) -> None:
    p = sub.add_parser("explore", help="write the self-contained HTML explorer of a corpus")
    p.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    p.add_argument("--output", help="output folder (default: the study's notebooks folder)")
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.set_defaults(func=lambda a: _call("explore", "command_explore", a))


def _validate_parser(sub) -> None:
    p = sub.add_parser("validate", help="score the measures against hand-coded spans")
    p.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    p.add_argument("--gold", required=True, help="gold span CSV")
    p.add_argument("--map", dest="mapping", help="category mapping CSV")
    p.add_argument("--output", help="folder for the score CSVs")
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.set_defaults(func=lambda a: _call("validate", "command_validate", a))


def _call(module: str, func: str, args: argparse.Namespace) -> int:
    import importlib

    where = {"dataset": "corpus.dataset", "ingest": "corpus.ingest", "readme": "run.readme",
             "pipeline": "run.pipeline", "explore": "run.explorer", "validate": "validate.validate"}
    mod = importlib.import_module(f"helpers.{where[module]}")
    return int(getattr(mod, func)(args) or 0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for build in (_add_parser, _report_parser, _run_parser, _explore_parser, _validate_parser):
        build(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FramingError as exc:
        print(f"framing {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
