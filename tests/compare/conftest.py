"""The seed study measured once per test module (helpers.compare tests)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def seed():
    pytest.importorskip("helpers.measure.features")
    from helpers.clean.cleaning import assemble_texts, clean_corpus
    from helpers.corpus.dataset import load_corpus
    from helpers.measure.features import measure_corpus

    corpus = load_corpus("iran-missiles-2018")
    segments, _ = clean_corpus(corpus)
    return measure_corpus(segments, corpus), segments, assemble_texts(segments), corpus
