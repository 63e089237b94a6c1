"""Demo content for the members' area: the dashboard page, three exclusive articles, a video and a private document."""

from datetime import timedelta

from django.utils.text import slugify

from .factories import MemberArticlePageFactory, MembersDocumentFactory, MembersIndexPageFactory, MemberVideoPageFactory

ARTICLES = [
    (
        "Polling day plan: where we need you",
        "The station-by-station plan for the morning of the vote, and how to claim a shift.",
        "<p>On polling day we want two volunteers at every one of the city's 400 stations between 07:00 and "
        "09:00. Captains will text you the evening before with your station and a reminder of the rules: "
        "stay outside the grounds, do not hand anything to voters inside, and be friendly to everyone.</p>",
    ),
    (
        "How to knock on a door (and enjoy it)",
        "Ten minutes of training from our best canvassers, with the script they actually use.",
        "<p>Smile, say who you are, ask one question and listen. Most people are kind; some are busy; a few "
        "are rude, and that is fine. Write down what you heard, not what you hoped to hear.</p>",
    ),
    (
        "Behind the manifesto: the bus fares numbers",
        "How the one-hour ticket is paid for, for supporters who get asked on the doorstep.",
        "<p>The one-hour ticket costs about £40 million a year, paid for by the workplace parking levy and "
        "savings on the ticketing contract. Here is how to explain it in one sentence.</p>",
    ),
]


def generate(demo):
    """The members' area under the home page, with its articles, a video and a members-only document."""
    index = MembersIndexPageFactory(parent=demo.home_page, title="Members' area", slug="members")
    script = MembersDocumentFactory(title="Doorstep script (members only)")
    for days_ago, (title, intro, text) in enumerate(ARTICLES):
        if days_ago == 1:
            text += f'<p>Print the <a linktype="document" id="{script.pk}">doorstep script</a> before you go.</p>'
        MemberArticlePageFactory(
            parent=index,
            title=title,
            slug=slugify(title),
            intro=intro,
            date_published=demo.today - timedelta(days=3 * days_ago),
            body=[{"type": "paragraph", "value": text}],
        )
    MemberVideoPageFactory(
        parent=index,
        title="A message to volunteers from Jordan",
        slug="message-to-volunteers",
        intro="Jordan thanks the people who make this campaign happen, and asks for one more push.",
        date_published=demo.today,
        transcript="<p>Jordan Reyes: Thank you. Every leaflet and every conversation counts. "
        "Let's finish this together.</p>",
    )
    demo.pages["members"] = index
