"""The matching snapshot: arrays load as views into the stored blob (no second copy in the
worker), the byte-array vocabulary finds what a sorted list finds, old snapshots still load."""

from __future__ import annotations

import bisect
import pickle

import numpy as np
import pytest

from kunnskapsbro.search import matching


def _index() -> matching.MatchIndex:
    docs = [
        (1, True, 1, ["sykehjem", "beboer", "demens", "uro", "natt"]),
        (2, True, 1, ["skole", "skolestart", "lærer"]),
        (3, False, 2, ["sykehjemsbeboer", "søvn", "dement"]),
        (4, True, 2, ["ferge", "ø", "øy", "å", "aa"]),
    ]
    return matching.MatchIndex(
        kinds={
            "project": matching._build_kind(docs),
            "person": matching._build_kind([]),
            "assignment": matching._build_kind(docs[:1]),
        },
        key=(7, "x", 4),
    )


def test_vocabulary_sorts_and_finds_like_a_list():
    terms = sorted({"å", "øy", "ø", "aa", "skole", "skolestart", "sykehjem", "sykehjemsbeboer"})
    vocabulary = matching.Vocabulary.from_terms(terms)
    assert list(vocabulary) == terms and len(vocabulary) == len(terms)
    for probe in ["", "a", "aa", "skol", "skole", "sykehjem", "ø", "øy", "å", "zzz", "æ"]:
        key = probe.encode()
        assert vocabulary.bisect(key) == bisect.bisect_left(terms, probe), probe
        assert vocabulary.bisect(key, right=True) == bisect.bisect_right(terms, probe), probe
    assert vocabulary[-1] == terms[-1]
    with pytest.raises(IndexError):
        vocabulary[len(terms)]


def test_snapshot_round_trip_is_zero_copy():
    index = _index()
    blob = matching.snapshot_dumps(index)
    assert blob.startswith(matching.SNAPSHOT_MAGIC)
    loaded = matching.snapshot_loads(blob)
    assert loaded.key == (7, "x", 4)
    project = loaded.kinds["project"]
    for array in (project.positions, project.weights, project.ids, project.vocabulary.blob):
        # A view into the blob: it owns no memory and cannot be written.
        assert not array.flags.owndata and not array.flags.writeable
    original = index.kinds["project"]
    assert np.array_equal(project.positions, original.positions)
    assert np.array_equal(project.weights, original.weights)
    assert list(project.vocabulary) == list(original.vocabulary)
    groups = matching.analyse_query("sykehjem")
    assert loaded.search(groups, kind="project") == index.search(groups, kind="project")
    assert loaded.search(groups, kind="person") == []


def test_first_format_snapshots_still_load():
    index = _index()
    loaded = matching.snapshot_loads(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    groups = matching.analyse_query("skole")
    assert loaded.search(groups, kind="project") == index.search(groups, kind="project")
    assert loaded.search(groups, kind="project")[0][0] == 2


def test_sqlite_blob_is_read_in_pieces(tmp_path, monkeypatch):
    import sqlite3

    path = tmp_path / "kb.sqlite3"
    blob = matching.snapshot_dumps(_index())
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (id integer primary key, snapshot blob)")
        con.execute("INSERT INTO t VALUES (1, ?), (2, NULL)", (blob,))
    monkeypatch.setattr(matching, "SNAPSHOT_READ_CHUNK", 1000)  # many pieces
    read = matching.read_sqlite_blob(str(path), "t", "snapshot", 1)
    assert bytes(read) == blob
    assert matching.read_sqlite_blob(str(path), "t", "snapshot", 2) is None
    assert matching.read_sqlite_blob(str(path), "t", "snapshot", 3) is None
    loaded = matching.snapshot_loads(read)
    groups = matching.analyse_query("sykehjem")
    assert loaded.search(groups, kind="project") == _index().search(groups, kind="project")


@pytest.mark.django_db
def test_stored_snapshot_reads_back(monkeypatch):
    """The database path (the ORM on in-memory SQLite, chunked rows on PostgreSQL)."""
    from kunnskapsbro.needs.models import MatchIndexState

    blob = matching.snapshot_dumps(_index())
    MatchIndexState.objects.update_or_create(
        pk=1, defaults={"snapshot": blob, "built_key": "x", "built_size": 9, "built_version": 7}
    )
    monkeypatch.setattr(matching, "SNAPSHOT_READ_CHUNK", 1000)
    assert bytes(matching._read_snapshot()) == blob
    assert matching._load_snapshot().key == (7, "x", 4)
