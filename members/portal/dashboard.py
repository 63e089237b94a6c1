"""Panels other apps add to the supporter dashboard through the "member_dashboard_panels" hook.

An app adds a panel without the portal importing it, and without importing the portal, in
its wagtail_hooks.py:

    @hooks.register("member_dashboard_panels")
    def upcoming_shifts(request, supporter):
        shifts = ...
        if not shifts:
            return None  # nothing to show: no panel
        return {"title": "Your upcoming shifts", "template": "events/includes/dashboard_shifts.html",
                "context": {"shifts": shifts}, "order": 20}

Panels appear in ascending `order` (default 100), then by title.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from wagtail import hooks

HOOK_NAME = "member_dashboard_panels"
DEFAULT_ORDER = 100


@dataclass(frozen=True)
class DashboardPanel:
    title: str
    html: str
    order: int = DEFAULT_ORDER


def dashboard_panels(request, supporter):
    """Each registered panel for this supporter, rendered, in order; hooks that return None add nothing."""
    panels = []
    for panel_for in hooks.get_hooks(HOOK_NAME):
        spec = panel_for(request, supporter)
        if not spec:
            continue
        context = {"supporter": supporter, "panel_title": spec["title"], **spec.get("context", {})}
        html = render_to_string(spec["template"], context, request=request)
        panels.append(DashboardPanel(spec["title"], html, spec.get("order", DEFAULT_ORDER)))
    return sorted(panels, key=lambda panel: (panel.order, panel.title))
