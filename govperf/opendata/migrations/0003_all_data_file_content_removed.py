"""The file of all agencies' bytes are in the `published` storage (0002): the column goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("opendata", "0002_all_data_file_in_storage")]

    operations = [migrations.RemoveField(model_name="alldatafile", name="content")]
