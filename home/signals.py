"""Keep the anonymous page cache honest: anything published, or anything every page shows, retires it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import CallToAction, SiteSettings
from .page_cache import invalidate_all


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_save, sender=CallToAction)
@receiver(post_delete, sender=CallToAction)
@receiver(post_delete, sender=SiteSettings)
def retire_cached_pages(**kwargs):
    invalidate_all()


@receiver(post_save, sender=SiteSettings)
def retire_cached_pages_when_settings_change(created, **kwargs):
    # The first page a site serves creates its settings row with the defaults it was
    # already showing; only an edit changes what visitors see.
    if not created:
        invalidate_all()
