"""Forms of procurement's alerts."""
