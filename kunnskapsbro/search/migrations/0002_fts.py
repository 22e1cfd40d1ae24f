"""Title terms column, and on SQLite the FTS5 index over the search documents.

The FTS5 table is external-content over ``search_projectsearchdocument`` (rowid = project id)
and is kept in step by triggers, so any write to a document, including the cascade when a
project is deleted, updates the index. On SQLite, a later migration that rebuilds
``search_projectsearchdocument`` (Django remakes the table for many column changes) drops these
triggers with the old table: such a migration must run ``create_fts`` again.
"""

import django.db.models.deletion
from django.db import migrations, models

import kunnskapsbro.search.models

CREATE_SQL = [
    """
    CREATE VIRTUAL TABLE search_project_fts USING fts5(
        title_text, text,
        content='search_projectsearchdocument', content_rowid='project_id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    # The hidden "rank" column: bm25 with title terms weighing five times the rest.
    "INSERT INTO search_project_fts(search_project_fts, rank) VALUES ('rank', 'bm25(5.0, 1.0)')",
    """
    CREATE TRIGGER search_project_fts_ai AFTER INSERT ON search_projectsearchdocument BEGIN
        INSERT INTO search_project_fts(rowid, title_text, text)
        VALUES (new.project_id, new.title_text, new.text);
    END
    """,
    """
    CREATE TRIGGER search_project_fts_ad AFTER DELETE ON search_projectsearchdocument BEGIN
        INSERT INTO search_project_fts(search_project_fts, rowid, title_text, text)
        VALUES ('delete', old.project_id, old.title_text, old.text);
    END
    """,
    """
    CREATE TRIGGER search_project_fts_au AFTER UPDATE OF project_id, title_text, text
    ON search_projectsearchdocument BEGIN
        INSERT INTO search_project_fts(search_project_fts, rowid, title_text, text)
        VALUES ('delete', old.project_id, old.title_text, old.text);
        INSERT INTO search_project_fts(rowid, title_text, text)
        VALUES (new.project_id, new.title_text, new.text);
    END
    """,
    "INSERT INTO search_project_fts(search_project_fts) VALUES ('rebuild')",
]
DROP_SQL = [
    "DROP TRIGGER IF EXISTS search_project_fts_au",
    "DROP TRIGGER IF EXISTS search_project_fts_ad",
    "DROP TRIGGER IF EXISTS search_project_fts_ai",
    "DROP TABLE IF EXISTS search_project_fts",
]


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in CREATE_SQL:
        schema_editor.execute(sql, params=None)


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in DROP_SQL:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0001_initial'),
        ('search', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='projectsearchdocument',
            name='title_text',
            field=models.TextField(blank=True, default=''),
        ),
        # Unmanaged: describes the FTS5 table for ORM joins; creates nothing.
        migrations.CreateModel(
            name='ProjectFTSRow',
            fields=[
                ('project', models.OneToOneField(db_column='rowid', db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_fts_row', serialize=False, to='projects.project')),
                ('document', kunnskapsbro.search.models.FTS5MatchField(db_column='search_project_fts')),
                ('rank', models.FloatField()),
            ],
            options={
                'db_table': 'search_project_fts',
                'managed': False,
            },
        ),
        migrations.RunPython(create_fts, drop_fts),
    ]
