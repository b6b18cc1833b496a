"""Pipeline stages: one folder per stage, each with a contract (stage.py) and its backends."""
