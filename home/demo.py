"""Demo content for home: the site and home page, About and Privacy pages, calls to action, settings, admin."""

import os
import random
import secrets
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from .factories import CallToActionFactory, HomePageFactory, ImageFactory, StandardPageFactory
from .models import HomePage, SiteSettings

CAMPAIGN_NAME = "Jordan Reyes for Mayor"
ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD_FILE = settings.BASE_DIR / ".demo-admin-password"
# Joining is a Django view, not a Wagtail page, so buttons link to it by path. Until the
# events and donations apps exist, volunteering starts with joining, and giving is the
# seeded Donate page's offline ways to give.
JOIN_PATH = "/accounts/signup/"
VOLUNTEER_PATH = JOIN_PATH
DONATE_PATH = "/donate/"


@dataclass
class DemoRun:
    """What the apps' generators share during one seed_demo run: the seed and what earlier ones made."""

    seed: int
    today: date
    rng: random.Random = field(init=False)
    home_page: HomePage | None = None
    # Pages later generators link to, by role: "about", "privacy", "news", "videos", "featured_video".
    pages: dict[str, Page] = field(default_factory=dict)
    calls_to_action: dict[str, object] = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def picture(self, label, *, title=None, width=1200, height=675):
        """A generated picture with `label` written on it, saved as a Wagtail image with alt text."""
        return ImageFactory(title=title or label, label=label, width=width, height=height)


def site_has_content():
    """True once a home page has a body or pages under it: seed_demo then leaves the site alone."""
    return any(page.body or page.get_children().exists() for page in HomePage.objects.all())


