"""The strategic business plan's views, one module per job: plans, indicators, rounds, revisions, consultations, reports."""
