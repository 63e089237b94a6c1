"""Template tags for the site frame: absolute URLs for share previews."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """Share previews need absolute URLs; media may already be absolute (on S3)."""
    return context["request"].build_absolute_uri(url)


@register.inclusion_tag("includes/nav_link.html", takes_context=True)
def nav_link(context, href, label):
    """A main-menu link, marked as the current section for screen readers and sighted visitors."""
    return {"href": href, "label": label, "is_current": context["request"].path.startswith(href)}


@register.simple_tag
def share_image(page, chosen=None):
    """The image for share previews: one a view chose, else the page's own (see SocialMetaMixin)."""
    if chosen:
        return chosen
    get_social_image = getattr(page, "get_social_image", None)
    return get_social_image() if get_social_image else None
