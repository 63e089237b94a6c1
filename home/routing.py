"""Wagtail's page serving with its site, route and view-restriction lookups remembered per cache generation."""

import copy
import time

from django.conf import settings
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from .page_cache import GenerationMemo, request_generation

# Everything remembered here is kept in this process for one generation of the page cache
# (home.page_cache): every publish, unpublish, move and every save or delete of a site or a
# view restriction starts a new one (home/signals.py), and with it forgets all of this. A fact
# is filed under the generation read at the start of the request that looked it up in the
# database, so it is never older than that generation.
#
# route() overrides must depend only on the path and the published tree, not on the visitor:
# a route is remembered only when it ends at the live page whose url_path is the path asked
# for; that page is served from memory for PAGE_MEMO_SECONDS, then fetched again with the
# same conditions.

_sites = GenerationMemo(max_entries=100)
_site_root_paths = GenerationMemo(max_entries=1)
_routes = GenerationMemo(max_entries=5000)
# The live page itself is kept too, for at most this long: every change made through Wagtail
# starts a new generation at once; this bounds how long a change made behind Wagtail's back
# (an SQL UPDATE, say) can go unseen, well within the whole-page cache's own lifetime.
PAGE_MEMO_SECONDS = 30
_unrestricted_pages = GenerationMemo(max_entries=5000)


def find_site(request):
    """Site.find_for_request without its query, once per generation per host and port."""
    if not hasattr(request, "_wagtail_site"):
        generation = request_generation(request)
        # As Site.find_for_request reads it: the raw host, since ALLOWED_HOSTS was checked already.
        host = (split_domain_port(request._get_raw_host())[0], request.get_port())
        site = _sites.get(generation, host)
        if site is None:
            site = Site.find_for_request(request)
            if site is not None:
                _sites.set(generation, host, site)
        request._wagtail_site = site
    return request._wagtail_site


def _find_site_root_paths(request):
    generation = request_generation(request)
    root_paths = _site_root_paths.get(generation, "all")
    if root_paths is None:
        root_paths = Site.get_site_root_paths()
        _site_root_paths.set(generation, "all", root_paths)
    return root_paths


def _route(request, site, path):
    generation = request_generation(request)
    url_path = site.root_page.url_path + path
    remembered = _routes.get(generation, (site.pk, path))
    if remembered is not None:
        page, fetched_at = remembered
        if time.monotonic() - fetched_at < PAGE_MEMO_SECONDS:
            # A copy per request: whatever a request sets on its page stays with that request.
            return RouteResult(copy.copy(page))
        page = type(page).objects.filter(pk=page.pk, url_path=url_path, live=True).first()
        if page is not None:
            _routes.set(generation, (site.pk, path), (page, time.monotonic()))
            return RouteResult(copy.copy(page))
    route = Page.route_for_request(request, path)
    if route is not None and not route.args and not route.kwargs and route.page.url_path == url_path:
        _routes.set(generation, (site.pk, path), (route.page, time.monotonic()))
        return RouteResult(copy.copy(route.page))
    return route


def serve(request, path):
    """Wagtail's serve view (live pages only, its before_serve_page and on_serve_page hooks,
    view restrictions) with the lookups in front of it answered from memory."""
    # Imported here: wagtail.views needs the page models loaded, and home.models imports this module.
    from wagtail import views as wagtail_views

    site = find_site(request)
    if site is not None and not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        request._wagtail_cached_site_root_paths = _find_site_root_paths(request)
        request._wagtail_route_for_request = _route(request, site, path)
        if request._wagtail_route_for_request is not None:
            request._wagtail_route_for_request.page._page_cache_generation = request_generation(request)
    return wagtail_views.serve(request, path)


class RememberedViewRestrictions:
    """For page models: a page served by `serve` that had no view restriction, on itself or an
    ancestor, earlier in this generation skips the two queries that check again. A page with a
    restriction is always checked against the database."""

    def get_view_restrictions(self):
        generation = getattr(self, "_page_cache_generation", None)
        if generation is None:
            return super().get_view_restrictions()
        if _unrestricted_pages.get(generation, self.pk):
            return PageViewRestriction.objects.none()
        restrictions = super().get_view_restrictions()
        if not restrictions:
            _unrestricted_pages.set(generation, self.pk, True)
        return restrictions
