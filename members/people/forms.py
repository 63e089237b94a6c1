"""The sign-up form: allauth's email and password plus the supporter's details and consent."""

from allauth.account.forms import SignupForm
from django import forms

from .models import Channel
from .services import (
    CONSENT_WORDING,
    PeopleError,
    attribution_from_request,
    hold_signup,
    normalise_phone,
    normalise_postcode,
)


class SupporterSignupForm(SignupForm):
    first_name = forms.CharField(
        label="First name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=16,
        help_text="So we can tell you about things near you.",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    # Not "phone": allauth reserves that name for phone-number logins.
    mobile = forms.CharField(
        label="Mobile number (optional)",
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    # Separate and unticked: PECR needs a clear, specific opt-in for each channel.
    consent_email = forms.BooleanField(label=CONSENT_WORDING[Channel.EMAIL], required=False)
    consent_sms = forms.BooleanField(label=CONSENT_WORDING[Channel.SMS], required=False)

    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "postcode",
        "mobile",
        "consent_email",
        "consent_sms",
    ]

    def clean_postcode(self):
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except PeopleError as error:
            raise forms.ValidationError(error.message) from error

    def clean_mobile(self):
        raw = self.cleaned_data["mobile"]
        if not raw:
            return ""
        try:
            return normalise_phone(raw)
        except PeopleError as error:
            raise forms.ValidationError(error.message) from error

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_sms") and not cleaned.get("mobile") and "mobile" not in self.errors:
            self.add_error("mobile", "Give a mobile number if you would like text messages.")
        return cleaned

    def signup(self, request, user):
        """Called by allauth once the user exists; nothing joins a Supporter until the email is verified."""
        consents = [
            channel
            for channel, field in ((Channel.EMAIL, "consent_email"), (Channel.SMS, "consent_sms"))
            if self.cleaned_data.get(field)
        ]
        hold_signup(
            user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            postcode=self.cleaned_data["postcode"],
            phone=self.cleaned_data["mobile"],
            consents=consents,
            attribution=attribution_from_request(request),
        )
