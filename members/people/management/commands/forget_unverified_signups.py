"""Delete sign-ups that never verified their email (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from members.people.services import UNVERIFIED_SIGNUP_LIFETIME, forget_unverified_signups


class Command(BaseCommand):
    help = f"Delete accounts whose email was not verified within {UNVERIFIED_SIGNUP_LIFETIME.days} days."

    def handle(self, *args, **options):
        deleted = forget_unverified_signups()
        self.stdout.write(f"Deleted {deleted} unverified sign-up(s).")
