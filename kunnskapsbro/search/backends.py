"""Full-text backends: one interface, an SQLite FTS5 and a PostgreSQL implementation.

Both store and match the terms made by ``search.analysis``; neither analyses text itself.
PostgreSQL uses the ``simple`` text-search configuration on purpose: it only lower-cases and
splits, so the Norwegian stemming, nynorsk/bokmål folding and compound splitting done in Python
are the whole analysis on both databases, and a query finds the same projects on SQLite and on
PostgreSQL. (The built-in ``norwegian`` configuration stems differently from what SQLite can
do, and knows neither nynorsk spellings nor compounds.)

Queries are built from analysed terms only: each is letters and digits (checked again here),
quoted for FTS5 and passed as a bound parameter on both databases, so user input never reaches
the query syntax. Every query word is a group of alternative terms (OR), every group must
match (AND), and a term matches indexed terms that start with it (prefix search), except
terms shorter than ``MIN_PREFIX_LENGTH``, which must match exactly.

- **SQLite**: ``search_project_fts`` (FTS5, external content over the documents, kept in step
  by triggers; migration 0002). The portfolio query joins it through the unmanaged
  ``ProjectFTSRow`` model, so the MATCH runs once and the bm25 rank (title 5 : all 1) is read
  from the same row.
- **PostgreSQL**: ``vector`` = title terms with weight A || all terms with weight B, computed
  in SQL when a document is written; matched with ``@@ to_tsquery('simple', …)`` over the GIN
  index and ranked with ``ts_rank``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.sql.datastructures import Join

from kunnskapsbro.projects.models import Project
from kunnskapsbro.search.analysis import MIN_PREFIX_LENGTH
from kunnskapsbro.search.models import ProjectSearchDocument

DOCUMENT_TABLE = ProjectSearchDocument._meta.db_table
FTS_TABLE = "search_project_fts"
_SAFE_TERM = re.compile(r"^[^\W_]+$")

# (project id, title terms, all terms), each terms string space-separated.
DocumentRow = tuple[int, str, str]


def _clean(groups: Sequence[Sequence[str]]) -> list[list[str]]:
    cleaned = [[term for term in group if _SAFE_TERM.match(term)] for group in groups]
    return [group for group in cleaned if group]


def _no_match(queryset: QuerySet[Project]) -> QuerySet[Project]:
    # Still annotated, so a caller ordering by search_rank works for a query of punctuation.
    return queryset.annotate(search_rank=Value(0.0, output_field=FloatField())).none()


class SearchBackend(Protocol):
    def write(self, rows: Sequence[DocumentRow]) -> None:
        """Insert or replace the documents of these projects."""

    def delete(self, project_ids: Sequence[int]) -> None:
        """Remove these projects' documents."""

    def optimize(self) -> None:
        """Tidy the index after a full rebuild (planner statistics, merged segments)."""

    def filter(
        self, queryset: QuerySet[Project], groups: Sequence[Sequence[str]]
    ) -> QuerySet[Project]:
        """Projects of ``queryset`` matching every group, annotated with ``search_rank``."""

    def ranked_ids(self, groups: Sequence[Sequence[str]], limit: int | None) -> list[int]:
        """Ids of matching projects, best first."""


class _FTSDrivingJoin(Join):
    """The join to the FTS5 table, written ``project.id = +fts.rowid``.

    The unary plus hides the rowid from FTS5's planner hook, so SQLite cannot choose to probe
    the FTS table once per project row (re-running the MATCH each time: seconds at 20,000
    projects when another filter, such as status, makes projects look like the cheaper outer
    loop). It must run the MATCH once and look each hit up by primary key (milliseconds).
    """

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        sql, params = super().as_sql(compiler, connection)
        rowid = f"{compiler.quote_name_unless_alias(self.table_alias)}.{connection.ops.quote_name('rowid')}"
        return sql.replace(f"= {rowid}", f"= +{rowid}", 1), params


def _drive_from_fts(queryset: QuerySet[Project]) -> QuerySet[Project]:
    query = queryset.query
    for alias, join in list(query.alias_map.items()):
        if type(join) is Join and join.table_name == FTS_TABLE:
            query.alias_map[alias] = _FTSDrivingJoin(
                join.table_name,
                join.parent_alias,
                join.table_alias,
                join.join_type,
                join.join_field,
                join.nullable,
                filtered_relation=join.filtered_relation,
            )
    return queryset


