import doctest

from hypothesis import given
from hypothesis import strategies as st

from newsnlp.stages.word import rules
from newsnlp.stages.word.dictionary import finish_words
from newsnlp.stages.word.rules import atomic_runs, enforce_atomic, impose, tokenize_spans


def chars(text: str) -> list[tuple[int, int]]:
    """The worst backend: every character a word."""
    return [(i, i + 1) for i, c in enumerate(text) if not c.isspace()]


def words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [w.text for w in finish_words(text, spans)]


def test_doctests():
    assert doctest.testmod(rules).failed == 0


def test_codes_urls_and_emails_are_one_word_even_from_a_char_by_char_backend():
    text = "型号BZ-YQ1722和CA4GB在T3航站楼，详见https://www.gov.cn/a_b?x=1或写信给a.b@x.com.cn。"
    assert words(text, chars(text)) == [
        "型", "号", "BZ-YQ1722", "和", "CA4GB", "在", "T3", "航", "站", "楼", "，", "详", "见",
        "https://www.gov.cn/a_b?x=1", "或", "写", "信", "给", "a.b@x.com.cn", "。"]


def test_codes_glued_to_chinese_are_cut_free():
    text = "乘坐T3航班"
    assert words(text, [(0, 3), (3, 6)]) == ["乘坐", "T3", "航班"]


def test_numbers_are_never_split_but_keep_their_unit_suffix():
    text = "2025年11月19日增长50%，约1,000人，３．５％"
    cuts = [0, 2, 5, 6, 8, 10, 11, 12, 13, 14, 16, 17, 18, 20, 23, 24, 25, 27, 29]
    spans = list(zip(cuts, cuts[1:]))
    assert [text[s:e] for s, e in spans][:6] == ["20", "25年", "1", "1月", "19", "日"]
    assert words(text, spans) == ["2025年", "11月", "19", "日", "增", "长", "50%", "，", "约", "1,000",
                                  "人", "，", "３．５％"]


def test_full_width_forms_and_punctuation_runs():
    text = "ＢＺ－ＹＱ１７２２型！！他说：“好……”"
    assert words(text, chars(text)) == ["ＢＺ－ＹＱ１７２２", "型", "！！", "他", "说", "：", "“", "好",
                                        "……", "”"]


def test_name_internal_marks_are_left_to_the_model():
    text = "菲德尔·卡斯特罗说"
    assert words(text, [(0, 8), (8, 9)]) == ["菲德尔·卡斯特罗", "说"]


def test_traditional_characters_pass_through_with_valid_offsets():
    text = "臺灣經濟發展，iPhone 15售價"
    assert words(text, chars(text))[-5:] == ["，", "iPhone", "15", "售", "價"]


def test_atomic_runs_kinds():
    assert [(s, e, strict) for s, e, strict in atomic_runs("iPhone 15 Pro")] == [
        (0, 6, True), (7, 9, False), (10, 13, True)]


def test_tokenize_spans_skips_whitespace_and_recovers_dropped_characters():
    text = "我 爱\n北京 天安门"
    assert tokenize_spans(text, ["我", "爱北", "京", "天安门"]) == [(0, 1), (2, 3), (4, 5), (5, 6), (7, 10)]
    assert tokenize_spans("abc", ["b"]) == [(0, 1), (1, 2), (2, 3)]


def test_impose_trims_or_stretches():
    spans = [(0, 2), (2, 4), (4, 6)]
    assert impose(spans, [(1, 5, True)]) == [(0, 1), (1, 5), (5, 6)]
    assert impose(spans, [(1, 5, False)]) == [(0, 6)]
    assert impose(spans, [(1, 2, True), (3, 4, True)]) == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 6)]
    assert impose([(0, 2), (3, 5)], [(6, 7, True)]) == [(0, 2), (3, 5)]


@given(st.text(alphabet="ab１2.%,:-/ 中文，。T3https://w", max_size=40), st.data())
def test_any_backend_output_stays_a_valid_tiling(text, data):
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)))))
    spans = [(s, e) for s, e in zip([0, *cuts], [*cuts, len(text)]) if s < e]
    pieces = tokenize_spans(text, [text[s:e] for s, e in spans])
    result = enforce_atomic(text, pieces)
    assert all(s < e and text[s:e].strip() for s, e in result)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(result, result[1:]))
    covered = {i for s, e in result for i in range(s, e)}
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered
    for start, end, _ in atomic_runs(text):
        assert any(s <= start and end <= e for s, e in result)


def force_one(spans, start, end, cut_edges):
    """The obvious quadratic reference for one region of :func:`impose`."""
    inside = [(s, e) for s, e in spans if s < end and e > start]
    if not inside:
        return spans
    before = [(s, e) for s, e in spans if e <= start]
    after = [(s, e) for s, e in spans if s >= end]
    if not cut_edges:
        return before + [(min(start, inside[0][0]), max(end, inside[-1][1]))] + after
    left = [(inside[0][0], start)] if inside[0][0] < start else []
    right = [(end, inside[-1][1])] if inside[-1][1] > end else []
    return before + left + [(start, end)] + right + after


@given(st.sets(st.integers(0, 30)), st.lists(st.tuples(st.integers(0, 30), st.integers(1, 4), st.booleans()),
                                             max_size=6))
def test_impose_equals_applying_regions_one_by_one(cuts, raw_regions):
    cuts = sorted(cuts | {0, 30})
    spans = [(s, e) for s, e in zip(cuts, cuts[1:]) if (s + e) % 5]  # some gaps, like whitespace
    regions, last = [], 0
    for start, length, cut_edges in sorted(raw_regions):
        if start >= last:
            regions.append((start, start + length, cut_edges))
            last = start + length
    expected = spans
    for start, end, cut_edges in regions:
        expected = force_one(expected, start, end, cut_edges)
    assert impose(spans, regions) == expected
