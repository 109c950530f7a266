"""Admin of the strategic business plan: focus areas, goals, measures. Filled in by the capability that needs it."""
