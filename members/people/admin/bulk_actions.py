"""Bulk actions on the Supporters listing: add a tag to, or remove a tag from, the selected supporters."""

from django.core.exceptions import PermissionDenied
from django.utils.functional import classproperty
from wagtail.admin.views.bulk_action import BulkAction

from ..models import Supporter, TaggedSupporter
from ..services import tag_named
from .access import second_factor_redirect
from .forms import TagForm

# One listing page at most: selection spans what staff can see, never "everyone in the database".
MAX_SELECTED = 500


class SupporterTagBulkAction(BulkAction):
    form_class = TagForm
    template_name = "people/admin/bulk_tag.html"

    @classproperty
    def models(cls):
        return [Supporter]

    def dispatch(self, request, *args, **kwargs):
        redirect = second_factor_redirect(request)
        if redirect:
            return redirect
        if not request.user.has_perm("people.change_supporter"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [int(value) for value in object_ids[:MAX_SELECTED] if str(value).isdigit()]
        return list(Supporter.objects.not_erased().filter(pk__in=ids))

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" would ignore the listing's filters; tagging is limited to the rows selected.
        return []

    def check_perm(self, obj):
        return self.request.user.has_perm("people.change_supporter")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    def get_execution_context(self):
        return {"tag_name": self.cleaned_form.cleaned_data["tag"]}


class AddTagBulkAction(SupporterTagBulkAction):
    display_name = "Add tag"
    action_type = "add_tag"
    aria_label = "Add a tag to the selected supporters"
    verb = "Add"
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, tag_name, **kwargs):
        tag = tag_named(tag_name)
        # A supporter already tagged (or tagged by a simultaneous request) is left as is.
        TaggedSupporter.objects.bulk_create(
            [TaggedSupporter(tag=tag, content_object=supporter) for supporter in objects], ignore_conflicts=True
        )
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"Tagged {num_parent_objects} supporter(s) “{self.cleaned_form.cleaned_data['tag']}”."


class RemoveTagBulkAction(SupporterTagBulkAction):
    display_name = "Remove tag"
    action_type = "remove_tag"
    aria_label = "Remove a tag from the selected supporters"
    verb = "Remove"
    action_priority = 20

    @classmethod
    def execute_action(cls, objects, tag_name, **kwargs):
        removed, _ = TaggedSupporter.objects.filter(content_object__in=objects, tag__name__iexact=tag_name).delete()
        return removed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"Removed “{self.cleaned_form.cleaned_data['tag']}” from {num_parent_objects} supporter(s)."
