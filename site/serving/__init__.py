"""Serving: privacy headers, page cache, fingerprinted assets, logs, error pages."""
