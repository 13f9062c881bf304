"""The published files' bytes are in the `published` storage (0008): the column goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workflow", "0008_published_files_in_storage")]

    operations = [
        migrations.RemoveField(model_name="publishedfile", name="content"),
        migrations.RemoveField(model_name="publisheddatafile", name="content"),
    ]
