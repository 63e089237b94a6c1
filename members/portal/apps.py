"""App configuration for the members' portal; connects its signal handlers once apps are ready."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "members.portal"
    label = "portal"
    verbose_name = "Members' portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (connects signal handlers)
