"""People's public URLs: one-click unsubscribe and the recruiter link."""

from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("join/", views.join_view, name="join"),
]
