"""The ``newsnlp`` command line: one module per command, each a thin layer over a plain function."""
