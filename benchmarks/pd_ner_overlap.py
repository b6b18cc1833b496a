"""How many People's Daily NER (zjy-ucas) sentences also occur in MSRA and in PD1998 January.

Usage: python benchmarks/pd_ner_overlap.py

A model trained on MSRA train has seen the overlapping sentences, so People's Daily NER figures of
such a model are reported on the disjoint part too (``disjoint_ids``).
"""

from __future__ import annotations

import unicodedata

from newsnlp.corpora import load_corpus


def disjoint_ids(split: str = "test") -> set[str]:
    """Ids of ``pd_ner:<split>`` sentences that occur nowhere in MSRA train (not even inside one)."""
    msra = load_corpus("msra")
    seen = [text for part in ("train", "dev") for text in msra[part]["text"]]
    exact, joined = set(seen), "\n".join(seen)
    return {r["id"] for r in load_corpus("pd_ner")[split]
            if r["text"] not in exact and r["text"] not in joined}


def main() -> None:
    msra, pd1998, pd_ner = load_corpus("msra"), load_corpus("pd1998"), load_corpus("pd_ner")
    msra_train = set(msra["train"]["text"]) | set(msra["dev"]["text"])
    msra_joined = "\n".join(msra_train)
    msra_test = set(msra["test"]["text"])
    january = unicodedata.normalize("NFKC", "\n".join(t for part in pd1998.values() for t in part["text"]))
    print("| pd_ner split | sentences | = an MSRA train+dev sentence | inside one | in MSRA test | "
          "inside PD1998 January |")
    print("|---|---|---|---|---|---|")
    for split in ("dev", "test"):
        texts = pd_ner[split]["text"]
        in_january = sum(1 for t in texts if len(t) > 15 and unicodedata.normalize("NFKC", t) in january)
        inside = sum(1 for t in texts if t not in msra_train and t in msra_joined)
        print(f"| {split} | {len(texts):,} | {sum(t in msra_train for t in texts):,} | {inside:,} | "
              f"{sum(t in msra_test for t in texts):,} | {in_january:,} |")


if __name__ == "__main__":
    main()
