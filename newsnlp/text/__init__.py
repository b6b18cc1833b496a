"""The shared text toolkit: character-level helpers every stage can use (numerals, punctuation …)."""
