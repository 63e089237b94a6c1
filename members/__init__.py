"""The members' area: a package of focused Django apps (people, portal, events, ideas, donations, outreach)."""
