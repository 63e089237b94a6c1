from django.db import migrations

DEFAULT_POINTS = {
    "signed_up": (5, "Joining the campaign"),
    "registered": (2, "Signing up for a shift"),
    "attended": (10, "Turning up to a shift or event"),
    "no_show": (0, "Registered but did not come"),
    "hosted": (25, "Hosting an event or meetup"),
    "posted_idea": (5, "Sharing an idea"),
    "supported_idea": (1, "Supporting someone's idea"),
    "commented": (1, "Commenting on an idea"),
    "donated": (10, "Giving money, whatever the amount"),
    "texted": (0, "Texting the campaign"),
    "was_called": (0, "Taking a call from the campaign"),
    "made_calls": (10, "A phone-banking session"),
    "knocked_doors": (10, "A door-knocking session"),
    "delivered_leaflets": (10, "A leafleting round"),
    "recruited": (15, "Bringing in a new supporter"),
}


def seed_points_rules(apps, schema_editor):
    PointsRule = apps.get_model("people", "PointsRule")
    for kind, (points, description) in DEFAULT_POINTS.items():
        PointsRule.objects.get_or_create(kind=kind, defaults={"points": points, "description": description})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(seed_points_rules, migrations.RunPython.noop)]
