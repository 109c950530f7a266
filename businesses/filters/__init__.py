"""Filters of the businesses app (django-filter), one module per job (as services/)."""
