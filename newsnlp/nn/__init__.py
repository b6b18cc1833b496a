"""Neural building blocks shared by stage backends (torch imported only in tagger/fit)."""
