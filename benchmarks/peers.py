"""One system, one task, one process: the benchmark worker and its launcher (segmentation.py, ner.py).

Usage: python benchmarks/peers.py {seg,ner} SYSTEM INPUT.json OUTPUT.json [--set KEY=VALUE ...] [--jobs N]

SYSTEM is a peer (``jieba``, ``thulac``, ``pkuseg``, ``snownlp``, ``lac``, ``jiagu``) run as its
wheel ships it, ``newsnlp:MODEL_DIR`` (with ``--set stages.word.user_dict=FILE``-style config
overrides) or ``hanlp:FOLDER`` (ner: a HanLP NER save folder run by newsnlp's ``entity.hanlp.v1``).
INPUT holds a JSON list of texts. OUTPUT gets, per text, the words (seg) or ``[start, end, label]``
entities (ner), plus load and run seconds and the peak RSS of this process.
The process is pinned to one CPU core, except with ``--jobs N`` (newsnlp entity pipelines only:
``pipe(n_process=N)``, worker start-up timed). This file imports nothing from newsnlp at module level,
so it runs under a separate interpreter that holds the peers (see benchmarks/requirements-peers.txt).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                     "CPU_NUM")}
Segmenter = Callable[[str], list[str]]
Recogniser = Callable[[str], list[tuple[int, int, str]]]

JIEBA_LABELS = {"nr": "PER", "ns": "LOC", "nt": "ORG"}
THULAC_LABELS = {"np": "PER", "ns": "LOC", "ni": "ORG"}
LAC_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


def run_worker(python: str, task: str, system: str, texts: list[str],
               overrides: tuple[str, ...] | list[str] = (), jobs: int = 1) -> dict[str, Any]:
    """Run benchmarks/peers.py in a fresh process; returns its JSON result or ``{"error": ...}``."""
    with tempfile.TemporaryDirectory(prefix="newsnlp-bench-") as tmp:
        source, target = Path(tmp) / "in.json", Path(tmp) / "out.json"
        source.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        command = [python, os.path.abspath(__file__), task, system, str(source), str(target)]
        for override in overrides:
            command += ["--set", override]
        command += ["--jobs", str(jobs)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, **ONE_THREAD, "PYTHONPATH": ROOT})
        if done.returncode != 0:
            return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
        return json.loads(target.read_text(encoding="utf-8"))


def corpus_articles(split: str, limit: int | None) -> list[Any]:
    """The gold articles of a corpus split (its first ``limit`` records) for the launchers."""
    from newsnlp.corpora import load_split  # here, not at module level: workers run without newsnlp
    from newsnlp.corpora.formats.gold import article_from_gold

    dataset = load_split(split)
    if limit:
        dataset = dataset.select(range(min(limit, len(dataset))))
    return [article_from_gold(dict(record)) for record in dataset]


def word_spans(text: str, words: list[str]) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` of each word found in order in ``text`` (missing ones skipped)."""
    spans, position = [], 0
    for word in words:
        found = text.find(word, position) if word else -1
        if found >= 0:
            spans.append((found, found + len(word), word))
            position = found + len(word)
    return spans


def tagged_entities(text: str, pairs: list[tuple[str, str]], labels: dict[str, str]
                    ) -> list[tuple[int, int, str]]:
    """Entities from (word, tag) pairs: each word whose tag maps to a label is one entity."""
    entities, position = [], 0
    for word, tag in pairs:
        found = text.find(word, position) if word else -1
        if found < 0:
            continue
        position = found + len(word)
        if tag in labels:
            entities.append((found, position, labels[tag]))
    return entities


def _lac(mode: str) -> Any:
    import paddle.base

    # LAC 2.1.2 imports paddle.fluid, which paddlepaddle 2.6 (the oldest wheel for Python 3.11)
    # renamed paddle.base; the alias changes no code or model of LAC.
    sys.modules.setdefault("paddle.fluid", paddle.base)
    sys.modules.setdefault("paddle.fluid.core", paddle.base.core)
    from LAC import LAC

    return LAC(mode=mode)


def load_segmenter(system: str, overrides: list[str]) -> Segmenter:
    """The ``text -> words`` function of ``system``."""
    if system == "jieba":
        import jieba

        jieba.initialize()
        return jieba.lcut
    if system == "thulac":
        import thulac

        model = thulac.thulac(seg_only=True)
        return lambda text: [word for word, _ in model.cut(text)]
    if system == "pkuseg":
        import pkuseg

        model = pkuseg.pkuseg()
        return model.cut
    if system == "snownlp":
        from snownlp import SnowNLP

        return lambda text: SnowNLP(text).words if text.strip() else []
    if system == "lac":
        model = _lac("seg")
        return lambda text: model.run(text) if text.strip() else []
    if system == "jiagu":
        import jiagu

        jiagu.init()
        return jiagu.seg
    nlp = _newsnlp(system, overrides)
    return lambda text: [word.text for word in nlp(text).words]


