import doctest

from hypothesis import given
from hypothesis import strategies as st

from newsnlp.doc import Article
from newsnlp.stages.sentence import rules
from newsnlp.stages.sentence.rules import make_sentence_splitter
from newsnlp.text.sentences import MAX_SENTENCE, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_terminators_and_closing_quotes():
    assert sentences("真的吗？！是的……好。第三句；第四句!") == [
        "真的吗？！", "是的……", "好。", "第三句；", "第四句!"]
    assert sentences("“现在下班后靴子是干爽的。”一位职工说。") == [
        "“现在下班后靴子是干爽的。”", "一位职工说。"]


def test_a_quotation_that_continues_the_sentence_stays_whole():
    text = "卢其欢说：“这次结对，我们期盼已久。共同解决疑难杂症。”"
    assert sentences(text) == [text]
    assert sentences("他说：“好。”大家笑了。") == ["他说：“好。”", "大家笑了。"]


def test_line_breaks_end_sentences_and_reset_unbalanced_quotes():
    assert sentences("第一段没有句号\n“未闭合。还在。\n\n下一段。") == [
        "第一段没有句号", "“未闭合。还在。", "下一段。"]


def test_decimals_and_latin_periods_do_not_split():
    assert sentences("增长2.4万人，达到50%以上。版本v1.2发布。") == [
        "增长2.4万人，达到50%以上。", "版本v1.2发布。"]


def test_empty_and_blank_text():
    assert sentences("") == [] and sentences(" \n\u3000 ") == []


def test_stage_fills_the_layer():
    article = make_sentence_splitter()(Article(id="a", text="甲。乙。"))
    assert article.layers_filled == ["sentences"]
    assert [s.text for s in article.sentences] == ["甲。", "乙。"]
    article.check_offsets()


def test_doctests():
    assert doctest.testmod(rules).failed == 0


@given(st.text())
def test_random_text_gives_ordered_non_empty_spans(text):
    bounds = split_sentences(text)
    assert all(0 <= s < e <= len(text) for s, e in bounds)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(bounds, bounds[1:]))
    covered = {i for s, e in bounds for i in range(s, e)}
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_a_run_on_sentence_is_cut_after_commas_within_the_limit():
    text = "工会组织开展活动，" * 200 + "结束。"
    bounds = split_sentences(text)
    assert all(end - start <= MAX_SENTENCE for start, end in bounds)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(text[e - 1] == "，" for _, e in bounds[:-1])
