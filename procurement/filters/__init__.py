"""Procurement's filters, one module per job: notices, plans, dialogues, alerts."""
