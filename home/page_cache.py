"""A shared cache of whole anonymous pages, emptied whenever anything is published."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

GENERATION_KEY = "page-cache:generation"


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = _start_generations()
    return generation


def _start_generations():
    # Counting from the clock, not from 1: when the cache is emptied (a Redis restart), the
    # count must not go back to a generation that processes still remember facts for
    # (home.routing keeps sites, routes and view restrictions per generation).
    cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
    return cache.get(GENERATION_KEY)


def request_generation(request):
    """The generation as of the start of this request, read from the cache once per request:
    whatever the request then reads from the database is at least that new."""
    if not hasattr(request, "_page_cache_generation"):
        request._page_cache_generation = current_generation()
    return request._page_cache_generation


class GenerationMemo:
    """A dictionary in this process that empties itself when the generation moves on (home.routing's
    lookups, {% generation_cache %}'s fragment keys); bounded, because some of its keys (URLs) come
    from visitors."""

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self.generation = None
        self.entries = {}

    def get(self, generation, key):
        if generation != self.generation:
            return None
        return self.entries.get(key)

    def set(self, generation, key, value):
        if generation != self.generation:
            self.generation, self.entries = generation, {}
        if key in self.entries or len(self.entries) < self.max_entries:
            self.entries[key] = value


def invalidate_all():
    """Publishing one page can change many (home page, news index, related posts,
    feeds, sitemap, search), so a publish retires every cached page at once by
    moving to a new generation; the old entries simply expire."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        _start_generations()
        cache.incr(GENERATION_KEY)


def _cache_key(request):
    # Hashed: a URL can be longer than a cache key may be. The generation is kept with the
    # page rather than in its key, so one round trip reads both the page and the generation.
    url = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page-cache:{url}"


def _is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(("/admin/", "/accounts/", "/members/", "/healthz", "/documents/")):
        return False
    # Anyone with a session (logged in, or mid-way through a form) gets a fresh page.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and not request.user.is_authenticated


def _is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page that used the CSRF token or the session is personal to this visitor.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    if getattr(request, "session", None) is not None and request.session.accessed and not request.session.is_empty():
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-cache" not in cache_control and "no-store" not in cache_control


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # PAGE_CACHE_SECONDS=0 switches whole-page caching off (fragments stay cached).
        if settings.PAGE_CACHE_SECONDS <= 0 or not _is_cacheable_request(request):
            return self.get_response(request)
        key = _cache_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        request._page_cache_generation = generation
        cached_generation, cached = found.get(key, (None, None))
        if cached_generation == generation:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            patch_cache_control(response, public=True, max_age=60)
            cache.set(key, (generation, response), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
