"""Schema-driven event filling (backend ``event.frames.v1``): triggers from the schema's lexicon and the
learned model, arguments from entities, normalised values and local patterns, within role constraints.

Triggers, per sentence (``corpora/GUIDELINES.md`` §3.4): lexicon words, longest first, but not inside
quotes or names (培训学校), not used as nouns (培训区, 调查结果) or in a temporal clause (建成后),
vague words only with context (获得 + 奖); adjacent words of one type form one compound (走访慰问);
a light verb (举行, 开展 …) gives way to a specific trigger in its clause or before it (启动仪式……举行).
Arguments: patterns (由…指导/主办, …承办的, 在…举行, A与B签约, N名X参加/报名), the time (the trigger's
clause, then 截至…, then the sentence's adverbial time; 今天（6月6日） gives the date), a count, the
subject (the clause's or the sentence's first name) and the object phrase beside the trigger. Every
filler must satisfy its role's labels; a span fills one role. With a learned model (``model_dir``) its
mentions that map onto the schema are added and its arguments complete lexicon mentions.

The words and patterns named above are the schema file's ``rules`` section (:class:`FrameRules`,
documented in ``newsnlp/schemas/news.yaml``); this module holds only the algorithm. A schema without
rules gets lexicon triggers wherever they stand (outside quotes and names) and arguments by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ...doc import Article, Entity, Span
from ...errors import ModelNotFoundError
from ...registry import backend
from ...text.punctuation import CLAUSE_END, char_class, clause_around
from .learned import META_FILE, EventTaggers
from .merge import events_from_mentions
from .schema import EventSchema, EventType, FrameRules, load_schema
from .stage import Mention, MentionArgument, map_to_schema, source_types

LEXICON_SCORE, LEARNED_WEIGHT = 0.6, 1.0
QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》")
ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")
MIN_OBJECT, MAX_OBJECT = 3, 60  # characters; shorter or longer phrases are not taken for objects
NOT_FIRST = "、，,；;：:"  # no object starts with punctuation (nor with the rules' object_not_first)
POLICY_WINDOW = 6  # characters before a policy word where policy language is looked for
NAMES = ("ORG", "LOC", "PER")
Found = tuple[int, int, EventType]  # a trigger: start, end, type


class _Grammar:
    """A schema's frame rules, with their word patterns joined to the punctuation the algorithm stops at."""

    def __init__(self, rules: FrameRules) -> None:
        self.rules = rules
        self.object_stop = re.compile(char_class(CLAUSE_END - {"\n"}, "、（(") + "|"
                                      + rules.object_stops.pattern)
        self.object_start = re.compile(char_class(CLAUSE_END, "、") + "|" + rules.object_start_after.pattern)
        self.adverbial = re.compile(r"[（(]|" + rules.adverbials.pattern)
        self.policy_before = re.compile(f"(?:{rules.policy_before.pattern})$")


def _after_word(text: str, words: tuple[str, ...], position: int) -> int:
    """``position``, moved past the first of ``words`` that starts there."""
    return position + next((len(word) for word in words if text.startswith(word, position)), 0)


def _inside(entities: list[Entity], start: int, end: int) -> list[Entity]:
    return [e for e in entities if start <= e.start and e.end <= end]


