"""The "Catalog editors" group: may add, change, delete and view the catalog, nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Catalog editors"
EDITABLE = ["source", "sector", "skill", "provider", "offering", "offeringskill", "role", "roleskill"]
VIEW_ONLY = ["catalogversion"]


def wanted_codenames():
    for model in EDITABLE:
        for action in ("add", "change", "delete", "view"):
            yield f"{action}_{model}"
    for model in VIEW_ONLY:
        yield f"view_{model}"


def create_group(apps, schema_editor):
    # Permissions are normally made by post_migrate, after every migration has run;
    # make them now so the group can hold them on a fresh database.
    app_config = apps.get_app_config("catalog")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # a migration's app config has none
    try:
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    finally:
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = list(wanted_codenames())
    permissions = Permission.objects.filter(content_type__app_label="catalog", codename__in=codenames)
    if permissions.count() != len(codenames):
        raise RuntimeError("Some catalog permissions are missing; cannot create the editors group.")
    group.permissions.add(*permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_catalog_version_row"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
