"""Option types of the command line: every value is checked before any work starts, and a bad one
stops the command with a message naming the option and exit code 2 (click's usage error).

Dates are ISO (YYYY-MM-DD): "09/09/2008" could be the 9th of September or, read day first
elsewhere, either way; a form like it is refused with the ISO spelling to use, never guessed.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from datetime import date, datetime
from typing import Any

import click

from .errors import Codes, QueryError

# The largest LIMIT DuckDB takes (a signed 64-bit integer).
MAX_ROWS = 2**63 - 1
ROWS = click.IntRange(0, MAX_ROWS)
PORT = click.IntRange(1, 65535)
SECONDS = click.FloatRange(0, 10**6)

_SLASHED = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def date_problem(text: str, *, partial: bool = False, with_time: bool = False) -> str | None:
    """Why `text` is not an acceptable date (None when it is): YYYY-MM-DD; with `partial` also
    YYYY-MM and YYYY; with `with_time` also an ISO date and time (2008-09-09T08:00, ...Z, ...+03:00)."""
    forms = "YYYY-MM-DD" + (" (or YYYY-MM, YYYY)" if partial else "") + (
        " or an ISO date and time (2008-09-09T08:00)" if with_time else "")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            date.fromisoformat(text)
        except ValueError as error:
            return f"{text!r} is not a calendar date ({error})"
        return None
    if partial and re.fullmatch(r"\d{4}(-\d{2})?", text):
        if len(text) == 7 and not 1 <= int(text[5:]) <= 12:
            return f"{text!r} is not a month: write {forms}"
        return None
    if with_time and re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\S+", text):
        try:
            datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError as error:
            return f"{text!r} is not an ISO date and time ({error}): write {forms}"
        return None
    slashed = _SLASHED.fullmatch(text)
    if slashed:
        return _slashed_problem(text, *slashed.groups())
    return f"{text!r} is not a date: write {forms}"


def _slashed_problem(text: str, first: str, second: str, third: str) -> str:
    """The message for a date written with slashes or dots: which ISO date it may mean."""
    readings = []
    if len(first) == 4:  # 2008/09/09: year first, then month and day
        readings.append((int(first), int(second), int(third)))
    elif len(third) == 4:  # day and month in either order
        readings += [(int(third), int(second), int(first)), (int(third), int(first), int(second))]
    valid = []
    for year, month, day in readings:
        try:
            iso = date(year, month, day).isoformat()
        except ValueError:
            continue
        if iso not in valid:
            valid.append(iso)
    if len(valid) > 1:
        return (f"ambiguous date {text!r}: it could be {valid[0]} (day first) or {valid[1]} (month first); "
                "write it as YYYY-MM-DD")
    if valid:
        return f"{text!r} is not an ISO date: write it as YYYY-MM-DD ({valid[0]})"
    return f"{text!r} is not a date: write YYYY-MM-DD"


class IsoDate(click.ParamType):
    """An ISO date, checked against the calendar; see date_problem for the forms taken."""

    name = "date"

    def __init__(self, *, partial: bool = False, with_time: bool = False):
        self.partial = partial
        self.with_time = with_time

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value is None or isinstance(value, date):
            return value
        text = str(value).strip()
        problem = date_problem(text, partial=self.partial, with_time=self.with_time)
        if problem:
            self.fail(f"{Codes.E403} {problem}", param, ctx)
        return text


def host_problem(text: str, *, pattern: bool = False) -> str | None:
    """Why `text` is not a host name or IP address (None when it is); with `pattern` a leading
    "*." (every subdomain) is allowed, as in `--allowed-host *.example.org`."""
    if not text:
        return "a host name must not be empty"
    if text == "*":
        return ("'*' would accept any Host header and so any web page reaching this server through DNS "
                "rebinding; name the hosts instead")
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    try:
        ipaddress.ip_address(bare)
        return None
    except ValueError:
        pass
    name = text[2:] if pattern and text.startswith("*.") else text
    if "://" in text or "/" in text:
        return f"{text!r} is not a host name: give the name alone (no scheme or path)"
    if ":" in text:
        return f"{text!r} is not a host name: give the name alone (the port goes in --port)"
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"{text!r} is not a host name or IP address"
    return None


class Host(click.ParamType):
    """A host name or IP address; `resolve`: one this machine can resolve (an interface to bind)."""

    name = "host"

    def __init__(self, *, pattern: bool = False, resolve: bool = False):
        self.pattern = pattern
        self.resolve = resolve

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip()
        problem = host_problem(text, pattern=self.pattern)
        if problem:
            self.fail(f"{Codes.E403} {problem}", param, ctx)
        if self.resolve:
            bare = text[1:-1] if text.startswith("[") else text
            try:
                socket.getaddrinfo(bare, None, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError) as error:
                self.fail(f"{Codes.E403} {text!r} does not resolve to an address ({error})", param, ctx)
            return bare
        return text


_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")


def address_problem(text: str) -> str | None:
    """Why `text` is not a Dask scheduler address ([tcp://]HOST[:PORT]); None when it is."""
    rest = text
    if "://" in text:
        scheme, rest = text.split("://", 1)
        if scheme not in _SCHEMES:
            return f"{text!r}: the scheme must be one of {', '.join(_SCHEMES)}"
    match = re.fullmatch(r"(\[[^\]]+\]|[^:/\s]+)(?::(\d{1,5}))?", rest)
    if not match:
        return f"{text!r} is not a scheduler address: write HOST:PORT (tcp://10.0.0.5:8786)"
    host, port = match.groups()
    problem = host_problem(host)
    if problem:
        return problem
    if port is not None and not 1 <= int(port) <= 65535:
        return f"{text!r}: the port must be between 1 and 65535"
    return None


class SchedulerAddress(click.ParamType):
    """A Dask scheduler's address: [tcp://]HOST[:PORT]."""

    name = "address"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip()
        problem = address_problem(text)
        if problem:
            self.fail(f"{Codes.E403} {problem}", param, ctx)
        return text


class MemorySize(click.ParamType):
    """A size such as 500MB or 2GB (DuckDB's units); "" for no limit."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .store.query import parse_size

        text = str(value).strip()
        if text:
            try:
                parse_size(text, param.name if param is not None and param.name else "memory limit")
            except QueryError as error:
                self.fail(str(error), param, ctx)
        return text
