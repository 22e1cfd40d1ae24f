"""Matching: rank projects, people and open assignments for a knowledge need (BM25).

The matcher reuses the portfolio search's Norwegian analysis (``search.analysis``: Snowball
stems, compound splitting, bokmål/nynorsk variants, stop words) and ranks with Okapi BM25:

* **Documents.** A project is its title, English title, acronym and keywords (counted
  :data:`TITLE_WEIGHT` times) plus its summaries. A person is their stated expertise, their
  affiliations (title, unit, organisation) and the titles of the public projects and theses
  they worked on. An assignment is its own text and its need's.
* **Query.** Each word of the need becomes a group of alternative terms (its stems and compound
  parts, as in the portfolio search) plus, through a small bilingual glossary
  (``data/match_glossary.txt``), its English or Norwegian equivalents, so Norwegian needs find
  English project titles and the reverse. A term of at least
  :data:`MATCH_MIN_PREFIX_LENGTH` letters also matches the index terms it is a prefix of
  (``skole`` → ``skolestart``), weighted :data:`PREFIX_WEIGHT`. Unlike the portfolio search,
  not every word has to match: a need is a paragraph, and a project matching most of it should
  come first.
* **Score.** BM25 per group: ``idf(group) · tf'`` with ``tf'`` the document's saturated
  term frequency for the group's best alternatives, summed over the groups.

The index is an in-memory structure (NumPy postings in CSR layout, the vocabulary as one
UTF-8 byte array) built from the database and kept in ``needs.MatchIndexState`` together with
the version it was built at, as a snapshot whose arrays a worker uses in place
(:func:`snapshot_loads`: no unpickled copy beside the stored bytes). Services that change needs, assignments and theses bump the version and enqueue
:func:`rebuild_task`; project changes are noticed by a fingerprint (latest ``updated_at`` and
highest id). A web process that finds its copy stale loads the newest snapshot; a stale
snapshot is served while the background task rebuilds it, except for small installations,
which rebuild inline. Each result carries its reason: the query words that matched and the
passage (a title or a sentence) they matched in.
"""

from __future__ import annotations

import math
import pickle  # noqa: S403 - our own snapshots, written by this module only
import re
import sqlite3
import struct
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from kunnskapsbro.search.analysis import (
    MIN_PREFIX_LENGTH,
    index_terms,
    normalize,
    token_terms,
    tokenize,
)

KINDS = ("project", "person", "assignment")
K1 = 1.2
B = 0.75
TITLE_WEIGHT = 3
PREFIX_WEIGHT = 0.6
GLOSSARY_WEIGHT = 0.8
MAX_PREFIX_EXPANSION = 40
# Prefix expansion starts one letter later than in the portfolio search: a need is long, and a
# three-letter stem ("dem" from "demens") would also pull in "demokrati" and "demonstrasjon".
MATCH_MIN_PREFIX_LENGTH = MIN_PREFIX_LENGTH + 1
# Below this many documents the index is rebuilt inline when stale (milliseconds); above it a
# background task rebuilds it and the previous snapshot is served meanwhile.
INLINE_REBUILD_LIMIT = 5000
# Words a unit leader uses to ask rather than to describe; they carry no topic.
NEED_STOP_WORDS = frozenset(
    """
    ønsker ønske ønsket trenger behov vite finne ut kunnskap mer bedre hva hvilke hvordan
    tiltak kan kunne bør mange få økt øke redusere gjelder gjøre gjennom per del blant
    opplever erfarer virker fungerer effekt effekten effekter har mangler lite andre
    want need know better find more which how
    """.split()
)
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+|\n+")


# --- the glossary -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _glossary() -> dict[str, tuple[str, ...]]:
    """Map each analysed glossary token to the analysed terms of its equivalents."""
    path = Path(__file__).with_name("data") / "match_glossary.txt"
    mapping: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        entries = [entry.strip() for entry in line.split(",") if entry.strip()]
        analysed = [tuple(index_terms(entry)) for entry in entries]
        for i, terms in enumerate(analysed):
            if len(terms) != 1:
                continue  # multi-word phrases expand others but are not looked up themselves
            others = {t for j, other in enumerate(analysed) if j != i for t in other[:1]}
            mapping.setdefault(terms[0], set()).update(others - {terms[0]})
    return {key: tuple(sorted(values)) for key, values in mapping.items()}


