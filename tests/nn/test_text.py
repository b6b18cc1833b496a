from newsnlp.nn.text import normalise, normalise_char


def test_normalise_is_normalise_char_on_every_character():
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    assert normalise(every) == "".join(normalise_char(char) for char in every)
    assert normalise("ＡＢ１２　x7") == "AB00 x0"
