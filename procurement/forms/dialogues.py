"""Forms of procurement's dialogues."""
