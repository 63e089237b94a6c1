"""Signal handlers: a verified email address completes the sign-up."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import complete_signup


@receiver(email_confirmed, dispatch_uid="people.complete_signup")
def join_supporter_on_verified_email(sender, request, email_address, **kwargs):
    complete_signup(email_address.user, email_address.email)
