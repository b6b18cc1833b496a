"""Event schemas as data: load and validate a schema file (YAML or JSON) into an :class:`EventSchema`.

Built in: ``"news"`` (``newsnlp/schemas/news.yaml``, version 2 of the schema of ``corpora/GUIDELINES.md``;
``"news@2"`` names it too, ``"news@1"`` the 15 labour / government types of version 1) and
``"duee"`` (DuEE 1.0, 65 types). A file declares its roles once (``roles``: id -> labels, value kind)
and lists them by id in each of its ``event_types`` (with a trigger lexicon and the DuEE 1.0 type that
maps onto it), and optionally the ``rules`` of the frame backend ``event.frames.v1`` (:class:`FrameRules`:
word lists and patterns, documented in ``newsnlp/schemas/news.yaml``). It is checked against
``newsnlp/schemas/event_schema.schema.json`` and then for what a JSON Schema cannot say (declared roles,
known labels, regular expressions that compile); every problem names its field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ...errors import SchemaError, excerpt, schema_message
from ...text.loading import parse_yaml

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
# built-in schema name -> its file under SCHEMA_DIR; "NAME@VERSION" keeps older versions loadable
BUILTIN_SCHEMAS = {"news": "news.yaml", "news@2": "news.yaml", "news@1": "news_v1.yaml", "duee": "duee.yaml",
                   "duee@1.0": "duee.yaml"}
MAX_SCHEMA_BYTES = 1 << 20
DEFAULT_LABELS = ("PER", "ORG", "LOC", "TIME", "QUANTITY")
SPAN = "SPAN"  # the pseudo-label of a role that a plain text span (no entity) may fill
NEVER = re.compile("(?!)")  # the pattern of an empty word list: matches nowhere


@dataclass(frozen=True)
class Role:
    """A role; ``labels`` say what may fill it (entity labels and/or ``SPAN``; empty: anything)."""

    name: str
    labels: tuple[str, ...] = ()
    value: str | None = None  # "time" or "number": the normalised value it carries
    zh: str = ""

    def accepts(self, label: str | None) -> bool:
        """Whether a filler may take this role: an entity with ``label``, or (``None``) a plain span."""
        return not self.labels or (label or SPAN) in self.labels


@dataclass(frozen=True)
class EventType:
    """An event type: roles in order, trigger lexicon, the DuEE 1.0 type mapped onto it."""

    name: str
    roles: tuple[Role, ...]
    triggers: tuple[str, ...] = ()
    duee: str | None = None
    duee_roles: dict[str, str] = field(default_factory=dict)  # DuEE role -> role name here
    zh: str = ""
    cls: str = ""

    def role(self, name: str) -> Role | None:
        return next((role for role in self.roles if role.name == name), None)


@dataclass(frozen=True)
class Refinement:
    """A trigger word in ``words`` is of ``type`` when what follows it in its clause matches ``after``
    (``None``: always)."""

    words: tuple[str, ...]
    type: str
    after: re.Pattern[str] | None = None


@dataclass(frozen=True)
class RolePattern:
    """A pattern that frames fillers of ``role``: entities inside its group ``x``, else the group itself."""

    role: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class FrameRules:
    """The ``rules`` section of a schema file: what ``event.frames.v1`` knows of the language besides the
    trigger lexicon (each field is documented in ``newsnlp/schemas/news.yaml``). A word list of
    regular expressions is one compiled alternation (:data:`NEVER` when empty); an absent section
    gives empty rules: lexicon triggers wherever they stand, arguments by position alone."""

    # triggers
    light_verbs: tuple[str, ...] = ()
    hosting_verbs: tuple[str, ...] = ()
    context: dict[str, re.Pattern[str]] = field(default_factory=dict)
    prefer: dict[str, re.Pattern[str]] = field(default_factory=dict)
    refine: tuple[Refinement, ...] = ()
    noun_after: re.Pattern[str] = NEVER
    nouns: tuple[str, ...] = ()
    subordinate_after: re.Pattern[str] = NEVER
    policy_words: tuple[str, ...] = ()
    policy_before: re.Pattern[str] = NEVER
    # objects
    object_before: tuple[str, ...] = ()
    ceremony: tuple[str, ...] = ()
    ceremony_place: tuple[str, ...] = ()
    subject_markers: re.Pattern[str] = NEVER
    object_start_after: re.Pattern[str] = NEVER
    adverbials: re.Pattern[str] = NEVER
    skip_after_trigger: tuple[str, ...] = ()
    object_stops: re.Pattern[str] = NEVER
    list_ends: tuple[str, ...] = ()
    modifier_end: re.Pattern[str] = NEVER
    list_joins: re.Pattern[str] = NEVER
    object_not_first: tuple[str, ...] = ()
    # other roles
    role_patterns: tuple[RolePattern, ...] = ()
    place_before_trigger: re.Pattern[str] | None = None
    not_in_place: re.Pattern[str] = NEVER
    time_until: tuple[str, ...] = ()
    money_units: tuple[str, ...] = ()
    counters: tuple[str, ...] = ()
    counted_noun: re.Pattern[str] | None = None
    not_a_noun: re.Pattern[str] = NEVER
    beneficiary_before_trigger: re.Pattern[str] | None = None
    subject_roles: tuple[str, ...] = ()
    subject_not_after: re.Pattern[str] = NEVER
    subject_joins: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventSchema:
    """A named set of event types, and the rules of the frame backend."""

    name: str
    types: dict[str, EventType]
    labels: tuple[str, ...] = DEFAULT_LABELS
    version: str = ""
    rules: FrameRules = field(default_factory=FrameRules)

    @property
    def key(self) -> str:
        """``NAME@VERSION`` (``NAME`` when unversioned): what a saved model records, so a later schema
        version is not mistaken for the one it was trained on."""
        return f"{self.name}@{self.version}" if self.version else self.name

    def __contains__(self, name: str) -> bool:
        return name in self.types

    def __getitem__(self, name: str) -> EventType:
        return self.types[name]

    @property
    def is_duee(self) -> bool:
        """Whether this is the DuEE schema itself (DuEE predictions need no mapping)."""
        return self.name == "duee"

    def from_duee(self, duee_type: str) -> EventType | None:
        """The type that DuEE type ``duee_type`` maps onto (the type itself in the DuEE schema)."""
        if self.is_duee:
            return self.types.get(duee_type)
        return next((t for t in self.types.values() if t.duee == duee_type), None)

    def from_duee_record(self, event: dict[str, Any]) -> dict[str, Any] | None:
        """A DuEE-typed event record (``type``, ``trigger``, ``arguments`` with ``role``) in this schema:
        type and roles mapped, arguments whose DuEE role maps onto no role here left out; ``None`` when
        the type maps onto none."""
        if self.is_duee:
            return event
        target = self.from_duee(event["type"])
        if target is None:
            return None
        return {**event, "type": target.name,
                "arguments": [{**argument, "role": target.duee_roles[argument["role"]]}
                              for argument in event["arguments"] if argument["role"] in target.duee_roles]}

    def trigger_lexicon(self) -> dict[str, list[str]]:
        """Trigger word -> the types whose lexicon lists it (in schema order)."""
        lexicon: dict[str, list[str]] = {}
        for event_type in self.types.values():
            for word in event_type.triggers:
                lexicon.setdefault(word, []).append(event_type.name)
        return lexicon


@cache
def _validator() -> Any:
    import jsonschema

    spec = json.loads((SCHEMA_DIR / "event_schema.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(spec)


def _field(path: Any) -> str:
    """``["event_types", "launch", "roles", 0]`` -> ``event_types.launch.roles[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def parse_schema(data: Any, where: str = "schema") -> EventSchema:
    """Validate a schema given as plain data and build it.

    Raises:
        SchemaError: naming the file (``where``) and the first invalid field.
    """
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        error = min(errors, key=lambda e: -len(e.absolute_path))  # the most specific problem
        raise SchemaError(f"{where}: field {_field(error.absolute_path)}: {schema_message(error)}")
    labels = tuple(data.get("entity_labels") or DEFAULT_LABELS)
    roles: dict[str, Role] = {}
    for name, role in data["roles"].items():
        unknown = [label for label in role.get("labels", []) if label not in (*labels, SPAN)]
        if unknown:
            raise SchemaError(f"{where}: field roles.{name}.labels: unknown label(s) {unknown}; allowed: "
                              f"{[*labels, SPAN]}")
        roles[name] = Role(name, tuple(role.get("labels", ())), role.get("value"), role.get("zh", ""))
    types: dict[str, EventType] = {}
    for name, item in data["event_types"].items():
        for k, role in enumerate(item["roles"]):
            if role not in roles:
                raise SchemaError(f"{where}: field event_types.{name}.roles[{k}]: role {role!r} is not "
                                  f"declared under roles")
        if len(set(item["roles"])) != len(item["roles"]):
            raise SchemaError(f"{where}: field event_types.{name}.roles: a role is listed twice")
        duee = item.get("duee") or {}
        for duee_role, role in (duee.get("roles") or {}).items():
            if role not in item["roles"]:
                raise SchemaError(f"{where}: field event_types.{name}.duee.roles.{duee_role}: {role!r} is "
                                  f"not a role of {name!r}")
        types[name] = EventType(name, tuple(roles[r] for r in item["roles"]), tuple(item.get("triggers", ())),
                                duee.get("type"), dict(duee.get("roles") or {}), item.get("zh", ""),
                                item.get("class", ""))
    rules = _rules(_rules_data(data.get("rules") or {}, where), where, set(roles), set(types))
    return EventSchema(data["name"], types, labels, str(data.get("version", "")), rules)


def _regex(source: str, where: str, name: str, group: bool = False) -> re.Pattern[str]:
    """``source`` compiled; ``group``: it must have the group ``x`` that holds the fillers."""
    try:
        pattern = re.compile(source)
    except re.error as error:
        raise SchemaError(f"{where}: field rules.{name}: not a regular expression ({error})") from error
    if group and "x" not in pattern.groupindex:
        raise SchemaError(f"{where}: field rules.{name}: the pattern has no group (?P<x>…) for the fillers")
    return pattern


def _alternation(items: list[str], where: str, name: str) -> re.Pattern[str]:
    """Regular expressions (plain words match themselves) as one alternation, in their order."""
    for k, item in enumerate(items):
        _regex(item, where, f"{name}[{k}]")
    return re.compile("|".join(items)) if items else NEVER


def _check_known(references: list[tuple[str, str]], known: set[str], what: str, where: str) -> None:
    """Each ``(field, name)`` must name one of ``known``."""
    for path, name in references:
        if name not in known:
            raise SchemaError(f"{where}: field rules.{path}: {name!r} is not {what}")


def _rules_data(data: dict[str, Any], where: str) -> dict[str, Any]:
    """A ``rules`` section, or (``{"from": NAME}``) the section of the built-in schema ``NAME``."""
    if "from" not in data:
        return data
    name = data["from"]
    if len(data) > 1:
        raise SchemaError(f"{where}: field rules.from: give the rules or the schema they come from, not both")
    shared = _builtin_data(BUILTIN_SCHEMAS[name]).get("rules") if name in BUILTIN_SCHEMAS else None
    if not isinstance(shared, dict) or "from" in shared:
        raise SchemaError(f"{where}: field rules.from: {name!r} is not a built-in schema that holds its own "
                          f"rules ({', '.join(BUILTIN_SCHEMAS)})")
    return shared


def _rules(data: dict[str, Any], where: str, roles: set[str], types: set[str]) -> FrameRules:
    """The typed rules of a schema file's ``rules`` section (already checked by the JSON Schema):
    word lists stay words, lists of regular expressions become alternations, references are checked."""
    values: dict[str, Any] = {}
    for spec in fields(FrameRules):
        name, value = spec.name, data.get(spec.name)
        if value is None:
            continue
        if spec.type == "tuple[str, ...]":
            values[name] = tuple(value)
        elif spec.type == "re.Pattern[str]":
            values[name] = _alternation(value, where, name)
        elif spec.type == "re.Pattern[str] | None":
            values[name] = _regex(value, where, name, group=True)
        elif spec.type == "dict[str, re.Pattern[str]]":
            values[name] = {key: _alternation(words, where, f"{name}.{key}") for key, words in value.items()}
    _check_known([(f"subject_roles[{k}]", role) for k, role in enumerate(data.get("subject_roles", []))]
                 + [(f"role_patterns[{k}].role", item["role"])
                    for k, item in enumerate(data.get("role_patterns", []))],
                 roles, "a role declared under roles", where)
    _check_known([(f"prefer.{name}", name) for name in data.get("prefer", {})]
                 + [(f"refine[{k}].type", item["type"]) for k, item in enumerate(data.get("refine", []))],
                 types, "an event type of this schema", where)
    values["refine"] = tuple(
        Refinement(tuple(item["words"]), item["type"],
                   _regex(item["after"], where, f"refine[{k}].after") if "after" in item else None)
        for k, item in enumerate(data.get("refine", [])))
    values["role_patterns"] = tuple(
        RolePattern(item["role"], _regex(item["pattern"], where, f"role_patterns[{k}].pattern", group=True))
        for k, item in enumerate(data.get("role_patterns", [])))
    return FrameRules(**values)


def load_schema(name_or_path: str | Path = "news") -> EventSchema:
    """A built-in schema by name (``"news"``, ``"news@1"``, ``"duee"``) or a ``.yaml``/``.json`` file.

    Raises:
        SchemaError: the file is missing, unreadable or invalid (the message names the field).
    """
    if str(name_or_path) in BUILTIN_SCHEMAS:
        return _builtin(BUILTIN_SCHEMAS[str(name_or_path)])
    return _load_file(Path(name_or_path))


@cache
def _builtin(file_name: str) -> EventSchema:
    """A built-in schema file, read once however many names it has (``news``, ``news@2``)."""
    return parse_schema(_builtin_data(file_name), str(SCHEMA_DIR / file_name))


@cache
def _builtin_data(file_name: str) -> Any:
    """The plain data of a built-in schema file (also what another file's ``rules.from`` shares)."""
    return _read(SCHEMA_DIR / file_name)


def _load_file(path: Path) -> EventSchema:
    return parse_schema(_read(path), str(path))


def _read(path: Path) -> Any:
    """The plain data of a schema file (YAML, or JSON by its suffix)."""
    if not path.is_file():
        raise SchemaError(f"{path}: no such schema file; give {', '.join(BUILTIN_SCHEMAS)} or a .yaml/.json "
                          f"file")
    if path.stat().st_size > MAX_SCHEMA_BYTES:
        raise SchemaError(f"{path}: {path.stat().st_size} bytes, more than a schema file holds "
                          f"({MAX_SCHEMA_BYTES}); is it the right file?")
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else parse_yaml(text)
    except OSError as error:
        raise SchemaError(f"{path}: cannot read the schema file ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise SchemaError(f"{path}: byte {error.start} is not valid UTF-8") from error
    except json.JSONDecodeError as error:
        raise SchemaError(f"{path}: not JSON ({error.msg} at line {error.lineno}, column "
                          f"{error.colno})") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SchemaError(f"{path}: not YAML ({excerpt(str(getattr(error, 'problem', None) or error))}"
                          f"{where})") from error
    return data
