"""allauth adapter: account emails name the campaign that sends them."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        super().send_mail(template_prefix, email, {**context, "campaign_name": settings.CAMPAIGN_NAME})
