"""Signal handlers: the members' area stays private even if an editor makes it public in the admin."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

from .models import MembersIndexPage
from .services import keep_members_only


@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="portal.keep_members_area_private")
def restore_members_restriction(sender, instance, **kwargs):
    page_id = instance.page_id

    def restore():
        # Checked after commit: when the page itself was deleted, its restriction went with it.
        page = MembersIndexPage.objects.filter(pk=page_id).first()
        if page is not None:
            keep_members_only(page)

    transaction.on_commit(restore)
