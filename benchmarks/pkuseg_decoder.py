"""spacy-pkuseg's own decoding against newsnlp's PkusegDecoder, side by side in one process.

Usage: python benchmarks/pkuseg_decoder.py [--model models/word-pkuseg/word] [--repeat 3]

Both segment every line of the SIGHAN 2005 PKU test set (simplified as the word stage feeds it) with
the same CRF; the script prints chars/s for each, the ratio, and how many lines the two segment
differently (0 expected). The model step only: the word stage's rules and dictionary come on top.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsnlp.corpora.paths import corpus_file
from newsnlp.stages.word.pkuseg import load_segmenter
from newsnlp.stages.word.pkuseg_decoder import PkusegDecoder
from newsnlp.stages.word.rules import to_simplified, tokenize_spans

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "word-pkuseg" / "word")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the test set for each")
    args = parser.parse_args()
    test = corpus_file("seg", "sighan2005", "pku_test.utf8")
    lines = [to_simplified(line) for line in test.read_text(encoding="utf-8").splitlines() if line.strip()]
    chars = sum(map(len, lines)) * args.repeat
    segmenter = load_segmenter(args.model)
    decoder = PkusegDecoder(segmenter)

    def own() -> list[list[tuple[int, int]]]:
        return [tokenize_spans(line, segmenter.cut(line)) for line in lines]

    def fast() -> list[list[tuple[int, int]]]:
        return [decoder.cut_spans(line) for line in lines]

    speeds, outputs = {}, {}
    for name, run in (("spacy-pkuseg", own), ("PkusegDecoder", fast)):
        started = time.perf_counter()
        for _ in range(args.repeat):
            outputs[name] = run()
        speeds[name] = chars / (time.perf_counter() - started)
    differ = sum(a != b for a, b in zip(outputs["spacy-pkuseg"], outputs["PkusegDecoder"]))
    print("| decoder | chars/s (1 core) |\n|---|---:|")
    for name, speed in speeds.items():
        print(f"| {name} | {speed:,.0f} |")
    print(f"\nratio {speeds['PkusegDecoder'] / speeds['spacy-pkuseg']:.2f}×; "
          f"lines segmented differently: {differ} of {len(lines)}")


if __name__ == "__main__":
    main()
