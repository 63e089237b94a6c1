"""Staff accounts for admin tests: editors and organisers (groups from the people migration), signed in for real."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

STAFF_PASSWORD = "staff passphrase long enough 7"


def make_staff(username, *, group=None, superuser=False):
    users = get_user_model()
    email = f"{username}@campaign.example"
    if superuser:
        user = users.objects.create_superuser(username, email, STAFF_PASSWORD)
    else:
        user = users.objects.create_user(username, email, STAFF_PASSWORD)
    if group:
        user.groups.add(Group.objects.get(name=group))
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def give_authenticator_app(user):
    """Register a TOTP authenticator for the user (as allauth's set-up page does); returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret):
    return format_hotp_value(hotp_value(secret, list(counters())[len(list(counters())) // 2]))


def sign_in(client, user):
    """Sign in through allauth's login page; returns the response (a redirect to the 2FA step if they have one)."""
    return client.post("/accounts/login/", {"login": user.email, "password": STAFF_PASSWORD})


def sign_in_with_second_factor(client, user, secret):
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/2fa/authenticate/")
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302, response.content[:500]
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return response
