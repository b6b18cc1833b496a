"""How well each source of the typed name lexicons (``lexicons/typed_lexicon.tsv``) matches a split's names.

Usage: python benchmarks/typed_lexicon.py [--split broad:train] [--sources TAG ...]

Per source: coverage (the share of the split's gold entities of the source's type found verbatim in
the list; ``unseen``: of those not among the names of the training corpora the shipped model's name
lexicon holds, ``msra:train`` and ``pd1998:train``) and precision (the share of the list's matches
in the split's texts, matches as the entity model's flags find them, that are gold entities of that
type). This is the corpus root's ``lexicons/SOURCE.md`` measure, on news. Read a train split: which
sources to train with is then decided on dev by the trainer.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from newsnlp.corpora import load_split
from newsnlp.corpora.lexicons import typed_entries
from newsnlp.nn.text import Lexicon, normalise
from newsnlp.stages.entity.train import name_entries

NAME_SOURCES = ("msra:train", "pd1998:train")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="broad:train", help="the annotated split to match (CORPUS:SPLIT)")
    parser.add_argument("--sources", nargs="*", help="source tags (default: every source of the file)")
    args = parser.parse_args()
    records = list(load_split(args.split))
    known = {normalise(name) for name, _ in name_entries({s: load_split(s) for s in NAME_SOURCES})}
    gold = {(i, e["start"], e["end"], e["label"]) for i, r in enumerate(records) for e in r["entities"]}
    kinds, entries = source_types(args.sources)
    print(f"{args.split}: {len(records)} records\n")
    print("| source | type | entries | coverage | coverage of unseen names | matches | precision |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for source, words in sorted(entries.items()):
        kind, lexicon = kinds[source], Lexicon(words, max_len=12)
        names = [normalise(records[i]["text"][s:e]) for i, s, e, label in gold if label == kind]
        unseen = [name for name in names if name not in known]
        matches = [(i, s, e) for i, r in enumerate(records) for s, e in lexicon.matches(r["text"])]
        right = sum((i, s, e, kind) in gold for i, s, e in matches)
        covered = [share(sum(map(lexicon.contains, found)), len(found)) for found in (names, unseen)]
        print(f"| {source} | {kind} | {len(words):,} | {' | '.join(covered)} | {len(matches):,} | "
              f"{share(right, len(matches))} |")


def source_types(sources: list[str] | None) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The type and the entries of each source (every source of the file without ``sources``)."""
    kinds: dict[str, str] = {}
    entries: dict[str, list[str]] = defaultdict(list)
    for entry, kind, source in typed_entries():
        kinds[source] = kind
        if sources is None or source in sources:
            entries[source].append(entry)
    unknown = sorted(set(sources or ()) - set(kinds))
    if unknown:
        raise SystemExit(f"no source {', '.join(unknown)} in the typed lexicon; its sources: "
                         f"{', '.join(sorted(kinds))}")
    return kinds, entries


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


if __name__ == "__main__":
    main()
