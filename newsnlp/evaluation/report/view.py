"""What a report shows, independent of the output format: sections of tables, charts and examples."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..entity import CATEGORIES, SCHEMES
from . import newsnlp_version

if TYPE_CHECKING:
    from . import Report

FIGURE_NAMES = {
    "word_p": "word precision", "word_r": "word recall", "word_f": "word F1",
    "oov_rate": "OOV rate (gold words not in the word list)", "oov_recall": "OOV recall",
    "iv_recall": "IV recall",
    "entity_p": "entity precision (strict)", "entity_r": "entity recall (strict)",
    "entity_f": "entity F1 (strict: boundaries and label)",
    "entity_macro_f": "entity macro F1 (strict, mean over labels)",
    "entity_exact_f": "entity F1, exact boundaries (any label)",
    "entity_partial_f": "entity F1, partial overlap (half credit)",
    "entity_type_f": "entity F1, overlap and label",
    "trigger_id_f": "trigger identification F1", "trigger_f": "trigger classification F1",
    "argument_id_f": "argument identification F1 (strict)",
    "argument_f": "argument classification F1 (strict)",
    "duee_p": "DuEE 1.0 official precision", "duee_r": "DuEE 1.0 official recall",
    "duee_f": "DuEE 1.0 official F1", "doc_event_f": "document-level event match F1 (DuEE-Fin)",
    "time_accuracy": "normalised-time accuracy (TIME arguments)",
}
SCHEME_NAMES = {"strict": "strict (boundaries + label)", "exact": "exact boundaries, any label",
                "partial": "partial overlap, any label", "type": "overlap + label"}
EVENT_MEASURES = (("trigger_id", "trigger identification"), ("trigger", "trigger classification"),
                  ("argument_id", "argument identification"), ("argument", "argument classification"),
                  ("duee", "DuEE 1.0 official score"), ("doc_event", "document-level event match"))
LAYER_TITLES = {"words": "Word segmentation", "entities": "Named entities", "events": "Events"}


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Bars:
    """Horizontal bars per label; each series is (name, values, lows, highs) in [0, 1]."""

    title: str
    labels: list[str]
    series: list[tuple[str, list[float], list[float | None], list[float | None]]]


@dataclass
class Heatmap:
    title: str
    labels: list[str]
    matrix: list[list[int]]


@dataclass
class Example:
    id: str
    tag: str
    left: str
    text: str
    right: str
    note: str = ""


@dataclass
class Examples:
    title: str
    items: list[Example]
    total: int


@dataclass
class Section:
    title: str
    blocks: list[Table | Bars | Heatmap | Examples] = field(default_factory=list)
    anchor: str = ""


def pct(value: float | None) -> str:
    """A figure in [0, 1] as a percentage with one decimal (``–`` when absent)."""
    return "–" if value is None else f"{100 * value:.1f}"


def interval(figure: dict[str, float | None]) -> str:
    low, high = figure.get("low"), figure.get("high")
    return "–" if low is None or high is None else f"{pct(low)}–{pct(high)}"


def _value(report: Report, name: str) -> float:
    return report.figures.get(name, {}).get("value") or 0.0


def _bounds(report: Report, name: str) -> tuple[float | None, float | None]:
    figure = report.figures.get(name, {})
    return figure.get("low"), figure.get("high")


def _summary(report: Report) -> Section:
    provenance = [[key, str(value)] for key, value in report.provenance.items()]
    settings = report.settings
    alignment = report.alignment
    provenance += [
        ["newsnlp", newsnlp_version()], ["created", report.created],
        ["documents", f"{alignment['gold']} gold, {alignment['predicted']} predicted, "
                      f"{len(alignment['missing'])} without prediction, "
                      f"{len(alignment['extra'])} without gold"],
        ["intervals", f"{round(100 * settings['level'])}% percentile bootstrap over documents, "
                      f"{settings['n_boot']} resamples, seed {settings['seed']}"]]
    headline = [[name, FIGURE_NAMES.get(name, name), pct(report.figures[name]["value"]),
                 interval(report.figures[name])]
                for layer in report.layers.values() for name in layer["headline"]]
    blocks: list[Any] = [Table("What was evaluated", ["item", "value"], provenance)]
    if report.notes:
        blocks.append(Table("Notes", ["note"], [[note] for note in report.notes]))
    blocks.append(Table("Headline figures (%)", ["figure", "meaning", "value", "95% CI"], headline))
    return Section("Summary", blocks, "summary")


def _error_examples(title: str, errors: list[dict], total: int, tag: Any, note: Any) -> Examples:
    return Examples(title, [Example(e["id"], tag(e), e["left"], e["text"], e["right"], note(e))
                            for e in errors], total)


def _words(report: Report, layer: dict) -> Section:
    rows = [[FIGURE_NAMES[name], pct(_value(report, name)), interval(report.figures[name])]
            for name in layer["headline"]]
    return Section(LAYER_TITLES["words"], [
        Table(f"Scores on {layer['documents']} documents (%)", ["figure", "value", "95% CI"], rows),
        _error_examples("Missed (FN) and spurious (FP) words", layer["errors"], layer["n_errors"],
                        lambda e: e["kind"], lambda e: "")], "words")


def _entities(report: Report, layer: dict) -> Section:
    schemes = [[SCHEME_NAMES[scheme], *(str(layer["schemes"][scheme][c]) for c in CATEGORIES),
                *(pct(_value(report, f"{name}_{letter}")) for letter in "prf"),
                interval(report.figures[f"{name}_f"])]
               for scheme in SCHEMES
               for name in ["entity" if scheme == "strict" else f"entity_{scheme}"]]
    labels = list(layer["support"])
    per_label = [[label, str(layer["support"][label]["gold"]), str(layer["support"][label]["pred"]),
                  *(pct(_value(report, f"entity_{letter}[{label}]")) for letter in "prf"),
                  interval(report.figures[f"entity_f[{label}]"]),
                  *(pct(_value(report, f"entity_{scheme}_f[{label}]")) for scheme in SCHEMES[1:])]
                 for label in labels]
    per_label.append(["macro average", "", "", *(pct(_value(report, f"entity_macro_{letter}"))
                                                 for letter in "prf"),
                      interval(report.figures["entity_macro_f"]), "", "", ""])
    bounds = [_bounds(report, f"entity_f[{label}]") for label in labels]
    confusion = layer["confusion"]
    errors = layer["errors"]
    return Section(LAYER_TITLES["entities"], [
        Table(f"Schemes on {layer['documents']} documents (%)",
              ["scheme", *CATEGORIES, "P", "R", "F1", "95% CI of F1"], schemes,
              note="cor correct, inc incorrect, par partial, mis missed, spu spurious "
                   "(SemEval-2013 task 9.1)"),
        Table("Per label, strict (%)", ["label", "gold", "predicted", "P", "R", "F1", "95% CI of F1",
                                         "exact F1", "partial F1", "type F1"], per_label),
        Bars("Strict F1 per label (95% CI)", labels, [(
            "F1", [_value(report, f"entity_f[{label}]") for label in labels],
            [low for low, _ in bounds], [high for _, high in bounds])]),
        Heatmap("Label confusion at the same boundaries (rows gold, columns predicted)",
                confusion["labels"], confusion["matrix"]),
        Table("Label confusion (rows gold, columns predicted; ∅ no entity with those boundaries)",
              ["gold \\ predicted", *confusion["labels"]],
              [[label, *map(str, row)] for label, row in zip(confusion["labels"], confusion["matrix"])]),
        _error_examples("False positives (FP) and false negatives (FN), strict", errors,
                        sum(layer["n_errors"].values()),
                        lambda e: f"{e['kind']} {e['error']} {e['label']}",
                        lambda e: "" if e["other"] is None else
                        f"{'gold' if e['kind'] == 'FP' else 'predicted'}: {e['other']['label']} "
                        f"{e['other']['text']}"),
    ], "entities")


def _events(report: Report, layer: dict) -> Section:
    overview = [[title, *(pct(_value(report, f"{name}_{letter}")) for letter in "prf"),
                 interval(report.figures[f"{name}_f"])] for name, title in EVENT_MEASURES]
    time = layer["time"]
    kinds = list(layer["support"])
    per_type = [[kind, *(str(layer["support"][kind][key]) for key in (
        "gold_events", "pred_events", "gold_arguments", "pred_arguments")),
        *(pct(_value(report, f"{name}_f[{kind}]")) for name in ("trigger", "argument", "duee",
                                                                 "doc_event"))] for kind in kinds]
    errors, n_errors = layer["errors"], layer["n_errors"]
    return Section(LAYER_TITLES["events"], [
        Table(f"Scores on {layer['documents']} documents (%)", ["measure", "P", "R", "F1",
                                                                 "95% CI of F1"], overview,
              note="arguments in the ACE convention, scored with predicted triggers (strict)"),
        Table(f"Normalised time (value[{layer['time_key']!r}])",
              ["gold time arguments", "span found", "value right", "accuracy (%)", "95% CI",
               "accuracy when found (%)"],
              [[str(time["gold"]), str(time["found"]), str(time["correct"]),
                pct(_value(report, "time_accuracy")), interval(report.figures["time_accuracy"]),
                pct(_value(report, "time_accuracy_found"))]] if time["gold"] else [],
              note="" if time["gold"] else "no gold argument carries a normalised time"),
        Table("Per event type (F1 %)", ["type", "gold events", "predicted events", "gold arguments",
                                        "predicted arguments", "trigger", "argument", "DuEE",
                                        "document-level"], per_type),
        Bars("F1 per event type", kinds, [
            (title, [_value(report, f"{name}_f[{kind}]") for kind in kinds], [None] * len(kinds),
             [None] * len(kinds)) for name, title in (("trigger", "trigger"), ("argument", "argument"))]),
        _error_examples("Trigger errors (classification)", errors["triggers"], n_errors["triggers"],
                        lambda e: f"{e['kind']} {e['event_type']}",
                        lambda e: f"other side at this span: {e['other']}" if e["other"] else ""),
        _error_examples("Argument errors (strict)", errors["arguments"], n_errors["arguments"],
                        lambda e: f"{e['kind']} {e['error']} {e['role']}",
                        lambda e: f"{e['event_type']} «{e['trigger']}»"),
        _error_examples("Normalised-time errors", errors["time"], n_errors["time"],
                        lambda e: f"{e['event_type']} {e['role']}",
                        lambda e: f"gold {e['gold']}, predicted {e['predicted']}"),
    ], "events")


def _comparison(report: Report) -> Section:
    comparison = report.comparison or {}
    a, b = comparison["names"]
    rows = []
    for name, c in comparison["figures"].items():
        significant = c["low"] > 0 or c["high"] < 0
        verdict = (f"{a} better" if c["delta"] > 0 else f"{b} better") if significant else (
            "no significant difference")
        rows.append([name, pct(c["a"]), pct(c["b"]), f"{100 * c['delta']:+.1f}",
                     f"{100 * c['low']:+.1f} to {100 * c['high']:+.1f}", f"{c['p_value']:.3f}",
                     verdict])
    level = round(100 * report.settings["level"])
    return Section(f"{a} vs {b}", [Table(
        f"Paired bootstrap on the same gold (%): Δ = {a} − {b}",
        ["figure", a, b, "Δ", f"{level}% CI of Δ", "p", "verdict"], rows,
        note=f"p: share of resamples where Δ does not have the observed sign; significant when the "
             f"{level}% interval of Δ excludes 0")], "comparison")


def sections(report: Report) -> list[Section]:
    """The report's sections in reading order."""
    builders = {"words": _words, "entities": _entities, "events": _events}
    result = [_summary(report)]
    result += [builders[name](report, layer) for name, layer in report.layers.items()]
    if report.comparison:
        result.append(_comparison(report))
    return result
