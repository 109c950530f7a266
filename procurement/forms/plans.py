"""Forms of procurement's plans."""
