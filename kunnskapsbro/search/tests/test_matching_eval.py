"""Matching quality stays above a floor on the evaluation set (docs/matching.md)."""

from __future__ import annotations

from kunnskapsbro.search.eval import runner
from kunnskapsbro.search.eval.needs import NEEDS

# Measured: recall@10 0.452, nDCG@10 0.502 (bm25_glossary), 31 needs, 2,128 titles.
RECALL_FLOOR = 0.42
NDCG_FLOOR = 0.45


def test_the_evaluation_set_is_well_formed():
    keys = {key for key, _title in runner.corpus()}
    assert len(NEEDS) >= 30
    for need in NEEDS:
        assert need["relevant"], need["id"]
        assert set(need["relevant"]) <= keys, need["id"]
        assert set(need["relevant"].values()) <= {1, 2}


def test_matching_quality_floor():
    result = runner.evaluate(runner.bm25)
    assert result["recall@10"] >= RECALL_FLOOR, result
    assert result["ndcg@10"] >= NDCG_FLOOR, result


def test_the_glossary_is_what_finds_english_titles():
    plain = runner.evaluate(runner.METHODS["bm25"])
    assert runner.evaluate(runner.bm25)["ndcg@10"] > plain["ndcg@10"] + 0.2


def test_metrics():
    relevant = {"a": 2, "b": 1}
    assert runner.recall_at_k(["a", "x", "b"], relevant) == 1.0
    assert runner.ndcg_at_k(["a", "b"], relevant) == 1.0
    assert runner.ndcg_at_k(["b", "a"], relevant) < 1.0
    assert runner.ndcg_at_k(["x"], relevant) == 0.0
