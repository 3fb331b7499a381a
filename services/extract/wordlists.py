"""The word lists and tables of the extract stage: read by the one loader,
``docpipe.wordlists`` (the segment stage's cleaning rules use it too)."""

from docpipe.wordlists import (
    DataFileError,
    alternation,
    alternative,
    by_length,
    data_lines,
    data_path,
    load_group,
    load_groups,
    load_list,
    load_table,
    load_words,
    read_table,
)

__all__ = [
    "DataFileError",
    "alternation",
    "alternative",
    "by_length",
    "data_lines",
    "data_path",
    "load_group",
    "load_groups",
    "load_list",
    "load_table",
    "load_words",
    "read_table",
]
