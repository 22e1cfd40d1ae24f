"""The search index: one analysed document per project.

The analysed text (Norwegian stems, compound parts, bokmål/nynorsk variants folded) is made
in Python by ``search.analysis`` so SQLite and PostgreSQL match the same words. On PostgreSQL
``vector`` holds it as a tsvector (GIN-indexed); on SQLite an FTS5 table mirrors ``text``.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from kunnskapsbro.projects.models import Project


class ProjectSearchDocument(models.Model):
    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    text = models.TextField(blank=True)
    vector = SearchVectorField(null=True)

    class Meta:
        indexes = [GinIndex(fields=["vector"], name="search_doc_vector_gin")]

    def __str__(self) -> str:
        return f"search document for project {self.project_id}"
