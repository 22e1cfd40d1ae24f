"""PostgreSQL: keep each search vector in its row (``STORAGE MAIN``), not in the TOAST table.

A document row holds the title terms, all terms and the vector made from them; at a typical
size (≈ 1.2 kB vector, ≈ 0.6 kB text) the row passes PostgreSQL's 2 kB TOAST threshold and,
with every column ``EXTENDED``, the largest one — the vector — was moved out of line. Every
``vector @@ query`` of a broad search then fetched it back through the TOAST index, once per
document (measured at 100,000 projects, «skolen»: 83,000 buffer reads for one COUNT). With
``MAIN`` the vector stays in the row (compressed only if it must be) and the plain text,
which a search never reads, is the column moved out instead: the same COUNT reads 25,000
buffers.

``VACUUM FULL`` rewrites the existing rows under the new storage (it takes the table's lock
for as long as that takes: about 2 s per 100,000 documents); new rows follow it anyway.
SQLite has no such setting: nothing happens there.
"""

from django.db import migrations

TABLE = "search_projectsearchdocument"


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    # VACUUM cannot run inside a transaction block.
    atomic = False

    dependencies = [
        ("search", "0003_portfolio_index"),
    ]

    operations = [
        migrations.RunPython(
            _on_postgresql(f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE MAIN"),
            _on_postgresql(f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE EXTENDED"),
            elidable=False,
        ),
        migrations.RunPython(
            _on_postgresql(f"VACUUM (FULL, ANALYZE) {TABLE}"),
            migrations.RunPython.noop,
            elidable=False,
        ),
    ]