class _Frame:
    """The roles of one trigger being filled; positions are offsets into the sentence text.

    ``left`` is where the previous trigger of the sentence ends and ``right`` where the next one starts:
    patterns beyond them belong to those.
    """

    def __init__(self, grammar: _Grammar, sentence: Span, entities: list[Entity], event_type: EventType,
                 trigger: tuple[int, int], left: int = 0, right: int | None = None) -> None:
        self.grammar, self.rules = grammar, grammar.rules
        self.text, self.offset, self.type, self.trigger = sentence.text, sentence.start, event_type, trigger
        self.entities = [(e.start - self.offset, e.end - self.offset, e.label) for e in entities]
        self.clause, self.left = clause_around(self.text, *trigger), left
        self.right = len(self.text) if right is None else right
        self.asides = [m.span() for m in ASIDE.finditer(self.text)]  # bylines: （记者… 通讯员…）
        self.filled: list[MentionArgument] = []

    def add(self, role_name: str, a: int, b: int, label: str | None) -> bool:
        """Fill ``role_name`` with ``[a, b)`` unless the role refuses it or the span is taken (a plain
        span holding a date is no place or object)."""
        role = self.type.role(role_name)
        if role is None or not role.accepts(label) or b <= a or (
                label is None and role_name == "place" and any(e[2] == "TIME" for e in self._in(a, b))):
            return False
        if any((x.start, x.end) == (a + self.offset, b + self.offset) for x in self.filled) or (
                role_name in ("time", "count", "amount") and any(x.role == role_name for x in self.filled)):
            return False  # a span fills one role; one time, count and amount per mention
        self.filled.append(MentionArgument(role_name, a + self.offset, b + self.offset, None))
        return True

    def _in_name(self, position: int) -> bool:
        """Whether ``position`` lies inside an entity (在 of 在线教育专业委员会 is no preposition)."""
        return any(e[0] <= position < e[1] for e in self.entities)

    def _in(self, a: int, b: int) -> list[tuple[int, int, str]]:
        return [e for e in self.entities if a <= e[0] and e[1] <= b]

    def _free(self, entity: tuple[int, int, str]) -> bool:
        """Not inside the object phrase (2025年 in 长春市2025年…竞赛 is part of a name) nor a byline."""
        return not any(x.role == "object" and x.start <= entity[0] + self.offset
                       and entity[1] + self.offset <= x.end for x in self.filled) and not any(
            a <= entity[0] < b for a, b in self.asides)

    def _stops(self, pattern: re.Pattern[str], a: int, b: int) -> list[re.Match[str]]:
        """Matches of ``pattern`` in ``[a, b)`` outside quotes and brackets."""
        shielded = [m.span() for m in QUOTED.finditer(self.text)] + self.asides
        return [m for m in pattern.finditer(self.text, a, b)
                if not any(x < m.start() < y for x, y in shielded)]

    def object(self) -> None:
        """The phrase beside the trigger fills ``object``: before 落幕/开幕/启动仪式 or a trigger that ends
        its clause (X在Y落幕: X), else after it (签署X, 带去一场……的“健康盛宴”: the head after the last
        的), without a leading count, adverbials, or the quotes/《》 around the whole phrase. A list
        after the trigger whose items are fillers gives one object per item (提供医疗咨询、推拿体验等服务:
        医疗咨询, 推拿体验; GUIDELINES §3.3); items of two characters or less only modify the head
        (开展线上、线下等招聘活动) and the whole phrase is one span."""
        if self.type.role("object") is None:
            return
        text, (start, end), clause, rules = self.text, self.trigger, self.clause, self.rules
        ceremony = text.startswith(rules.ceremony, end)
        before = text[start:end] in rules.object_before or ceremony
        if before or end == clause[1]:  # …活动启动 (a headline): the object comes first
            a = max((m.end() for m in self._stops(self.grammar.object_start, clause[0], start)),
                    default=clause[0])
            if ceremony:  # 在X启动仪式上: X
                a = _after_word(text, rules.ceremony_place, a)
            adverbials = self._stops(self.grammar.adverbial, a, start)
            b = adverbials[0].start() if adverbials else start
            if any(e[2] == "QUANTITY" for e in self._in(a, b)) or rules.subject_markers.search(text[a:b]):
                return  # 144名技能好手报名参赛, 另有187家将建成: a subject, not an object
            self._add_object(a, b)
            return
        a = next((e[1] for e in self.entities if e[0] == end and e[2] == "QUANTITY"), end)
        a = _after_word(text, rules.skip_after_trigger, a)  # 印发了《…》
        items = []
        # 建设改善3203家职工间休息室: after the count
        for stop in self._stops(self.grammar.object_stop, a, clause[1]):
            items.append((a, stop.start()))
            if stop.group() != "、":
                break
            a = stop.end()
        else:
            items.append((a, clause[1]))
        heads = self._stops(rules.modifier_end, *items[0])
        items[0] = (heads[-1].end() if heads else items[0][0], items[0][1])
        if items[0][0] == items[0][1]:
            return  # 开展慰问、走访: the trigger itself opens a list of verbs, no object
        if len(items) == 1:
            self._add_object(items[0][0], self._cut_values(*items[0]))
        elif all(b - a > 2 for a, b in items):
            self._add_list(items)
        else:  # 线上、线下等招聘活动: the items modify the head, the phrase is one span
            b = next((m.start() for m in self._stops(self.grammar.object_stop, items[-1][1], clause[1])
                      if m.group() not in ("、", *rules.list_ends)), clause[1])
            self._add_object(items[0][0], self._cut_values(items[0][0], b))

    def _add_list(self, items: list[tuple[int, int]]) -> None:
        """Objects from a list ``X、Y(和Z)(等…)``: one per item, unless a count and a head follow the
        items (X、Y4个线上招聘专场: the head alone, the items name its kinds)."""
        last_start, last_end = items[-1]
        count = next((e for e in self._in(last_start + 1, last_end) if e[2] == "QUANTITY"), None)
        if count is not None and last_end - count[1] >= MIN_OBJECT:
            self._add_object(count[1], last_end)
            return
        joined = self._stops(self.rules.list_joins, last_start, last_end)  # X、Y和Z
        if joined and joined[0].start() - last_start > 2 and last_end - joined[0].end() > 2:
            items[-1:] = [(last_start, joined[0].start()), (joined[0].end(), last_end)]
        for a, b in items:
            self._add_object(a, self._cut_values(a, b))

    def _cut_values(self, a: int, b: int) -> int:
        """Where ``[a, b)`` ends before a count or a time inside it (not at its first character)."""
        return min((e[0] for e in self._in(a + 1, b) if e[2] in ("QUANTITY", "TIME")), default=b)

    def _add_object(self, a: int, b: int) -> None:
        """``[a, b)`` as an object, without quotes around the whole, if its length is plausible."""
        text = self.text
        while b - a > 2 and text[a] + text[b - 1] in ("“”", "《》"):
            a, b = a + 1, b - 1
        if MIN_OBJECT <= b - a <= MAX_OBJECT and text[a] not in NOT_FIRST and not text.startswith(
                self.rules.object_not_first, a):
            whole = next((e for e in self.entities if e[:2] == (a, b)), None)
            self.add("object", a, b, whole[2] if whole else None)

    def patterns(self) -> None:
        """由…指导/主办, …承办, 在…举行, A与B签约, N名…参加: the entities a pattern frames, when the
        pattern lies between the previous trigger and this one."""
        for role_name, pattern in ((p.role, p.pattern) for p in self.rules.role_patterns):
            if self.type.role(role_name) is None:
                continue
            # 由…主办 / 与…签约 frame the trigger after them; 在…举行 / N名…参加 may run past it
            # (to a light verb that gave way to it), up to the next trigger
            right = self.right if role_name in ("place", "count") else self.trigger[1]
            for match in pattern.finditer(self.text, self.left, right):
                a, b = match.span("x")
                inner = [e for e in self._in(a, b) if e[2] != "TIME" and self._free(e)]
                if role_name == "count":
                    if not self.clause[0] <= match.end() <= self.clause[1] + 1:
                        continue
                    inner = [e for e in inner if e[2] == "QUANTITY"][-1:]
                for entity in inner:
                    self.add(role_name, *entity)
                if not inner and role_name == "place":
                    self.add(role_name, a, b, None)
        self._place_before_trigger()

    def _place_before_trigger(self) -> None:
        """在X<trigger>: X is the place (the rules' place_before_trigger), unless X holds a verb of
        not_in_place, the trigger names a ceremony or 在 is inside a name."""
        before = self.rules.place_before_trigger
        at = None if before is None else before.search(self.text[self.clause[0]:self.trigger[0]])
        if at is not None and not self.text.startswith(self.rules.ceremony, self.trigger[1]) and not (
                self.rules.not_in_place.search(at["x"])) and not self._in_name(self.clause[0] + at.start()):
            a, b = (self.clause[0] + i for i in at.span("x"))
            inner = [e for e in self._in(a, b) if e[2] != "TIME"]
            self.add("place", *(inner[0] if len(inner) == 1 and inner[0][:2] == (a, b) else (a, b, None)))

    def time(self) -> None:
        """A TIME in the trigger's clause; else one framed by 截至; else the sentence's adverbial
        TIME (近日，…; 11月19日，…) nearest before the trigger; else the nearest TIME. A time followed
        by a date in brackets (今天（4月1日）) gives way to that date."""
        times = [e for e in self.entities if e[2] == "TIME" and self._free(e)]
        start = self.trigger[0]
        by_distance = sorted(times, key=lambda e: (e[1] > start, abs(e[0] - start)))
        in_clause = [e for e in by_distance if self.clause[0] <= e[0] and e[1] <= self.clause[1]]
        framed = [e for e in by_distance if self.text[:e[0]].endswith(self.rules.time_until)]
        adverbial = [e for e in by_distance if e[1] <= start and (
            self.text[e[1]:e[1] + 1] in CLAUSE_END | {"（", "(", ""} or e[0] == 0
            or self.text[e[0] - 1] in CLAUSE_END | {"）", ")"})]
        for candidates in (in_clause, framed, adverbial, by_distance):
            if candidates:
                chosen = candidates[0]
                bracketed = next((e for e in self.entities if e[2] == "TIME" and e[0] == chosen[1] + 1
                                  and self.text[chosen[1]] in "（("), None)
                self.add("time", *(bracketed or chosen))
                return

    def count(self) -> None:
        """The QUANTITY nearest the trigger in its clause; the noun between a count of people or parties
        and the trigger (144名技能好手报名参赛, 3对高水平创新团队签约结对) is the participant or party."""
        start = self.trigger[0]
        quantities = sorted((e for e in self._in(*self.clause) if e[2] == "QUANTITY" and self._free(e)),
                            key=lambda e: abs(e[0] - start))
        if quantities:  # money is an amount where the type has one (下拨9.55亿元)
            quantity = self.text[quantities[0][0]:quantities[0][1]]
            money = any(unit in quantity for unit in self.rules.money_units) and self.type.role("amount")
            self.add("amount" if money else "count", *quantities[0])
        count = next((x for x in self.filled if x.role == "count"), None)
        end = -1 if count is None else count.end - self.offset
        if count is None or end >= start or not self.text[:end].endswith(self.rules.counters) or (
                self.rules.counted_noun is None):
            return
        noun = self.rules.counted_noun.fullmatch(self.text[end:start])
        role_name = next((r for r in ("participant", "party") if self.type.role(r)), None)
        if noun is not None and role_name and not self.rules.not_a_noun.search(noun["x"]):
            self.add(role_name, end, end + len(noun["x"]), None)

    def beneficiary(self) -> None:
        """为X提供/带去/发放: X is the beneficiary (or, for activities, the participant)."""
        role_name = next((r for r in ("beneficiary", "participant") if self.type.role(r)), None)
        before = self.rules.beneficiary_before_trigger
        match = None if before is None else before.search(self.text[self.clause[0]:self.trigger[0]])
        if role_name and match is not None:
            a, b = (self.clause[0] + i for i in match.span("x"))
            whole = next((e for e in self.entities if e[:2] == (a, b)), None)
            self.add(role_name, a, b, whole[2] if whole else None)

    def subject(self) -> None:
        """The type's subject role (agent, else organizer, party, awardee, participant): the name that
        opens the trigger's clause, else the one that opens the sentence, else the nearest name before
        the trigger in its clause not framed by 由/在/与."""
        role_name = next((r for r in self.rules.subject_roles if self.type.role(r) is not None), None)
        if role_name is None or any(x.role == role_name for x in self.filled):
            return
        names = [e for e in self._in(0, self.trigger[0]) if e[2] in NAMES and self._free(e)
                 and not any(x.start == e[0] + self.offset for x in self.filled)]
        starts = (self.clause[0], self._sentence_start())
        opening = [e for e in names if e[0] in starts]
        nearest = [e for e in names if e[0] >= self.clause[0]
                   and not self.rules.subject_not_after.search(self.text[e[1]:self.trigger[0]])]
        for candidates in (opening, nearest[-1:]):
            if candidates:
                last = candidates[0][0]
                for entity in [e for e in names if e[0] >= last]:  # A、B和C联合……: all of them
                    if entity[0] > last and self.text[last:entity[0]] not in self.rules.subject_joins:
                        break
                    self.add(role_name, *entity)
                    last = entity[1]
                return

    def _sentence_start(self) -> int:
        """Where the sentence's own words begin: after a byline and a leading time (近日，)."""
        position = max((b for a, b in self.asides if a <= 8), default=0)
        lead = next((e for e in self.entities if e[2] == "TIME" and e[0] == position), None)
        if lead is not None and self.text[lead[1]:lead[1] + 1] in "，,":
            position = lead[1] + 1
        return position


