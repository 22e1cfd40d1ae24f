"""The search index: one analysed document per project.

The analysed text (Norwegian stems, compound parts, bokmål/nynorsk variants folded) is made
in Python by ``search.analysis`` so SQLite and PostgreSQL match the same words. ``title_text``
holds the terms of the title, English title, acronym and keywords; ``text`` holds all terms
(title and summaries). On PostgreSQL ``vector`` holds them as a weighted tsvector (title 'A',
all 'B'; GIN-indexed); on SQLite the FTS5 table ``search_project_fts`` indexes the two columns
as external content, kept in step by triggers (migration 0002).
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup

from kunnskapsbro.projects.models import Project


class ProjectSearchDocument(models.Model):
    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title_text = models.TextField(blank=True, default="")
    text = models.TextField(blank=True)
    vector = SearchVectorField(null=True)

    class Meta:
        indexes = [GinIndex(fields=["vector"], name="search_doc_vector_gin")]

    def __str__(self) -> str:
        return f"search document for project {self.project_id}"


class FTS5MatchField(models.TextField):
    """The FTS5 hidden column named after its table: ``<table> MATCH <query>`` searches it."""


@FTS5MatchField.register_lookup
class FTS5Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class ProjectFTSRow(models.Model):
    """A row of the SQLite FTS5 table, so the ORM can join it to projects (SQLite only).

    Joining lets a portfolio query filter by MATCH and read the bm25 ``rank`` of the same row
    in one pass. Never query it on PostgreSQL: the table exists only on SQLite.
    """

    project = models.OneToOneField(
        Project,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        db_column="rowid",
        related_name="search_fts_row",
    )
    document = FTS5MatchField(db_column="search_project_fts")
    # FTS5's hidden "rank" column; migration 0002 configures it as bm25(5.0, 1.0).
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = "search_project_fts"

    def __str__(self) -> str:
        return f"FTS row for project {self.project_id}"
