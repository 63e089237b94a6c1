"""App configuration for people; connects the allauth signal handlers once apps are ready."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "members.people"
    label = "people"
    verbose_name = "People"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401  (connects signal handlers)
