"""On PostgreSQL, an index for the public search's queries of one or two characters.

A trigram index (0006) finds no trigram in `%友邦%`: a pattern of two characters scans every
row. Chinese words are often two characters long, so each text also gets the array of its
characters and pairs of characters, upper-cased (`govperf_short_grams`), under a GIN index: a
query of one or two characters is in a text exactly when it is in that array (`@>`). Made with
regular expressions, not a loop of `substr`, which is quadratic in UTF-8: on the national data
set (50,600 texts) the two indexes take about 15 s to build. Its declared cost is high (a tenth
of a millisecond a text), so the planner asks the index rather than compute it for each row of
another index's rows. On SQLite nothing is made."""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION govperf_short_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
  SELECT regexp_split_to_array(u, '')
    || ARRAY(SELECT m[1] FROM regexp_matches(u, '..', 'g') AS m)
    || ARRAY(SELECT m[1] FROM regexp_matches(substr(u, 2), '..', 'g') AS m)
  FROM (SELECT upper(value) AS u) AS s
$$
"""
INDEXES = (("public_text_text_grams", "text"), ("public_text_title_grams", "title"))


def short_gram_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for name, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON "workflow_publictext" '
            f'USING gin (govperf_short_grams("{column}"))'
        )


def short_gram_indexes_drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS govperf_short_grams(text)")


class Migration(migrations.Migration):
    dependencies = [("workflow", "0006_public_text_trigram")]

    operations = [migrations.RunPython(short_gram_indexes, short_gram_indexes_drop)]
