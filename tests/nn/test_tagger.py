"""The CRF against brute-force enumeration, and a tiny tagger that must overfit a tiny dataset."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from newsnlp.errors import ModelNotFoundError  # noqa: E402
from newsnlp.nn.tagger import (  # noqa: E402
    CRF,
    CharTagger,
    Int8Embedding,
    TaggerSettings,
    Vocab,
    batches,
    scheme_constraints,
)
from newsnlp.nn.text import Lexicon  # noqa: E402

torch.set_num_threads(1)  # tiny models: threads only add contention on a shared machine

BMES = ["B", "M", "E", "S"]
BIO = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def random_crf(tags: list[str], seed: int) -> CRF:
    torch.manual_seed(seed)
    crf = CRF(len(tags), scheme_constraints(tags))
    with torch.no_grad():
        for parameter in crf.parameters():
            parameter.normal_()
    return crf


def path_scores(crf: CRF, emissions: torch.Tensor, length: int) -> dict[tuple[int, ...], float]:
    """The score of every tag path of one sequence, enumerated."""
    start, trans, end = (t.detach() for t in crf._scores())
    n_tags = emissions.shape[-1]
    scores = {}
    for path in itertools.product(range(n_tags), repeat=length):
        score = start[path[0]] + emissions[0, path[0]] + end[path[-1]]
        for i in range(1, length):
            score = score + trans[path[i - 1], path[i]] + emissions[i, path[i]]
        scores[path] = float(score)
    return scores


@pytest.mark.parametrize("tags", [BMES, BIO])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_log_partition_and_viterbi_equal_brute_force(tags: list[str], seed: int) -> None:
    crf = random_crf(tags, seed)
    lengths = [4, 2, 1]
    emissions = torch.randn(len(lengths), max(lengths), len(tags))
    mask = torch.tensor([[i < n for i in range(max(lengths))] for n in lengths])
    log_z = crf.log_partition(emissions, mask)
    best = crf.viterbi(emissions, mask)
    for row, n in enumerate(lengths):
        scores = path_scores(crf, emissions[row], n)
        expected = torch.logsumexp(torch.tensor(list(scores.values()), dtype=torch.float64), 0)
        assert log_z[row].item() == pytest.approx(expected.item(), abs=1e-4)
        assert tuple(best[row]) == max(scores, key=scores.__getitem__)


def test_partial_label_likelihood_sums_over_allowed_paths() -> None:
    crf = random_crf(BIO, 3)
    emissions = torch.randn(1, 3, len(BIO))
    mask = torch.ones(1, 3, dtype=torch.bool)
    allowed = torch.zeros(1, 3, len(BIO), dtype=torch.bool)
    allowed[0, 0, [1]] = True           # B-PER
    allowed[0, 1, [0, 2, 3]] = True     # O, I-PER or B-LOC
    allowed[0, 2, :] = True             # anything
    scores = path_scores(crf, emissions[0], 3)
    everything = torch.logsumexp(torch.tensor(list(scores.values()), dtype=torch.float64), 0)
    kept = [s for path, s in scores.items() if all(allowed[0, i, t] for i, t in enumerate(path))]
    numerator = torch.logsumexp(torch.tensor(kept, dtype=torch.float64), 0)
    expected = (everything - numerator).item()
    assert crf.nll(emissions, mask, allowed).item() == pytest.approx(expected, abs=1e-3)


def test_constraints_forbid_invalid_bmes_and_bio() -> None:
    ok_start, ok_trans, ok_end = scheme_constraints(BMES)
    assert ok_start.tolist() == [True, False, False, True]
    assert ok_end.tolist() == [False, False, True, True]
    assert ok_trans[BMES.index("B"), BMES.index("S")].item() is False
    assert ok_trans[BMES.index("M"), BMES.index("E")].item() is True
    ok_start, ok_trans, _ = scheme_constraints(BIO)
    assert ok_start.tolist() == [True, True, False, True, False]
    assert ok_trans[BIO.index("O"), BIO.index("I-PER")].item() is False
    assert ok_trans[BIO.index("B-LOC"), BIO.index("I-PER")].item() is False
    assert ok_trans[BIO.index("B-PER"), BIO.index("I-PER")].item() is True


DATA = [("我爱北京", ["S", "S", "B", "E"]), ("北京大学很大", ["B", "E", "B", "E", "S", "S"]),
        ("天安门", ["B", "M", "E"]), ("我很好", ["S", "S", "S"])]


def tiny_tagger(lexicon: bool = False) -> CharTagger:
    from collections import Counter

    from newsnlp.nn.text import bigrams

    chars = Counter(c for text, _ in DATA for c in text)
    pairs = Counter(b for text, _ in DATA for b in bigrams(text))
    settings = TaggerSettings(char_dim=8, bigram_dim=8, hidden=16, dropout=0.0, lexicon=lexicon)
    return CharTagger(settings, BMES, Vocab.build(chars), Vocab.build(pairs),
                      Lexicon(["北京", "大学"]) if lexicon else None)


def fit(tagger: CharTagger, steps: int = 60) -> None:
    items = [tagger.encode(text, [[t] for t in tags]) for text, tags in DATA]
    optimizer = torch.optim.Adam(tagger.net.parameters(), lr=0.05)
    tagger.net.train()
    for _ in range(steps):
        for _, batch in batches(items, 100, random.Random(0)):
            optimizer.zero_grad()
            tagger.loss(batch).backward()
            optimizer.step()


def test_tiny_model_overfits_tiny_dataset() -> None:
    torch.manual_seed(0)
    tagger = tiny_tagger(lexicon=True)
    fit(tagger)
    assert tagger.predict([text for text, _ in DATA]) == [tags for _, tags in DATA]


def test_save_and_load_round_trip(tmp_path) -> None:
    torch.manual_seed(0)
    tagger = tiny_tagger(lexicon=True)
    fit(tagger, steps=10)
    tagger.save(tmp_path)
    loaded = CharTagger.load(tmp_path)
    texts = ["北京大学", "我爱天安门", "", "ＡＢＣ１２３"]
    assert loaded.predict(texts) == tagger.predict(texts)
    assert loaded.predict([""]) == [[]]
    assert sorted(loaded.lexicon.words) == ["北京", "大学"]
    # Weights are stored as a plain state dict that loads with weights_only=True: embedding rows in
    # int8 with a scale each, everything else in float16, all within rounding of the trained weights.
    state = torch.load(tmp_path / "weights.pt", weights_only=True)
    assert state["bigrams.weight.int8"].dtype == torch.int8 and "bigrams.weight" not in state
    assert all(v.dtype == torch.float16 for v in state.values() if v.is_floating_point())
    trained = tagger.net.state_dict()
    for key, value in loaded.net.state_dict().items():
        assert torch.allclose(value, trained[key], atol=trained[key].abs().max().item() / 100), key


def test_models_saved_in_float16_before_int8_embeddings_still_load(tmp_path) -> None:
    torch.manual_seed(0)
    tagger = tiny_tagger(lexicon=True)
    fit(tagger, steps=10)
    tagger.save(tmp_path)
    old_format = {key: value.half() if value.is_floating_point() else value
                  for key, value in tagger.net.state_dict().items()}
    torch.save(old_format, tmp_path / "weights.pt")
    loaded = CharTagger.load(tmp_path)
    assert torch.equal(loaded.net.state_dict()["bigrams.weight"], old_format["bigrams.weight"].float())


def test_an_inference_tagger_keeps_the_saved_tables_and_gives_the_same_outputs(tmp_path) -> None:
    torch.manual_seed(0)
    tagger = tiny_tagger(lexicon=True)
    fit(tagger, steps=10)
    tagger.save(tmp_path / "saved")
    full, frozen = CharTagger.load(tmp_path / "saved"), CharTagger.load(tmp_path / "saved", inference=True)
    assert isinstance(frozen.net.bigrams, Int8Embedding) and frozen.net.bigrams.rows.dtype == torch.int8
    items = [full.encode(text) for text in ["北京大学", "我爱天安门", "ＡＢＣ１２３"]]
    assert all(np.array_equal(a, b) for a, b in zip(full.marginals_encoded(items),
                                                     frozen.marginals_encoded(items)))
    frozen.save(tmp_path / "again")  # the very file it was loaded from
    before = torch.load(tmp_path / "saved" / "weights.pt", weights_only=True)
    after = torch.load(tmp_path / "again" / "weights.pt", weights_only=True)
    assert before.keys() == after.keys() and all(torch.equal(before[k], after[k]) for k in before)


def test_int8_layers_save_the_weights_they_were_made_from(tmp_path) -> None:
    torch.manual_seed(0)
    tagger = tiny_tagger(lexicon=True)
    fit(tagger)
    tagger.save(tmp_path / "saved")
    quantized = CharTagger.load(tmp_path / "saved", inference=True)
    quantized.quantize()
    assert quantized.predict([text for text, _ in DATA]) == [tags for _, tags in DATA]
    quantized.save(tmp_path / "again")
    before = torch.load(tmp_path / "saved" / "weights.pt", weights_only=True)
    after = torch.load(tmp_path / "again" / "weights.pt", weights_only=True)
    assert before.keys() == after.keys() and all(torch.equal(before[k], after[k]) for k in before)


def test_batches_cover_every_item_once() -> None:
    tagger = tiny_tagger()
    items = [tagger.encode(text) for text, _ in DATA * 5]
    seen = [i for group, batch in batches(items, 12, random.Random(1)) for i in group]
    assert sorted(seen) == list(range(len(items)))
    for group, batch in batches(items, 12):
        assert batch.mask.sum().item() == sum(len(items[i]) for i in group)
        assert batch.bigrams.shape[1] == batch.chars.shape[1] + 1


def test_vocab_build_keeps_frequent_then_extra() -> None:
    from collections import Counter

    vocab = Vocab.build(Counter({"a": 3, "b": 1, "c": 2}), min_count=2, max_size=3, extra=["z", "a", "y"])
    assert vocab.items == ["<pad>", "<unk>", "a", "c", "z"]
    assert vocab.encode(["c", "q"]).tolist() == [3, 1]
    assert np.issubdtype(vocab.encode([]).dtype, np.integer)


def names_tagger() -> CharTagger:
    """A tiny BIO tagger that reads PER/LOC name-lexicon flags and nothing else useful: every
    training name is made of characters it never sees again."""
    from newsnlp.nn.text import LabelledLexicon

    names = [("甲乙", "PER"), ("丙丁", "LOC"), ("子丑", "PER"), ("寅卯", "LOC")]
    settings = TaggerSettings(char_dim=8, bigram_dim=8, hidden=16, dropout=0.0, lexicon_labels=["PER", "LOC"])
    texts = [name + "来了" for name, _ in names]
    tagger = CharTagger(settings, BIO, Vocab(["来", "了"]), Vocab([]),
                        labelled=LabelledLexicon(names, ["PER", "LOC"]))
    items = [tagger.encode(text, [[f"B-{label}"], [f"I-{label}"], ["O"], ["O"]])
             for text, (_, label) in zip(texts, names)]
    optimizer = torch.optim.Adam(tagger.net.parameters(), lr=0.05)
    tagger.net.train()
    for _ in range(80):
        for _, batch in batches(items, 100, random.Random(0)):
            optimizer.zero_grad()
            tagger.loss(batch).backward()
            optimizer.step()
    return tagger


def test_labelled_lexicon_flags_decide_an_unseen_names_label_and_survive_saving(tmp_path) -> None:
    from newsnlp.nn.text import LabelledLexicon

    torch.manual_seed(0)
    tagger = names_tagger()
    for label in ("PER", "LOC"):
        tagger.labelled = LabelledLexicon([("戊己", label)], ["PER", "LOC"])  # characters never seen
        assert tagger.predict(["戊己来了"]) == [[f"B-{label}", f"I-{label}", "O", "O"]]
    tagger.save(tmp_path)
    assert (tmp_path / "labelled_lexicon.tsv").read_text(encoding="utf-8") == "戊己\tLOC\n"
    assert CharTagger.load(tmp_path).predict(["戊己来了"]) == [["B-LOC", "I-LOC", "O", "O"]]


def test_malformed_labelled_lexicon_names_file_line_and_field(tmp_path) -> None:
    from newsnlp.errors import InputFormatError

    torch.manual_seed(0)
    names_tagger().save(tmp_path)
    (tmp_path / "labelled_lexicon.tsv").write_text("甲乙\tPER\n丙丁\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"labelled_lexicon.tsv:2: .*'label'"):
        CharTagger.load(tmp_path)
    (tmp_path / "labelled_lexicon.tsv").write_text("甲乙\tPER\n丙丁\tORG\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"labelled_lexicon.tsv:2: label 'ORG' is not one"):
        CharTagger.load(tmp_path)
    (tmp_path / "labelled_lexicon.tsv").unlink()
    with pytest.raises(ModelNotFoundError, match="labelled_lexicon.tsv"):
        CharTagger.load(tmp_path)


def test_a_tagger_loaded_for_inference_refuses_training(tmp_path) -> None:
    tagger = tiny_tagger()
    tagger.save(tmp_path)
    frozen = CharTagger.load(tmp_path, inference=True)
    batch = next(batches([frozen.encode(text, [[t] for t in tags]) for text, tags in DATA], 100))[1]
    with pytest.raises(ValueError, match="loaded for inference"):
        frozen.loss(batch)
    assert float(CharTagger.load(tmp_path).loss(batch)) > 0
