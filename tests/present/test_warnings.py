import pandas as pd

from helpers.present import LONG_HEADLINE, cleaning_warnings


def test_single_line_articles_and_long_headlines_are_named():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "n_segments": [1, 5, 4]})
    segments = pd.DataFrame({"article_id": ["b", "c"], "segment": ["headline", "headline"],
                             "start": [0, 0], "end": [40, LONG_HEADLINE + 1]})
    one, long = cleaning_warnings(articles, segments)
    assert "1 article(s) on a single line" in one and ": a." in one
    assert f"over {LONG_HEADLINE} characters" in long and ": c." in long
    assert cleaning_warnings(articles.iloc[1:2], segments.iloc[:1]) == []
