"""Editors' mistakes in blocks and snippets get a clear message instead of a broken page."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks import BaseStreamBlock, HeroBlock, ImageWithCaptionBlock, LinkBlock
from home.models import CallToAction


def test_link_needs_a_page_or_a_url_not_both(standard_page):
    block = LinkBlock()

    with pytest.raises(StructBlockValidationError) as neither:
        block.clean(block.to_python({"label": "Privacy", "page": None, "url": ""}))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"label": "Privacy", "page": standard_page.pk, "url": "https://example.org"}))

    assert "Choose a page or enter a URL" in str(neither.value.block_errors["url"])
    assert block.clean(block.to_python({"label": "Privacy", "page": None, "url": "https://example.org/p"})).href == (
        "https://example.org/p"
    )


def test_hero_image_needs_alt_text(image):
    block = HeroBlock()
    value = block.to_python({"headline": "Join us", "image": image.pk, "alt_text": "", "buttons": []})

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)

    assert "Images need alternative text." in str(error.value.block_errors["alt_text"])


def test_image_block_requires_alt_text(image):
    block = ImageWithCaptionBlock()

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))

    assert "alt_text" in error.value.block_errors


def test_every_block_has_an_icon_and_a_template():
    for name, block in BaseStreamBlock.base_blocks.items():
        assert block.meta.template == f"blocks/{name if name != 'image' else 'image_with_caption'}.html"
        assert block.meta.icon not in (None, "placeholder")


def test_call_to_action_needs_a_page_or_a_url(db):
    appeal = CallToAction(title="Volunteer", button_label="Sign up")

    with pytest.raises(ValidationError) as error:
        appeal.full_clean()

    assert "Choose a page or enter a URL, not both." in error.value.message_dict["link_url"]


def test_admin_can_open_site_settings_and_calls_to_action(admin_client, site_settings):
    settings_page = admin_client.get(f"/admin/settings/home/sitesettings/{site_settings.site_id}/")
    snippets_page = admin_client.get("/admin/snippets/home/calltoaction/")
    new_snippet_page = admin_client.get("/admin/snippets/home/calltoaction/add/")

    assert settings_page.status_code == 200
    assert "Digital imprint" in settings_page.content.decode()
    assert snippets_page.status_code == 200
    assert new_snippet_page.status_code == 200
