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
