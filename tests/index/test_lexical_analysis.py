"""The lexical index's analysis: which language's stemmer a posting gets, and the stopwords."""

from summariser.index import lexical_analysis
from summariser.index.lexical_analysis import language_bucket


def test_stopwords_are_bm25s_english_list():
    from bm25s.stopwords import STOPWORDS_EN

    assert frozenset(STOPWORDS_EN) == lexical_analysis.STOPWORDS


def test_language_buckets():
    assert language_bucket("nb") == language_bucket("no-NO") == language_bucket("nn") == "no"
    assert language_bucket("en") == language_bucket("fr") == "en"
    norwegian = "Vi søker en stipendiat. Stillingen er på tre år, og søknadsfrist er 1. mars. Du må ha og ikke være"
    assert language_bucket(None, norwegian) == "no"
    assert language_bucket(None, "Nous recherchons un doctorant et un postdoc en chimie. Le poste est à Paris.") == "en"
