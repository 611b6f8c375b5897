"""Reporting: tables, disclosure control, exports and the staff pages, built from the store."""
