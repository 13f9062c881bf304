"""Published files' bytes move from the database to the `published` storage (every host and
S3 then reads them from one place): each row gains its storage key, its bytes are written
there (govperf/published_files.py); 0010 drops the `content` column. Reversible: going back
reads each row's bytes from the storage into `content` again."""

from django.db import migrations, models

from govperf.published_files import rows_bytes_from_storage, rows_bytes_to_storage

DATA_SUFFIXES = {"csv": "csv.zip"}  # the open data's csv is a zip of the tables
MODELS = (("PublishedFile", {}), ("PublishedDataFile", DATA_SUFFIXES))


def bytes_to_storage(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name, suffixes in MODELS:
        rows_bytes_to_storage(apps.get_model("workflow", name), suffixes=suffixes)


def bytes_from_storage(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name, _suffixes in MODELS:
        rows_bytes_from_storage(apps.get_model("workflow", name))


class Migration(migrations.Migration):
    dependencies = [("workflow", "0008_notices")]

    operations = [
        migrations.AddField(
            model_name="publishedfile",
            name="storage_key",
            field=models.CharField(default="", max_length=200, verbose_name="儲存位置"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="publisheddatafile",
            name="storage_key",
            field=models.CharField(default="", max_length=200, verbose_name="儲存位置"),
            preserve_default=False,
        ),
        migrations.RunPython(bytes_to_storage, bytes_from_storage, elidable=False),
    ]
