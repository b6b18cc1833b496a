"""How closely PER/LOC/ORG derived from People's Daily 1998 POS tags match the People's Daily NER dev split.

The two corpora barely share text (the NER splits come from other months of 1998), so three measures:

1. ``sentences``: strict span P/R/F over dev sentences whose text (NFKC) equals a PD1998 paragraph.
2. ``mentions``: for each gold dev mention whose text occurs in PD1998, is that exact string a derived
   entity there, and with the gold label (majority over its derived occurrences)? Reports agreement
   per label and the disagreement kinds (other label; never a derived entity, i.e. a boundary or
   scope difference) with the most frequent examples.
3. ``projection``: a longest-match tagger built from every derived PER/LOC/ORG string (majority label,
   2+ characters) run over the dev text; strict span P/R/F, overall and with recall restricted to gold
   mentions whose string is in that lexicon (so that coverage of January 1998 names does not count).

Run: ``python benchmarks/pd1998_derivation.py [--json OUT]`` (uses pd1998 train+dev and pd_ner dev only).
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections import Counter, defaultdict
from typing import Any

from newsnlp.corpora import load_split

LABELS = ("PER", "LOC", "ORG")


def nfkc(text: str) -> str:
    """Full-width digits and letters to ASCII (PD1998 keeps them full-width; the NER data does not)."""
    return unicodedata.normalize("NFKC", text)


def prf(gold: set[Any], predicted: set[Any]) -> dict[str, Any]:
    """Strict P/R/F of two span sets, per label and micro over ``(sentence, start, end, label)``."""
    scores = {}
    for label in (*LABELS, None):
        g = {s for s in gold if label in (None, s[-1])}
        p = {s for s in predicted if label in (None, s[-1])}
        tp = len(g & p)
        precision = tp / len(p) if p else 0.0
        recall = tp / len(g) if g else 0.0
        f = 2 * precision * recall / (precision + recall) if tp else 0.0
        scores[label or "micro"] = {"p": round(precision, 4), "r": round(recall, 4), "f": round(f, 4),
                                    "gold": len(g), "predicted": len(p)}
    return scores


def _spans(text: str, entities: list[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    return [(nfkc(text[e["start"]:e["end"]]), e["start"], e["end"], e["label"])
            for e in entities if e["label"] in LABELS]


def measure() -> dict[str, Any]:
    """All three measures (see the module docstring)."""
    pd98 = [row for split in ("train", "dev") for row in load_split(f"pd1998:{split}")]
    dev = list(load_split("pd_ner:dev"))
    lexicon: dict[str, Counter[str]] = defaultdict(Counter)
    paragraphs: dict[str, list[dict[str, Any]]] = {}
    for row in pd98:
        if len(row["text"]) == len(nfkc(row["text"])):  # offsets survive normalisation
            paragraphs[nfkc(row["text"])] = row["entities"]
        for surface, _, _, label in _spans(row["text"], row["entities"]):
            lexicon[surface][label] += 1
    corpus_text = "\n".join(nfkc(row["text"]) for row in pd98)

    gold_s, pred_s, matched = set(), set(), 0
    for k, row in enumerate(dev):
        text = nfkc(row["text"])
        if text in paragraphs:
            matched += 1
            gold_s |= {(k, s, e, lab) for _, s, e, lab in _spans(row["text"], row["entities"])}
            pred_s |= {(k, s, e, lab) for _, s, e, lab in _spans(text, paragraphs[text])}

    kinds: dict[str, Counter[str]] = {label: Counter() for label in LABELS}
    examples: dict[str, Counter[str]] = defaultdict(Counter)
    for row in dev:
        for surface, _, _, label in _spans(row["text"], row["entities"]):
            if surface in lexicon:
                derived = lexicon[surface].most_common(1)[0][0]
                kind = "agree" if derived == label else f"derived {derived}"
            else:
                kind = "not derived" if surface in corpus_text else "unseen"
            kinds[label][kind] += 1
            if kind not in ("agree", "unseen"):
                examples[f"{label}: {kind}"][surface] += 1
    mentions = {label: {**dict(counts), "agreement": round(counts["agree"] / max(
        1, sum(n for kind, n in counts.items() if kind != "unseen")), 4)} for label, counts in kinds.items()}

    entries = {s: c.most_common(1)[0][0] for s, c in lexicon.items() if len(s) >= 2}
    longest = max(map(len, entries))
    gold_p, pred_p = set(), set()
    for k, row in enumerate(dev):
        text = nfkc(row["text"])
        gold_p |= {(k, s, e, lab) for _, s, e, lab in _spans(row["text"], row["entities"])}
        i = 0
        while i < len(text):
            for j in range(min(len(text), i + longest), i + 1, -1):
                if text[i:j] in entries:
                    pred_p.add((k, i, j, entries[text[i:j]]))
                    i = j - 1
                    break
            i += 1
    in_lexicon = {g for g in gold_p if nfkc(dev[g[0]]["text"])[g[1]:g[2]] in entries}
    projection = {"all": prf(gold_p, pred_p), "recall_in_lexicon": {
        label: round(len({g for g in in_lexicon if g[-1] == label} & pred_p)
                     / max(1, len({g for g in in_lexicon if g[-1] == label})), 4) for label in LABELS}}
    return {"sentences": {"matched": matched, "of": len(dev), "scores": prf(gold_s, pred_s)},
            "mentions": mentions,
            "mention_examples": {key: counter.most_common(8) for key, counter in sorted(examples.items())},
            "projection": projection}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    result = measure()
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            stream.write(text)


if __name__ == "__main__":
    main()
