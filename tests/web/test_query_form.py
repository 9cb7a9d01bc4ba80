"""A query's form has one home: the tokenizer of :mod:`kzjp_kg.store.sparqltext`, used by the endpoint's policy and by
the remote store (which once classified queries with its own regular expression, line by line).
"""

from __future__ import annotations

import pytest

from kzjp_kg.errors import InputError
from kzjp_kg.store import remote
from kzjp_kg.store.sparqltext import inspect_query, query_form
from kzjp_kg.web import policy


@pytest.mark.parametrize("text, form", [
    ("SELECT * { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://e/#> SELECT * { ?s ex:p ?o }", "SELECT"),  # PREFIX and SELECT on one line
    ("prefix ex: <http://e/#>\n# SELECT in a comment\nask { ?s ex:p 'SELECT' }", "ASK"),
    ("BASE <http://e/> PREFIX a: <x#> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("PREFIX ex: <http://e/ASK#>\nDESCRIBE ex:a", "DESCRIBE"),
])
def test_the_form_is_the_first_keyword_outside_iris_strings_and_comments(text: str, form: str) -> None:
    assert query_form(text) == form == inspect_query(text).form


@pytest.mark.parametrize("text", ["INSERT DATA { <a> <b> <c> }", "# SELECT\n", ""])
def test_an_update_or_no_query_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="not a SELECT, ASK, CONSTRUCT or DESCRIBE"):
        query_form(text)


def test_one_home() -> None:
    assert remote.query_form is query_form and policy.inspect_query is inspect_query
    assert not hasattr(remote, "_QUERY_FORM")
