"""Wagtail admin for the people database: supporters, segments, points rules and reports (see wagtail_hooks)."""
