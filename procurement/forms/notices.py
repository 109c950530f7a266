"""Forms of procurement's notices."""
