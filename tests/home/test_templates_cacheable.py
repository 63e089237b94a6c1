"""Templates served to anonymous visitors on public pages must not carry a CSRF token, or no
cache could share them (a form that needs one belongs on a members' or accounts page)."""

from pathlib import Path

from django.conf import settings

PUBLIC_TEMPLATE_PLACES = ["base.html", "404.html", "includes", "blocks", "home", "blog"]


def public_templates():
    templates_dir = Path(settings.BASE_DIR) / "templates"
    for place in PUBLIC_TEMPLATE_PLACES:
        path = templates_dir / place
        yield from sorted(path.rglob("*.html")) if path.is_dir() else [path]


def test_public_templates_exist_to_be_scanned():
    names = {path.name for path in public_templates()}

    assert {"base.html", "header.html", "footer.html", "hero.html", "home_page.html", "search.html"} <= names


def test_no_public_template_uses_the_csrf_token():
    offenders = [str(path) for path in public_templates() if "csrf_token" in path.read_text()]

    assert offenders == []
