"""Site-wide views that are not pages: health check, robots.txt, search, error pages."""

import re
import unicodedata

from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page

from .routing import find_site

SEARCH_RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
NOT_A_WORD_CHARACTER = re.compile(r"[^\w\s'-]")


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /members/",
        "Disallow: /search/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def search(request):
    """Live pages matching ?q=, ten a page; visitors only ever see pages open to everyone."""
    query = clean_query(request.GET.get("q", ""))
    # Staff also find pages behind view restrictions, so they get results of their own.
    audience = "staff" if request.user.is_staff else "public"

    def results_page():
        pages = Page.objects.none()
        terms = search_terms(query)
        if terms:
            pages = Page.objects.live()
            site = find_site(request)
            if site is not None:
                pages = pages.in_site(site)
            if audience == "public":
                pages = pages.public()
            pages = pages.search(terms)
        return Paginator(pages, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))

    return render(
        request,
        "home/search.html",
        {
            "query": query,
            # Lazy: the results fragment is cached per query, page and audience until the next
            # publish, and a cached fragment needs no search at all.
            "results_page": SimpleLazyObject(results_page) if query else None,
            "results_audience": audience,
            "max_query_length": MAX_QUERY_LENGTH,
        },
    )


def clean_query(raw):
    """Control characters (a NUL makes PostgreSQL refuse the query) become spaces, runs of
    whitespace collapse, and the query is cut to a length no real search needs."""
    without_controls = "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in raw)
    return " ".join(without_controls.split())[:MAX_QUERY_LENGTH].strip()


def search_terms(query):
    """Words only: the search backends pass some punctuation (a double quote on SQLite) through
    to the full-text engine, which then rejects the whole query."""
    return " ".join(NOT_A_WORD_CHARACTER.sub(" ", query).split())


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the database may be the reason we are here.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
