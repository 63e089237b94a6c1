"""The news index and news posts, with their tags."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.models import SocialMetaMixin

from ..forms import NewsFilterForm
from ..pagination import page_of
from ..sharing import page_share_links
from .indexes import CARD_IMAGE_SPEC, IndexPage
from .snippets import BlogCategory

POSTS_PER_PAGE = 10
RELATED_POSTS = 3


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE)


class BlogIndexPage(IndexPage):  # noqa: DJ008 (Page supplies __str__)
    """/news/: every public post, newest first, by category or tag."""

    subpage_types = ["blog.BlogPage"]

    class Meta:
        verbose_name = "news index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = NewsFilterForm(request.GET)
        if not form.is_valid():
            raise Http404("No such category or tag.")
        filters = {}
        category_slug, tag_slug = form.cleaned_data["category"], form.cleaned_data["tag"]
        if category_slug:
            category = BlogCategory.objects.filter(slug=category_slug).first()
            if category is None:
                raise Http404("No such category.")
            filters["categories"] = context["category"] = category
        if tag_slug:
            tag = Tag.objects.filter(slug=tag_slug, blog_blogpagetag_items__isnull=False).distinct().first()
            if tag is None:
                raise Http404("No such tag.")
            filters["tags"] = context["tag"] = tag

        def listing_page():
            posts = BlogPage.public_posts().child_of(self)
            for field, value in filters.items():
                posts = posts.filter(**{field: value})
            return page_of(request, posts, POSTS_PER_PAGE)

        def topics():
            # Categories of public posts only: one used only behind a login stays out of the menu.
            public_posts = BlogPage.objects.live().public().child_of(self)
            return list(BlogCategory.objects.filter(posts__in=public_posts).distinct())

        # Both lazy (public() queries as soon as it is called): a cached listing fragment (and the
        # cached page number in the title) means neither query runs at all.
        context["posts"] = SimpleLazyObject(listing_page)
        context["categories"] = SimpleLazyObject(topics)
        return context


class BlogPage(SocialMetaMixin, Page):  # noqa: DJ008 (Page supplies __str__)
    author = models.ForeignKey(
        "blog.BlogAuthor", null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    date_published = models.DateField("date published", default=timezone.localdate)
    intro = models.TextField(max_length=500, help_text="One or two sentences: shown on cards, in feeds and search.")
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_alt = models.CharField(
        "lead image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required when there is a lead image.",
    )
    body = StreamField(BaseStreamBlock(), blank=True)
    categories = ParentalManyToManyField("blog.BlogCategory", blank=True, related_name="posts")
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading="Lead image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldPanel("date_published"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="About this post",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date_published"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "news post"

    @classmethod
    def public_posts(cls):
        """Live posts nobody needs to log in for, newest first, with everything a card shows fetched in a
        fixed number of queries however many posts there are."""
        images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
        return (
            cls.objects.live()
            .public()
            .defer_streamfields()
            .select_related("author")
            .prefetch_related("categories", "tags", Prefetch("lead_image", queryset=images))
            .order_by("-date_published", "-first_published_at", "-pk")
        )

    def get_social_image(self):
        return self.social_image or self.lead_image

    def clean(self):
        super().clean()
        if self.lead_image_id and not self.lead_image_alt.strip():
            raise ValidationError({"lead_image_alt": "Describe the lead image for people who cannot see it."})

    def related_posts(self):
        """The newest few other public posts sharing a category or a tag with this one."""
        category_ids = [category.pk for category in self.categories.all()]
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not (category_ids or tag_ids):
            return BlogPage.objects.none()
        sharing = BlogPage.objects.filter(Q(categories__in=category_ids) | Q(tags__in=tag_ids)).values("pk")
        return BlogPage.public_posts().filter(pk__in=sharing).exclude(pk=self.pk)[:RELATED_POSTS]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: only the cached fragments use it, so a fragment hit skips the parent's query.
        context["index_url"] = lazy(lambda: self.get_parent().get_url(request), str)()
        context["share_links"] = page_share_links(self, request)
        return context
