"""A small SMTP server on 127.0.0.1 standing in for the mail relay, which is outside the machine:
Django's real SMTP backend talks to it over a socket. It can be stopped and started again on the
same port (an outage), and refuses the recipients it is told to with 550 (a permanent error).

    sink = SmtpSink().start()     # sink.port; settings EMAIL_HOST=127.0.0.1, EMAIL_PORT=sink.port
    sink.stop(); sink.start()     # an outage
    sink.outbox_ids()             # Counter of X-Igfmag-Outbox-Id over the messages received
"""

from __future__ import annotations

import email
import socket
import socketserver
import threading
import time
from collections import Counter


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self):
        sink: SmtpSink = self.server.sink
        self.reply("220 igfmag-test-sink ESMTP")
        recipients = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 igfmag-test-sink")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = command.partition(":")[2].strip().strip("<>").lower()
                if address in sink.refuse:
                    self.reply("550 5.1.1 No such user here")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                if not recipients:
                    self.reply("554 No valid recipients")
                    continue
                if sink.delay:
                    # The slow part comes before the data: once the final "." arrives the message
                    # is taken and acknowledged at once, as a relay commits it before its 250.
                    time.sleep(sink.delay)
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while True:
                    chunk = self.rfile.readline()
                    if not chunk or chunk in (b".\r\n", b".\n"):
                        break
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                sink.received(b"".join(data))
                self.reply("250 OK: queued")
            elif verb == "RSET":
                recipients = []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client killed mid-conversation (the drills do that) is not the sink's error


class SmtpSink:
    def __init__(self, port: int = 0, refuse: set[str] = frozenset(), delay: float = 0.0):
        self.port = port or _free_port()
        self.refuse = {a.lower() for a in refuse}
        # Seconds each message takes to accept (a slow relay), so that a batch is mid-way for a while.
        self.delay = delay
        self.messages: list[tuple[float, bytes]] = []
        self._lock = threading.Lock()
        self._server = None

    def start(self) -> SmtpSink:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.sink = self
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def received(self, data: bytes) -> None:
        with self._lock:
            self.messages.append((time.time(), data))

    def deliveries(self) -> dict[str, list[float]]:
        """Outbox id → the times (epoch seconds) a message with that id arrived."""
        with self._lock:
            messages = list(self.messages)
        arrived: dict[str, list[float]] = {}
        for at, data in messages:
            arrived.setdefault(email.message_from_bytes(data).get("X-Igfmag-Outbox-Id", "none"), []).append(
                at
            )
        return arrived

    def outbox_ids(self) -> Counter:
        return Counter({pk: len(times) for pk, times in self.deliveries().items()})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
