"""Indexes for the steering group's dashboard (reports): the aggregates and their cache version.

- ``project_dashboard_idx``: a partnership's projects with every column the dashboard's grouped
  queries and the visibility rule read (status, dates, visibility, creator, id), so the
  status/year pass and the project set behind every other figure are read from the index alone.
- ``*_updated_idx``: ``MAX(updated_at)`` of each table the dashboard reads is one index lookup;
  ``reports.figures.dashboard_data`` keys its cache on them.

Database only (``SeparateDatabaseAndState``): the model state is left alone so this migration
does not fork the ``projects`` models while another issue changes them; move the indexes into
the models' ``Meta.indexes`` when convenient, as docs/performance.md says of the search indexes.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_relevance_outcomes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name="project",
                    index=models.Index(
                        fields=[
                            "partnership",
                            "status",
                            "start_date",
                            "end_date",
                            "visibility",
                            "created_by",
                            "id",
                        ],
                        name="project_dashboard_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="fundingline",
                    index=models.Index(fields=["updated_at"], name="fundingline_updated_idx"),
                ),
                migrations.AddIndex(
                    model_name="projectpartner",
                    index=models.Index(fields=["updated_at"], name="projectpartner_updated_idx"),
                ),
                migrations.AddIndex(
                    model_name="projectparticipant",
                    index=models.Index(fields=["updated_at"], name="participant_updated_idx"),
                ),
                migrations.AddIndex(
                    model_name="relevanceassessment",
                    index=models.Index(fields=["updated_at"], name="relevance_updated_idx"),
                ),
            ],
            state_operations=[],
        )
    ]
