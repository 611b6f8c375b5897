"""Hostile requests generated from the app's URL map and the crawled pages' parameters.

Every route and parameter gets odd values in the path, the query and form
bodies, under every method, with odd headers, Host values, encodings and
malformed bodies. Generation is deterministic (a fixed seed), so a failure can
be replayed. Every query carries QUERY_MARK and every request X-Forwarded-For:
FORWARDED_ADDRESS, so the log can be searched for both afterwards.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from tests.support.counts import BROWSER
from tests.support.rawhttp import build

QUERY_MARK = "qsmark7311"
FORWARDED_ADDRESS = "203.0.113.77"
# Every request's user agent ends with this, so the log can be searched for it too.
AGENT_MARK = "uamark5120"
AGENT = f"{BROWSER} {AGENT_MARK}"
# Methods no browser sends, in every spelling a parser might trip over.
ODD_METHODS = ["get", "Get", "CONNECT", "M-SEARCH", "X" * 200, "GET/", "QUERY", "PRI", "SEARCH", "LOCK"]
# Header values from 8 to 64 KB, on the headers counting and the pages read.
LARGE_HEADERS = ["User-Agent", "Sec-Fetch-Site", "Sec-Fetch-Dest", "Accept-Language", "Referer", "X-Big"]
LARGE_SIZES = [8 * 1024, 16 * 1024, 32 * 1024, 48 * 1024, 64 * 1024]
# Beyond the server's head buffer (site/serving/server.py): granian answers 431 itself.
TOO_LARGE_SIZES = [128 * 1024, 400 * 1024]
METHODS = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "PROPFIND", "BREW"]
VALUES = [
    "",
    " ",
    "x" * 3000,
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "%ff%fe",
    "%c0%af",
    "ünïcødé-€",
    "😀" * 40,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "-1",
    "0",
    "99999999999999999999",
    "0x10",
    "1e309",
    "NaN",
    "a/b/c",
    "%2e%2e%2f",
    "\u202e",
    "\x7f",
    "\\..\\..\\",
    "null",
    "[]",
    "{}",
    "{{7*7}}",
    "A" * 17,
    "....",
    "1,2,3",
    "true",
]
HOSTS = ["a..b", "x" * 64 + ".nl", "[::1", "host:99x", "bücher.nl", "-x.nl", "evil.example", "", "a b"]
AGENTS = ["", "a" * 65_536, "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.0", "\x01\x02"]


@dataclass
class Case:
    label: str
    raw: bytes
    head: bool = False
    # Malformed at the HTTP level: granian (Rust) may answer itself, without the app's headers.
    protocol: bool = False
    # Sent on a connection of its own: a raw CR or LF may make the server see two requests.
    alone: bool = False
    # Requests in raw, sent at once (pipelining); each must be answered.
    pipelined: int = 1


def encoded(value: str) -> str:
    return quote(value, safe="")


class Generator:
    def __init__(self, rules: list[str], urls: list[str], form_fields: list[str], host: str, seed: int = 10):
        self.rules = rules  # route patterns from the URL map
        self.urls = urls  # one real URL per page type, with its query
        self.fields = sorted({*form_fields, "unknown", "_method", "csrf_token"})
        self.host = host
        self.random = random.Random(seed)

    def request(self, method: str, target: str, headers=(), body=None, host=None, **kw) -> bytes:
        headers = [("User-Agent", AGENT), ("X-Forwarded-For", FORWARDED_ADDRESS), *headers]
        return build(method, target, self.host if host is None else host, headers, body, **kw)

    def marked(self, path: str, query: str = "") -> str:
        return f"{path}?{query + '&' if query else ''}z={QUERY_MARK}"

    def paths(self, value: str) -> list[str]:
        filled = []
        for rule in self.rules:
            path = re.sub(r"<any\([^)]*\):lang>", self.random.choice(["nl", "en"]), rule)
            filled.append(re.sub(r"<[^>]+>", encoded(value), path))
        return filled

    def cases(self) -> Iterator[Case]:
        yield from self.path_cases()
        yield from self.query_and_form_cases()
        yield from self.header_cases()
        yield from self.protocol_cases()
        yield from self.second_sweep_cases()

    def path_cases(self) -> Iterator[Case]:
        for value in VALUES:
            for path in self.paths(value):
                for method in ("GET", "POST", "HEAD", self.random.choice(METHODS)):
                    body = b"" if method in ("POST", "PUT", "PATCH") else None
                    yield Case(
                        f"{method} {path[:80]}",
                        self.request(method, self.marked(path), body=body),
                        head=method == "HEAD",
                    )

    def query_and_form_cases(self) -> Iterator[Case]:
        for url in self.urls:
            parts = urlsplit(url)
            real = parse_qsl(parts.query)
            for name in self.fields + [n for n, _ in real]:
                for value in VALUES:
                    query = urlencode([*(p for p in real if p[0] != name), (name, value)])
                    yield Case(
                        f"GET {parts.path}?{name}=…", self.request("GET", self.marked(parts.path, query))
                    )
                    form = urlencode({name: value}).encode()
                    yield Case(
                        f"POST {parts.path} {name}=…",
                        self.request(
                            "POST",
                            self.marked(parts.path, parts.query),
                            body=form,
                            headers=[("Content-Type", "application/x-www-form-urlencoded")],
                        ),
                    )
                # The same name twice, and an unencoded value.
                raw_query = f"{parts.query}&{name}=a&{name}=b&{name}=%zz&{name}=x'y"
                yield Case(
                    f"GET {parts.path} repeated {name}",
                    self.request("GET", self.marked(parts.path, raw_query)),
                )
                # Characters a request line may not carry: granian refuses them itself.
                raw_query = f'{parts.query}&{name}=<>"{{}}|'
                yield Case(
                    f"GET {parts.path} unencoded {name}",
                    self.request("GET", self.marked(parts.path, raw_query)),
                    protocol=True,
                )

    def header_cases(self) -> Iterator[Case]:
        header_sets = [
            *[[("Host", host)] for host in HOSTS],
            *[[("User-Agent", agent)] for agent in AGENTS],
            [("User-Agent", "a" * 8000)] * 10,
            [("Sec-Fetch-Site", "cross-site")],
            [("Origin", "https://evil.example")],
            [("Origin", "null")],
            [("Accept-Language", "x" * 5000)],
            [("Accept-Language", "nl;q=abc, en;q=")],
            [("Cookie", "session=abc; x=" + "y" * 3000)],
            [("Authorization", "Basic !!!")],
            [("Authorization", "Bearer " + "z" * 4000)],
            [("Range", "bytes=0-1,5-")],
            [("If-None-Match", "*")],
            [("If-Modified-Since", "yesterday")],
            [("Sec-Purpose", "prefetch")],
            [("X-Forwarded-Host", "evil.example"), ("X-Forwarded-Proto", "http")],
            [("Script-Name", "/nl"), ("X-Script-Name", "/nl")],
            [("Content-Type", "multipart/form-data; boundary=")],
            [("Accept-Encoding", "gzip;q=2, *;q=-1")],
            [("X-Header", "\u00ff" * 100)],
        ]
        for url in self.urls:
            for headers in header_sets:
                names = {n.lower() for n, _ in headers}
                host = next((v for n, v in headers if n == "Host"), None)
                rest = [(n, v) for n, v in headers if n != "Host"]
                if "user-agent" in names:
                    rest = [("User-Agent", v) for n, v in headers if n == "User-Agent"]
                for method in ("GET", "POST"):
                    body = b"topic=sextortion" if method == "POST" else None
                    raw = build(
                        method,
                        self.marked(url),
                        self.host if host is None else host,
                        [("X-Forwarded-For", FORWARDED_ADDRESS), *rest],
                        body,
                    )
                    # Control characters in a header value: granian refuses them itself.
                    invalid = any(ord(c) < 32 for _, v in headers for c in v)
                    yield Case(f"{method} {url[:60]} with {sorted(names)}", raw, protocol=invalid)

    def protocol_cases(self) -> Iterator[Case]:
        post = "/nl/advies/vragen"
        form = [("Content-Type", "application/x-www-form-urlencoded")]
        bodies = [
            ("chunked, bad size", [*form, ("Transfer-Encoding", "chunked")], b"zz\r\nabc\r\n0\r\n\r\n"),
            (
                "chunked and length",
                [*form, ("Transfer-Encoding", "chunked"), ("Content-Length", "3")],
                b"3\r\nabc\r\n0\r\n\r\n",
            ),
            (
                "multipart, cut off",
                [("Content-Type", "multipart/form-data; boundary=zz")],
                b"--zz\r\nContent-Disposition: form-data; name=topic\r\n\r\nsext",
            ),
            ("multipart, no boundary", [("Content-Type", "multipart/form-data")], b"--\r\n"),
            ("bytes not utf-8", form, b"topic=\xff\xfe&age=\xc0\xaf"),
            ("too large", form, b"x=" + b"y" * 70_000),
            ("json", [("Content-Type", "application/json")], b'{"topic": [1, {"a": null}]}'),
            ("gzip claimed", [*form, ("Content-Encoding", "gzip")], b"topic=sextortion"),
        ]
        targets = [
            "/nl/" + "a" * 8000,
            "/nl/%",
            "/nl/%%32%65",
            "//evil.example/nl/",
            "/nl/./../../etc/passwd",
            "/nl/stoppen",
            "/nl//stoppen//6",
            "/nl/\\stoppen",
            "http://evil.example/nl/",
            "*",
            "/nl/?" + "a=1&" * 1000,
        ]
        for _ in range(6):
            for label, headers, body in bodies:
                yield Case(
                    f"POST {post} {label}",
                    self.request("POST", self.marked(post), headers, body),
                    protocol=True,
                )
            for target in targets:
                yield Case(f"GET {target[:60]}", self.request("GET", target), protocol=True)
                yield Case(
                    f"GET {target[:60]} HTTP/1.0",
                    self.request("GET", target, version="HTTP/1.0"),
                    protocol=True,
                )
            yield Case(
                "GET without Host", build("GET", self.marked("/nl/"), None, version="HTTP/1.0"), protocol=True
            )

    def second_sweep_cases(self) -> Iterator[Case]:
        """What the second outside sweep sent: control characters before a campaign tag, CR and LF
        in every part of the request line, header values of 8-64 KB, HTTP/1.0, pipelining, odd methods."""
        controls = [chr(c) for c in (*range(32), 127)]
        for url in self.urls:
            path = urlsplit(url).path
            for c in controls:
                # Encoded, so the request is valid and the app answers (a redirect without the tag).
                tagged = f"{path}{encoded(c)}X?bron=nieuwsbrief&z={QUERY_MARK}"
                yield Case(f"GET {path} %{ord(c):02x} before a tag", self.request("GET", tagged))
                yield Case(f"HEAD {path} %{ord(c):02x} before a tag", self.request("HEAD", tagged), head=True)
            for c in ("\r", "\n", "\r\n", "\x00", "\t"):
                raw_label = repr(c)
                target = self.marked(path)
                lines = [
                    f"GE{c}T {target} HTTP/1.1",
                    f"GET {path}{c}X-Injected: 1?z={QUERY_MARK} HTTP/1.1",
                    f"GET {target}{c} HTTP/1.1",
                    f"GET {target} HTTP/1.1{c}",
                    f"GET {target} HTTP{c}/1.1",
                ]
                for line in lines:
                    raw = f"{line}\r\nHost: {self.host}\r\nUser-Agent: {AGENT}\r\n\r\n".encode("latin-1")
                    yield Case(f"raw {raw_label} in the request line", raw, protocol=True, alone=True)
            for crlf in ("%0d%0a", "%0D%0A", "%0a", "%0d", "%E2%80%A8", "%C2%85"):
                yield Case(
                    f"GET {path} {crlf} in the path", self.request("GET", f"{path}{crlf}X-Injected:%201")
                )
                yield Case(
                    f"GET {path} {crlf} in the query",
                    self.request("GET", self.marked(path, f"a={crlf}X-Injected:%201")),
                )
            for method in ODD_METHODS:
                yield Case(f"{method[:20]} {path}", self.request(method, self.marked(path)), protocol=True)
            yield Case(f"GET {path} HTTP/1.0", self.request("GET", self.marked(path), version="HTTP/1.0"))
            yield Case(
                f"GET {path} HTTP/1.0 keep-alive",
                self.request("GET", self.marked(path), [("Connection", "keep-alive")], version="HTTP/1.0"),
                alone=True,
            )
            three = [self.request(m, self.marked(path)) for m in ("GET", "GET", "POST")]
            three[2] = self.request("POST", self.marked(path), body=b"", headers=[("Content-Length", "0")])
            yield Case(f"3 pipelined to {path}", b"".join(three), pipelined=3, alone=True)
        for name in LARGE_HEADERS:
            for size in LARGE_SIZES + TOO_LARGE_SIZES:
                url = self.random.choice(self.urls)
                value = ("v" * size) if name != "User-Agent" else AGENT + "v" * size
                raw = build(
                    "GET",
                    self.marked(url),
                    self.host,
                    [("X-Forwarded-For", FORWARDED_ADDRESS), (name, value)]
                    + ([] if name == "User-Agent" else [("User-Agent", AGENT)]),
                )
                # Up to the server's buffer the app answers; beyond it granian's 431.
                yield Case(
                    f"GET {url[:40]} {name} of {size // 1024} KB", raw, protocol=size in TOO_LARGE_SIZES
                )

    def random_cases(self, n: int) -> Iterator[Case]:
        """Random text anywhere: in a path segment, a parameter's value and a form body."""
        alphabet = [chr(c) for c in range(32, 127)] + ["é", "€", "😀", "\u202e", "\x00", "ÿ"]
        for i in range(n):
            text = "".join(self.random.choices(alphabet, k=self.random.randint(0, 40)))
            url = self.random.choice(self.urls)
            parts = urlsplit(url)
            name = self.random.choice(self.fields)
            if i % 3 == 0:
                path = self.random.choice(self.paths(text))
                yield Case(f"GET random path #{i}", self.request("GET", self.marked(path)))
            elif i % 3 == 1:
                query = urlencode([*parse_qsl(parts.query), (name, text)])
                yield Case(f"GET random {name} #{i}", self.request("GET", self.marked(parts.path, query)))
            else:
                body = urlencode({name: text}).encode()
                yield Case(
                    f"POST random {name} #{i}",
                    self.request(
                        "POST",
                        self.marked(parts.path),
                        body=body,
                        headers=[("Content-Type", "application/x-www-form-urlencoded")],
                    ),
                )
