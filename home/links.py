"""Links editors may type: a full web address, or a path on this site such as /donate/."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from wagtail import blocks

HELP_TEXT = "A full address (https://…) or a path on this site starting with / (for example /accounts/signup/)."


def validate_link(value):
    # Join, Volunteer and Donate are Django views, not pages: editors link to them by path.
    if value.startswith("/") and not value.startswith("//"):
        if any(character.isspace() for character in value):
            raise ValidationError("A path on this site cannot contain spaces.")
        return
    URLValidator(schemes=["http", "https"])(value)


class LinkField(models.CharField):
    default_validators = [validate_link]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(*args, **kwargs)


class LinkURLBlock(blocks.CharBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(validators=[validate_link], **kwargs)
