"""Procurement's views, one module per job: notices, plans, dialogues, alerts."""
