"""Remembers where a visitor first came from (utm_*, ?ref=, outside referrer) for their sign-up."""

from .services import ATTRIBUTION_COOKIE, attribution_for_visit, store_attribution


class AttributionMiddleware:
    """Sets the attribution cookie once, on the first page that carries attribution.

    A signed cookie rather than the session: the whole-page cache refuses any response
    that creates a session, so a session here would make every landing page from an ad
    or email uncacheable. It sits outside the page cache, so a cached page still gets the
    cookie; only that one response is marked private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        already_kept = ATTRIBUTION_COOKIE in request.COOKIES or ATTRIBUTION_COOKIE in response.cookies
        if request.method == "GET" and not already_kept:
            attribution = attribution_for_visit(request)
            if attribution is not None:
                store_attribution(response, attribution)
        return response
