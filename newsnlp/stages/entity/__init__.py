"""Entity stage: named entities, times and quantities (contract in stage.py, one file per backend)."""
