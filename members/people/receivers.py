"""Signal handlers: a verified email completes the sign-up."""