@dataclass(frozen=True)
class QueryGroup:
    word: str  # the query word as the user wrote it (normalised)
    terms: tuple[str, ...]  # its own analysed terms
    translations: tuple[str, ...]  # terms of glossary equivalents


def analyse_query(text: str, *, use_glossary: bool = True) -> list[QueryGroup]:
    """One group per distinct query word: its terms and (optionally) glossary equivalents."""
    groups: list[QueryGroup] = []
    seen: set[tuple[str, ...]] = set()
    glossary = _glossary() if use_glossary else {}
    for token in dict.fromkeys(tokenize(text)):
        if token in NEED_STOP_WORDS:
            continue
        terms = token_terms(token)
        if terms in seen:
            continue
        seen.add(terms)
        translations = tuple(
            dict.fromkeys(t for term in terms for t in glossary.get(term, ()) if t not in terms)
        )
        groups.append(QueryGroup(word=token, terms=terms, translations=translations))
    return groups


# --- the index ----------------------------------------------------------------------------


class Vocabulary:
    """The sorted terms of one kind, as one UTF-8 byte array and the offsets of each term.

    Hundreds of thousands of Python strings cost ~60 bytes each on top of their text; as one
    array they cost their text plus four bytes, and they load without creating an object per
    term. UTF-8 bytes sort like the strings they encode, so lookups compare bytes."""

    __slots__ = ("_offsets", "_text", "blob", "offsets")

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        self.blob = blob
        self.offsets = offsets
        self._text = blob.tobytes()  # a few MB; slicing bytes is the fastest comparison
        self._offsets = memoryview(offsets)  # indexing gives Python ints without NumPy scalars

    def __reduce__(self) -> tuple[Any, ...]:
        return (Vocabulary, (self.blob, self.offsets))

    @classmethod
    def from_terms(cls, terms: Sequence[str]) -> Vocabulary:
        encoded = [term.encode("utf-8") for term in terms]
        lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        dtype = np.uint32 if offsets[-1] < 2**32 else np.int64
        return cls(np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets.astype(dtype))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def key(self, number: int) -> bytes:
        """Term ``number`` as UTF-8 bytes."""
        return self._text[self._offsets[number] : self._offsets[number + 1]]

    def __getitem__(self, number: int) -> str:
        if number < 0:
            number += len(self)
        if not 0 <= number < len(self):
            raise IndexError(number)
        return self.key(number).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return (self[number] for number in range(len(self)))

    def bisect(self, key: bytes, *, right: bool = False) -> int:
        """Where ``key`` (UTF-8) sorts: the first term ≥ it (> it with ``right``)."""
        text, offsets = self._text, self._offsets
        low, high = 0, len(self)
        while low < high:
            middle = (low + high) // 2
            term = text[offsets[middle] : offsets[middle + 1]]
            if term < key or (right and term == key):
                low = middle + 1
            else:
                high = middle
        return low


