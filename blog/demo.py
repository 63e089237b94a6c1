"""Demo content for blog: a mayoral campaign's news posts, authors, categories, tags and videos."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from .factories import (
    BlogAuthorFactory,
    BlogCategoryFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    CaptionsDocumentFactory,
    VideoDocumentFactory,
    VideoIndexPageFactory,
    VideoPageFactory,
)

POST_COUNT = 30
DAYS_BETWEEN_POSTS = 4
PLACES = [
    "Hackney",
    "Lewisham",
    "Walthamstow",
    "Croydon",
    "Brent",
    "Tower Hamlets",
    "Ealing",
    "Haringey",
    "Southwark",
    "Newham",
    "Barnet",
    "Greenwich",
]
AUTHORS = [
    ("Jordan Reyes", "Candidate"),
    ("Priya Natarajan", "Campaign director"),
    ("Tomasz Nowak", "Press officer"),
    ("Grace Mensah", "Volunteer organiser"),
]


@dataclass(frozen=True)
class Topic:
    issue: str
    picture_labels: tuple  # written on the topic's lead pictures, which alternate from post to post
    tags: tuple
    stories: tuple  # (headline, intro) pairs written by hand
    paragraphs: tuple
    quote: tuple  # (text, attribution)


TOPICS = [
    Topic(
        issue="bus fares",
        picture_labels=("One fare, one hour", "More buses, more often"),
        tags=("buses", "fares", "transport"),
        stories=(
            (
                "A one-hour bus ticket for everyone, from day one",
                "Change buses as often as you like within an hour for a single fare: Jordan's first act as Mayor.",
            ),
            (
                "Night buses are a lifeline. We will run more of them",
                "Cleaners, nurses and bar staff get home on the night bus. Jordan's plan adds twelve routes.",
            ),
        ),
        paragraphs=(
            "<p>Two buses to get to work should not cost twice as much as one. Under Jordan's plan a single "
            "fare covers every bus you catch within an hour, paid for by ending the contract bonuses that "
            "reward operators for cutting services.</p>",
            "<p>Bus use has fallen furthest in the outer boroughs, where routes are thinnest and fares bite "
            "hardest. The plan restores the frequencies cut since 2019 on forty routes, starting with those "
            "that serve hospitals and colleges.</p>",
            "<p>Drivers' rest breaks and toilets are part of the plan too: a service that wears out the "
            "people who run it is not a service anyone can rely on.</p>",
        ),
        quote=("I spend more on buses than on my gas bill. An hour ticket would change my week.", "Denise, Croydon"),
    ),
    Topic(
        issue="housing",
        picture_labels=("Homes we can afford", "Renters first"),
        tags=("housing", "renters"),
        stories=(
            (
                "Council homes on council land: 40,000 over four years",
                "Public land should build public homes. Jordan sets out where the first ten thousand will go.",
            ),
            (
                "Renters deserve a Mayor who picks up the phone",
                "A City Hall renters' unit to chase rogue landlords and publish the worst offenders by name.",
            ),
        ),
        paragraphs=(
            "<p>Half of the city's households now rent, and a typical tenant hands over 40 per cent of their "
            "pay to do it. Jordan's plan builds council homes at council rents on land the city already owns: "
            "depots, car parks and empty offices.</p>",
            "<p>Every new home will meet the accessibility standard, and every estate rebuilt will be put to "
            "a vote of the people who live there first.</p>",
            "<p>A renters' unit at City Hall will name landlords who ignore repair orders, and back tenants "
            "who take them to tribunal.</p>",
        ),
        quote=("We have had black mould in the bedroom for three winters.", "Kwame, Newham"),
    ),
    Topic(
        issue="clean air",
        picture_labels=("Clean air for every child", "School streets"),
        tags=("clean air", "schools", "health"),
        stories=(
            (
                "Clean-air zones outside every primary school by 2028",
                "Children breathe the dirtiest air at the school gate. Jordan will close those streets to "
                "through traffic at drop-off and pick-up.",
            ),
            (
                "Electric buses first on the routes with the worst air",
                "The dirtiest roads get the cleanest buses: the replacement programme starts where "
                "pollution is highest.",
            ),
        ),
        paragraphs=(
            "<p>Over four hundred of the city's primary schools sit where the air breaks legal limits. "
            "School streets close the road outside at the start and end of the day; where they have been "
            "tried, pollution at the gate has fallen by a fifth.</p>",
            "<p>The plan is built with parents and heads, street by street, with exemptions for blue badge "
            "holders and residents.</p>",
            "<p>The dirtiest bus routes run through the poorest neighbourhoods. Replacing those fleets first "
            "puts the benefit where the harm is.</p>",
        ),
        quote=("My son's inhaler lives in his book bag. It should not have to.", "Hannah, Haringey"),
    ),
    Topic(
        issue="libraries",
        picture_labels=("Open libraries", "Open till eight"),
        tags=("libraries", "community"),
        stories=(
            (
                "Libraries open until 8pm, six days a week",
                "A library is the last warm, free place to sit, study and ask for help. Jordan will fund longer "
                "opening hours in every borough.",
            ),
            (
                "No library closures on Jordan's watch",
                "Twenty-three branches have closed in ten years. A city library fund will stop the next ones.",
            ),
        ),
        paragraphs=(
            "<p>Students revise there, job-seekers apply there, older people find company there. Yet most "
            "branches now shut at 5pm and many close two days a week.</p>",
            "<p>A city library fund, matched by the boroughs, pays for evening opening and for staff, not "
            "just self-service machines.</p>",
            "<p>Every library will offer free printing for job applications and a quiet room bookable "
            "for homework.</p>",
        ),
        quote=("The library is where I wrote every university application.", "Yusuf, Tower Hamlets"),
    ),
    Topic(
        issue="youth clubs",
        picture_labels=("Somewhere to go", "Youth clubs back"),
        tags=("youth clubs", "young people"),
        stories=(
            (
                "A youth club within a bus ride of every teenager",
                "Half the city's youth clubs have closed since 2011. Jordan's plan reopens a hundred of them.",
            ),
            (
                "Young people will help run the youth budget",
                "A young people's panel in every borough will decide how part of the youth fund is spent.",
            ),
        ),
        paragraphs=(
            "<p>When the youth club closes, teenagers do not stay in; they go somewhere less safe. Jordan ran "
            "a club in a church hall for eight years and knows what a warm room and a trusted adult are worth.</p>",
            "<p>The plan funds a hundred clubs over four years, in schools, libraries and community centres "
            "that sit empty in the evenings.</p>",
            "<p>Young people will sit on the panels that decide where the money goes, and half of the new "
            "youth workers will be recruited locally.</p>",
        ),
        quote=("Our club had a studio. Three of us make music for a living now.", "Tia, Southwark"),
    ),
    Topic(
        issue="safer streets",
        picture_labels=("Safer streets", "Lights on"),
        tags=("safer streets", "community"),
        stories=(
            (
                "Street lights on, underpasses lit: a safer walk home",
                "Jordan will fix every broken street light reported within a week and light the city's worst "
                "underpasses first.",
            ),
            (
                "Neighbourhood officers back on the beat",
                "Officers who know the street and stay on it: Jordan's plan restores ward teams in every borough.",
            ),
        ),
        paragraphs=(
            "<p>Women's groups mapped the walks home that feel most dangerous: badly lit paths, broken lights "
            "and underpasses. The plan fixes those first, and publishes repair times every month.</p>",
            "<p>Neighbourhood officers who stay in one ward long enough to be known are the most trusted part "
            "of policing. Jordan will protect their time from being pulled to other duties.</p>",
            "<p>Safe routes to school and stations will be designed with the people who walk them.</p>",
        ),
        quote=("I cross the road twice on the way home to avoid one dark stretch.", "Marisol, Ealing"),
    ),
]

# Headlines composed from a place and a topic, so thirty posts read like a real campaign's news.
COMPOSED_STORIES = [
    (
        "News",
        "On the doorstep in {place}: what people told us about {issue}",
        "Volunteers knocked on {doors} doors in {place} on Saturday. {issue_cap} came up again and again.",
    ),
    (
        "News",
        "Jordan Reyes visits {place} to talk about {issue}",
        "Jordan spent the morning in {place} listening to residents, and set out the plan on {issue}.",
    ),
    (
        "Press release",
        "Reyes sets out costed plan on {issue} at {place} launch",
        "At a launch in {place}, Jordan Reyes published the costings behind the campaign's promise on {issue}.",
    ),
    (
        "Comment",
        "Why {issue} will decide this election in {place}",
        "Our volunteer organiser on what {issue} means to the people of {place}, and why they are listening.",
    ),
]


def generate(demo):
    """News and Videos under the home page: authors, categories, thirty posts, four videos."""
    home = demo.home_page
    categories = {name: BlogCategoryFactory(name=name) for name in ("Featured", "News", "Comment", "Press release")}
    authors = [
        BlogAuthorFactory(
            name=name,
            role=role,
            photo=demo.picture(_initials(name), title=f"{name}, {role}", width=400, height=400),
        )
        for name, role in AUTHORS
    ]
    pictures = {topic.issue: [demo.picture(label) for label in topic.picture_labels] for topic in TOPICS}
    posts_per_topic = Counter()

    news = BlogIndexPageFactory(
        parent=home,
        intro="What the campaign is doing, saying and planning, borough by borough.",
    )
    demo.pages["news"] = news
    for number, story in enumerate(_stories(demo)):
        published = demo.today - timedelta(days=number * DAYS_BETWEEN_POSTS + demo.rng.randint(0, 2))
        topic_pictures = pictures[story["topic"].issue]
        picture = topic_pictures[posts_per_topic[story["topic"].issue] % len(topic_pictures)]
        posts_per_topic[story["topic"].issue] += 1
        BlogPageFactory(
            parent=news,
            title=story["title"],
            slug=slugify(story["title"])[:80],
            intro=story["intro"],
            author=demo.rng.choice(authors),
            date_published=published,
            first_published_at=_at_ten(published),
            last_published_at=_at_ten(published),
            lead_image=picture,
            lead_image_alt=picture.description,
            body=_post_body(demo, story["topic"]),
            categories=[categories[name] for name in story["categories"]],
            tags=list(story["topic"].tags),
        )

    videos = VideoIndexPageFactory(
        parent=home,
        intro="Speeches, explainers and days out on the campaign trail.",
    )
    demo.pages["videos"] = videos
    demo.pages["featured_video"] = _videos(demo, videos)


def _stories(demo):
    """Twelve hand-written stories and eighteen composed ones, shuffled into a publishing order."""
    stories = []
    for topic in TOPICS:
        for index, (title, intro) in enumerate(topic.stories):
            category_names = ["News"] if index == 0 else ["Comment"]
            stories.append({"topic": topic, "title": title, "intro": intro, "categories": category_names})
    # Each composed story pairs a headline pattern with a topic once, so no two read alike.
    pairings = [(pattern, topic) for pattern in COMPOSED_STORIES for topic in TOPICS]
    for (category_name, title, intro), topic in demo.rng.sample(pairings, POST_COUNT - len(stories)):
        words = {
            "place": demo.rng.choice(PLACES),
            "issue": topic.issue,
            "issue_cap": topic.issue.capitalize(),
            "doors": demo.rng.randrange(400, 2400, 50),
        }
        stories.append(
            {
                "topic": topic,
                "title": title.format(**words),
                "intro": intro.format(**words),
                "categories": [category_name],
            }
        )
    demo.rng.shuffle(stories)
    for story in stories[:3]:
        story["categories"] = ["Featured", *story["categories"]]
    return stories


def _post_body(demo, topic):
    paragraphs = sorted(demo.rng.sample(range(len(topic.paragraphs)), 2))
    text, attribution = topic.quote
    return [
        {"type": "paragraph", "value": topic.paragraphs[paragraphs[0]]},
        {"type": "quote", "value": {"text": text, "attribution": attribution}},
        {"type": "paragraph", "value": topic.paragraphs[paragraphs[1]]},
        {"type": "heading", "value": {"text": "Get involved", "size": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>This campaign is won on the doorstep. Join a leafleting morning near you, or chip in "
            "to pay for the next print run.</p>",
        },
    ]


def _videos(demo, videos):
    """Three YouTube videos and one video file; returns the one the home page features.

    The YouTube links are Blender Foundation open films (CC BY) standing in for campaign videos; pages link
    to them and play them only on request, so nothing is fetched while seeding or rendering."""
    featured = None
    embeds = [
        (
            "Jordan Reyes: why I'm standing for Mayor",
            "Three minutes on buses, homes and the air we breathe, filmed at Camberwell bus garage.",
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "Why I'm standing",
        ),
        (
            "Explainer: how the one-hour bus ticket works",
            "One fare, as many buses as you need within the hour. Here is how it works and how we pay for it.",
            "https://www.youtube.com/watch?v=eRsGyueVLvQ",
            "The one-hour ticket",
        ),
        (
            "School streets: parents in Haringey on cleaner air",
            "Parents and a head teacher explain what changed when their road closed at drop-off time.",
            "https://youtu.be/R6MlUcmOul8",
            "School streets",
        ),
    ]
    for number, (title, intro, url, label) in enumerate(embeds):
        published = demo.today - timedelta(days=5 + number * 11)
        video = VideoPageFactory(
            parent=videos,
            title=title,
            slug=slugify(title),
            intro=intro,
            embed_url=url,
            poster_image=demo.picture(label, title=f"Poster: {title}"),
            date_published=published,
            first_published_at=_at_ten(published),
            last_published_at=_at_ten(published),
            description=f"<p>{intro}</p>",
            transcript=f"<p>Jordan Reyes: {intro} If you agree, join us: it takes a minute.</p>",
        )
        featured = featured or video

    title = "A Saturday on the doors in Walthamstow"
    published = demo.today - timedelta(days=45)
    VideoPageFactory(
        parent=videos,
        title=title,
        slug=slugify(title),
        intro="Forty volunteers, 1,200 doors and a lot of tea: one day of the campaign in ninety seconds.",
        embed_url="",
        video_file=VideoDocumentFactory(title="Walthamstow day of action (demo placeholder file)"),
        captions=CaptionsDocumentFactory(
            title="Walthamstow day of action: English captions",
            file=ContentFile(WALTHAMSTOW_CAPTIONS, name="walthamstow-captions.vtt"),
        ),
        poster_image=demo.picture("On the doors", title=f"Poster: {title}"),
        date_published=published,
        first_published_at=_at_ten(published),
        last_published_at=_at_ten(published),
        description="<p>Filmed by volunteers on a day of action in Walthamstow.</p>",
        transcript="<p>Grace Mensah: Morning, everyone. Maps are on the table, leaflets are in the boxes.</p>"
        "<p>Resident: If it means the 158 turns up, you have my vote.</p>",
    )
    return featured


WALTHAMSTOW_CAPTIONS = (
    b"WEBVTT\n\n"
    b"00:00:00.000 --> 00:00:04.000\nGrace Mensah: Morning, everyone.\n\n"
    b"00:00:04.000 --> 00:00:08.000\nMaps are on the table, leaflets are in the boxes.\n\n"
    b"00:00:08.000 --> 00:00:12.000\nResident: If it means the 158 turns up, you have my vote.\n"
)


def _initials(name):
    return "".join(word[0] for word in name.split())


def _at_ten(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))
