"""Procurement's services, one module per job: notices, plans, dialogues, alerts."""
