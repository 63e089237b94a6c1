"""Production: security values have no default, so a misconfigured deploy fails at start."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
# Development's default hosts do not apply here: the deploy must name its own.
if not env.str("ALLOWED_HOSTS", default=""):
    raise ImproperlyConfigured("Set the ALLOWED_HOSTS environment variable (comma-separated host names).")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

if not env("REDIS_URL", default=""):
    # Every gunicorn worker must share the page cache and allauth's rate-limit counters;
    # without Redis they live in a database table (created by `manage.py createcachetable`).
    # Room for every page and fragment: at Django's default of 300 rows a cull deletes the lowest keys
    # first, which are allauth's rate-limit counters ("allauth:rl:…"), so failed logins stopped counting.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "muster_cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# /healthz is probed over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Mail goes through the provider named by MAILER_BACKEND (an anymail backend, say
# "anymail.backends.postmark.EmailBackend"), configured by ANYMAIL_* variables.
MAILERS = {"default": {"BACKEND": env("MAILER_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")}}
ANYMAIL = {key.removeprefix("ANYMAIL_"): value for key, value in env.ENVIRON.items() if key.startswith("ANYMAIL_")}
