"""`framing new` and `framing lexicon import` (plain word lists and LIWC-style .dic files)."""

from __future__ import annotations

import pandas as pd

from conftest import copy_project
from helpers import cli

DIC = "%\n1\tposemo\n2\tnegemo\n%\nabandon*\t2\nhappy\t1\n"


def test_new_then_import_a_dic_and_a_word_list(tmp_path, capsys):
    root = copy_project(tmp_path / "p")
    assert cli.main(["new", "ev", "--root", str(root)]) == 0
    lex = root / "data" / "studies" / "ev" / "lexicons"
    assert {p.name for p in lex.iterdir()} == {"actors.csv", "loaded_terms.csv", "drop.csv"}
    assert "display" in (lex / "actors.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert cli.main(["new", "ev", "--root", str(root)]) == 2  # never over an existing study
    (tmp_path / "x.dic").write_text(DIC, encoding="utf-8")
    for _ in range(2):  # importing twice adds nothing the second time
        assert cli.main(["lexicon", "import", "ev", str(tmp_path / "x.dic"), "--category", "sentiment",
                         "--source", "test list", "--root", str(root)]) == 0
    rows = pd.read_csv(lex / "sentiment.csv", keep_default_na=False)
    assert rows[["entry", "subcategory"]].values.tolist() == [["abandon*", "negemo"], ["happy", "posemo"]]
    (tmp_path / "w.txt").write_text("# loaded words\nwitch hunt\n\nhoax\n", encoding="utf-8")
    assert cli.main(["lexicon", "import", "ev", str(tmp_path / "w.txt"), "--category", "loaded_terms",
                     "--source", "mine", "--root", str(root)]) == 0
    assert pd.read_csv(lex / "loaded_terms.csv")["entry"].tolist() == ["witch hunt", "hoax"]


def test_what_the_matcher_cannot_express_is_refused_with_its_line(tmp_path, capsys):
    root = copy_project(tmp_path / "p")
    assert cli.main(["new", "ev", "--root", str(root)]) == 0
    before = (root / "data" / "studies" / "ev" / "lexicons" / "loaded_terms.csv").read_bytes()
    (tmp_path / "bad.dic").write_text("%\n1\tx\n%\nfine\t1\nkind (of)\t1\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("ok\nter*rible\n", encoding="utf-8")
    for name, line in (("bad.dic", "row 5"), ("bad.txt", "row 2")):
        assert cli.main(["lexicon", "import", "ev", str(tmp_path / name), "--category", "loaded_terms",
                         "--source", "t", "--root", str(root)]) == 2
        err = capsys.readouterr().err
        assert line in err and len(err.strip().splitlines()) == 1
    assert (root / "data" / "studies" / "ev" / "lexicons" / "loaded_terms.csv").read_bytes() == before
