"""Headers that keep visitors private, and the guarantee that nothing sets a cookie."""

from __future__ import annotations

from flask import Flask, abort, request

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


class PrivacyHeaders:
    """WSGI middleware: every response, whatever produced it, gets the privacy headers.

    Done at the WSGI edge rather than in after_request so that no response escapes
    it, and because appending tuples is much cheaper than werkzeug's Headers.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.headers = list(SECURITY_HEADERS.items())

    def __call__(self, environ, start_response):
        def start_with_headers(status, headers, exc_info=None):
            # Only what says it may be cached (the fingerprinted static files) keeps its
            # Cache-Control; pages, downloads and redirects stay out of every cache: not on a
            # shared device's disk, and no shared cache holds (or logs) a progress code or answers.
            cacheable = not is_html(headers) and any(k.lower() == "cache-control" for k, _ in headers)
            # No cookie may ever leave this app; if a library tried, it is dropped here.
            dropped = ("set-cookie",) if cacheable else ("set-cookie", "cache-control")
            kept = [(k, v) for k, v in headers if k.lower() not in dropped]
            kept.extend(self.headers)
            if not cacheable:
                kept.append(("Cache-Control", "no-store"))
            return start_response(status, kept, exc_info)

        return self.wsgi_app(environ, start_with_headers)


def is_html(headers) -> bool:
    return any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers)


def refuse_long_query() -> None:
    from flask import current_app

    if len(request.query_string) > current_app.config["MAX_QUERY_LENGTH"]:
        abort(414)


def init_app(app: Flask) -> None:
    # Flask's session needs a secret key to write a cookie; there is none on purpose.
    app.config["SECRET_KEY"] = None
    app.before_request(refuse_long_query)
    app.wsgi_app = PrivacyHeaders(app.wsgi_app)
