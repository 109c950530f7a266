"""Procurement's tasks: the nightly Doffin mirror, alert matching and delivery, dialogue messages.

Thin, as everywhere: keyword-only primitive ids, fetch and return if gone, call one service.
"""
