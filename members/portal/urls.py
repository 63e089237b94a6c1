"""The members' area pages that are Django views; /members/ itself is a Wagtail page."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("profile/", views.profile_view, name="profile"),
    path("my-data/", views.my_data_view, name="my_data"),
    path("delete/", views.delete_account_view, name="delete_account"),
    path("account-deleted/", views.account_deleted_view, name="account_deleted"),
]
