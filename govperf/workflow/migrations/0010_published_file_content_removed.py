"""The published files' bytes are in the `published` storage (0009): the column goes. It is
given an empty default first, so that going back can add it again to the existing rows
(whose bytes 0009's reverse then reads back from the storage)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workflow", "0009_published_files_in_storage")]

    operations = [
        migrations.AlterField(
            model_name="publishedfile",
            name="content",
            field=models.BinaryField(default=b"", verbose_name="內容"),
        ),
        migrations.AlterField(
            model_name="publisheddatafile",
            name="content",
            field=models.BinaryField(default=b"", verbose_name="內容"),
        ),
        migrations.RemoveField(model_name="publishedfile", name="content"),
        migrations.RemoveField(model_name="publisheddatafile", name="content"),
    ]
