"""factory_boy factories for home's models and for images drawn locally; tests and seed_demo build with them."""

import io
import random

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image, ImageChops, ImageDraw, ImageFont
from wagtail.models import Collection

from .models import CallToAction, HomePage, StandardPage

# Pairs of colours a picture's gradient runs between; white text reads on all of them.
PALETTES = [
    ((124, 18, 74), (224, 86, 52)),
    ((12, 59, 94), (22, 140, 130)),
    ((40, 30, 90), (150, 50, 120)),
    ((20, 80, 50), (90, 150, 60)),
    ((70, 20, 20), (180, 70, 40)),
    ((25, 45, 110), (80, 120, 200)),
]
MONOGRAM_LENGTH = 3


def draw_picture(label, width, height):
    """A JPEG of a diagonal gradient, soft circles and stripes, with `label` written large: in the lower
    left, or in the middle when it is a monogram of up to three letters (a logo, an author's photo).

    Drawn the same way every time for the same label and size, so seeded content is reproducible."""
    rng = random.Random(f"{label}|{width}x{height}")
    start, end = rng.choice(PALETTES)
    vertical = Image.linear_gradient("L").resize((width, height))
    horizontal = Image.linear_gradient("L").rotate(rng.choice([90, 270])).resize((width, height))
    diagonal = ImageChops.add(vertical, horizontal, scale=2.0)
    size = (width, height)
    picture = Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), diagonal)

    shapes = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _ in range(rng.randint(4, 8)):
        radius = rng.randint(height // 10, height // 2)
        x, y = rng.randint(-radius, width), rng.randint(-radius, height)
        draw.ellipse((x, y, x + 2 * radius, y + 2 * radius), fill=(255, 255, 255, rng.randint(18, 50)))
    stripe = height // 14
    for index in range(rng.randint(2, 4)):
        top = height - (index + 2) * stripe * 2
        draw.rectangle((0, top, width, top + stripe // 3), fill=(255, 255, 255, 40))
    picture = Image.alpha_composite(picture.convert("RGBA"), shapes).convert("RGB")

    text = ImageDraw.Draw(picture)
    monogram = len(label) <= MONOGRAM_LENGTH
    font_size = max(16, height // 2 if monogram else height // 9)
    font = ImageFont.load_default(size=font_size)
    while font_size > 16 and text.textlength(label, font=font) > width * 0.88:
        font_size -= 4
        font = ImageFont.load_default(size=font_size)
    if monogram:
        position, anchor = (width // 2, height // 2), "mm"
    else:
        position, anchor = (width // 16, height - height // 8), "ls"
    shadow = max(2, font_size // 25)
    text.text((position[0] + shadow, position[1] + shadow), label, font=font, fill=(0, 0, 0), anchor=anchor)
    text.text(position, label, font=font, fill=(255, 255, 255), anchor=anchor)

    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82, optimize=True)
    buffer.seek(0)
    return ImageFile(buffer, name=f"{slugify(label) or 'picture'}.jpg")


class ImageFactory(wagtail_factories.ImageFactory):
    """A Wagtail image drawn with Pillow in memory: nothing is read from disk or the network."""

    class Params:
        label = factory.LazyAttribute(lambda image: image.title)
        width = 1200
        height = 675

    title = factory.Sequence(lambda number: f"Campaign picture {number}")
    description = factory.LazyAttribute(
        lambda image: f"Illustration: the words “{image.label}” over a coloured gradient with soft circles"
    )
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.LazyAttribute(lambda image: draw_picture(image.label, image.width, image.height))


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("sentence", nb_words=3)
    intro = factory.Faker("sentence", nb_words=16)

    class Meta:
        model = StandardPage


class CallToActionFactory(factory.django.DjangoModelFactory):
    title = factory.Faker("sentence", nb_words=5)
    text = factory.Faker("sentence", nb_words=18)
    button_label = "Join us"
    link_url = "https://example.org/accounts/signup/"

    class Meta:
        model = CallToAction
