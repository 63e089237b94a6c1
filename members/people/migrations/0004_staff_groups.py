"""Staff groups: Editors (pages, images, documents; no supporter data) and Organisers (supporter data)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

# Organisers see and change the people database and keep saved segments; they never hard-delete people
# (erasure is a separate, audited rule) and are not page editors unless also in Editors.
ORGANISER_PERMISSIONS = {
    "supporter": ["view", "change"],
    "segment": ["view", "add", "change", "delete"],
    "consentrecord": ["view", "change"],
    "activity": ["view", "change"],
    "pointsrule": ["view", "change"],
}


def create_staff_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Model permissions are normally made after all migrations; the groups need them now.
    create_permissions(global_apps.get_app_config("people"), verbosity=0, apps=apps)
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")

    # Wagtail's own migrations give Editors their page, image and document permissions.
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(access_admin)
    editors.permissions.remove(*Permission.objects.filter(content_type__app_label="people"))

    organisers, _ = Group.objects.get_or_create(name="Organisers")
    codenames = [f"{action}_{model}" for model, actions in ORGANISER_PERMISSIONS.items() for action in actions]
    organisers.permissions.add(
        access_admin, *Permission.objects.filter(content_type__app_label="people", codename__in=codenames)
    )


def remove_organisers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Organisers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_exportlog_importjob"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_staff_groups, remove_organisers)]
