"""Demo supporters for seed_demo: a few hundred Londoners with consent, tags, six months of activity, and segments."""

import datetime
import string

from django.utils import timezone
from taggit.models import Tag

from .areas import area_for_postcode
from .models import (
    ActionKind,
    Activity,
    ActivityKind,
    Availability,
    Channel,
    ConsentRecord,
    ConsentSource,
    PointsRule,
    Segment,
    Supporter,
    TaggedSupporter,
)
from .segments import validate_filters
from .services import CONSENT_WORDING

SUPPORTERS = 300
DAYS_OF_HISTORY = 182

DISTRICTS = {
    "Camden": ["NW1", "NW5", "NW3"],
    "Islington": ["N1", "N7", "N19"],
    "Hackney": ["E8", "E5", "N16"],
    "Tower Hamlets": ["E1", "E3", "E14"],
    "Southwark": ["SE1", "SE15", "SE22"],
    "Lambeth": ["SW9", "SE11", "SW2"],
    "Haringey": ["N4", "N17", "N8"],
    "Lewisham": ["SE13", "SE4", "SE6"],
    "Newham": ["E15", "E13", "E7"],
    "Waltham Forest": ["E17", "E10", "E4"],
}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

FIRST_NAMES = [
    "Amara", "Ben", "Chloe", "Dev", "Ebony", "Femi", "Grace", "Hassan", "Isla", "Jamal", "Kasia", "Liam",
    "Maya", "Nikhil", "Olu", "Priya", "Rosa", "Sami", "Tess", "Usman", "Vera", "Wes", "Yasmin", "Zoe",
    "Aisha", "Bilal", "Ciara", "Dylan", "Esther", "Farah", "Gareth", "Hannah", "Ibrahim", "Joy", "Kwame",
    "Leila", "Marek", "Niamh", "Omar", "Pavel", "Ruth", "Sean", "Tomasz", "Uma", "Viktor", "Wanjiru",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Begum", "Campbell", "Da Silva", "Evans", "Fernandes", "Green", "Hussain", "Ibe", "Jones",
    "Kowalski", "Lewis", "Mensah", "Nowak", "O'Brien", "Patel", "Quinn", "Rahman", "Smith", "Taylor",
    "Uddin", "Varga", "Walsh", "Yilmaz", "Zhang", "Ahmed", "Brown", "Chowdhury", "Davies", "Okafor",
    "Murphy", "Kaur", "Williams", "Nguyen", "Hughes", "Ali", "Santos", "Reid", "Osei", "Khan",
]  # fmt: skip
LANGUAGES = ["Bengali", "Polish", "Turkish", "Somali", "Yoruba", "Portuguese", "Urdu", "Spanish"]
TAGS = {"captain": 0.06, "driver": 0.05, "student": 0.12, "union member": 0.10, "first-time volunteer": 0.15}

# Which activities each preferred kind of action leads to, most likely first.
ACTIVITIES_BY_PREFERENCE = {
    ActionKind.LEAFLETING: [ActivityKind.DELIVERED_LEAFLETS, ActivityKind.REGISTERED, ActivityKind.ATTENDED],
    ActionKind.DOOR_KNOCKING: [ActivityKind.KNOCKED_DOORS, ActivityKind.REGISTERED, ActivityKind.ATTENDED],
    ActionKind.PHONE_BANKING: [ActivityKind.MADE_CALLS, ActivityKind.REGISTERED],
    ActionKind.HOSTING: [ActivityKind.HOSTED, ActivityKind.ATTENDED],
    ActionKind.ONLINE: [ActivityKind.SUPPORTED_IDEA, ActivityKind.COMMENTED, ActivityKind.POSTED_IDEA],
    ActionKind.DATA_ENTRY: [ActivityKind.ATTENDED, ActivityKind.REGISTERED],
    ActionKind.EVENTS: [ActivityKind.ATTENDED, ActivityKind.REGISTERED, ActivityKind.NO_SHOW],
}
OCCASIONAL = [ActivityKind.DONATED, ActivityKind.TEXTED, ActivityKind.WAS_CALLED, ActivityKind.SUPPORTED_IDEA]

