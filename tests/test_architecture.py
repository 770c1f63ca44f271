"""The package keeps its layered layout (checker in tests/architecture.py).

core -> corpus -> clean -> measure -> compare -> (present | validate) -> run -> cli:
no cycles, no private names across modules, no backward or sideways imports,
no module over 500 lines, no ImportError fallbacks around package modules.
The planted examples prove the checker catches each kind and stays quiet on
a clean package, so an empty report on the real tree means something.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from architecture import check_package

SRC = Path(__file__).resolve().parents[1] / "src"


def test_package_follows_the_layered_layout():
    violations = check_package(SRC)
    assert not violations, f"{len(violations)} architecture violations:\n" + "\n".join(violations)


def check_fake(tmp_path: Path, files: dict[str, str]) -> list[str]:
    """Write a fake src/helpers tree and check it.

    Every folder gets an ``__init__.py`` with a docstring unless the case gives
    its own, so each case contains only the violation it plants.
    """
    src = tmp_path / "src"
    files = {"helpers/__init__.py": '"""Fake."""\n__version__ = "0"\n', **files}
    for rel in list(files):
        for folder in Path(rel).parents:
            if folder.parts:
                files.setdefault(f"{folder.as_posix()}/__init__.py", f'"""The {folder.name} layer."""\n')
    for rel, text in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return check_package(src)


LOCAL_CYCLE = {  # two modules, each importing the other only inside a function
    "helpers/measure/features.py": """
        def order():
            from .quotes import quote_ids
            return quote_ids()
        """,
    "helpers/measure/quotes.py": """
        def quote_ids():
            from . import features
            return features.order
        """,
}
THREE_CYCLE = {
    "helpers/core/a.py": "from .b import x\ny = 1\n",
    "helpers/core/b.py": "from helpers.core.c import z\nx = 1\n",
    "helpers/core/c.py": "import helpers.core.a\nz = 1\n",
}
INIT_CYCLE = {  # a sibling imports the re-exporting __init__ back
    "helpers/measure/__init__.py": '"""Measures."""\nfrom .rates import category_rates\n'
                                   "from .features import order\n",
    "helpers/measure/rates.py": "def category_rates():\n    pass\n",
    "helpers/measure/features.py": "from . import category_rates\norder = category_rates\n",
}
FEATURES = "def _order():\n    pass\n"

PLANTED = {
    "cycle-of-function-local-imports": (LOCAL_CYCLE, "helpers/measure/features.py:3: import cycle: "
                                        "helpers.measure.features (line 3) -> helpers.measure.quotes"),
    "three-module-cycle": (THREE_CYCLE, "import cycle: helpers.core.a (line 1) -> helpers.core.b "
                                        "(line 1) -> helpers.core.c (line 1) -> helpers.core.a"),
    "cycle-through-subpackage-init": (INIT_CYCLE, "import cycle: helpers.measure (line 3) -> "
                                                  "helpers.measure.features (line 1) -> helpers.measure"),
    "private-name-import": ({"helpers/measure/features.py": FEATURES,
                             "helpers/compare/stats.py": "from ..measure.features import _order\n"},
                            "helpers/compare/stats.py:1: imports private name _order "
                            "from helpers.measure.features"),
    "private-attribute-access": ({"helpers/measure/features.py": FEATURES,
                                  "helpers/compare/stats.py": "from ..measure import features\n\n"
                                                              "def f():\n    return features._order()\n"},
                                 "helpers/compare/stats.py:4: uses private name _order "
                                 "of helpers.measure.features"),
    "backward-import": ({"helpers/compare/stats.py": "x = 1\n",
                         "helpers/clean/audit.py": "from ..compare import stats\n"},
                        "helpers/clean/audit.py:1: imports helpers.compare.stats from a later layer"),
    "sideways-import": ({"helpers/validate/checks.py": "x = 1\n",
                         "helpers/present/plots.py": "def f():\n    from ..validate import checks\n"},
                        "helpers/present/plots.py:2: imports helpers.validate.checks sideways"),
    "absolute-backward-import": ({"helpers/run/stages.py": "x = 1\n",
                                  "helpers/measure/kwic.py": "from helpers.run import stages\n"},
                                 "helpers/measure/kwic.py:1: imports helpers.run.stages from a later layer"),
    "module-outside-layout": ({"helpers/misc.py": "x = 1\n"},
                              "helpers/misc.py:1: module outside the layered layout: helpers.misc"),
    "long-module": ({"helpers/core/fine.py": "x = 1\n" * 500, "helpers/core/big.py": "x = 1\n" * 501},
                    "helpers/core/big.py:501: 501 lines, more than 500"),
    "import-error-fallback": ({"helpers/clean/rules.py": "y = 1\n",
                               "helpers/clean/audit.py": "try:\n    from .rules import y\n"
                                                         "except ImportError:\n    y = None\n"},
                              "helpers/clean/audit.py:3: except ImportError around the import of "
                              "package module helpers.clean.rules (line 2)"),
    "init-without-docstring": ({"helpers/measure/__init__.py": "from .rates import r\n",
                                "helpers/measure/rates.py": "r = 1\n"},
                               "helpers/measure/__init__.py:1: subpackage __init__ has no docstring"),
    "package-init-imports": ({"helpers/__init__.py": '"""Fake."""\nfrom .core.storage import write_csv\n',
                              "helpers/core/storage.py": "def write_csv():\n    pass\n"},
                             "helpers/__init__.py:2: the package __init__ imports from the package"),
}


@pytest.mark.parametrize("files, expected", PLANTED.values(), ids=PLANTED.keys())
def test_planted_violation_is_reported_alone(tmp_path, files, expected):
    violations = check_fake(tmp_path, files)
    # Exactly one line: the planted violation, and no collateral noise.
    assert len(violations) == 1 and expected in violations[0], "\n".join(violations)


CLEAN = {
    "helpers/core/__init__.py": '"""Storage."""\nfrom .storage import write_csv, read_csv\n',
    "helpers/core/storage.py": "def write_csv():\n    return _helper()\n\n"
                               "def read_csv():\n    pass\n\ndef _helper():\n    pass\n",
    "helpers/corpus/dataset.py": "from ..core.storage import write_csv\nfrom .. import __version__\n",
    "helpers/clean/audit.py": "import helpers.core.storage as storage\nfrom ..corpus import dataset\n"
                              "try:\n    import ujson  # optional outside dependency: fine\n"
                              "except ImportError:\n    ujson = None\nx = storage.write_csv\n",
    # The __init__ re-exports its own submodules; siblings import each other directly.
    "helpers/measure/__init__.py": '"""Measures."""\nfrom .rates import category_rates\n'
                                   "from .features import order\n",
    "helpers/measure/rates.py": "from .features import order\n\ndef category_rates():\n    return order\n",
    "helpers/measure/features.py": "import helpers\n\ndef order():\n    return helpers.core.storage\n",
    "helpers/compare/stats.py": "from ..measure import features, category_rates\n\n"
                                "def f(features_table):\n    from ..clean.audit import x\n"
                                "    return features.order(), features.__name__, x\n",
    "helpers/present/plots.py": "from ..compare.stats import f\nfrom ..core import write_csv\n",
    "helpers/validate/checks.py": "from helpers.compare import stats\n",
    "helpers/run/stages.py": "from ..present import plots\nfrom ..validate import checks\n",
    "helpers/cli.py": "import importlib\nfrom .run import stages\n\n"
                      "def main(name):\n    return importlib.import_module(f'helpers.{name}')\n",
    "helpers/__main__.py": "from .cli import main\n",
}


def test_clean_package_has_no_violations(tmp_path):
    assert check_fake(tmp_path, CLEAN) == []


def test_cli_may_be_a_subpackage_but_other_layers_may_not_be_single_modules(tmp_path):
    violations = check_fake(tmp_path, {"helpers/cli/__init__.py": '"""Commands."""\n',
                                       "helpers/cli/study.py": "from ..core import storage\n",
                                       "helpers/core/storage.py": "x = 1\n",
                                       "helpers/measure.py": "x = 1\n"})
    assert violations == ["helpers/measure.py:1: module outside the layered layout: helpers.measure "
                          "has no rank (layers are subpackages; decide where it belongs)"]
