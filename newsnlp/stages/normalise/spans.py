"""Entity spans brought to ``corpora/GUIDELINES.md`` (§1.3 places, §1.4 TIME, §1.5 QUANTITY).

Entity models trained on People's Daily 1998 and MSRA follow those corpora's tagging, not the
guidelines: they split a chain of places (江苏省 | 无锡市 | 滨湖区) and drop the admin suffix after a
short name (奉化 | 区), leave out 以来, 底, 近, 余 and split ranges (2023年 | 以来, 7月3日 | 至 | 7日), tag
ordinals and fixed expressions as quantities (第二届, 一线, 一系列) and miss counts whose unit is a
noun (1206万人, 两部门). The normalise stage runs :func:`guideline_entities` over every article
before reading values, so the entity layer, the event arguments and the normalised values all share
one span per expression.
"""

from __future__ import annotations

import re

from ...doc import Entity
from ...text.values.words import TIME_WORDS

_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_N = r"(?:\d{1,4}|[" + _CN_DIGITS + r"]{1,4})"
_BEFORE_WORD = r"前(?![往进夕列\d" + _CN_DIGITS + r"])"  # 前 that starts no other word (前往, 前列)
_AFTER_WORD = r"后(?![续期来])"
_CLOCK = (r"(?:" + _N + r"(?:点钟?|时)(?:" + _N + r"分|半|一刻|三刻)?|\d{1,2}:\d{2})(?:许|左右)?")
_DAY_PART = r"(?:上午|下午|中午|晚上|晚间|凌晨|早上|清晨|傍晚|夜间|夜里|深夜|晚(?=" + _N + r"))"
TIME_SUFFIX = re.compile(r"以来|以前|之前|以后|之后|(?<![年月日])期间|起|底|末|初|上旬|中旬|下旬|"
                         + _DAY_PART + r"|" + _CLOCK + r"|(?<=[点时])(?:半|一刻|三刻|\d{1,2}分)|"
                         r"(?<=[点时分])许|"
                         r"(?<=年)(?:第?[一二三四1-4]季度|[上下]半年|前[一二两三]季度)|"
                         + _BEFORE_WORD + r"|" + _AFTER_WORD + r"|来")
# whole time expressions an entity model trained on 1998 news misses or cuts short (§1.4): periods
# counted from now (三天前, 两年来, 未来三个月, 三年内), quarters and halves, festivals, lunar dates,
# decades, week numbers, relative month + day (下个月3号), 这几天
_DURATION = _N + r"个?(?:多|余|半)?个?(?:年|月|周|星期|天|小时)(?:多|余|半)?"
_TIME_START = "".join(sorted({"近过未今去明上下本这农正冬腊大第", *_CN_DIGITS,
                              *(word[0] for word in TIME_WORDS["span_festivals"] + TIME_WORDS["recent"])}))
TIME_EXPRESSION = re.compile(rf"(?=[\d{_TIME_START}])(?:" + "|".join(f"(?:{pattern})" for pattern in (
    r"(?:近|过去|未来|今后)" + _DURATION + r"(?:来|以来|内)?|" + _DURATION
    + r"(?:以来|来(?![到自])|之前|以前|" + _BEFORE_WORD + r"|之后|以后|" + _AFTER_WORD + r"|之内|以内|内)",
    r"(?:(?:今年|去年|明年|\d{4}年)?(?:第?[一二三四]季度|[上下]半年))",
    r"(?:(?:今年|去年|明年|\d{4}年)?(?:农历)?(?:" + "|".join(TIME_WORDS["span_festivals"]) + r")"
    r"(?:期间|前后|当天|" + _BEFORE_WORD + r"|" + _AFTER_WORD + r")?)",
    r"(?:农历(?:\d{4}年)?闰?(?:正|冬|腊|十[一二]|[一二三四五六七八九十])月|(?:正|冬|腊)月)"
    r"(?:初[一二三四五六七八九十]|廿[一二三四五六七八九]|[二三]十[一二三四五六七八九]?|十[一二三四五六七八九]?"
    r"|[一二三四五六七八九])|大年(?:初[一二三四五六七八九十]|三十)",
    r"(?:上个?世纪|本世纪|\d{2}世纪|二十一?世纪)?(?:\d{2}|\d{4}|[一二三四五六七八九]十)年代|上个?世纪",
    r"(?:\d{1,2}月)?第" + _N + r"(?:周|个星期)(?!年)",
    r"(?:上|下|本|这)个?月" + _N + r"[日号]",
    r"(?<![\d/.])\d{4}(?P<sep>[/.])\d{1,2}(?P=sep)\d{1,2}(?![\d/.])",
    "|".join(TIME_WORDS["recent"]),
)) + ")")  # the lookahead skips, fast, the characters no expression starts with
# what may stand between two TIME entities of one range: 7月3日至7日, 2023年1—3月, 今年1至11月
RANGE_JOIN = re.compile(r"(?:\d{1,2}|[" + _CN_DIGITS + r"]{1,3})?(?:起至|至|到|—|–|-|~)")
# periods counted back from now: 前11个月, 今年前两个月, 前三季度
FIRST_MONTHS = re.compile(r"(?:今年|去年|上年)?前[\d" + _CN_DIGITS + r"]+(?:个月|季度)")
# seasons, holidays and parts of the day on their own, and other generic words are no TIME (§1.4)
GENERIC_TIMES = frozenset("春季 夏季 秋季 冬季 金秋 寒假 暑假 上午 下午 中午 晚上 凌晨 早上 百日 三八 现代 "
                          "未来 下一步 每年".split())

