"""The endpoint's requests, responses and HTTP errors, as plain values (no sockets)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["HttpError", "Request", "Response"]


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


@dataclass
class Request:
    method: str
    path: str
    params: list[tuple[str, str]]
    headers: Mapping[str, str]
    body: bytes = b""
    form: list[tuple[str, str]] = field(default_factory=list)

    def values(self, name: str) -> list[str]:
        return [value for key, value in self.params + self.form if key == name]

    def value(self, name: str) -> str | None:
        found = self.values(name)
        return found[-1] if found else None


class HttpError(Exception):
    """A response to send instead of an answer (status and a message for the client)."""

    def __init__(self, status: int, message: str, headers: tuple[tuple[str, str], ...] = ()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


# --------------------------------------------------------------------------- the service