SEGMENTS = [
    (
        "Camden leafleters who take texts",
        "Leafleted or attended a shift in Camden in the last 90 days and agreed to texts: first to ask for "
        "the station mornings.",
        {
            "activity": {"kinds": ["delivered_leaflets", "attended"], "areas": ["Camden"], "within_days": 90},
            "consents": ["sms"],
        },
    ),
    (
        "Door-knockers in the east",
        "Like door-knocking and live in Hackney, Tower Hamlets, Newham or Waltham Forest.",
        {
            "areas": ["Hackney", "Tower Hamlets", "Newham", "Waltham Forest"],
            "preferred_actions": ["door_knocking"],
        },
    ),
    (
        "Regulars",
        "Five or more actions in the last 60 days.",
        {"activity": {"min_count": 5, "within_days": 60}},
    ),
    (
        "Shift captains we can text",
        "Tagged captain, with consent to texts.",
        {"tags": ["captain"], "consents": ["sms"]},
    ),
    (
        "Email list, south of the river",
        "Consent to email; Southwark, Lambeth or Lewisham.",
        {"areas": ["Southwark", "Lambeth", "Lewisham"], "consents": ["email"]},
    ),
]


def _moment(demo, days_ago, rng):
    day = demo.today - datetime.timedelta(days=days_ago)
    time = datetime.time(rng.randint(8, 20), rng.choice([0, 15, 30, 45]))
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _postcode(rng, district):
    return f"{district} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def _new_supporter(demo, number):
    rng = demo.rng
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    area = rng.choice(list(DISTRICTS))
    postcode = _postcode(rng, rng.choice(DISTRICTS[area]))
    local_part = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
    supporter = Supporter(
        first_name=first,
        last_name=last,
        email=f"{local_part}.{number}@example.org",
        email_verified=rng.random() < 0.6,
        # 07400 numbers: valid UK mobiles in the phonenumbers metadata; unique by construction.
        phone=f"+447400{number:06d}" if rng.random() < 0.65 else "",
        postcode=postcode,
        area=area_for_postcode(postcode),
        preferred_actions=sorted(rng.sample(ActionKind.values, rng.choice([1, 1, 2, 2, 3]))),
        preferred_areas=sorted({area, *rng.sample(list(DISTRICTS), rng.choice([0, 0, 1, 2]))}),
        availability=sorted(rng.sample(Availability.values, rng.randint(1, 2))),
        languages=rng.sample(LANGUAGES, 1) if rng.random() < 0.25 else [],
        recruiter_code="".join(rng.choice(string.ascii_letters + string.digits) for _ in range(8)),
        show_on_leaderboard=rng.random() < 0.3,
    )
    supporter.joined_days_ago = int(DAYS_OF_HISTORY * rng.random() ** 0.7)
    return supporter


def _activities_for(demo, supporter, points):
    rng = demo.rng
    joined = supporter.joined_days_ago
    activities = [
        Activity(
            supporter=supporter,
            kind=ActivityKind.SIGNED_UP,
            at=_moment(demo, joined, rng),
            area=supporter.area,
            points=points[ActivityKind.SIGNED_UP],
            summary="Joined the campaign",
        )
    ]
    # A few do a lot, most do a little: the shape of any volunteer list.
    for _ in range(min(int(rng.paretovariate(1.3)) - 1 + rng.randint(0, 2), 40)):
        if rng.random() < 0.8:
            kind = rng.choice(ACTIVITIES_BY_PREFERENCE[rng.choice(supporter.preferred_actions)])
        else:
            kind = rng.choice(OCCASIONAL)
        area = supporter.area if rng.random() < 0.75 else rng.choice(supporter.preferred_areas)
        quantity = rng.randint(50, 400) if kind == ActivityKind.DELIVERED_LEAFLETS else 1
        activities.append(
            Activity(
                supporter=supporter,
                kind=kind,
                at=_moment(demo, rng.randint(0, joined), rng),
                area=area,
                points=points[kind],
                quantity=quantity,
            )
        )
    return activities


