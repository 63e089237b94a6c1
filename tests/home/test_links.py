import pytest
from django.core.exceptions import ValidationError

from home.models import CallToAction


@pytest.mark.django_db
@pytest.mark.parametrize("link", ["/accounts/signup/", "/donate/?amount=10", "https://example.org/x"])
def test_calls_to_action_link_to_paths_on_this_site_or_full_addresses(link):
    call = CallToAction(title="Join", text="Join us", button_label="Join", link_url=link)
    call.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "link", ["//evil.example/", "javascript:alert(1)", "/with space/", "donate", "ftp://x.org", "mailto:a@b.org"]
)
def test_links_that_are_neither_a_path_nor_a_web_address_are_refused(link):
    call = CallToAction(title="Join", text="Join us", button_label="Join", link_url=link)
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "link_url" in error.value.message_dict


@pytest.mark.django_db
def test_seeded_calls_to_action_can_be_saved_again_by_an_editor():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    for call in CallToAction.objects.all():
        call.full_clean()
