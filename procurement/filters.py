"""Filters of procurement: notices, plans, market dialogue, alerts. Filled in by the capability that needs it."""
