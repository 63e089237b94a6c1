"""Fill an empty site with demo content: pages, news, videos, generated pictures and an admin account."""

import io
import logging
import os
from contextlib import contextmanager
from pathlib import Path

import factory.random
from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from home.demo import ADMIN_PASSWORD_FILE, ADMIN_USERNAME, DemoRun, create_admin_account, site_has_content
from home.page_cache import invalidate_all

# Each app's demo generator, called in this order with the shared DemoRun: later ones build on
# the pages earlier ones made. An app with demo content adds its own `generate(demo)` here,
# before compose_home_page if the home page should show what it makes.
DEMO_GENERATORS = [
    "home.demo.generate",
    "blog.demo.generate",
    "members.people.demo.generate",
    "members.portal.demo.generate",
    "home.demo.compose_home_page",
]
DEFAULT_SEED = 2026


def settings_module_in_use():
    # Under override_settings (tests) SETTINGS_MODULE reads None; the environment still names the module.
    return settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")


@contextmanager
def wagtail_log_quieted(*, unless):
    """Wagtail logs a line for every page created: noise in `make run` unless asked for with -v 2."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    if not unless:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = "Fill an empty site with demo content and create the admin account. Refuses under production settings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Same seed, same content (default %(default)s)."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing, successfully, when the site already has content."
        )
        parser.add_argument(
            "--password-file",
            type=Path,
            default=ADMIN_PASSWORD_FILE,
            help="Where the new admin account's password is written (default %(default)s).",
        )

    def handle(self, *args, seed, if_empty, password_file, **options):
        settings_module = settings_module_in_use()
        if settings_module.endswith(".production"):
            raise CommandError(
                f"seed_demo will not run under production settings ({settings_module}): "
                "it replaces the site's pages with demo content."
            )
        if site_has_content():
            if if_empty:
                self.stdout.write("The site already has content: no demo content added.")
                return
            raise CommandError(
                "The site already has content. seed_demo only fills an empty site; "
                "start from an empty database to seed again."
            )

        factory.random.reseed_random(seed)
        demo = DemoRun(seed=seed, today=timezone.localdate())
        with transaction.atomic(), wagtail_log_quieted(unless=options["verbosity"] >= 2):
            for generator in DEMO_GENERATORS:
                import_string(generator)(demo)
        # Wagtail queues search-index updates as tasks that only run under the worker: index now.
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
        invalidate_all()

        password = create_admin_account(password_file)
        self.stdout.write(self.style.SUCCESS(f"Demo content added (seed {seed})."))
        if password:
            self.stdout.write(f"Created the superuser {ADMIN_USERNAME!r}; its password is in {password_file}.")
