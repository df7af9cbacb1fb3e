"""Catalog editors may manage free-access routes too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Catalog editors"
CODENAMES = [f"{action}_accessroute" for action in ("add", "change", "delete", "view")]


def grant(apps, schema_editor):
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
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="catalog", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="catalog", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("catalog", "0005_offering_facts_and_access_routes"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
