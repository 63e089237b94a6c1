import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from members.people.models import PendingSignup, Supporter

pytestmark = pytest.mark.django_db
User = get_user_model()


def make_user(email, *, days_ago, verified=False, **extra):
    user = User.objects.create_user(username=email, email=email, password="a long password 1", **extra)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - datetime.timedelta(days=days_ago))
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    PendingSignup.objects.create(user=user, details={"first_name": "Ann", "consents": {"email": "yes"}})
    return user


def test_only_old_unverified_sign_ups_are_forgotten(capsys):
    stale = make_user("stale@example.org", days_ago=20)
    recent = make_user("recent@example.org", days_ago=2)
    verified = make_user("verified@example.org", days_ago=30, verified=True)
    staff = make_user("staff@example.org", days_ago=30, is_staff=True)
    joined = make_user("joined@example.org", days_ago=30)
    Supporter.objects.create(email="joined@example.org", user=joined)

    call_command("forget_unverified_signups")

    assert "Deleted 1 unverified sign-up(s)." in capsys.readouterr().out
    remaining = set(User.objects.values_list("email", flat=True))
    assert stale.email not in remaining
    assert {recent.email, verified.email, staff.email, joined.email} <= remaining
    assert not PendingSignup.objects.filter(user_id=stale.pk).exists()
    assert PendingSignup.objects.filter(user=recent).exists()
