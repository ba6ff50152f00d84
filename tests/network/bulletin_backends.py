"""Email backends for the bulletin tests: they count connections and refuse as told."""

from smtplib import SMTPRecipientsRefused, SMTPResponseException, SMTPServerDisconnected
from typing import Any, ClassVar

from django.core.mail.backends.locmem import EmailBackend


class RecordingBackend(EmailBackend):
    """The locmem backend, counting opened connections and refusing listed addresses."""

    opened: ClassVar[int] = 0
    # address -> (SMTP code, message); a code of 0 drops the connection instead
    refuse: ClassVar[dict[str, tuple[int, bytes]]] = {}
    reject_data: ClassVar[dict[str, tuple[int, bytes]]] = {}

    def open(self) -> bool:
        RecordingBackend.opened += 1
        return True

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            address = message.to[0]
            if address in self.refuse:
                code, text = self.refuse[address]
                if code == 0:
                    raise SMTPServerDisconnected("Connection unexpectedly closed")
                raise SMTPRecipientsRefused({address: (code, text)})
            if address in self.reject_data:
                raise SMTPResponseException(*self.reject_data[address])
        return super().send_messages(messages)
