"""The members' area: exclusive pages, the supporter dashboard, profile, "my data" and account deletion."""
