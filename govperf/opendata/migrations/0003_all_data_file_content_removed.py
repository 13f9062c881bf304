"""The file of all agencies' bytes are in the `published` storage (0002): the column goes,
given an empty default first so that going back can add it again to the existing rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("opendata", "0002_all_data_file_in_storage")]

    operations = [
        migrations.AlterField(
            model_name="alldatafile",
            name="content",
            field=models.BinaryField(default=b"", verbose_name="內容"),
        ),
        migrations.RemoveField(model_name="alldatafile", name="content"),
    ]
