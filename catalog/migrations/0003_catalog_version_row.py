from django.db import migrations


def create_row(apps, schema_editor):
    apps.get_model("catalog", "CatalogVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_catalog_version")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
