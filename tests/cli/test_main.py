"""The command line stays light: parsing arguments loads no table or plotting stack
(each command imports its stages when it runs)."""

from __future__ import annotations

import subprocess
import sys

from helpers.cli import build_parser


def test_importing_the_cli_loads_neither_pandas_nor_matplotlib():
    code = ("import sys, helpers.cli; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'nbclient', 'sklearn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_command_has_a_handler():
    parser = build_parser()
    for argv in (["add", "x.txt", "--corpus", "c"], ["report"], ["run", "c"], ["explore"], ["validate"]):
        assert callable(parser.parse_args(argv).func), argv


def _subparsers(parser):
    import argparse

    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_version_prints_the_package_version(capsys):
    import pytest

    from helpers import __version__

    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"framing {__version__}"


def test_every_option_has_help_and_every_command_an_example():
    import argparse

    def options(name, parser):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):  # e.g. framing lexicon import
                for sub_name, sub_parser in action.choices.items():
                    yield from options(f"{name} {sub_name}", sub_parser)
            elif action.help != argparse.SUPPRESS:
                yield name, action

    for name, p in _subparsers(build_parser()).items():
        assert p.epilog and f"framing {name}" in p.epilog, name
        for where, action in options(name, p):
            assert action.help, (where, action.dest)


def test_help_is_plain_words_not_restructured_text():
    text = build_parser().format_help()
    assert "``" not in text and ":class:" not in text and ":func:" not in text
    assert "framing run NAME" in text
