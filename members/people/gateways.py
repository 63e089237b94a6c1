"""The local text-message gateway for development and tests; real gateways live in outreach.

A gateway is any class named by settings.SMS_BACKEND with `send_text(to, body) -> str`
(returning the provider's message id) that raises SMSGatewayError when it cannot send.
"""

import itertools
import logging

logger = logging.getLogger(__name__)


class SMSGatewayError(Exception):
    """The gateway could not hand the message on; the caller may retry later."""


class LocalSMSGateway:
    """Sends nothing: logs each text and keeps it in `outbox`, like Django's locmem mailer."""

    outbox = []
    _ids = itertools.count(1)

    def send_text(self, to, body):
        message_id = f"local-{next(self._ids)}"
        self.outbox.append({"id": message_id, "to": to, "body": body})
        logger.info("Text to %s (%s): %s", to, message_id, body)
        return message_id
