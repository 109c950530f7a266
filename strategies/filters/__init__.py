"""The strategic business plan's filters, one module per job: plans, indicators, rounds, revisions, consultations, reports."""
