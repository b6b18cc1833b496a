"""The normalise stage: TIME and QUANTITY entities to ISO dates and numbers (see stage.py)."""
