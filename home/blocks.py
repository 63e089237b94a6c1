"""StreamField blocks shared by every page type."""

from wagtail import blocks


class BaseStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(icon="pilcrow")
