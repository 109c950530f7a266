"""Writes and state transitions for dialogue meetings, one module per part of the work."""
