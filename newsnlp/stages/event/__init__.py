"""The event stage: schema-driven and learned event extraction, merged per article (see stage.py)."""
