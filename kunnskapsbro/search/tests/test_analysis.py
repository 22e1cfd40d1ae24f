from __future__ import annotations

import pytest

from kunnskapsbro.search.analysis import index_terms, normalize, query_groups, query_terms


def matches(query: str, text: str) -> bool:
    """What the backends do: every query group has a term that prefixes an indexed term."""
    indexed = index_terms(text)
    return bool(query_groups(query)) and all(
        any(term.startswith(q) for q in group for term in indexed) for group in query_groups(query)
    )


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("sykehjem", "Sykehjemsprosjektet: søvn, aktivitet og ressursbruk"),
        ("sykehjemmet", "Sykehjemsprosjektet: søvn, aktivitet og ressursbruk"),
        ("skole", "Bedre skolestart for alle"),
        ("ferje", "Autonom, elektrisk byferge (Zeabuz)"),
        ("ferge", "Autonom, elektrisk byferge (Zeabuz)"),
        ("ferje", "Passasjerane tek ferja til byen"),
        ("ferge", "Passasjerane tek ferja til byen"),
        ("sykehjemsbeboere", "Ernæring på sykehjem"),
        ("ferry", "An autonomous ferry for the city"),
        ("ferries", "An autonomous ferry for the city"),
        ("start", "Bedre skolestart for alle"),
        ("helse", "Folkehelse i kommunen"),
        ("sjukeheim", "Sykehjemsprosjektet"),
        ("skule", "Bedre skolestart for alle"),
        ("kommunene", "kommunane"),
        ("hverdagsrehabilitering", "Kvardagsrehabilitering i heimetenesta"),
        ("cafe", "Kafé og kultur på Café Idé"),
    ],
)
def test_query_matches_text(query: str, text: str) -> None:
    assert matches(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("sykehjem", "Bedre skolestart for alle"),
        ("skole sykehjem", "Bedre skolestart for alle"),  # words are ANDed
        ("ferry", "Bedre skolestart for alle"),
    ],
)
def test_query_does_not_match_text(query: str, text: str) -> None:
    assert not matches(query, text)


def test_ferry_spellings_fold_to_one_term() -> None:
    terms = {
        term
        for word in ["ferje", "ferge", "ferja", "ferga", "ferjer", "fergene"]
        for term in index_terms(word)
    }
    assert terms == {"ferg"}


def test_compound_is_split_into_known_words() -> None:
    assert index_terms("sykehjemsprosjektet") == ["sykehjemsprosjekt", "sykehjem", "prosjekt"]
    assert index_terms("skolestart") == ["skolestart", "skol", "start"]
    assert set(index_terms("byferge")) >= {"by", "ferg"}


def test_lexicalised_compound_is_not_split() -> None:
    assert index_terms("sykehjemmet") == ["sykehjem"]
    assert index_terms("barnehagen") == ["barnehag"]


def test_query_compound_gives_alternatives() -> None:
    assert query_groups("sykehjemsbeboere") == [["sykehjemsbeboer", "sykehjem", "bebo"]]


def test_stop_words_and_punctuation_are_dropped() -> None:
    assert index_terms("og i på the of") == []
    for garbage in ["'; DROP TABLE", '"', "*", "(", "-", ":", "", "   "]:
        for term in query_terms(garbage):
            assert term.isalnum()
    assert query_terms('"*(-:') == []


def test_normalize_keeps_norwegian_letters() -> None:
    assert normalize("ÆØÅ Idé Tromsö Ärlig") == "æøå ide tromsø ærlig"


def test_english_stem_is_added() -> None:
    assert "ferri" in index_terms("ferry")
