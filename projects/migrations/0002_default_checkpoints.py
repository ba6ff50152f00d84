"""The default checkpoints: a project enters scoping, development and production only with
an involvement plan for that stage. Staff change them on the checkpoints page."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

DEFAULT_STAGES = ["scoping", "development", "production"]


def add_default_checkpoints(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    checkpoint = apps.get_model("projects", "Checkpoint")
    for stage in DEFAULT_STAGES:
        checkpoint.objects.get_or_create(stage=stage)


def remove_default_checkpoints(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("projects", "Checkpoint").objects.filter(stage__in=DEFAULT_STAGES).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(add_default_checkpoints, remove_default_checkpoints)]
