"""Filters of procurement's notices."""
