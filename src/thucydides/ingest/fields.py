"""Which fields of a JSONL/CSV record hold the text, the HTML, the URL, the title, the date, the id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from ..errors import Codes, InputError


@dataclass(frozen=True)
class FieldMap:
    """Candidate field names for each part of a record, tried in order; "a.b" reads a nested field."""

    text: tuple[str, ...] = ("text", "body", "content", "article", "articleBody", "maintext", "story")
    html: tuple[str, ...] = ("html", "raw_html", "content_html", "page")
    url: tuple[str, ...] = ("url", "link", "uri", "source_url", "canonical_url")
    title: tuple[str, ...] = ("title", "headline")
    published: tuple[str, ...] = (
        "published", "date", "date_publish", "published_at", "publish_date", "datePublished",
        "pubdate", "pub_date", "timestamp", "seendate",
    )  # fmt: skip
    id: tuple[str, ...] = ("id", "doc_id", "guid", "uuid", "_id")
    source: tuple[str, ...] = ("source", "outlet", "publisher", "site", "sitename", "source_domain", "domain")

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str | list[str] | tuple[str, ...]]) -> FieldMap:
        """Override some parts: {"text": "body"} or {"text": ["body", "content"]}."""
        known = {f.name for f in fields(cls)}
        changes: dict[str, tuple[str, ...]] = {}
        for key, value in mapping.items():
            if key not in known:
                raise InputError(Codes.E403, f"unknown record field role {key!r} (known: {sorted(known)})")
            changes[key] = (value,) if isinstance(value, str) else tuple(value)
        return replace(cls(), **changes)

    def get(self, record: Mapping[str, Any], role: str) -> str | None:
        """The first non-empty scalar among the role's candidate fields, as a string."""
        for name in getattr(self, role):
            value: Any = record
            for part in name.split("."):
                value = value.get(part) if isinstance(value, Mapping) else None
            if value is None or isinstance(value, (Mapping, list, tuple, bool)):
                continue
            text = str(value)
            if text.strip():
                # the content is kept as given (its hash and offsets depend on it); labels are trimmed
                return text if role in ("text", "html") else text.strip()
        return None
