"""What every request and response passes at the edge of the app.

Responses: privacy and security headers, no cookie ever, no cache for pages,
and ``Location`` headers made relative (never built from the Host header).
Requests: a Host header werkzeug cannot read is replaced before Flask sees it
(and answered with a 400), over-long query strings get a 414, and a form post
another site made a browser send is refused with a 403, before any blueprint
runs, so it is never counted.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, abort, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        # Nothing is allowed unless named here.
        "default-src 'none'",
        "img-src 'self'",
        "style-src 'self'",
        "script-src 'self'",
        # The course shows a module's answers in place with fetch() to its own address.
        "connect-src 'self'",
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
    "Cross-Origin-Resource-Policy": "same-origin",
    # Two years; browsers ignore it over plain http, so development is unaffected.
    "Strict-Transport-Security": "max-age=63072000",
}
# A host name (labels of at most 63 letters, digits or hyphens), an IPv4 address or a
# bracketed IPv6 address, with an optional port: what werkzeug can turn into a URL adapter.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
USABLE_HOST = re.compile(rf"(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]{{2,45}}\])(?::[0-9]{{1,5}})?")
# Put in place of an unusable Host header; the request is then refused with a 400.
PLACEHOLDER_HOST = "unusable-host.invalid"
UNUSABLE_HOST = "hulpwijzer.unusable_host"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Final header lists kept for replayed pages (the page cache holds 1,024 pages per worker).
MAX_REPLAYED = 4096


class PrivacyHeaders:
    """WSGI middleware: every response, whatever produced it, gets the privacy headers.

    Done at the WSGI edge rather than in after_request so that no response escapes
    it, and because appending tuples is much cheaper than werkzeug's Headers.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.headers = list(SECURITY_HEADERS.items())
        self.usable_hosts: set[str] = set()
        self.replayed: dict[int, tuple[tuple, list[tuple[str, str]]]] = {}

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is not None and host not in self.usable_hosts:
            self.check_host(environ, host)

        def start_with_headers(status, headers, exc_info=None):
            if type(headers) is tuple:
                # A page the replay cache answers: the same tuple every time, so its final
                # headers are worked out once (this is the hot path of the site).
                final = self.replayed.get(id(headers))
                if final is None or final[0] is not headers:
                    if len(self.replayed) >= MAX_REPLAYED:
                        self.replayed.clear()
                    final = self.replayed[id(headers)] = (headers, self.final_headers(headers))
                return start_response(status, final[1], exc_info)
            return start_response(status, self.final_headers(headers), exc_info)

        return self.wsgi_app(environ, start_with_headers)

    def final_headers(self, headers) -> list[tuple[str, str]]:
        kept, cache_control, html = [], None, False
        for name, value in headers:
            lower = name.lower()
            if lower == "set-cookie":  # no cookie may ever leave this app; if a library tried, it goes
                continue
            if lower == "cache-control":
                cache_control = (name, value)
                continue
            if lower == "content-type":
                html = value.startswith("text/html")
            elif lower == "location":
                value = relative_location(value)
            kept.append((name, value))
        # Only what says it may be cached (the fingerprinted static files) keeps its
        # Cache-Control; pages, downloads and redirects stay out of every cache: not on a
        # shared device's disk, and no shared cache holds (or logs) a progress code or answers.
        kept.append(cache_control if cache_control and not html else ("Cache-Control", "no-store"))
        kept.extend(self.headers)
        return kept

    def check_host(self, environ: dict, host: str) -> None:
        if len(host) <= 255 and USABLE_HOST.fullmatch(host):
            if len(self.usable_hosts) < 64:  # a site has a few names; never grow without bound
                self.usable_hosts.add(host)
            return
        environ["HTTP_HOST"] = PLACEHOLDER_HOST
        environ[UNUSABLE_HOST] = True


def relative_location(url: str) -> str:
    """/path?query for a redirect within this site: never http://host/..., whatever the Host said.

    Werkzeug's redirect to the address with a slash is absolute, built from the Host header;
    behind TLS that would send the visitor (and the progress code in the URL) to plain http.
    Links to other sites are only ever in pages, never in redirects.
    """
    if not url.startswith(("http://", "https://", "//", "/\\")):
        return url
    parts = urlsplit(url)
    # Never //other-host or /\other-host (browsers read a backslash as a slash): that would leave the site.
    path = "/" + parts.path.lstrip("/\\")
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def refuse_unusable_host() -> None:
    if UNUSABLE_HOST in request.environ:
        abort(400)


def refuse_long_query() -> None:
    if len(request.query_string) > current_app.config["MAX_QUERY_LENGTH"]:
        abort(414)


def refuse_cross_site_post() -> None:
    """One rule for every form: a post another site made the browser send is refused.

    Sec-Fetch-Site is what browsers send today; Origin covers older ones. ``Origin: null``
    is what a browser sends for our own forms under ``Referrer-Policy: no-referrer``.
    """
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403)
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc.lower() != request.host.lower():
        abort(403)


def init_app(app: Flask) -> None:
    # Flask's session needs a secret key to write a cookie; there is none on purpose.
    app.config["SECRET_KEY"] = None
    app.before_request(refuse_unusable_host)
    app.before_request(refuse_long_query)
    app.before_request(refuse_cross_site_post)
    app.wsgi_app = PrivacyHeaders(app.wsgi_app)
