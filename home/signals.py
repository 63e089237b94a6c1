"""Keep the anonymous page cache honest: anything published or unpublished retires it."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .page_cache import invalidate_all


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def retire_cached_pages(**kwargs):
    invalidate_all()
