"""Every error answer of the site in one place: the project's :class:`~kzjp_kg.web.sparql.HttpError` and HTTP's
400, 404, 405 and 413, as plain text for programs or, for browsers, a page of the site (``templates/error.html``,
extending base.html: navigation, language switcher, the status in the reader's language) from
:func:`~kzjp_kg.web.sparql.error_response`.

Why app-wide handlers: a view raises (``HttpError`` from a query, ``abort(404, why)``) and stops; it does not wrap
each query in ``try``/``except`` to build the same answer again. A message given to ``abort`` is shown as is;
without one, each status says what to try instead.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from kzjp_kg.web.sparql import HttpError, error_response

bp = Blueprint("errors", __name__)


def _message(exc: HTTPException, default: str) -> str:
    """The view's own reason (``abort(404, reason)``) if it gave one, else ``default``."""
    custom = exc.description and exc.description != type(exc).description
    return str(exc.description) if custom else default


@bp.app_errorhandler(HttpError)
def http_error(exc: HttpError) -> Response:
    return error_response(exc.status, exc.message, exc.headers)


@bp.app_errorhandler(400)
def bad_request(exc: HTTPException) -> Response:
    return error_response(400, _message(exc, f"{request.path}: the request is malformed."))


@bp.app_errorhandler(404)
def not_found(exc: HTTPException) -> Response:
    return error_response(404, _message(exc, f"{request.path}: nothing here. Try / (query UI), /sparql, "
                                             "/search?q=..., /ontology, /void or /dumps."))


@bp.app_errorhandler(405)
def not_allowed(exc: HTTPException) -> Response:
    allow = exc.get_headers()
    headers = {k: v for k, v in allow if k == "Allow"}
    return error_response(405, _message(exc, f"{request.method} is not allowed on {request.path}."), headers)


@bp.app_errorhandler(413)
def too_large(exc: HTTPException) -> Response:
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    return error_response(413, _message(exc, f"the request body exceeds the limit of {limit} bytes (KZJP_MAX_BODY). "
                                             "Send a shorter query."))
