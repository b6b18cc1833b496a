"""Public corpora and gold data: loaders into Hugging Face ``datasets``, formats, validation."""
