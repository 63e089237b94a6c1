"""Local development: DEBUG on, a development secret, mail to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-used-in-production")

# The demo admin browses supporter data without a second factor, signing in with Wagtail's own form.
MUSTER_REQUIRE_STAFF_MFA = env.bool("MUSTER_REQUIRE_STAFF_MFA", default=False)