_BEFORE = r"(?:近|约|超过|超|逾|不少于|不低于|至少|不到|不足|大约|将近)"  # approximators and bounds
_AFTER = r"(?:左右|以上|以下|上下)"
QUANTITY_PREFIX = re.compile(_BEFORE + "$")
QUANTITY_SUFFIX = re.compile(_AFTER)
_RANGE_START = r"(?:\d+(?:\.\d+)?|[" + _CN_DIGITS + r"]+)(?:至|到|—|–|~|-)"  # 3至 in 3至5年
QUANTITY_RANGE_START = re.compile(r"(?<![\d.])" + _RANGE_START + "$")
_NUMBER = r"(?:\d+(?:\.\d+)?|[" + _CN_DIGITS + r"]+)(?:多|余)?(?:万|亿)?(?:多|余)?"
# counts whose unit is a noun, which People's Daily tags apart from the number (§1.5 "No classifier")
NOUN_UNIT_COUNT = re.compile(r"(?<![第\d.])(?=[\d近约超逾不至大将" + _CN_DIGITS + "])" + _BEFORE + "?(?:"
                             + _RANGE_START + ")?" + _NUMBER
                             + r"(?:人次|人|户次|部门|省份|方面)" + _AFTER + "?")
BARE_MYRIADS = re.compile(r"(?<![第\d.])" + _BEFORE + r"?\d+(?:\.\d+)?(?:多|余)?[万亿](?:多|余)?"
                          r"(?![\d元人个家名户条件项所场次])")
# ordinals, cohorts, anniversaries, levels and fixed expressions are no QUANTITY (§1.5)
NOT_QUANTITY = re.compile(r"^(?:第|首|新一).*|.*(?:届|周年|级|大|大类)$|"
                          r"^一(?:线|支|场|项|道|堂|批|次|系列|个|种|套)$|^多[家个种项位]$|^双线$")

ADMIN_SUFFIX = "省市区县"
# a place that starts the name of a news outlet is part of that ORG (principle 0.2): 兰州 + 晚报
MEDIA_SUFFIX = re.compile(r"新闻网|广播电视台|电视台|日报|晚报|网(?![络点格站民友])")


def _join_places(text: str, ordered: list[Entity]) -> list[Entity]:
    """Adjacent LOC entities joined into one (a place chain is one LOC, §1.3) and into the ORG they
    start (辽宁省鞍山市 + 汤岗子康复医院 is one ORG, principle 0.2); a LOC then takes the admin suffix a
    model left out (奉化 + 区), and a news outlet's name it starts (兰州 + 晚报 is an ORG)."""
    out: list[Entity] = []
    for entity in ordered:
        if entity.label in ("LOC", "ORG") and out and out[-1].label == "LOC" and out[-1].end == entity.start:
            start = out.pop().start
            entity = Entity(start, entity.end, text[start:entity.end], label=entity.label)
        out.append(entity)
    starts = {e.start for e in out}
    for k, entity in enumerate(out):
        end, label = entity.end, entity.label
        if label == "LOC" and end not in starts:  # what follows is not another entity
            if end < len(text) and text[end] in ADMIN_SUFFIX:
                end += 1
            if (media := MEDIA_SUFFIX.match(text, end)) is not None:
                end, label = media.end(), "ORG"
        if (end, label) != (entity.end, entity.label):
            out[k] = Entity(entity.start, end, text[entity.start:end], label=label)
    return out


