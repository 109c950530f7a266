"""Procurement's forms, one module per job: notices, plans, dialogues, alerts."""
