"""Keep the anonymous page cache honest: anything published, or anything every page shows, retires it."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import CallToAction, SiteSettings
from .page_cache import invalidate_all

# Models whose rows cached pages and fragments ({% generation_cache %}) show, besides pages:
# an author's name, a category, a retouched image, a video file; a view restriction decides
# which posts anonymous listings may show at all; a site decides every page's URL.
SHOWN_ON_PAGES = [
    CallToAction,
    "blog.BlogAuthor",
    "blog.BlogCategory",
    "taggit.Tag",
    get_image_model_string(),
    get_document_model_string(),
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
]


def retire_everything_cached():
    # Now, so nobody is served the old content from here on, and again once the change is
    # committed, so nothing a request read from the database in between outlives it.
    invalidate_all()
    transaction.on_commit(invalidate_all)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=SiteSettings)
def retire_cached_pages(**kwargs):
    retire_everything_cached()


for model in SHOWN_ON_PAGES:
    post_save.connect(retire_cached_pages, sender=model)
    post_delete.connect(retire_cached_pages, sender=model)


@receiver(post_save, sender=SiteSettings)
def retire_cached_pages_when_settings_change(created, **kwargs):
    # The first page a site serves creates its settings row with the defaults it was
    # already showing; only an edit changes what visitors see.
    if not created:
        retire_everything_cached()
