"""Counting for the annual report: hook, tally, store, report, charts, dashboard, CLI."""
