"""The news index's query string: which category and tag to list."""

from django import forms


class NewsFilterForm(forms.Form):
    category = forms.SlugField(required=False, max_length=80, allow_unicode=True)
    tag = forms.SlugField(required=False, max_length=100, allow_unicode=True)
