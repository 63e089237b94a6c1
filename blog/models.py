"""News and videos."""
