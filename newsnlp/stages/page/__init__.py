"""Page stage: one newspaper page in, many articles out (runs before the per-article chain)."""