def generate(demo):
    """The site and its home page (body filled in later by compose_home_page), About, Privacy, settings."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        # Wagtail's own "Welcome to your new Wagtail site!" page, or an empty home page.
        page.delete()
    home = HomePageFactory(
        parent=root,
        title="Home",
        slug="home",
        seo_title="A fairer, greener city",
        search_description="Jordan Reyes is standing for Mayor: cheaper buses, homes people can afford, clean air.",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": CAMPAIGN_NAME},
    )
    demo.home_page = home
    demo.calls_to_action = _calls_to_action()
    demo.pages["about"] = _about_page(demo, home)
    demo.pages["privacy"] = _privacy_page(home)
    demo.pages["donate"] = _donate_page(home)
    _site_settings(demo, Site.objects.get(is_default_site=True))


def compose_home_page(demo):
    """The home page body, using every block; runs after the apps whose news and videos it shows."""
    hero_image = demo.picture("Fares down, buses up", width=1500, height=1000)
    crowd = demo.picture("Saturday in Walthamstow")
    body = [
        _block(
            "hero",
            {
                "headline": "A city that works for the people who keep it running",
                "intro": (
                    "Jordan Reyes is standing for Mayor to cut bus fares, build homes people can afford "
                    "and clean up the air our children breathe. This campaign is run by volunteers: join us."
                ),
                "image": hero_image.pk,
                "alt_text": hero_image.description,
                "video_page": None,
                "video_url": "",
                "buttons": [
                    _button("Join the campaign", JOIN_PATH, "primary"),
                    _button("Volunteer", VOLUNTEER_PATH, "secondary"),
                    _button("Donate", DONATE_PATH, "outline"),
                ],
            },
        ),
        _block("heading", {"text": "Why Jordan is standing", "size": "h2"}),
        _block(
            "paragraph",
            "<p>Jordan has driven the number 38, chaired a tenants' association and run a youth club in a "
            "church hall that lost its council grant. The plans in this campaign come from those years: "
            "<b>a one-hour bus ticket for everyone</b>, council homes built on council land, clean-air "
            "zones outside every primary school, and libraries open in the evenings again.</p>"
            f'<p>Read <a linktype="page" id="{demo.pages["about"].pk}">more about Jordan</a>, or see what the '
            "campaign is doing this week below.</p>",
        ),
    ]
    if "join" in demo.calls_to_action:
        body.append(_block("call_to_action", demo.calls_to_action["join"].pk))
    body.append(_block("latest_news", {"heading": "Latest news", "count": 3}))
    if "featured_video" in demo.pages:
        body.append(_block("featured_video", {"heading": "Watch", "video": demo.pages["featured_video"].pk}))
    body += [
        _block(
            "quote",
            {
                "text": "I leafleted for the first time last spring. Now I run the Saturday stall on our high street.",
                "attribution": "Amara, volunteer in Lewisham",
            },
        ),
        _block(
            "image",
            {
                "image": crowd.pk,
                "alt_text": crowd.description,
                "caption": "Forty volunteers knocked on 1,200 doors in Walthamstow last Saturday.",
            },
        ),
    ]
    if "donate" in demo.calls_to_action:
        body.append(_block("call_to_action", demo.calls_to_action["donate"].pk))
    home = demo.home_page
    home.body = body
    home.social_image = hero_image
    home.save()


def _about_page(demo, home):
    portrait = demo.picture("Jordan Reyes", width=1200, height=800)
    return StandardPageFactory(
        parent=home,
        title="About Jordan",
        slug="about",
        intro="Bus driver, tenants' organiser, youth worker: Jordan Reyes has spent twenty years fixing things "
        "in this city from the ground up.",
        body=[
            _block(
                "image",
                {"image": portrait.pk, "alt_text": portrait.description, "caption": "Jordan outside Hackney depot."},
            ),
            _block("heading", {"text": "From the depot to City Hall", "size": "h2"}),
            _block(
                "paragraph",
                "<p>Jordan grew up on an estate in Peckham, left school at sixteen and spent eleven years driving "
                "buses out of Camberwell garage. When the rent on the family flat went up by a third in one "
                "letter, Jordan organised the block, then the estate, and won a rent freeze that still holds.</p>"
                "<p>Since then Jordan has run a youth club, sat on a library users' board, and helped set up "
                "the city's first school-street scheme. None of it needed a title; all of it needed neighbours.</p>",
            ),
            _block(
                "quote",
                {
                    "text": "Every good idea in this campaign came from someone at a bus stop, "
                    "a school gate or a library desk.",
                    "attribution": "Jordan Reyes",
                },
            ),
            _block("heading", {"text": "How the campaign works", "size": "h2"}),
            _block(
                "paragraph",
                "<p>The campaign is funded by small donations and run by volunteers in every borough. "
                "Supporters choose what they do: deliver leaflets, knock on doors, make calls or host a "
                "meeting in their own front room.</p>",
            ),
            _block("call_to_action", demo.calls_to_action["volunteer"].pk),
        ],
    )


def _donate_page(home):
    return StandardPageFactory(
        parent=home,
        title="Donate",
        slug="donate",
        intro="Every gift pays for leaflets, posters and phone banks. Here is how to give without a card online.",
        body=_sections(
            (
                "By bank transfer",
                "<p>Jordan Reyes for Mayor, sort code 00-00-00, account 00000000. Use your surname and postcode "
                "as the reference so we can thank you.</p>",
            ),
            (
                "By cheque or by phone",
                "<p>Send a cheque payable to <b>Jordan Reyes for Mayor</b> to 12 Example Street, London N1 9GU, "
                "with your name and home address, or call 020 7946 0123 on weekdays between 10am and 6pm.</p>",
            ),
            (
                "Who can give",
                "<p>By law we can only accept donations over £50 from people on a UK electoral register or from "
                "UK-based organisations, and we must record the name and address of everyone who gives more.</p>",
            ),
        ),
    )


def _privacy_page(home):
    return StandardPageFactory(
        parent=home,
        title="Privacy notice",
        slug="privacy",
        intro="What we collect when you sign up, give or volunteer, why, and how to ask us to change or delete it.",
        body=_sections(
            (
                "Who we are",
                "<p>The data controller is the Jordan Reyes for Mayor campaign, 12 Example Street, London N1 9GU. "
                "You can reach us at privacy@example.org or by post at that address.</p>",
            ),
            (
                "What we collect and why",
                "<ul><li>Your name, email address, postcode and, if you give it, your phone number, so we can "
                "keep you informed and organise volunteering near you.</li>"
                "<li>What you sign up for and take part in, so we do not ask twice.</li>"
                "<li>Donations, which the law requires us to record and, above certain amounts, report.</li></ul>"
                "<p>We rely on your consent for emails, texts and calls, and you can withdraw it at any time "
                "from your account or by replying STOP to a text.</p>",
            ),
            (
                "Your rights",
                "<p>You may ask for a copy of your data, ask us to correct or delete it, and complain to the "
                "Information Commissioner's Office. Logged-in supporters can download their data and delete "
                "their account themselves.</p>",
            ),
        ),
    )


def _calls_to_action():
    return {
        "join": CallToActionFactory(
            title="Join 12,000 neighbours backing Jordan",
            text="Sign up to hear what is happening near you and choose how you want to help.",
            button_label="Join the campaign",
            link_url=JOIN_PATH,
        ),
        "volunteer": CallToActionFactory(
            title="One morning a month changes an election",
            text="Pick a leafleting shift at a station near you. We bring the leaflets and the coffee.",
            button_label="Find a shift",
            link_url=VOLUNTEER_PATH,
        ),
        "donate": CallToActionFactory(
            title="This campaign is paid for by people, not property developers",
            text="Most of our donations are under £20. Every one pays for leaflets, posters and phone banks.",
            button_label="Donate",
            link_url=DONATE_PATH,
        ),
    }


def _site_settings(demo, site):
    site_settings = SiteSettings.for_site(site)
    site_settings.campaign_name = CAMPAIGN_NAME
    site_settings.logo = demo.picture("JR", title="Jordan Reyes for Mayor logo", width=240, height=240)
    site_settings.facebook_url = "https://www.facebook.com/example-reyes-for-mayor"
    site_settings.x_url = "https://x.com/example_reyes"
    site_settings.instagram_url = "https://www.instagram.com/example_reyes/"
    site_settings.youtube_url = "https://www.youtube.com/@example-reyes"
    site_settings.donate_page = demo.pages["donate"]
    site_settings.donate_url = ""
    site_settings.contact_phone = "020 7946 0123"
    site_settings.postal_address = "Jordan Reyes for Mayor\n12 Example Street\nLondon N1 9GU"
    site_settings.imprint_promoter = "Sam Okafor"
    site_settings.imprint_on_behalf_of = "Jordan Reyes"
    site_settings.imprint_address = "12 Example Street, London N1 9GU"
    site_settings.footer_links = [
        _block("link", {"label": "About Jordan", "page": demo.pages["about"].pk, "url": ""}),
        _block("link", {"label": "Privacy notice", "page": demo.pages["privacy"].pk, "url": ""}),
        _block(
            "link", {"label": "Electoral Commission", "page": None, "url": "https://www.electoralcommission.org.uk/"}
        ),
    ]
    site_settings.save()


def _block(block_type, value):
    return {"type": block_type, "value": value}


def _sections(*sections):
    """A page body from (heading, paragraph HTML) pairs: a level-2 heading block, then its paragraph."""
    return [
        block
        for heading, paragraph in sections
        for block in (_block("heading", {"text": heading, "size": "h2"}), _block("paragraph", paragraph))
    ]


def _button(label, path, style):
    return {"label": label, "page": None, "url": path, "style": style}


def create_admin_account(password_file=ADMIN_PASSWORD_FILE):
    """Create the superuser `admin` with a fresh random password, written to `password_file` (mode 0600).

    Returns the password, or None when an `admin` account already exists (it is left as it is)."""
    users = get_user_model()
    if users.objects.filter(username=ADMIN_USERNAME).exists():
        return None
    password = secrets.token_urlsafe(12)
    users.objects.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, password)
    descriptor = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    # O_CREAT's mode applies only to a new file; an old file keeps its mode unless told.
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(password + "\n")
    return password


def admin_password(password_file=ADMIN_PASSWORD_FILE):
    """The demo admin's password from `password_file`, or None if there is none or it no longer works."""
    try:
        password = password_file.read_text().strip()
    except FileNotFoundError:
        return None
    user = get_user_model().objects.filter(username=ADMIN_USERNAME).first()
    if user is None or not user.check_password(password):
        return None
    return password
