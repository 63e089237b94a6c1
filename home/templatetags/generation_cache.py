"""{% generation_cache %}: template fragments kept until anything is next published."""

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils.safestring import mark_safe

from home.page_cache import GenerationMemo, request_generation

register = template.Library()

# A fragment's key carries its generation, so a publish retires it at once; this lifetime only
# bounds how long retired fragments linger. Independent of PAGE_CACHE_SECONDS, which may be 0.
FRAGMENT_CACHE_SECONDS = 24 * 60 * 60

# The fragment keys each URL used in this generation, so the next request for it reads all its
# fragments in one round trip (cache.get_many) instead of one each.
_fragment_keys = GenerationMemo(max_entries=2000)


def _cached_fragment(request, key):
    generation = request_generation(request)
    url = request.get_host() + request.get_full_path()
    if not hasattr(request, "_cached_fragments"):
        known_keys = _fragment_keys.get(generation, url)
        request._cached_fragments = cache.get_many(known_keys) if known_keys else {}
    if key in request._cached_fragments:
        return request._cached_fragments[key]
    known_keys = _fragment_keys.get(generation, url) or frozenset()
    if key not in known_keys:
        _fragment_keys.set(generation, url, known_keys | {key})
    return cache.get(key)


class GenerationCacheNode(template.Node):
    def __init__(self, nodelist, fragment_name, vary_on, target_var):
        self.nodelist = nodelist
        self.fragment_name = fragment_name
        self.vary_on = vary_on
        self.target_var = target_var

    def render(self, context):
        fragment = self._cached_render(context)
        if self.target_var:
            context[self.target_var] = mark_safe(fragment)  # noqa: S308 (rendered template output)
            return ""
        return fragment

    def _cached_render(self, context):
        request = context.get("request")
        # A preview shows a draft, which must neither come from nor go into the cache.
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        vary_on = [request.get_host(), *(variable.resolve(context) for variable in self.vary_on)]
        key = make_template_fragment_key(f"generation:{request_generation(request)}:{self.fragment_name}", vary_on)
        fragment = _cached_fragment(request, key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            cache.set(key, fragment, FRAGMENT_CACHE_SECONDS)
        return fragment


@register.tag("generation_cache")
def do_generation_cache(parser, token):
    """Cache what the tag encloses until the page-cache generation moves on (any publish, unpublish
    or move, or an edit to settings, snippets, images, documents or view restrictions; see
    home/signals.py), so a fragment is never older than the last publish.

        {% generation_cache "name" [vary_on ...] [as variable] %} ... {% endgeneration_cache %}

    The host is always part of the key (each site has its own settings). Put in vary_on everything
    the fragment depends on besides published content, such as the page and the query string.
    With `as variable` the fragment is stored in the context instead of being output. Fragments
    must hold nothing personal: they are shared by every visitor."""
    bits = token.split_contents()
    target_var = None
    if len(bits) >= 4 and bits[-2] == "as":
        target_var = bits[-1]
        bits = bits[:-2]
    if len(bits) < 2:
        raise template.TemplateSyntaxError("generation_cache needs a fragment name")
    fragment_name = bits[1].strip("\"'")
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endgeneration_cache",))
    parser.delete_first_token()
    return GenerationCacheNode(nodelist, fragment_name, vary_on, target_var)