class SQLiteBackend:
    alias: str

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias

    @staticmethod
    def match_expression(groups: Sequence[Sequence[str]]) -> str:
        def term(t: str) -> str:
            return f'"{t}"*' if len(t) >= MIN_PREFIX_LENGTH else f'"{t}"'

        return " AND ".join("(" + " OR ".join(term(t) for t in group) + ")" for group in groups)

    def write(self, rows: Sequence[DocumentRow]) -> None:
        if not rows:
            return
        # The triggers of migration 0002 update the FTS index; unchanged rows are skipped so a
        # full reindex does not rewrite the whole index.
        sql = (
            f"INSERT INTO {DOCUMENT_TABLE} (project_id, title_text, text, vector) "  # noqa: S608
            "VALUES (%s, %s, %s, NULL) ON CONFLICT (project_id) DO UPDATE SET "
            "title_text = excluded.title_text, text = excluded.text "
            "WHERE title_text IS NOT excluded.title_text OR text IS NOT excluded.text"
        )
        with connections[self.alias].cursor() as cursor:
            cursor.executemany(sql, rows)

    def delete(self, project_ids: Sequence[int]) -> None:
        ProjectSearchDocument.objects.using(self.alias).filter(project_id__in=project_ids).delete()

    def optimize(self) -> None:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608

    def filter(
        self, queryset: QuerySet[Project], groups: Sequence[Sequence[str]]
    ) -> QuerySet[Project]:
        groups = _clean(groups)
        if not groups:
            return _no_match(queryset)
        # bm25 is lower-is-better; negate so that higher search_rank means a better match.
        return _drive_from_fts(
            queryset.filter(search_fts_row__document__match=self.match_expression(groups)).annotate(
                search_rank=-F("search_fts_row__rank")
            )
        )

    def ranked_ids(self, groups: Sequence[Sequence[str]], limit: int | None) -> list[int]:
        groups = _clean(groups)
        if not groups:
            return []
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank"  # noqa: S608
        params: list[object] = [self.match_expression(groups)]
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


class PostgreSQLBackend:
    def __init__(self, alias: str = "default") -> None:
        self.alias = alias

    @staticmethod
    def tsquery(groups: Sequence[Sequence[str]]) -> str:
        def term(t: str) -> str:
            return f"{t}:*" if len(t) >= MIN_PREFIX_LENGTH else t

        return " & ".join("(" + " | ".join(term(t) for t in group) + ")" for group in groups)

    def write(self, rows: Sequence[DocumentRow]) -> None:
        if not rows:
            return
        ids, titles, texts = (list(column) for column in zip(*rows, strict=True))
        # One set-based statement per batch; the vector is computed by PostgreSQL from the
        # stored terms. Unchanged rows are not rewritten (no dead tuples, no GIN churn).
        sql = f"""
            INSERT INTO {DOCUMENT_TABLE} AS doc (project_id, title_text, text, vector)
            SELECT d.id, d.title_text, d.text,
                   setweight(to_tsvector('simple', d.title_text), 'A')
                   || setweight(to_tsvector('simple', d.text), 'B')
            FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS d(id, title_text, text)
            ON CONFLICT (project_id) DO UPDATE SET
                title_text = EXCLUDED.title_text, text = EXCLUDED.text, vector = EXCLUDED.vector
            WHERE doc.title_text IS DISTINCT FROM EXCLUDED.title_text
               OR doc.text IS DISTINCT FROM EXCLUDED.text
               OR doc.vector IS NULL
        """  # noqa: S608
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, [ids, titles, texts])

    def delete(self, project_ids: Sequence[int]) -> None:
        ProjectSearchDocument.objects.using(self.alias).filter(project_id__in=project_ids).delete()

    def optimize(self) -> None:
        # Fresh statistics right after a bulk load; otherwise the planner may misjudge how
        # many documents match until autovacuum gets to the table.
        with connections[self.alias].cursor() as cursor:
            cursor.execute(f"ANALYZE {DOCUMENT_TABLE}")

    def filter(
        self, queryset: QuerySet[Project], groups: Sequence[Sequence[str]]
    ) -> QuerySet[Project]:
        groups = _clean(groups)
        if not groups:
            return _no_match(queryset)
        query = SearchQuery(self.tsquery(groups), search_type="raw", config="simple")
        return queryset.filter(search_document__vector=query).annotate(
            search_rank=SearchRank(F("search_document__vector"), query)
        )

    def ranked_ids(self, groups: Sequence[Sequence[str]], limit: int | None) -> list[int]:
        groups = _clean(groups)
        if not groups:
            return []
        sql = f"""
            SELECT project_id FROM {DOCUMENT_TABLE}, to_tsquery('simple', %s) AS query
            WHERE vector @@ query ORDER BY ts_rank(vector, query) DESC, project_id
        """  # noqa: S608
        params: list[object] = [self.tsquery(groups)]
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


def get_backend(alias: str = "default") -> SearchBackend:
    """The backend for the database behind ``alias``."""
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        return SQLiteBackend(alias)
    if vendor == "postgresql":
        return PostgreSQLBackend(alias)
    raise NotImplementedError(f"full-text search is not implemented for {vendor}")
