"""The text toolkit every stage may import: Chinese punctuation classes, clause and sentence boundaries,
numerals, the traditional→simplified table, atomic writing of files and folders, and dotted-path loading."""
