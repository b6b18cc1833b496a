"""Every shared corpus is found and its counts per split equal the counts in its SOURCE.md."""

from __future__ import annotations

from typing import Any

import pytest

from newsnlp.corpora.inventory import list_corpora, validate_corpus

# (corpus, split) -> SOURCE.md counts: records and, where given, entities per label / events / arguments
SOURCE_COUNTS: dict[tuple[str, str], dict[str, Any]] = {
    ("sighan_pku", "test"): {"records": 1944, "words": 104372, "chars": 172733},
    ("sighan_msr", "test"): {"records": 3985, "words": 106873, "chars": 184355},
    ("msra", "test"): {"records": 3442, "chars": 172601,
                       "entity_labels": {"LOC": 2886, "ORG": 1331, "PER": 1973}},
    ("pd_ner", "dev"): {"records": 2318, "chars": 109870,
                        "entity_labels": {"LOC": 1951, "ORG": 984, "PER": 884}},
    ("pd_ner", "test"): {"records": 4636, "chars": 219197,
                         "entity_labels": {"LOC": 3658, "ORG": 2185, "PER": 1864}},
    ("cluener", "dev"): {"records": 1343, "chars": 50260, "entity_labels": {
        "address": 373, "book": 154, "company": 378, "game": 295, "government": 247, "movie": 151,
        "name": 465, "organization": 367, "position": 433, "scene": 209}},
    ("cluener", "test"): {"records": 1345, "chars": 50972, "entities": 0},
    ("weibo", "train"): {"records": 1350, "entity_labels": {
        "PER.NAM": 578, "PER.NOM": 772, "LOC.NAM": 56, "LOC.NOM": 51, "GPE.NAM": 205, "GPE.NOM": 8,
        "ORG.NAM": 183, "ORG.NOM": 42}},
    ("weibo", "dev"): {"records": 270, "entity_labels": {
        "PER.NAM": 90, "PER.NOM": 208, "LOC.NAM": 6, "LOC.NOM": 6, "GPE.NAM": 26, "GPE.NOM": 1,
        "ORG.NAM": 47, "ORG.NOM": 5}},
    ("weibo", "test"): {"records": 270, "entity_labels": {
        "PER.NAM": 113, "PER.NOM": 172, "LOC.NAM": 19, "LOC.NOM": 9, "GPE.NAM": 47, "GPE.NOM": 2,
        "ORG.NAM": 39, "ORG.NOM": 17}},
    ("resume", "dev"): {"records": 463, "chars": 13890, "entity_labels": {
        "NAME": 110, "ORG": 523, "TITLE": 690, "EDU": 106, "LOC": 2, "PRO": 18, "CONT": 33, "RACE": 15}},
    ("resume", "test"): {"records": 477, "chars": 15100, "entity_labels": {
        "NAME": 112, "ORG": 553, "TITLE": 772, "EDU": 112, "LOC": 6, "PRO": 33, "CONT": 28, "RACE": 14}},
    ("duee", "train"): {"records": 11908, "chars": 678890, "events": 13860, "arguments": 28905},
    ("duee", "dev"): {"records": 1498, "chars": 87125, "events": 1790, "arguments": 3696},
    ("duee", "test1"): {"records": 15000, "chars": 745647, "events": 0},
    ("xinwenlianbo", "all"): {"records": 120538, "chars": 10218573},
    ("cnews_sample", "all"): {"records": 1316, "chars": 1307812},
}


@pytest.fixture(scope="module")
def listing() -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in list_corpora()}


def test_every_corpus_is_found(listing: dict[str, dict[str, Any]]) -> None:
    assert [name for name, entry in listing.items() if not entry["found"]] == []
    assert set(listing) == {"pd1998", "sighan_pku", "sighan_msr", "msra", "pd_ner", "cluener", "weibo",
                            "resume", "duee", "xinwenlianbo", "cnews_sample"}


@pytest.mark.parametrize(("corpus", "split"), list(SOURCE_COUNTS))
def test_split_counts_equal_source_md(listing: dict[str, dict[str, Any]], corpus: str, split: str) -> None:
    stats = listing[corpus]["splits"][split]
    assert {key: stats[key] for key in SOURCE_COUNTS[corpus, split]} == SOURCE_COUNTS[corpus, split]


def test_carved_splits_add_up_to_the_source_file(listing: dict[str, dict[str, Any]]) -> None:
    msra = listing["msra"]["splits"]
    assert (msra["train"]["records"], msra["dev"]["records"]) == (42750, 2250)
    assert msra["train"]["chars"] + msra["dev"]["chars"] == 2171573
    assert {label: msra["train"]["entity_labels"][label] + msra["dev"]["entity_labels"][label]
            for label in ("PER", "ORG", "LOC")} == {"PER": 17615, "ORG": 20584, "LOC": 36860}
    pd98 = listing["pd1998"]["splits"]
    assert pd98["train"]["records"] + pd98["dev"]["records"] == 19484
    assert pd98["train"]["words"] + pd98["dev"]["words"] == 1121447
    assert pd98["train"]["chars"] + pd98["dev"]["chars"] == 1841657


def test_repairs_explain_the_two_entity_counts_that_differ(listing: dict[str, dict[str, Any]]) -> None:
    """CLUENER train: 23,971 mentions, 2 nested ones dropped (flat layer); Resume train: 13,438
    B-/S- starts, plus 2 entities cut in two by a sentence break inside them (repaired, counted)."""
    cluener, resume = listing["cluener"]["splits"]["train"], listing["resume"]["splits"]["train"]
    assert (cluener["entities"], cluener["repairs"]["problems"]) == (23971 - 2, {"overlap": 2})
    assert (resume["entities"], resume["repairs"]["problems"]) == (13438 + 2, {"bad_bmes": 4})
    assert resume["entity_labels"]["NAME"] == 952 and cluener["entity_labels"]["name"] == 3755


def test_validate_counts_lines_needing_repair_per_file() -> None:
    weibo = validate_corpus("weibo")
    assert [(f["path"].rsplit(".", 1)[1], f["records"], f["lines"]) for f in weibo] == [
        ("train", 1350, 10), ("dev", 270, 0), ("test", 270, 4)]
    assert [f["lines"] for f in validate_corpus("pd1998")] == [0]
