"""A tiny HTTP/1.1 client over raw sockets, for requests no polite client would send.

Keep-alive like a browser (one connection reused while the server keeps it open),
any bytes as the request, and a reply parsed just enough to check status,
headers and body. Only loopback is ever contacted.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]  # names in lower case
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name), None)

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k == name]


class Closed(Exception):
    """The server closed the connection without answering."""


class Connection:
    def __init__(self, host: str, port: int, timeout: float = 15):
        assert host in LOOPBACK, "hostile traffic goes to loopback only"
        self.address = (host, port)
        self.timeout = timeout
        self.sock: socket.socket | None = None
        self.buffer = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""

    def send(self, raw: bytes, head: bool = False) -> Reply:
        """Send one request; retried once on a fresh connection if a kept-alive one had gone stale."""
        reused = self.sock is not None
        try:
            return self._exchange(raw, head)
        except (Closed, ConnectionError):
            self.close()
            if not reused:
                raise
        return self._exchange(raw, head)

    def pipelined(self, raw: bytes, count: int) -> list[Reply]:
        """Send several requests at once (HTTP/1.1 pipelining) and read their answers in order."""
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
        self.sock.sendall(raw)
        replies = []
        for _ in range(count):
            reply, keep = self._read(False)
            replies.append(reply)
            if not keep:
                break
        self.close()
        return replies

    def _exchange(self, raw: bytes, head: bool) -> Reply:
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
        self.sock.sendall(raw)
        reply, keep = self._read(head)
        if not keep:
            self.close()
        return reply

    def _fill(self) -> None:
        assert self.sock is not None
        data = self.sock.recv(65536)
        if not data:
            raise Closed
        self.buffer += data

    def _take(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self._fill()
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _line(self) -> bytes:
        while b"\r\n" not in self.buffer:
            self._fill()
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def _read(self, head: bool) -> tuple[Reply, bool]:
        while True:
            status_line = self._line().decode("latin-1")
            version, status = status_line.split(" ", 2)[:2]
            headers = []
            while line := self._line():
                name, _, value = line.decode("latin-1").partition(":")
                headers.append((name.strip().lower(), value.strip()))
            if not 100 <= int(status) < 200:
                break
        reply = Reply(int(status), headers, b"")
        keep = version == "HTTP/1.1" and (reply.header("connection") or "").lower() != "close"
        if head or reply.status in (204, 304):
            return reply, keep
        if (reply.header("transfer-encoding") or "").lower() == "chunked":
            chunks = []
            while size := int(self._line().split(b";")[0], 16):
                chunks.append(self._take(size))
                self._line()
            while self._line():  # trailers
                pass
            reply.body = b"".join(chunks)
        elif (length := reply.header("content-length")) is not None:
            reply.body = self._take(int(length))
        else:
            try:
                while True:
                    self._fill()
            except Closed:
                reply.body, self.buffer = self.buffer, b""
            keep = False
        return reply, keep


def build(
    method: str,
    target: str,
    host: str | None,
    headers: list[tuple[str, str]] = (),
    body: bytes | None = None,
    version: str = "HTTP/1.1",
) -> bytes:
    lines = [f"{method} {target} {version}"]
    if host is not None:
        lines.append(f"Host: {host}")
    lines += [f"{name}: {value}" for name, value in headers]
    names = {name.lower() for name, _ in headers}
    if body is not None and "content-length" not in names and "transfer-encoding" not in names:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape") + (body or b"")
