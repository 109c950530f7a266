"""The strategic business plan's forms, one module per job: plans, indicators, rounds, revisions, consultations, reports."""