def load_recogniser(system: str, overrides: list[str]) -> Recogniser:
    """The ``text -> [(start, end, label)]`` function of ``system``."""
    if system == "jieba":
        import jieba
        import jieba.posseg

        jieba.initialize()
        return lambda text: tagged_entities(text, [(p.word, p.flag) for p in jieba.posseg.cut(text)],
                                            JIEBA_LABELS)
    if system == "thulac":
        import thulac

        model = thulac.thulac()
        return lambda text: tagged_entities(text, [tuple(p) for p in model.cut(text)], THULAC_LABELS)
    if system == "snownlp":
        from snownlp import SnowNLP

        return lambda text: tagged_entities(text, list(SnowNLP(text).tags), JIEBA_LABELS) \
            if text.strip() else []
    if system == "lac":
        model = _lac("lac")

        def run_lac(text: str) -> list[tuple[int, int, str]]:
            if not text.strip():
                return []
            words, tags = model.run(text)
            return tagged_entities(text, list(zip(words, tags)), LAC_LABELS)
        return run_lac
    if system == "jiagu":
        import jiagu

        jiagu.init()
        return lambda text: _bio_over_words(text, jiagu.seg(text), jiagu.ner(jiagu.seg(text)))
    nlp = _hanlp(system) if system.startswith("hanlp:") else _newsnlp(system, overrides)
    return lambda text: [(e.start, e.end, e.label) for e in nlp(text).entities]


def _bio_over_words(text: str, words: list[str], tags: list[str]) -> list[tuple[int, int, str]]:
    """Entities from one BIO tag per word."""
    entities: list[tuple[int, int, str]] = []
    current: list[Any] | None = None
    for (start, end, _), tag in zip(word_spans(text, words), tags):
        if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[2] != tag[2:])):
            current = [start, end, tag[2:]]
            entities.append(current)  # type: ignore[arg-type]
        elif tag.startswith("I-") and current is not None:
            current[1] = end
        else:
            current = None
    return [tuple(entity) for entity in entities]  # type: ignore[misc]


def _newsnlp(system: str, overrides: list[str]) -> Any:
    """A newsnlp pipeline from ``newsnlp:MODEL_DIR`` with ``section.sub.key=value`` overrides."""
    from newsnlp.config import load_config, parse_overrides, runtime_config
    from newsnlp.pipeline import CONFIG_NAME, Pipeline

    path = Path(system.partition(":")[2])
    config = runtime_config(load_config(path / CONFIG_NAME))
    for key, value in parse_overrides(overrides).items():
        *sections, name = key.split(".")
        target = config
        for section in sections:
            target = target[section]
        target[name] = value
    return Pipeline.from_config(config, path)


def _hanlp(system: str) -> Any:
    """A one-stage newsnlp pipeline: ``entity.hanlp.v1`` on the HanLP save folder of ``hanlp:PATH``."""
    from confection import Config

    from newsnlp.pipeline import Pipeline

    entity = {"backend": "entity.hanlp.v1", "model": system.partition(":")[2]}
    return Pipeline.from_config(Config({"pipeline": {"order": ["entity"]}, "stages": {"entity": entity}}))


def main(argv: list[str]) -> None:
    task, system, input_path, output_path, *rest = argv
    options = [(rest[i], rest[i + 1]) for i in range(0, len(rest), 2)]
    overrides = [value for flag, value in options if flag == "--set"]
    jobs = int(dict(options).get("--jobs", 1))
    texts = json.loads(open(input_path, encoding="utf-8").read())
    if jobs > 1:  # newsnlp entity pipelines only: forked workers, every core
        started = time.perf_counter()
        nlp = _newsnlp(system, overrides)
        nlp("预热")
        loaded = time.perf_counter()
        outputs = [[(e.start, e.end, e.label) for e in article.entities]
                   for article in nlp.pipe(texts, n_process=jobs, batch_size=16)]
    else:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        started = time.perf_counter()
        run = (load_segmenter if task == "seg" else load_recogniser)(system, overrides)
        run("预热")  # loads lazily initialised parts (dictionaries, predictors) outside the timed loop
        loaded = time.perf_counter()
        outputs = [run(text) for text in texts]
    finished = time.perf_counter()
    peak_kb = max(resource.getrusage(who).ru_maxrss
                  for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    with open(output_path, "w", encoding="utf-8") as out:
        json.dump({"outputs": outputs, "load_s": loaded - started, "run_s": finished - loaded,
                   "chars": sum(map(len, texts)), "peak_mb": peak_kb / 1024}, out, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
