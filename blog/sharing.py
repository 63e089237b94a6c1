"""Share links for a page: plain links to each network's share URL, no third-party script."""

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class ShareLink:
    label: str
    aria_label: str
    href: str


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
