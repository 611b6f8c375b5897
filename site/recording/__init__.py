"""Recording: what a visitor did, as anonymous counts (page loads, programme events) into the store.

Nothing here imports hulpwijzer.reporting."""
