"""Headers that keep visitors private, and the guarantee that nothing sets a cookie."""

from __future__ import annotations

from flask import Flask, Response, abort, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self'",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
        "display-capture",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # A visitor who follows our link to the police or a helpline must not reveal where they came from.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    # No cookie may ever leave this app; if a library tried, drop it here too.
    response.headers.pop("Set-Cookie", None)
    return response


def refuse_long_query() -> None:
    from flask import current_app

    if len(request.query_string) > current_app.config["MAX_QUERY_LENGTH"]:
        abort(414)


def init_app(app: Flask) -> None:
    # Flask's session needs a secret key to write a cookie; there is none on purpose.
    app.config["SECRET_KEY"] = None
    app.before_request(refuse_long_query)
    app.after_request(add_security_headers)