@dataclass
class KindIndex:
    """BM25 postings for one kind of record, stored compactly: the sorted vocabulary, and all
    postings in two flat arrays with each term's slice given by ``offsets`` (CSR layout).

    One flat pair of arrays instead of two small arrays per term keeps the index of 100,000
    projects and 200,000 people to a fraction of the memory (NumPy's per-array overhead would
    otherwise dominate for the hundreds of thousands of rare terms)."""

    ids: np.ndarray  # position → record id
    public: np.ndarray  # position → visible to anonymous callers
    partnership: np.ndarray  # position → partnership id (0 when none)
    vocabulary: Vocabulary  # sorted terms
    offsets: np.ndarray  # term number → start of its postings (one extra at the end)
    positions: np.ndarray  # document positions, term by term
    weights: np.ndarray  # BM25 term-frequency part, aligned with positions

    @property
    def size(self) -> int:
        return len(self.ids)

    def _slot(self, term: str) -> int:
        key = term.encode("utf-8")
        slot = self.vocabulary.bisect(key)
        return slot if slot < len(self.vocabulary) and self.vocabulary.key(slot) == key else -1

    def posting(self, slot: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = int(self.offsets[slot]), int(self.offsets[slot + 1])
        return self.positions[start:end], self.weights[start:end]

    def expand(self, term: str) -> list[tuple[int, float]]:
        """Term numbers matching ``term``: itself (weight 1) and longer ones it starts."""
        found: list[tuple[int, float]] = []
        slot = self._slot(term)
        if slot >= 0:
            found.append((slot, 1.0))
        if len(term) < MATCH_MIN_PREFIX_LENGTH:
            return found
        key = term.encode("utf-8")
        start = self.vocabulary.bisect(key, right=True)
        for number in range(start, min(start + MAX_PREFIX_EXPANSION, len(self.vocabulary))):
            if not self.vocabulary.key(number).startswith(key):
                break
            found.append((number, PREFIX_WEIGHT))
        return found


def _build_kind(docs: Iterable[tuple[int, bool, int, list[str]]]) -> KindIndex:
    """Build postings from ``(id, public, partnership_id, terms)`` rows."""
    ids: list[int] = []
    public: list[bool] = []
    partnerships: list[int] = []
    term_docs: dict[str, list[int]] = {}
    term_tfs: dict[str, list[int]] = {}
    lengths: list[int] = []
    for position, (record_id, is_public, partnership_id, terms) in enumerate(docs):
        ids.append(record_id)
        public.append(is_public)
        partnerships.append(partnership_id or 0)
        lengths.append(len(terms))
        counts: dict[str, int] = {}
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
        for term, count in counts.items():
            term_docs.setdefault(term, []).append(position)
            term_tfs.setdefault(term, []).append(count)
    length_array = np.asarray(lengths, dtype=np.float32)
    average = float(length_array.mean()) if len(lengths) else 1.0
    norm = K1 * (1 - B + B * length_array / max(average, 1.0))
    vocabulary = sorted(term_docs)
    offsets = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    for number, term in enumerate(vocabulary):
        offsets[number + 1] = offsets[number] + len(term_docs[term])
    positions = np.empty(int(offsets[-1]), dtype=np.int32)
    tfs = np.empty(int(offsets[-1]), dtype=np.float32)
    for number, term in enumerate(vocabulary):
        start, end = offsets[number], offsets[number + 1]
        positions[start:end] = term_docs.pop(term)
        tfs[start:end] = term_tfs.pop(term)
    weights = (tfs * (K1 + 1) / (tfs + norm[positions])).astype(np.float32) if len(tfs) else tfs
    return KindIndex(
        ids=_compact(np.asarray(ids, dtype=np.int64)),
        public=np.asarray(public, dtype=bool),
        partnership=_compact(np.asarray(partnerships, dtype=np.int64)),
        vocabulary=Vocabulary.from_terms(vocabulary),
        offsets=_compact(offsets),
        positions=positions,
        weights=weights,
    )


def _compact(values: np.ndarray) -> np.ndarray:
    """Non-negative integers in 32 bits when they fit (record ids, offsets), else 64."""
    if len(values) == 0 or (int(values.min()) >= 0 and int(values.max()) < 2**31):
        return values.astype(np.int32)
    return values


@dataclass
class MatchIndex:
    kinds: dict[str, KindIndex]
    key: tuple[Any, ...] = ()
    built_at: Any = None

    def search(
        self,
        groups: Sequence[QueryGroup],
        *,
        kind: str,
        limit: int = 10,
        public_only: bool = False,
        exclude_ids: Iterable[int] = (),
        partnership_id: int | None = None,
        other_partnerships: bool = False,
    ) -> list[tuple[int, float, list[str]]]:
        """``(id, score, matched words)`` of the best ``limit`` records of ``kind``."""
        index = self.kinds.get(kind)
        if index is None or index.size == 0 or not groups:
            return []
        n = index.size
        scores = np.zeros(n, dtype=np.float32)
        matched: list[tuple[str, np.ndarray]] = []
        for group in groups:
            weights = np.zeros(n, dtype=np.float32)
            alternatives = [(t, 1.0) for t in group.terms] + [
                (t, GLOSSARY_WEIGHT) for t in group.translations
            ]
            hit = False
            for term, term_weight in alternatives:
                for candidate, prefix_weight in index.expand(term):
                    positions, tf = index.posting(candidate)
                    # A term's positions are unique, so plain fancy indexing is exact here
                    # (and much faster than np.maximum.at).
                    weights[positions] = np.maximum(
                        weights[positions], tf * (term_weight * prefix_weight)
                    )
                    hit = True
            if not hit:
                continue
            df = int(np.count_nonzero(weights))
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            scores += weights * idf
            matched.append((group.word, weights))
        mask = scores > 0
        if public_only:
            mask &= index.public
        if partnership_id is not None:
            if other_partnerships:
                mask &= index.partnership != partnership_id
            else:
                mask &= index.partnership == partnership_id
        excluded = set(exclude_ids)
        candidates = np.flatnonzero(mask)
        if candidates.size == 0:
            return []
        take = min(candidates.size, limit + len(excluded))
        top = candidates[np.argpartition(-scores[candidates], take - 1)[:take]]
        top = top[np.argsort(-scores[top], kind="stable")]
        results: list[tuple[int, float, list[str]]] = []
        for position in top:
            record_id = int(index.ids[position])
            if record_id in excluded:
                continue
            words = [word for word, weights in matched if weights[position] > 0]
            results.append((record_id, float(scores[position]), words))
            if len(results) == limit:
                break
        return results


# --- building from the database -----------------------------------------------------------


def _project_docs() -> tuple[list[tuple[int, bool, int, list[str]]], dict[int, list[str]]]:
    """Project documents, and each project's title terms (people inherit them)."""
    from kunnskapsbro.projects.models import Project

    docs: list[tuple[int, bool, int, list[str]]] = []
    title_terms: dict[int, list[str]] = {}
    fields = (
        "id",
        "visibility",
        "partnership_id",
        "title",
        "title_en",
        "acronym",
        "keywords",
        "summary",
        "summary_en",
        "popular_summary",
        "popular_summary_en",
        "search_document__title_text",
        "search_document__text",
    )
    last_id = 0
    while True:
        batch = list(Project.objects.filter(id__gt=last_id).order_by("id").values(*fields)[:5000])
        if not batch:
            break
        for row in batch:
            if row["search_document__text"] is not None:
                # The portfolio index already holds the analysed terms; reuse them.
                titles = (row["search_document__title_text"] or "").split()
                every = row["search_document__text"].split()
                body = every[len(titles) :]
            else:
                keywords = row["keywords"] if isinstance(row["keywords"], list) else []
                titles = index_terms(
                    " \n ".join(
                        [row["title"], row["title_en"], row["acronym"], *map(str, keywords)]
                    )
                )
                body = index_terms(
                    " \n ".join(
                        row[name]
                        for name in (
                            "summary",
                            "summary_en",
                            "popular_summary",
                            "popular_summary_en",
                        )
                    )
                )
            title_terms[row["id"]] = titles
            docs.append(
                (
                    row["id"],
                    row["visibility"] == "public",
                    row["partnership_id"],
                    titles * TITLE_WEIGHT + body,
                )
            )
        last_id = batch[-1]["id"]
    return docs, title_terms


def _person_docs(project_titles: dict[int, list[str]]) -> list[tuple[int, bool, int, list[str]]]:
    from kunnskapsbro.education.models import Thesis
    from kunnskapsbro.organizations.models import Affiliation, Person
    from kunnskapsbro.projects.models import ProjectParticipant

    terms: dict[int, list[str]] = {}
    partnership: dict[int, int] = {}
    for person_id, expertise in Person.objects.values_list("id", "expertise").iterator(
        chunk_size=5000
    ):
        terms[person_id] = index_terms(expertise) * TITLE_WEIGHT if expertise else []
    for person_id, title, unit in Affiliation.objects.values_list(
        "person_id", "title", "unit__name"
    ).iterator(chunk_size=5000):
        terms.setdefault(person_id, []).extend(index_terms(f"{title} {unit or ''}"))
    for person_id, project_id, visibility, partnership_id in ProjectParticipant.objects.values_list(
        "person_id", "project_id", "project__visibility", "project__partnership_id"
    ).iterator(chunk_size=5000):
        if visibility != "public":
            continue  # a person's expertise is public; internal projects must not show in it
        terms.setdefault(person_id, []).extend(project_titles.get(project_id, ()))
        partnership.setdefault(person_id, partnership_id)
    for title, summary, academic, municipal in Thesis.objects.filter(
        visibility="public"
    ).values_list("title", "summary", "academic_supervisor_id", "municipal_supervisor_id"):
        thesis_terms = index_terms(f"{title}\n{summary}")
        for person_id in (academic, municipal):
            if person_id:
                terms.setdefault(person_id, []).extend(thesis_terms)
    return [
        (person_id, True, partnership.get(person_id, 0), person_terms)
        for person_id, person_terms in terms.items()
        if person_terms
    ]


def _assignment_docs() -> list[tuple[int, bool, int, list[str]]]:
    from kunnskapsbro.needs.models import Assignment

    docs = []
    for row in Assignment.objects.filter(
        status="open", need__status__in=("published", "in_progress")
    ).values(
        "id",
        "title",
        "description",
        "discipline",
        "data_available",
        "need__title",
        "need__problem",
        "need__wanted",
        "need__visibility",
        "need__partnership_id",
    ):
        titles = index_terms(f"{row['title']}\n{row['need__title']}")
        body = index_terms(
            "\n".join(
                row[name]
                for name in (
                    "description",
                    "discipline",
                    "data_available",
                    "need__problem",
                    "need__wanted",
                )
            )
        )
        docs.append(
            (
                row["id"],
                row["need__visibility"] == "public",
                row["need__partnership_id"],
                titles * TITLE_WEIGHT + body,
            )
        )
    return docs


def build_index(key: tuple[Any, ...] = ()) -> MatchIndex:
    """Build the whole index from the database (a few seconds per 100,000 projects)."""
    project_docs, titles = _project_docs()
    index = MatchIndex(
        kinds={
            "project": _build_kind(project_docs),
            "person": _build_kind(_person_docs(titles)),
            "assignment": _build_kind(_assignment_docs()),
        },
        key=key,
        built_at=timezone.now(),
    )
    return index


# --- versions, snapshots and the background rebuild ---------------------------------------


def current_key() -> tuple[Any, ...]:
    """What the index must have been built from to be fresh (two small queries)."""
    from kunnskapsbro.needs.models import MatchIndexState
    from kunnskapsbro.projects.models import Project

    version = MatchIndexState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    # ORDER BY … LIMIT 1 walks the updated_at index and the primary key; an aggregate MAX()
    # scanned the table on SQLite (25 ms at 100,000 projects).
    updated = Project.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    last_id = Project.objects.order_by("-id").values_list("id", flat=True).first()
    return (version, updated.isoformat() if updated else "", last_id or 0)


_lock = threading.Lock()
_loaded: MatchIndex | None = None
_scheduled_for: tuple[Any, ...] | None = None


def _key_text(key: tuple[Any, ...]) -> str:
    return "|".join(str(part) for part in key)


def rebuild(key: tuple[Any, ...] | None = None) -> MatchIndex:
    """Build the index now and store it as the snapshot every process will load."""
    from kunnskapsbro.needs.models import MatchIndexState

    global _loaded
    key = key or current_key()
    index = build_index(key)
    blob = snapshot_dumps(index)
    MatchIndexState.objects.update_or_create(
        pk=1,
        defaults={
            "snapshot": blob,
            "built_version": key[0],
            "built_key": _key_text(key),
            "built_size": sum(kind.size for kind in index.kinds.values()),
            "built_at": index.built_at,
        },
    )
    with _lock:
        _loaded = index
    return index


def get_index() -> MatchIndex:
    """The freshest index available without waiting, rebuilding inline when that is cheap."""
    from kunnskapsbro.needs.models import MatchIndexState

    global _loaded, _scheduled_for
    key = current_key()
    if _loaded is not None and _loaded.key == key:
        return _loaded
    state = MatchIndexState.objects.filter(pk=1).values("built_key", "built_size").first()
    if state and state["built_key"] == _key_text(key):
        stored = _load_snapshot()
        if stored is not None:
            with _lock:
                _loaded = stored
            return stored
    size = state["built_size"] if state else 0
    if not state or not state["built_key"] or size <= INLINE_REBUILD_LIMIT:
        return rebuild(key)
    # Large and stale: serve the previous snapshot while a worker rebuilds (once per change).
    if _scheduled_for != key:
        _scheduled_for = key
        schedule_rebuild()
    if _loaded is None:
        stored = _load_snapshot()
        if stored is None:
            return rebuild(key)
        with _lock:
            _loaded = stored
    return _loaded


def _load_snapshot() -> MatchIndex | None:
    blob = _read_snapshot()
    if not blob:
        return None
    return snapshot_loads(blob)


SNAPSHOT_READ_CHUNK = 1 << 20


def _read_snapshot() -> bytes | bytearray | None:
    """The stored snapshot's bytes, read in pieces into one buffer where the database allows.

    Fetching an 80 MB value in one piece costs the worker far more than 80 MB: SQLite
    assembles the value, keeps its pages in the connection's page cache (64 MB) and maps the
    file, and psycopg receives it hex-encoded, twice its size. Reading 1 MB pieces (SQLite's
    incremental blob I/O on a separate read-only connection; PostgreSQL ``substring`` rows
    from one server-side cursor, so one consistent snapshot) keeps the cost to the buffer."""
    from django.db import connection

    from kunnskapsbro.needs.models import MatchIndexState

    table = MatchIndexState._meta.db_table
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        try:
            return read_sqlite_blob(str(connection.settings_dict["NAME"]), table, "snapshot", 1)
        except sqlite3.Error:
            pass  # fall back to the ORM below
    if connection.vendor == "postgresql":
        return _read_postgres_chunks(connection, table)
    return MatchIndexState.objects.filter(pk=1).values_list("snapshot", flat=True).first()


def read_sqlite_blob(path: str, table: str, column: str, pk: int) -> bytearray | None:
    """Read one BLOB through SQLite's incremental I/O into a buffer (no page cache, no mmap)."""
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        reader.execute("PRAGMA mmap_size=0")
        reader.execute("PRAGMA cache_size=-256")
        row = reader.execute(
            # Table and column are our model's own names, never input.
            f'SELECT rowid FROM "{table}" WHERE id = ? AND "{column}" IS NOT NULL',  # noqa: S608
            (pk,),
        ).fetchone()
        if row is None:
            return None
        with reader.blobopen(table, column, row[0], readonly=True) as blob:
            out = bytearray(len(blob))
            view = memoryview(out)
            position = 0
            while position < len(out):
                piece = blob.read(SNAPSHOT_READ_CHUNK)
                if not piece:
                    raise sqlite3.DatabaseError("snapshot ended early")
                view[position : position + len(piece)] = piece
                position += len(piece)
        return out
    finally:
        reader.close()


def _read_postgres_chunks(connection: Any, table: str) -> bytearray | None:
    quoted = connection.ops.quote_name(table)  # our model's table, never input
    sql = (
        "SELECT octet_length(t.snapshot), g.start, substring(t.snapshot FROM g.start + 1 "  # noqa: S608
        "FOR %s) FROM " + quoted + " t, generate_series(0, greatest(octet_length(t.snapshot) "
        "- 1, 0), %s) AS g(start) WHERE t.id = 1 AND t.snapshot IS NOT NULL ORDER BY g.start"
    )
    out: bytearray | None = None
    # One statement, so the pieces come from one consistent version of the row.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [SNAPSHOT_READ_CHUNK, SNAPSHOT_READ_CHUNK])
        while rows := cursor.fetchmany(4):
            for size, start, piece in rows:
                if out is None:
                    out = bytearray(size)
                out[start : start + len(piece)] = piece
    return out


SNAPSHOT_MAGIC = b"KBMATCH2"
_ALIGN = 16


def snapshot_dumps(index: MatchIndex) -> bytes:
    """The index as one blob: a small pickle of the structure, then every NumPy array's raw
    bytes (pickle protocol 5, out of band), each 16-byte aligned.

    Layout: magic, the pickle's length and the number of arrays (``<QQ``), each array's
    offset and length (``<QQ`` each), the pickle, the arrays."""
    buffers: list[pickle.PickleBuffer] = []
    structure = pickle.dumps(index, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    header_size = len(SNAPSHOT_MAGIC) + 16 + 16 * len(raws)
    position = header_size + len(structure)
    spans = []
    for raw in raws:
        position += -position % _ALIGN
        spans.append((position, raw.nbytes))
        position += raw.nbytes
    out = bytearray(position)
    out[: len(SNAPSHOT_MAGIC)] = SNAPSHOT_MAGIC
    struct.pack_into("<QQ", out, len(SNAPSHOT_MAGIC), len(structure), len(raws))
    for number, span in enumerate(spans):
        struct.pack_into("<QQ", out, len(SNAPSHOT_MAGIC) + 16 + 16 * number, *span)
    out[header_size : header_size + len(structure)] = structure
    for (start, size), raw in zip(spans, raws, strict=True):
        out[start : start + size] = raw
    return bytes(out)


def snapshot_loads(blob: bytes | memoryview) -> MatchIndex:
    """Load a snapshot without copying its arrays: each NumPy array of the index is a read-only
    view into ``blob``, so a worker holds the snapshot once (no unpickled copy beside it).
    Snapshots in the first format (a plain pickle) still load."""
    view = memoryview(blob)
    if bytes(view[: len(SNAPSHOT_MAGIC)]) != SNAPSHOT_MAGIC:
        return pickle.loads(view)  # noqa: S301 - written by rebuild(), never user data
    structure_size, count = struct.unpack_from("<QQ", view, len(SNAPSHOT_MAGIC))
    spans = [
        struct.unpack_from("<QQ", view, len(SNAPSHOT_MAGIC) + 16 + 16 * number)
        for number in range(count)
    ]
    header_size = len(SNAPSHOT_MAGIC) + 16 + 16 * count
    structure = view[header_size : header_size + structure_size]
    buffers = [view[start : start + size] for start, size in spans]
    return pickle.loads(structure, buffers=buffers)  # noqa: S301 - written by rebuild()


def schedule_rebuild() -> None:
    """Enqueue the background rebuild (after the current transaction commits)."""

    def enqueue() -> None:
        from kunnskapsbro.search.matching_tasks import rebuild_match_index_task

        try:
            rebuild_match_index_task.enqueue()
        except Exception:  # noqa: BLE001 - a failed enqueue only delays freshness
            import logging

            logging.getLogger(__name__).exception("could not enqueue the matching rebuild")

    transaction.on_commit(enqueue)


def reset_for_tests() -> None:
    """Forget the in-process copy (tests switch databases under the same process)."""
    global _loaded, _scheduled_for
    with _lock:
        _loaded = None
        _scheduled_for = None


# --- results with reasons -----------------------------------------------------------------


@dataclass
class Match:
    kind: str
    id: int
    title: str
    score: float
    reason: str
    matched_terms: list[str]
    passage: str
    identifiers: dict[str, str] = field(default_factory=dict)
    url: str = ""
    record: Any = None


def _passage(texts: Sequence[str], words: Sequence[str]) -> str:
    """The first title or sentence that contains one of the matched words' terms."""
    wanted = {term for word in words for term in token_terms(word)}
    best = ""
    best_hits = 0
    for text in texts:
        for sentence in _SENTENCE_RE.split(text or ""):
            sentence = sentence.strip()
            if not sentence:
                continue
            terms = set(index_terms(sentence))
            hits = sum(1 for w in wanted if any(t.startswith(w) for t in terms))
            if hits > best_hits:
                best, best_hits = sentence, hits
    return best[:300]


def _reason(words: Sequence[str], passage: str) -> str:
    if not words:
        return ""
    text = "Treff på: " + ", ".join(words)
    if passage:
        text += f" – «{passage}»"
    return text


def match(
    text: str,
    *,
    kind: str = "project",
    limit: int = 10,
    public_only: bool = True,
    exclude_ids: Iterable[int] = (),
    partnership_id: int | None = None,
    other_partnerships: bool = False,
) -> list[Match]:
    """Ranked matches of ``kind`` for ``text`` with their reasons (one query per kind)."""
    if kind not in KINDS:
        raise ValueError(kind)
    return match_kinds(
        text,
        kinds=(kind,),
        limit=limit,
        public_only=public_only,
        exclude_ids={kind: exclude_ids},
        partnership_id=partnership_id,
        other_partnerships=other_partnerships,
    )[kind]


def match_kinds(
    text: str,
    *,
    kinds: Sequence[str] = KINDS,
    limit: int = 10,
    public_only: bool = True,
    exclude_ids: dict[str, Iterable[int]] | None = None,
    partnership_id: int | None = None,
    other_partnerships: bool = False,
) -> dict[str, list[Match]]:
    """Ranked matches of several kinds for one text: the index is checked and the text
    analysed once (a need page asks for projects, people and assignments together)."""
    groups = analyse_query(text)
    index = get_index()
    results: dict[str, list[Match]] = {}
    for kind in kinds:
        if kind not in KINDS:
            raise ValueError(kind)
        hits = index.search(
            groups,
            kind=kind,
            limit=limit,
            public_only=public_only,
            exclude_ids=(exclude_ids or {}).get(kind, ()),
            partnership_id=partnership_id,
            other_partnerships=other_partnerships,
        )
        results[kind] = _hydrate(kind, hits, public_only=public_only) if hits else []
    return results


def _hydrate(
    kind: str, hits: list[tuple[int, float, list[str]]], *, public_only: bool
) -> list[Match]:
    ids = [hit[0] for hit in hits]
    results: list[Match] = []
    if kind == "project":
        from kunnskapsbro.projects.models import Project

        records = {
            p.pk: p for p in Project.objects.filter(pk__in=ids).prefetch_related("identifiers")
        }
        for record_id, score, words in hits:
            project = records.get(record_id)
            if project is None or (public_only and not project.is_public):
                continue
            passage = _passage(
                [project.title, project.title_en, project.summary, project.summary_en], words
            )
            results.append(
                Match(
                    kind=kind,
                    id=record_id,
                    title=project.display_title,
                    score=round(score, 4),
                    reason=_reason(words, passage),
                    matched_terms=words,
                    passage=passage,
                    identifiers={i.scheme: i.value for i in project.identifiers.all()},
                    url=project.get_absolute_url(),
                    record=project,
                )
            )
    elif kind == "person":
        from kunnskapsbro.organizations.models import Person
        from kunnskapsbro.projects.models import ProjectParticipant

        people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
        titles: dict[int, list[str]] = {}
        participations = ProjectParticipant.objects.filter(
            person_id__in=ids, project__visibility="public"
        ).values_list("person_id", "project__title")
        for person_id, title in participations:
            titles.setdefault(person_id, []).append(title)
        for record_id, score, words in hits:
            person = people.get(record_id)
            if person is None:
                continue
            passage = _passage([person.expertise, *titles.get(record_id, [])], words)
            identifiers = {}
            if person.orcid:
                identifiers["orcid"] = person.orcid
            if person.cristin_person_id:
                identifiers["cristin_person"] = person.cristin_person_id
            try:
                url = person.get_absolute_url()
            except Exception:  # noqa: BLE001 - a person page may not be routed
                url = ""
            results.append(
                Match(
                    kind=kind,
                    id=record_id,
                    title=person.full_name,
                    score=round(score, 4),
                    reason=_reason(words, passage),
                    matched_terms=words,
                    passage=passage,
                    identifiers=identifiers,
                    url=url,
                    record=person,
                )
            )
    else:
        from kunnskapsbro.needs.models import Assignment

        assignments = {
            a.pk: a for a in Assignment.objects.filter(pk__in=ids).select_related("need")
        }
        for record_id, score, words in hits:
            assignment = assignments.get(record_id)
            if assignment is None or (public_only and not assignment.need.is_public):
                continue
            passage = _passage(
                [assignment.title, assignment.description, assignment.need.problem], words
            )
            results.append(
                Match(
                    kind=kind,
                    id=record_id,
                    title=assignment.title,
                    score=round(score, 4),
                    reason=_reason(words, passage),
                    matched_terms=words,
                    passage=passage,
                    identifiers={},
                    url=assignment.get_absolute_url(),
                    record=assignment,
                )
            )
    return results


def normalise_text(text: str) -> str:
    """Exposed for the evaluation: the normalisation the analyser applies."""
    return normalize(text)
