"""Share links for a page: plain links to each network's share URL, no third-party script."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class ShareLink:
    label: str
    aria_label: str
    href: str


def page_share_links(page, request):
    """The share links of a page as the visitor making this request should share it."""
    page_url = page.get_full_url(request) or request.build_absolute_uri(request.path)
    return share_links(url_to_share(page_url, request), page.title)


def url_to_share(url, request):
    """The page's address, carrying the recruiter code of a logged-in supporter so that
    whoever signs up through their share is credited to them."""
    # Duck-typed so blog never imports the members apps: a user may have a `supporter`.
    supporter = getattr(request.user, "supporter", None) if request.user.is_authenticated else None
    code = getattr(supporter, "recruiter_code", "")
    if not code:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'ref': code})}"


def share_links(url, title):
    """Each href carries the absolute page URL (and the title where the network takes one), percent-encoded."""
    encoded_url = quote(url, safe="")
    encoded_title = quote(title, safe="")
    return [
        ShareLink("Email", "Share this page by email", f"mailto:?subject={encoded_title}&body={encoded_url}"),
        ShareLink("WhatsApp", "Share this page on WhatsApp", f"https://wa.me/?text={quote(f'{title} {url}', safe='')}"),
        ShareLink(
            "Facebook", "Share this page on Facebook", f"https://www.facebook.com/sharer/sharer.php?u={encoded_url}"
        ),
        ShareLink(
            "X", "Share this page on X", f"https://twitter.com/intent/tweet?url={encoded_url}&text={encoded_title}"
        ),
    ]
