"""Word stage: segmentation into words (contract in stage.py, one file per backend)."""
