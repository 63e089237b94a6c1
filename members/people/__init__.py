"""People: the supporter record, consent ledger, activity log and points that every members app records into."""
