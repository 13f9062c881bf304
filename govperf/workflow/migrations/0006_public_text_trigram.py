"""On PostgreSQL, trigram indexes (pg_trgm) under the public search's substring matching.

`icontains` compares UPPER(column) LIKE UPPER('%…%'), so the indexes are on UPPER(column). On
SQLite nothing is made: the search is a plain LIKE there."""

from django.db import migrations

INDEXES = (("public_text_text_trgm", "text"), ("public_text_title_trgm", "title"))


def trigram_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON "workflow_publictext" '
            f'USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def trigram_indexes_drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("workflow", "0005_public_record")]

    operations = [migrations.RunPython(trigram_indexes, trigram_indexes_drop)]
