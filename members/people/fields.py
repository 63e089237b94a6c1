"""A JSON list of strings that can be filtered by item on both SQLite and PostgreSQL."""

import json

from django.db import models
from django.db.models import Lookup


class ListField(models.JSONField):
    """A list of short strings (e.g. preferred actions) stored as JSON.

    ArrayField is PostgreSQL-only and JSONField's `contains` is not supported on SQLite,
    so this field offers one lookup that works on both:
    `Supporter.objects.filter(preferred_actions__includes="leafleting")`.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)


@ListField.register_lookup
class Includes(Lookup):
    lookup_name = "includes"
    prepare_rhs = False

    def get_prep_lookup(self):
        return str(self.rhs)

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [value])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # lhs is a column reference compiled by Django; the value is a bound parameter.
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)"  # noqa: S608
        return sql, [*lhs_params, self.rhs]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", [*lhs_params, json.dumps([self.rhs])]
