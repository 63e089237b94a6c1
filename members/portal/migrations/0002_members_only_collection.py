"""The "Members only" documents collection, private to logged-in users (portal narrows that to verified supporters)."""

from django.db import migrations

NAME = "Members only"
# Treebeard's materialised path: four base-36 characters per level.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP_LENGTH = 4


def _step(number):
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return digits.rjust(STEP_LENGTH, "0")


def create_members_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    collection = Collection.objects.filter(depth=2, name=NAME).first()
    if collection is None:
        last_child = Collection.objects.filter(depth=2, path__startswith=root.path).order_by("-path").first()
        next_step = int(last_child.path[-STEP_LENGTH:], len(ALPHABET)) + 1 if last_child else 1
        collection = Collection.objects.create(name=NAME, path=root.path + _step(next_step), depth=2, numchild=0)
        root.numchild = Collection.objects.filter(depth=2, path__startswith=root.path).count()
        root.save(update_fields=["numchild"])
    CollectionViewRestriction.objects.get_or_create(collection=collection, restriction_type="login")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_members_collection, migrations.RunPython.noop)]
