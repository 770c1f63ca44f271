"""``framing``: the command line, a thin layer over the run layer.

Each subcommand builds the one :class:`~helpers.core.study.Study` from its
arguments and hands it to the run layer (:mod:`helpers.cli.commands`).
"""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