def _consents_for(demo, supporter):
    rng = demo.rng
    records = []
    for channel, share in ((Channel.EMAIL, 0.75), (Channel.SMS, 0.45)):
        if rng.random() >= share:
            continue
        granted_days_ago = supporter.joined_days_ago
        records.append(
            ConsentRecord(
                supporter=supporter,
                channel=channel,
                granted=True,
                at=_moment(demo, granted_days_ago, rng),
                source=ConsentSource.FORM,
                wording=CONSENT_WORDING[channel],
            )
        )
        if rng.random() < 0.1 and granted_days_ago > 1:
            withdrawn_source = ConsentSource.TEXT_KEYWORD if channel == Channel.SMS else ConsentSource.UNSUBSCRIBE_LINK
            records.append(
                ConsentRecord(
                    supporter=supporter,
                    channel=channel,
                    granted=False,
                    at=_moment(demo, rng.randint(0, granted_days_ago - 1), rng),
                    source=withdrawn_source,
                    wording="STOP" if channel == Channel.SMS else "One-click unsubscribe",
                )
            )
    return records


def generate(demo):
    """SUPPORTERS supporters with consent, tags, recruiters and activity over six months, and the demo segments.

    Adds nothing to a database that already holds supporters: demo people never mix with real ones.
    """
    if Supporter.objects.exists():
        return
    rng = demo.rng
    points = dict.fromkeys(ActivityKind.values, 0) | dict(PointsRule.objects.values_list("kind", "points"))
    people = [_new_supporter(demo, number) for number in range(SUPPORTERS)]
    joined = [person.joined_days_ago for person in people]
    people = Supporter.objects.bulk_create(people)
    for person, days_ago in zip(people, joined, strict=True):
        person.joined_days_ago = days_ago

    activities, consents = [], []
    for person in people:
        activities += _activities_for(demo, person, points)
        consents += _consents_for(demo, person)
    # Some were brought in by an earlier supporter, who is credited for it.
    by_seniority = sorted(people, key=lambda person: -person.joined_days_ago)
    for index, person in enumerate(by_seniority[20:], start=20):
        if rng.random() < 0.12:
            person.recruiter = rng.choice(by_seniority[: index // 2 + 1])
            activities.append(
                Activity(
                    supporter=person.recruiter,
                    kind=ActivityKind.RECRUITED,
                    at=_moment(demo, person.joined_days_ago, rng),
                    area=person.recruiter.area,
                    points=points[ActivityKind.RECRUITED],
                    summary="Brought in a new supporter",
                )
            )
    Activity.objects.bulk_create(activities, batch_size=1000)
    ConsentRecord.objects.bulk_create(consents, batch_size=1000)

    totals = {}
    for activity in activities:
        total, last = totals.get(activity.supporter_id, (0, None))
        totals[activity.supporter_id] = (total + activity.points, max(filter(None, [last, activity.at])))
    for person in people:
        person.points_total, person.last_active_at = totals[person.pk]
        person.created = _moment(demo, person.joined_days_ago, rng)
    # bulk_update leaves auto_now_add alone, so `created` spreads over six months for the reports.
    Supporter.objects.bulk_update(people, ["points_total", "last_active_at", "recruiter", "created"], batch_size=500)

    tagged = []
    for name, share in TAGS.items():
        tag, _ = Tag.objects.get_or_create(name=name)
        tagged += [TaggedSupporter(tag=tag, content_object=person) for person in people if rng.random() < share]
    TaggedSupporter.objects.bulk_create(tagged, batch_size=1000)

    for name, description, filters in SEGMENTS:
        Segment.objects.create(name=name, description=description, filters=validate_filters(filters))
