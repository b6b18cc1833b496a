"""Event schemas: the built-in news and DuEE schemas, user files, and errors that name the field."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from newsnlp.errors import SchemaError
from newsnlp.stages.event.schema import SCHEMA_DIR, FrameRules, load_schema, parse_schema

MINIMAL = {"name": "mine", "roles": {"time": {"labels": ["TIME"]}, "who": {"labels": ["ORG", "SPAN"]}},
           "event_types": {"strike": {"roles": ["time", "who"], "triggers": ["罢工"],
                                      "duee": {"type": "组织行为-罢工", "roles": {"罢工人员": "who"}}}}}


def test_builtin_duee_schema_has_65_types_and_217_roles() -> None:
    duee = load_schema("duee")
    assert len(duee.types) == 65
    assert sum(len(t.roles) for t in duee.types.values()) == 217
    assert [r.name for r in duee["组织关系-裁员"].roles] == ["时间", "裁员方", "裁员人数"]
    assert duee.is_duee and duee.from_duee("组织关系-裁员") is duee["组织关系-裁员"]


def test_builtin_news_schema_maps_duee_types() -> None:
    news = load_schema("news")
    assert {"sign_agreement", "launch", "close", "open_facility", "training", "survey", "award"} <= set(
        news.types)
    launch = news.from_duee("组织行为-开幕")
    assert launch.name == "launch" and launch.duee_roles["活动名称"] == "object"
    assert news.from_duee("人生-结婚").name == "marriage"
    assert news["launch"].role("time").accepts("TIME") and not news["launch"].role("time").accepts(None)
    assert news["launch"].role("place").accepts(None)  # SPAN: an unnamed venue
    assert "hold_activity" in news.trigger_lexicon()["举行"]


def test_news_v2_maps_every_duee_type_and_role_both_ways() -> None:
    news, duee = load_schema("news"), load_schema("duee")
    mapped = [t for t in news.types.values() if t.duee]
    assert sorted(t.duee for t in mapped) == sorted(duee.types)  # each DuEE type onto exactly one type
    for event_type in mapped:
        duee_roles = {role.name for role in duee[event_type.duee].roles}
        assert set(event_type.duee_roles) == duee_roles, event_type.name  # every DuEE role mapped
        targets = list(event_type.duee_roles.values())
        assert len(set(targets)) == len(targets), event_type.name  # and back: no two onto one role


def test_news_at_1_keeps_version_1_loadable() -> None:
    v1, v2 = load_schema("news@1"), load_schema("news@2")
    assert len(v1.types) == 15 and v1.from_duee("人生-结婚") is None
    assert v2 == load_schema("news") and set(v1.types) < set(v2.types)
    for name, event_type in v1.types.items():  # v2 keeps the 15 types with their roles
        assert [r.name for r in v2[name].roles] == [r.name for r in event_type.roles]


def test_user_schema_as_yaml_and_json(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(MINIMAL, allow_unicode=True), encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(MINIMAL, ensure_ascii=False), encoding="utf-8")
    for path in (tmp_path / "a.yaml", tmp_path / "a.json"):
        schema = load_schema(path)
        assert schema.from_duee("组织行为-罢工").name == "strike"
        assert schema["strike"].duee_roles == {"罢工人员": "who"}


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d.pop("roles"), "(top level)"),
    (lambda d: d["roles"]["time"].update(labels=["DATE"]), "roles.time.labels"),
    (lambda d: d["roles"]["time"].update(colour="red"), "roles.time"),
    (lambda d: d["event_types"]["strike"]["roles"].append("place"), "event_types.strike.roles[2]"),
    (lambda d: d["event_types"]["strike"].update(triggers="罢工"), "event_types.strike.triggers"),
    (lambda d: d["event_types"]["strike"]["duee"]["roles"].update(地点="place"),
     "event_types.strike.duee.roles.地点"),
    (lambda d: d["event_types"]["strike"].pop("roles"), "event_types.strike"),
])
def test_invalid_schema_names_the_field(change, field: str) -> None:
    data = json.loads(json.dumps(MINIMAL))
    change(data)
    with pytest.raises(SchemaError, match=re.escape(f"field {field}:")):
        parse_schema(data, "mine.yaml")


@pytest.mark.parametrize(("rules", "field"), [
    ({"colour": ["red"]}, "rules"),
    ({"light_verbs": "举行"}, "rules.light_verbs"),
    ({"noun_after": ["区", "[0-9"]}, "rules.noun_after[1]"),
    ({"context": {"获得": ["奖", "(称号"]}}, "rules.context.获得[1]"),
    ({"refine": [{"words": ["推出"], "type": "strike"}, {"words": ["开班"], "type": "training"}]},
     "rules.refine[1].type"),
    ({"refine": [{"words": ["推出"], "after": "《[^》", "type": "strike"}]}, "rules.refine[0].after"),
    ({"prefer": {"meeting": ["会议"]}}, "rules.prefer.meeting"),
    ({"role_patterns": [{"role": "who", "pattern": "由(.+)主办"}]}, "rules.role_patterns[0].pattern"),
    ({"role_patterns": [{"role": "guide", "pattern": "由(?P<x>.+)指导"}]}, "rules.role_patterns[0].role"),
    ({"subject_roles": ["who", "agent"]}, "rules.subject_roles[1]"),
    ({"place_before_trigger": "在(.+)$"}, "rules.place_before_trigger"),
])
def test_invalid_rules_name_the_field(rules, field: str) -> None:
    with pytest.raises(SchemaError, match=re.escape(f"field {field}:")):
        parse_schema({**MINIMAL, "rules": rules}, "mine.yaml")


def test_rules_become_typed_fields() -> None:
    rules = parse_schema({**MINIMAL, "rules": {
        "light_verbs": ["举行"], "context": {"获得": ["奖", "称号"]}, "noun_after": ["区", "[0-9]+周年"],
        "refine": [{"words": ["罢工"], "type": "strike"}],
        "role_patterns": [{"role": "who", "pattern": "由(?P<x>.+)组织"}]}}).rules
    assert rules.light_verbs == ("举行",) and rules.context["获得"].search("获得称号")
    assert rules.noun_after.match("20周年") and not rules.noun_after.match("周年")
    assert rules.refine[0].after is None and rules.refine[0].type == "strike"
    assert rules.role_patterns[0].pattern.search("由工会组织")["x"] == "工会"
    assert not rules.object_stops.search("等在于") and rules.place_before_trigger is None  # not given
    assert parse_schema(MINIMAL).rules == FrameRules()  # no rules section: empty rules


@pytest.mark.parametrize("name", ["news", "news@1"])
def test_builtin_news_schemas_carry_the_frame_rules(name: str) -> None:
    rules = load_schema(name).rules
    assert "举行" in rules.light_verbs and rules.context["获得"].search("荣获一等奖")
    assert [r.type for r in rules.refine] == ["launch", "hold_activity", "release_policy", "training"]
    assert [p.role for p in rules.role_patterns] == ["guide", "organizer", "co_organizer", "place", "party",
                                                     "count"]
    assert rules.list_joins.search("普及") is None and rules.list_joins.search("培训及就业")


def test_unreadable_and_missing_files(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="bad.yaml: not YAML .* at line 2, column 1"):
        load_schema(bad)
    with pytest.raises(SchemaError, match="no such schema file"):
        load_schema(tmp_path / "absent.yaml")


def test_builtin_files_validate_against_the_json_schema() -> None:
    import jsonschema

    spec = json.loads((SCHEMA_DIR / "event_schema.schema.json").read_text(encoding="utf-8"))
    for name in ("news", "news_v1", "duee"):
        jsonschema.validate(yaml.safe_load((SCHEMA_DIR / f"{name}.yaml").read_text(encoding="utf-8")), spec)


def test_a_builtin_schema_file_is_read_once_under_each_of_its_names() -> None:
    assert load_schema("news") is load_schema("news@2")
    assert load_schema("news@1") is not load_schema("news")


def test_rules_from_a_builtin_schema_are_shared_and_checked_against_the_file() -> None:
    assert load_schema("news@1").rules == load_schema("news").rules
    with pytest.raises(SchemaError, match=r"rules\.from: 'nope' is not a built-in schema"):
        parse_schema({**MINIMAL, "rules": {"from": "nope"}}, "mine.yaml")
    with pytest.raises(SchemaError, match=r"rules\.from: give the rules or the schema"):
        parse_schema({**MINIMAL, "rules": {"from": "news", "light_verbs": ["举行"]}}, "mine.yaml")
    with pytest.raises(SchemaError, match=r"rules\.subject_roles\[0\]"):  # news's roles, not this file's
        parse_schema({**MINIMAL, "rules": {"from": "news"}}, "mine.yaml")
