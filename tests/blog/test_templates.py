"""News and video templates are served to anonymous visitors from the page cache: nothing personal in them."""

from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates" / "blog").rglob("*.html"))


def test_there_are_templates_to_check():
    assert len(TEMPLATES) >= 9


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_csrf_token_or_user_in_public_templates(template):
    text = template.read_text()

    assert "csrf_token" not in text
    assert "request.user" not in text
    assert "{{ user" not in text
    assert "<script" not in text
