"""Signals people sends; other apps listen without people importing them."""

from django.dispatch import Signal

# Sent after a supporter's personal data has been erased; kwargs: supporter.
# The mailing-list sync listens to remove the person from the provider too.
supporter_erased = Signal()
