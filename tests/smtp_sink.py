"""A local SMTP server for tests and the bench: aiosmtpd on 127.0.0.1, a free port.

It keeps each accepted message's recipients, can refuse chosen addresses with 550 and
can take a little time over each message (so a test can interrupt sending midway).
"""

import asyncio
import socket
import threading
from collections import Counter
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Sink:
    """The aiosmtpd handler: records what it accepts."""

    def __init__(self, refuse: set[str] | None = None, delay: float = 0.0) -> None:
        self.refuse = refuse or set()
        self.delay = delay
        self.recipients: list[str] = []
        self.port = 0
        self._lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.recipients)

    def counts(self) -> Counter[str]:
        with self._lock:
            return Counter(self.recipients)


class SmtpSink:
    """Start and stop the server: `with SmtpSink() as sink: ... sink.port ...`."""

    def __init__(self, refuse: set[str] | None = None, delay: float = 0.0) -> None:
        self.handler = Sink(refuse, delay)
        self.port = self.handler.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> Sink:
        self.controller.start()
        return self.handler

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
