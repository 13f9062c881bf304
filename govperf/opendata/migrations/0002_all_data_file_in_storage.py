"""The file of all agencies moves from the database to the `published` storage, as the
published versions' files do (workflow 0008); 0003 drops the `content` column. Reversible."""

from django.db import migrations, models

from govperf.published_files import rows_bytes_from_storage, rows_bytes_to_storage

DATA_SUFFIXES = {"csv": "csv.zip"}  # the open data's csv is a zip of the tables


def bytes_to_storage(apps, schema_editor):  # type: ignore[no-untyped-def]
    rows_bytes_to_storage(apps.get_model("opendata", "AllDataFile"), suffixes=DATA_SUFFIXES)


def bytes_from_storage(apps, schema_editor):  # type: ignore[no-untyped-def]
    rows_bytes_from_storage(apps.get_model("opendata", "AllDataFile"))


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_all_data_file")]

    operations = [
        migrations.AddField(
            model_name="alldatafile",
            name="storage_key",
            field=models.CharField(default="", max_length=200, verbose_name="儲存位置"),
            preserve_default=False,
        ),
        migrations.RunPython(bytes_to_storage, bytes_from_storage, elidable=False),
    ]
