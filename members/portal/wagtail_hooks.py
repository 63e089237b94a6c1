"""Wagtail hooks: members-only documents are for verified supporters; the built-in consent panel."""

from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from members.people.models import Channel
from members.people.services import current_consent

from .dashboard import HOOK_NAME
from .services import is_members_only_collection, members_area_access
from .views import refusal


@hooks.register("before_serve_document", order=-1)
def serve_members_documents_to_members_only(document, request):
    """Wagtail lets any logged-in user through a login restriction; here that means a verified
    supporter, or someone who may manage the document in the admin."""
    if not is_members_only_collection(document.collection):
        return None
    access = members_area_access(request.user)
    if access.granted or policy_registry.get_by_type(get_document_model()).user_has_any_permission_for_instance(
        request.user, ["change", "choose"], document
    ):
        return None
    return refusal(request, access)


@hooks.register(HOOK_NAME)
def consent_settings_panel(request, supporter):
    consent = current_consent(supporter)
    return {
        "title": "Your consent settings",
        "template": "portal/includes/consent_panel.html",
        "context": {"channels": [(label, consent[value]) for value, label in Channel.choices]},
        "order": 90,
    }