class FrameFiller:
    """Finds lexicon (and learned) mentions per sentence and fills their roles."""

    name = "event.frames.v1"

    def __init__(self, schema: EventSchema, taggers: EventTaggers | None = None,
                 learned_threshold: float = 0.8, merge: bool = True) -> None:
        self.schema, self.taggers, self.learned_threshold = schema, taggers, learned_threshold
        self.merge, self.rules, self.grammar = merge, schema.rules, _Grammar(schema.rules)
        self.learned_types = source_types(taggers.schema, schema) if taggers is not None else None
        self.lexicon = schema.trigger_lexicon()
        words = sorted(self.lexicon, key=len, reverse=True)
        self.trigger_pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def triggers(self, sentence: Span, entities: list[Entity]) -> list[Found]:
        """Lexicon triggers of one sentence (``entities``: those inside it): ``(start, end, type)``."""
        if self.trigger_pattern is None:
            return []
        text, rules = sentence.text, self.rules
        blocked = [m.span() for m in QUOTED.finditer(text)] + [
            (e.start - sentence.start, e.end - sentence.start) for e in entities]
        found: list[Found] = []
        for match in self.trigger_pattern.finditer(text):
            word, (start, end) = match[0], match.span()
            listed = text[end:end + 1] == "、" and "、" in text[max(0, start - 4):start]
            listed |= word in rules.policy_words and bool(
                self.grammar.policy_before.search(text[max(0, start - POLICY_WINDOW):start]))
            if any(a <= start < b for a, b in blocked) or rules.noun_after.match(text, end) or listed or (
                    rules.subordinate_after.match(text, end)) or any(
                    len(noun) > len(word) and noun.startswith(word) and text.startswith(noun, start)
                    for noun in rules.nouns):
                continue  # quoted, in a name; a noun (培训区, 职业培训、职业指导, 发布会); 建成后
            clause = text[slice(*clause_around(text, start, end))]
            if word in rules.context and not rules.context[word].search(clause):
                continue
            found.append((start, end, self._type(word, text, end)))
        found = self._compounds(text, found)
        return [(sentence.start + s, sentence.start + e, t) for s, e, t in self._specific(text, found)]

    def _type(self, word: str, text: str, end: int) -> EventType:
        """The type of a lexicon word: refined by what follows in its clause (开展……行动: launch)."""
        names = self.lexicon[word]
        after = text[end:clause_around(text, end, end)[1]]
        for refinement in self.rules.refine:
            if word in refinement.words and (refinement.after is None or refinement.after.search(after)):
                return self.schema[refinement.type]
        prefer = self.rules.prefer  # 举行 in a sentence about a 会议: meeting
        return self.schema[next((n for n in names if n in prefer and prefer[n].search(text)), names[0])]

    def _compounds(self, text: str, found: list[Found]) -> list[Found]:
        """Adjacent triggers: one compound if of one type (走访慰问) unless the first is a light verb
        (开展宣讲: 宣讲), else the second alone (论坛开幕)."""
        out: list[Found] = []
        for start, end, event_type in found:
            if out and out[-1][1] == start:
                previous = out.pop()
                light = text[previous[0]:previous[1]] in self.rules.light_verbs
                if previous[2].name == event_type.name and not light:
                    start = previous[0]
            out.append((start, end, event_type))
        return out

    def _specific(self, text: str, found: list[Found]) -> list[Found]:
        """Drop a light verb when a specific trigger is in its clause, or (举行/举办/召开) before it."""
        keep, light, hosting = [], self.rules.light_verbs, self.rules.hosting_verbs
        for start, end, event_type in found:
            if text[start:end] in light:
                clause = clause_around(text, start, end)
                if any(text[s:e] not in light and (clause[0] <= s < clause[1] or (
                        s < start and text[start:end] in hosting)) for s, e, _ in found):
                    continue
            keep.append((start, end, event_type))
        return keep

    def arguments(self, article: Article, sentence: Span, start: int, end: int, event_type: EventType,
                  left: int | None = None, right: int | None = None,
                  entities: list[Entity] | None = None) -> list[MentionArgument]:
        """Fill ``event_type``'s roles for the trigger ``[start, end)`` inside ``sentence``; ``left`` and
        ``right`` (article offsets) are where the sentence's previous trigger ends and next one starts;
        ``entities`` default to the article's (already at the guideline spans: normalise stage)."""
        left = sentence.start if left is None else left
        right = sentence.end if right is None else right
        entities = list(article.entities) if entities is None else entities
        frame = _Frame(self.grammar, sentence, _inside(entities, sentence.start, sentence.end), event_type,
                       (start - sentence.start, end - sentence.start), left - sentence.start,
                       right - sentence.start)
        frame.object()
        frame.patterns()
        frame.time()
        frame.count()
        frame.beneficiary()
        frame.subject()
        return frame.filled

    def lexicon_mentions(self, article: Article) -> Iterator[Mention]:
        entities = list(article.entities)
        for index, sentence in enumerate(article.sentences):
            found = self.triggers(sentence, _inside(article.entities, sentence.start, sentence.end))
            for k, (start, end, event_type) in enumerate(found):
                left = found[k - 1][1] if k else None
                right = found[k + 1][0] if k + 1 < len(found) else None
                yield Mention(event_type.name, start, end, LEXICON_SCORE,
                              tuple(self.arguments(article, sentence, start, end, event_type, left, right,
                                                   entities)),
                              evidence=index, source=self.name)

    def learned_mentions(self, article: Article) -> list[Mention]:
        if self.taggers is None or not article.sentences:
            return []
        found = []
        texts = [sentence.text for sentence in article.sentences]
        predicted = self.taggers.predict(texts, self.learned_types)
        for index, (sentence, mentions) in enumerate(zip(article.sentences, predicted)):
            found += [m.shifted(sentence.start, index, "event.learned.v1") for m in mentions
                      if m.score >= self.learned_threshold]
        return map_to_schema(article, found, self.schema, self.taggers.schema)

    def __call__(self, article: Article) -> Article:
        mentions = list(self.lexicon_mentions(article))
        for learned in self.learned_mentions(article):
            same = next((i for i, m in enumerate(mentions)
                         if m.start < learned.end and learned.start < m.end), None)
            if same is None:
                mentions.append(learned)
                continue
            lexical = mentions[same]  # the lexicon's type wins; the model adds roles it left empty
            filled = {a.role for a in lexical.arguments}
            extra = tuple(a for a in learned.arguments if a.role not in filled)
            mentions[same] = Mention(lexical.type, lexical.start, lexical.end,
                                     max(lexical.score, learned.score * LEARNED_WEIGHT),
                                     lexical.arguments + extra, lexical.evidence, self.name)
        return events_from_mentions(article, self.schema, mentions, self.name, self.merge)

    def to_disk(self, path: Path) -> None:
        if self.taggers is not None:
            self.taggers.save(path)
        else:
            path.mkdir(parents=True, exist_ok=True)


@backend("event.frames.v1", provides={"events"}, requires={"sentences", "entities"})
def make_frames(*, model_dir: Path | None = None, schema: str = "news", learned: bool = True,
                learned_threshold: float = 0.8, merge: bool = True) -> FrameFiller:
    """Schema-driven filling, with the learned taggers from ``model_dir`` when ``learned`` is true.

    Args:
        schema: ``"news"``, ``"duee"`` or a schema file.
        learned: use the learned taggers saved in ``model_dir`` (made by ``newsnlp train events``).
        learned_threshold: minimum confidence of a learned trigger.
        merge: merge mentions of one event across sentences (false: one event per mention).
    """
    taggers = None
    if learned:
        if model_dir is None or not (Path(model_dir) / META_FILE).is_file():
            raise ModelNotFoundError(f"event.frames.v1 with learned = true needs the learned taggers in "
                                     f"{model_dir}/ (made by `newsnlp train events`); or set learned = false")
        taggers = EventTaggers.load(Path(model_dir), inference=True)
    return FrameFiller(load_schema(schema), taggers, learned_threshold, merge)
