"""Where the public corpora live: ``$NEWSNLP_CORPORA``, else ``../shared/corpora`` beside the repo."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import CorpusNotFoundError

ENV_VAR = "NEWSNLP_CORPORA"
REPO_ROOT = Path(__file__).resolve().parents[2]


def corpora_root() -> Path:
    """The corpus root directory; raises :class:`CorpusNotFoundError` saying where it looked."""
    candidates = [Path(os.environ[ENV_VAR])] if os.environ.get(ENV_VAR) else [
        REPO_ROOT.parent / "shared" / "corpora", Path.cwd().parent / "shared" / "corpora"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise CorpusNotFoundError(f"no corpus root found; looked at {', '.join(map(str, candidates))}. "
                              f"Set {ENV_VAR} to the folder holding seg/, ner/, events/ and raw/")


def corpus_file(*parts: str) -> Path:
    """A file under the corpus root; raises :class:`CorpusNotFoundError` naming what was expected."""
    path = corpora_root().joinpath(*parts)
    if not path.exists():
        raise CorpusNotFoundError(f"expected {'/'.join(parts)} under the corpus root, but {path} "
                                  f"does not exist (see the corpus root's README.md)")
    return path
