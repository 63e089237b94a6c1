"""Categories and authors of news posts: snippets editors manage under News."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel


class BlogCategory(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text="Used in the address, as /news/?category=slug. Filled in from the name when left blank.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = "news category"
        verbose_name_plural = "news categories"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = self.slug or slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)

    def clean(self):
        # Filled in here, before the uniqueness check, so a clash is a form error and not a crash.
        self.slug = self.slug or slugify(self.name, allow_unicode=True)
        if not self.slug:
            raise ValidationError({"slug": "Enter a slug: letters, numbers, hyphens or underscores."})


class BlogAuthor(models.Model):
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True, help_text="For example Candidate or Press officer.")
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo")]

    class Meta:
        ordering = ["name"]
        verbose_name = "news author"

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name
