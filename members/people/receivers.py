"""Signal handlers: a verified email address completes the sign-up; a password reset voids unproven choices."""

from allauth.account.signals import email_confirmed, password_reset
from django.dispatch import receiver

from .services import complete_signup, discard_pending_signup


@receiver(email_confirmed, dispatch_uid="people.complete_signup")
def join_supporter_on_verified_email(sender, request, email_address, **kwargs):
    complete_signup(email_address.user, email_address.email)


@receiver(password_reset, dispatch_uid="people.discard_pending_signup")
def discard_signup_details_on_password_reset(sender, request, user, **kwargs):
    # Whoever resets the password owns the mailbox but may not be who filled in the sign-up
    # form (someone may have signed up with their address): don't apply that person's choices.
    discard_pending_signup(user)
