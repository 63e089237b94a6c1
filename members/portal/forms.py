"""Forms of the members' area: the profile and preferences, and the account deletion confirmation."""

from django import forms

from members.people.areas import LONDON_BOROUGH_BY_DISTRICT
from members.people.models import ActionKind, Availability, Channel
from members.people.services import (
    LIST_ITEM_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PROFILE_FIELDS,
    PeopleError,
    normalise_phone,
    normalise_postcode,
)

from .services import PROFILE_CONSENT_WORDING

AREA_CHOICES = [(area, area) for area in sorted(set(LONDON_BOROUGH_BY_DISTRICT.values()))]
MAX_LANGUAGES = 10
CONSENT_FIELDS = {"consent_email": Channel.EMAIL, "consent_sms": Channel.SMS, "consent_phone": Channel.PHONE}


class SiteStyledForm(forms.Form):
    """Bootstrap classes on every widget, and the invalid style on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_checkbox = isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple)
            field.widget.attrs["class"] = "form-check-input" if is_checkbox else "form-control"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


class ProfileForm(SiteStyledForm):
    first_name = forms.CharField(
        label="First name", max_length=NAME_MAX_LENGTH, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = forms.CharField(
        label="Mobile number",
        max_length=32,
        required=False,
        help_text="For texts and calls, if you agree to them below. For example 07911 123456.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=16,
        required=False,
        help_text="So we can tell you about things near you.",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    preferred_actions = forms.MultipleChoiceField(
        label="What would you like to do?",
        choices=ActionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_areas = forms.MultipleChoiceField(
        label="Where could you help?",
        choices=AREA_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label="When are you usually free?",
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.CharField(
        label="Languages you speak besides English",
        max_length=300,
        required=False,
        help_text="Separate them with commas, for example: Polish, Bengali.",
    )
    show_on_leaderboard = forms.BooleanField(
        label="Show my first name, initial and points on the members' leaderboard", required=False
    )
    consent_email = forms.BooleanField(label=PROFILE_CONSENT_WORDING[Channel.EMAIL], required=False)
    consent_sms = forms.BooleanField(label=PROFILE_CONSENT_WORDING[Channel.SMS], required=False)
    consent_phone = forms.BooleanField(label=PROFILE_CONSENT_WORDING[Channel.PHONE], required=False)

    @classmethod
    def initial_for(cls, supporter, consent):
        initial = {name: getattr(supporter, name) for name in PROFILE_FIELDS}
        initial["languages"] = ", ".join(supporter.languages)
        initial.update({field: consent[channel] for field, channel in CONSENT_FIELDS.items()})
        return initial

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        if not raw:
            return ""
        try:
            return normalise_phone(raw)
        except PeopleError as error:
            raise forms.ValidationError(error.message) from error

    def clean_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except PeopleError as error:
            raise forms.ValidationError(error.message) from error

    def clean_languages(self):
        languages = [language.strip() for language in self.cleaned_data["languages"].split(",") if language.strip()]
        if len(languages) > MAX_LANGUAGES:
            raise forms.ValidationError(f"List at most {MAX_LANGUAGES} languages.")
        if any(len(language) > LIST_ITEM_MAX_LENGTH for language in languages):
            raise forms.ValidationError(f"Each language can be at most {LIST_ITEM_MAX_LENGTH} characters long.")
        return languages

    def clean(self):
        cleaned = super().clean()
        wants_calls_or_texts = cleaned.get("consent_sms") or cleaned.get("consent_phone")
        if wants_calls_or_texts and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Give a phone number if you would like texts or calls.")
        return cleaned

    @property
    def details(self):
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}

    @property
    def consents(self):
        return {channel: self.cleaned_data[field] for field, channel in CONSENT_FIELDS.items()}


class DeleteAccountForm(SiteStyledForm):
    email = forms.CharField(
        label="Type your email address to confirm",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "email"}),
    )

    def __init__(self, *args, expected_email, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_email = expected_email

    def clean_email(self):
        typed = self.cleaned_data["email"].strip()
        if typed.lower() != self.expected_email.lower():
            raise forms.ValidationError("That is not the email address of this account. Type it exactly to confirm.")
        return typed
