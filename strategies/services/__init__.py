"""The strategic business plan's services, one module per job: plans, indicators, rounds, revisions, consultations, reports."""
