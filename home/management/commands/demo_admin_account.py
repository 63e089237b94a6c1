"""Print the demo admin's login, which seed_demo wrote to the password file, for `make run`'s banner."""

from pathlib import Path

from django.core.management import BaseCommand

from home.demo import ADMIN_PASSWORD_FILE, ADMIN_USERNAME, admin_password


class Command(BaseCommand):
    help = "Print the demo admin account's username and password, if seed_demo created it."

    def add_arguments(self, parser):
        parser.add_argument("--password-file", type=Path, default=ADMIN_PASSWORD_FILE)

    def handle(self, *args, password_file, **options):
        password = admin_password(password_file)
        if password is None:
            self.stdout.write(
                "  Login:  no demo admin password on file; create an account with "
                "`.venv/bin/python manage.py createsuperuser`"
            )
            return
        self.stdout.write(f"  Login:  {ADMIN_USERNAME} / {password}")