def _time_end(text: str, end: int, starts: dict[int, Entity]) -> int:
    """Where a TIME expression ending at ``end`` really ends: suffixes and joined ranges (期间 only
    after a holiday, 春节期间; after a date it is the frame 在……期间, §1.4)."""
    while True:
        if (suffix := TIME_SUFFIX.match(text, end)) is not None:
            end = suffix.end()
            continue
        if end in starts and starts[end].end > end:  # 11月19日 + 晚8时: one expression
            end = starts[end].end
            continue
        join = RANGE_JOIN.match(text, end)
        if join is not None and join.end() in starts:
            end = starts[join.end()].end
            continue
        return end


def _quantity_span(text: str, entity: Entity) -> tuple[int, int]:
    """A QUANTITY widened by the start of a range, an adjacent approximator or bound (3至5年, 近600名,
    50%以上)."""
    start, end = entity.start, entity.end
    if (low := QUANTITY_RANGE_START.search(text, max(0, start - 8), start)) is not None:  # 3至5年, 10—20人
        start = low.start()
    if (prefix := QUANTITY_PREFIX.search(text, max(0, start - 4), start)) is not None:
        start = prefix.start()
    if (suffix := QUANTITY_SUFFIX.match(text, end)) is not None:
        end = suffix.end()
    return start, end


def _is_generic(text: str, start: int, end: int, label: str) -> bool:
    """TIME and QUANTITY that the guidelines do not count: 秋季, 第二届, 一线, 每两周, 三步走."""
    surface = text[start:end]
    if label == "TIME":
        return surface in GENERIC_TIMES
    return (NOT_QUANTITY.match(surface) is not None or text[max(0, start - 1):start] == "每"
            or text[end:end + 1] == "走")


def _add_pattern(text: str, pattern: re.Pattern[str], label: str,
                 spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Add each match of ``pattern`` that overlaps nothing, or only entities it contains of ``label``
    or QUANTITY (which it then replaces). Linear in the text: very long articles are normal input."""
    owner = [-1] * len(text)  # the span covering each character
    for k, (start, end, _) in enumerate(spans):
        owner[start:end] = [k] * (end - start)
    removed: set[int] = set()
    added = []
    for match in pattern.finditer(text):
        a, b = match.span()
        inside = set(owner[a:b]) - {-1}
        if all(a <= spans[k][0] and spans[k][1] <= b and spans[k][2] in (label, "QUANTITY") for k in inside):
            removed |= inside
            added.append((a, b, label))
    return [span for k, span in enumerate(spans) if k not in removed] + added


def guideline_entities(text: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` with TIME/QUANTITY spans as the guidelines draw them (others unchanged).

    >>> text = "2023年以来，近600名选手在7月3日至7日参加第二届大赛，1206万人就业"
    >>> def found(sub, label, start=0):
    ...     at = text.index(sub, start)
    ...     return Entity(at, at + len(sub), sub, label=label)
    >>> found = [found("2023年", "TIME"), found("600名", "QUANTITY"), found("7月3日", "TIME"),
    ...          found("7日", "TIME", 20), found("第二届", "QUANTITY")]
    >>> [(e.text, e.label) for e in guideline_entities(text, found)]
    [('2023年以来', 'TIME'), ('近600名', 'QUANTITY'), ('7月3日至7日', 'TIME'), ('1206万人', 'QUANTITY')]
    """
    ordered = _join_places(text, sorted(entities, key=lambda e: (e.start, e.end)))
    time_starts = {e.start: e for e in ordered if e.label == "TIME"}
    spans: list[tuple[int, int, str]] = []
    for entity in ordered:
        if entity.label not in ("TIME", "QUANTITY"):
            spans.append((entity.start, entity.end, entity.label))
            continue
        if spans and spans[-1][0] <= entity.start and entity.end <= spans[-1][1]:
            continue  # the second half of a range, joined already
        if entity.label == "TIME":
            start, end = entity.start, _time_end(text, entity.end, time_starts)
        else:
            start, end = _quantity_span(text, entity)
        if not _is_generic(text, start, end, entity.label):
            spans.append((start, end, entity.label))
    for pattern in (FIRST_MONTHS, TIME_EXPRESSION):
        spans = _add_pattern(text, pattern, "TIME", spans)
    for pattern in (NOUN_UNIT_COUNT, BARE_MYRIADS):
        spans = _add_pattern(text, pattern, "QUANTITY", spans)
    kept: list[tuple[int, int, str]] = []
    for span in sorted(set(spans)):
        if not (kept and span[0] < kept[-1][1]) and not (span[2] == "QUANTITY" and _is_generic(text, *span)):
            kept.append(span)
    by_span = {(e.start, e.end, e.label): e for e in entities}
    return [by_span.get(s) or Entity(s[0], s[1], text[s[0]:s[1]], label=s[2])
            for s in kept]
