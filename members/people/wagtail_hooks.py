"""Register the People admin: supporters, segments, points rules, reports and bulk tagging."""

from wagtail import hooks

from .admin.bulk_actions import AddTagBulkAction, RemoveTagBulkAction
from .admin.viewsets import PeopleViewSetGroup


@hooks.register("register_admin_viewset")
def register_people_admin():
    return PeopleViewSetGroup()


hooks.register("register_bulk_action", AddTagBulkAction)
hooks.register("register_bulk_action", RemoveTagBulkAction)
