"""Notices from Doffin: importing search hits and single notices, idempotently, keeping each earlier state."""
