"""Building the actor knowledge base from its layers: each YAML file, office-holder CSV or PETRARCH
dictionary is read and checked record by record (fields, codes, dates, sectors, references), then
the claims of all layers on each phrase are ranked into the indexes of an ``ActorKB``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from .actor_entries import (
    KBEntry,
    PersonEntry,
    PersonRole,
    RoleEntry,
    demonym_plural,
    english_plural,
    iso_day,
    phrase_key,
)
from .datafiles import read_yaml_cached


@dataclass
class _Claim:
    layer: int
    explicit: bool  # the entry marks this phrase as ambiguous: it ranks after unmarked claims
    seq: int
    entry_id: str
    implied: tuple[str, ...]


@dataclass
class _Draft:
    """An entry while the layers are read: fields, phrases and where it was defined."""

    id: str
    fields: dict[str, Any]
    path: str
    line: int | None
    phrases: list[tuple[str, str, _Claim]] = field(default_factory=list)  # (kind, display, claim)
    ambiguous_all: bool = False


@dataclass
class _PersonDraft:
    id: str
    fields: dict[str, Any]
    roles: list[dict[str, Any]]
    aliases: list[tuple[str, int, int]] = field(default_factory=list)  # (display, layer, seq)


# ------------------------------------------------------------------ building the KB from layers

_PHRASE_FIELDS = {"formal", "aliases", "demonyms", "capitals", "seats", "ambiguous", "notes", "from", "to"}
_ENTRY_FIELDS = {
    "countries": {"id", "iso2", "name", "code", "family_name_first", "described_as"} | _PHRASE_FIELDS,
    "territories": {"id", "iso2", "name", "code", "country", "contested_with", "parent",
                    "family_name_first", "described_as"} | _PHRASE_FIELDS,
    "organizations": {"id", "name", "code", "sector", "country", "parent"} | _PHRASE_FIELDS,
    "groups": {"id", "name", "code", "sector", "country", "contested_with", "parent"} | _PHRASE_FIELDS,
    "actors": {"id", "name", "kind", "iso2", "code", "sector", "country", "contested_with", "parent",
               "members"} | _PHRASE_FIELDS,
}
_SECTION_KIND = {"countries": "state", "territories": "territory", "organizations": "organization",
                 "groups": "group"}
_REQUIRED = {"countries": ("iso2", "name"), "territories": ("name", "code"),
             "organizations": ("name", "sector"), "groups": ("name",), "actors": ("name", "kind")}
_KINDS = {"state", "territory", "organization", "group", "null"}
_SINGULAR = {"countries": "country", "territories": "territory", "organizations": "organization",
             "groups": "group", "actors": "actor"}
_ROLE_FIELDS = {"noun", "sectors", "title", "plural", "aliases", "prefix", "equipment", "subject_only", "notes"}
_PERSON_FIELDS = {"id", "name", "aliases", "roles", "notes"}
_PERSON_ROLE_FIELDS = {"country", "org", "sector", "title", "from", "to", "code"}
_SECTIONS = set(_ENTRY_FIELDS) | {"roles", "people", "sectors"}
_CODE = re.compile(r"[A-Z][A-Z0-9]*")
_ISO3 = re.compile(r"[A-Z]{3}")
_SECTOR = re.compile(r"[A-Z0-9]{3}")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_SLUG = re.compile(r"[a-z0-9][a-z0-9\-.]*")


class _Builder:
    """Collects the records of every layer, then builds the indexes of an ActorKB. The knowledge base
    is passed in (typed Any): actorkb.py imports this module, never the reverse."""

    def __init__(self) -> None:
        self.drafts: dict[str, _Draft] = {}
        self.people: dict[str, _PersonDraft] = {}
        self.roles: dict[str, tuple[RoleEntry, int, str]] = {}  # key -> (entry, layer, display)
        self.role_checks: list[tuple[tuple[str, ...], str, int | None]] = []
        self.sectors: dict[str, str] = {}
        self.family_name_first: set[str] = set()
        self.descriptions: dict[str, set[str]] = {}  # "kingdom", "Gulf", "Jewish state" -> ids
        self.layer_ids: set[tuple[int, str, str]] = set()
        self.seq = 0

    # -------------------------------------------------------------- reading

    def read(self, path: Path, layer: int) -> None:
        self.add(self.data(path), str(path), layer)

    def data(self, path: Path) -> Any:
        """A file's sections: YAML, an office-holder CSV (officeholders.py) or a PETRARCH dictionary."""
        if not path.is_file():
            raise DataFileError(str(path), "file not found")
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            stat = path.stat()
            return read_yaml_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if suffix in (".csv", ".tsv"):
            from .officeholders import read_officeholders

            return read_officeholders(path)
        from .petrarch import read_dictionary

        return read_dictionary(path, known=self.known)

    def known(self, entry_id: str) -> dict[str, Any] | None:
        """The fields of an entry read so far (the PETRARCH reader merges into known states)."""
        draft = self.drafts.get(entry_id)
        return dict(draft.fields, id=draft.id) if draft else None

    def add(self, data: Any, path: str, layer: int) -> None:
        if not isinstance(data, dict):
            raise DataFileError(path, "expected a mapping of sections (countries:, roles:, people: ...)", 1)
        for section, items in data.items():
            if section in ("__line__", "__keys__"):
                continue
            line = data["__keys__"].get(section) if "__keys__" in data else None
            if section not in _SECTIONS:
                raise DataFileError(path, f"unknown section '{section}' (expected one of "
                                    f"{', '.join(sorted(_SECTIONS))})", line)
            if section == "sectors":
                self._add_sectors(items, path, line)
                continue
            if not isinstance(items, list):
                raise DataFileError(path, f"section '{section}' must be a list", line)
            for rec in items:
                if not isinstance(rec, dict):
                    raise DataFileError(path, f"each item of '{section}' must be a mapping", line)
                self.seq += 1
                if section == "roles":
                    self._add_role(rec, path, layer)
                elif section == "people":
                    self._add_person(rec, path, layer)
                else:
                    self._add_entry(section, rec, path, layer)

    def _add_sectors(self, items: Any, path: str, line: int | None) -> None:
        if not isinstance(items, dict):
            raise DataFileError(path, "'sectors' must map codes to descriptions", line)
        for code, text in items.items():
            if code in ("__line__", "__keys__"):
                continue
            if not isinstance(code, str) or not _SECTOR.fullmatch(code) or not isinstance(text, str):
                raise DataFileError(path, f"sector '{code}': a 3-character code and a description",
                                    items["__keys__"].get(code))
            self.sectors[code] = text

    def _add_entry(self, section: str, rec: dict[str, Any], path: str, layer: int) -> None:
        line = rec["__line__"]
        _check_fields(rec, _ENTRY_FIELDS[section], section, path)
        ident = _text(rec, "id", path, required=True)
        pattern = _ISO3 if section in ("countries", "territories") else _CODE
        if not pattern.fullmatch(ident) and not rec.get("__origin__"):
            raise DataFileError(path, f"id '{ident}' is not a valid {_SINGULAR[section]} id", line)
        if (layer, path, ident) in self.layer_ids:
            raise DataFileError(path, f"duplicate id '{ident}'", line)
        self.layer_ids.add((layer, path, ident))
        if "family_name_first" in rec:
            if not isinstance(rec["family_name_first"], bool):
                raise DataFileError(path, f"'{ident}': family_name_first must be true or false", line)
            if rec["family_name_first"]:
                self.family_name_first.add(ident)
            else:
                self.family_name_first.discard(ident)  # a user file may take it back
        for word in _texts(rec, "described_as", path):
            self.descriptions.setdefault(word, set()).add(ident)
        draft = self.drafts.get(ident)
        kind = _SECTION_KIND.get(section) or rec.get("kind")
        if draft is None:
            for name in _REQUIRED[section]:
                if rec.get(name) in (None, "", []):
                    raise DataFileError(path, f"{_SINGULAR[section]} '{ident}' needs '{name}'", line)
            defaults = {"kind": kind, "country": ident if kind == "state" else None, "code": ident,
                        "sector": (), "contested_with": (), "parent": None, "members": (), "notes": None,
                        "from": None, "to": None}
            draft = self.drafts[ident] = _Draft(ident, defaults, path, line)
        elif kind and draft.fields["kind"] != kind:
            raise DataFileError(path, f"'{ident}' is a {draft.fields['kind']}, not a {kind}", line)
        if draft.fields["kind"] not in _KINDS:
            raise DataFileError(path, f"unknown kind '{kind}' (expected {', '.join(sorted(_KINDS))})", line)
        fields = draft.fields
        for name in ("name", "iso2", "parent", "notes"):
            if name in rec:
                fields[name] = _text(rec, name, path, required=name == "name", nullable=name != "name")
        if "iso2" in rec and not re.fullmatch(r"[A-Z]{2}", fields["iso2"] or ""):
            raise DataFileError(path, f"iso2 '{rec['iso2']}' must be two capital letters", _line(rec, "iso2"))
        if "code" in rec:
            code = _text(rec, "code", path, nullable=True)
            if code is not None and not _CODE.fullmatch(code):
                raise DataFileError(path, f"code '{code}' must be capital letters", _line(rec, "code"))
            fields["code"] = code
        if "country" in rec:
            fields["country"] = _text(rec, "country", path, nullable=True)
        for name in ("sector", "contested_with", "members"):
            if name in rec:
                fields[name] = tuple(_texts(rec, name, path))
        if fields["kind"] == "state" and "country" not in rec:
            fields["country"] = ident
        fields.update({name: _date_field(rec, name, path) for name in ("from", "to") if name in rec})
        if fields["from"] and fields["to"] and fields["to"] <= fields["from"]:
            raise DataFileError(path, f"'{ident}' ends ({fields['to']}) before it starts ({fields['from']})", line)
        self._add_entry_phrases(draft, rec, path, layer)

    def _add_entry_phrases(self, draft: _Draft, rec: dict[str, Any], path: str, layer: int) -> None:
        added: list[tuple[str, str, _Claim]] = []
        singular: dict[str, str] = {}  # a generated plural -> its demonym, for `ambiguous` marks

        def claim(kind: str, display: str, implied: tuple[str, ...] = ()) -> None:
            if not phrase_key(display):
                raise DataFileError(path, f"empty phrase in '{draft.id}'", rec["__line__"])
            added.append((kind, display, _Claim(layer, False, self.seq, draft.id, implied)))

        for name in ("name", "formal"):
            # A PETRARCH entry derived from a state ("ISRMIL") inherits its name but must not claim it.
            if rec.get(name) and not rec.get("__origin__"):
                claim("name", _text(rec, name, path))
        for display, implied in _phrase_items(rec, "aliases", path, ()):
            claim("name", display, implied)
        for display, _implied in _phrase_items(rec, "demonyms", path, ()):
            claim("demonym", display)
            plural = demonym_plural(display)
            if plural:
                claim("demonym", plural)
                singular[plural] = display
        for display, _implied in _phrase_items(rec, "capitals", path, ()):
            claim("metonym", display)
        for display, implied in _phrase_items(rec, "seats", path, ("GOV",)):
            claim("metonym", display, implied)
        marked = rec.get("ambiguous", False)
        if marked is True:
            draft.ambiguous_all = True
        elif isinstance(marked, list):
            own = {phrase_key(d) for _k, d, _c in added + draft.phrases}
            for item in marked:
                if not isinstance(item, str) or phrase_key(item) not in own:
                    raise DataFileError(path, f"ambiguous: '{item}' is not a phrase of '{draft.id}'",
                                        _line(rec, "ambiguous"))
            wanted = {phrase_key(item) for item in marked}
            for _kind, display, item_claim in added:
                item_claim.explicit = phrase_key(singular.get(display, display)) in wanted
        elif marked is not False:
            raise DataFileError(path, "ambiguous: true, false or a list of phrases", _line(rec, "ambiguous"))
        draft.phrases.extend(added)

    def _add_role(self, rec: dict[str, Any], path: str, layer: int) -> None:
        _check_fields(rec, _ROLE_FIELDS, "role", path)
        line = rec["__line__"]
        noun = _text(rec, "noun", path, required=True)
        sectors = tuple(_texts(rec, "sectors", path))
        if not sectors:
            raise DataFileError(path, f"role '{noun}' needs 'sectors'", line)
        if not rec.get("__origin__"):
            self.role_checks.append((sectors, path, _line(rec, "sectors")))
        title = _text(rec, "title", path, nullable=True) if "title" in rec else None
        if "title" not in rec and phrase_key(noun).lower() in self.roles:  # keep a title set before
            title = self.roles[phrase_key(noun).lower()][0].title
        prefix = rec.get("prefix", False)
        equipment = rec.get("equipment", False)
        subject_only = rec.get("subject_only", False)
        plural_spec = rec.get("plural")
        if not all(isinstance(flag, bool) for flag in (prefix, equipment, subject_only)) or not (
            plural_spec is None or plural_spec is False or plural_spec == "only"
            or isinstance(plural_spec, str) or _is_text_list(plural_spec)
        ):
            raise DataFileError(path, f"role '{noun}': prefix, equipment and subject_only are true/false; plural is a form, a list, "
                                "false or 'only'", line)
        note = rec.get("notes")
        forms: list[tuple[str, bool]] = []
        for display in [noun] + _texts(rec, "aliases", path):
            if plural_spec == "only":
                forms.append((display, True))
                continue
            forms.append((display, False))
            if plural_spec is False:
                continue
            if display == noun and plural_spec is not None:
                extra = [plural_spec] if isinstance(plural_spec, str) else list(plural_spec)
            else:
                extra = [p for p in [english_plural(display)] if p]
            forms.extend((p, True) for p in extra)
        for display, plural in forms:
            key = phrase_key(display).lower()
            old = self.roles.get(key)
            if old is not None and old[1] == layer and old[0].noun != noun.lower() and not rec.get("__origin__"):
                raise DataFileError(path, f"role form '{display}' is already given to '{old[0].noun}'", line)
            entry = RoleEntry(noun.lower(), sectors, title, plural, prefix, note, equipment, subject_only)
            self.roles[key] = (entry, layer, display)

    def _add_person(self, rec: dict[str, Any], path: str, layer: int) -> None:
        _check_fields(rec, _PERSON_FIELDS, "person", path)
        line = rec["__line__"]
        slug = _text(rec, "id", path, required=True)
        if not _SLUG.fullmatch(slug):
            raise DataFileError(path, f"person id '{slug}' must be lower-case words joined by '-'", line)
        ident = "person:" + slug
        if (layer, path, ident) in self.layer_ids:
            raise DataFileError(path, f"duplicate person id '{slug}'", line)
        self.layer_ids.add((layer, path, ident))
        draft = self.people.get(ident)
        if draft is None:
            if not rec.get("name"):
                raise DataFileError(path, f"person '{slug}' needs 'name'", line)
            draft = self.people[ident] = _PersonDraft(ident, {"notes": None}, [])
        if "name" in rec:
            draft.fields["name"] = _text(rec, "name", path, required=True)
        if "notes" in rec:
            draft.fields["notes"] = _text(rec, "notes", path, nullable=True)
        if "roles" in rec:
            roles = rec["roles"]
            if not isinstance(roles, list) or not all(isinstance(r, dict) for r in roles):
                raise DataFileError(path, f"person '{slug}': roles must be a list of mappings", line)
            draft.roles = [self._person_role(role, path) for role in roles]
        names = ([draft.fields["name"]] if "name" in rec else []) + _texts(rec, "aliases", path)
        draft.aliases.extend((name, layer, self.seq) for name in names)

    def _person_role(self, rec: dict[str, Any], path: str) -> dict[str, Any]:
        _check_fields(rec, _PERSON_ROLE_FIELDS, "person role", path)
        line = rec["__line__"]
        entity = rec.get("country") or rec.get("org")
        if entity is not None and not isinstance(entity, str):
            raise DataFileError(path, "a role's country/org must be an id such as RUS or IGOUNO", line)
        out: dict[str, Any] = {"entity": entity, "sector": tuple(_texts(rec, "sector", path)),
                               "title": _text(rec, "title", path, nullable=True) if "title" in rec else None,
                               "line": line, "path": path, "has_code": "code" in rec,
                               "code": _text(rec, "code", path, nullable=True) if "code" in rec else None}
        if entity is None and not out["has_code"]:
            raise DataFileError(path, "a role needs 'country' (or 'org')", line)
        for name in ("from", "to"):
            out[name] = _date_field(rec, name, path)
        if out["from"] and out["to"] and out["to"] <= out["from"]:
            raise DataFileError(path, f"role ends ({out['to']}) before it starts ({out['from']})", line)
        return out

    # -------------------------------------------------------------- building

    def build_into(self, kb: Any) -> None:
        for sectors, path, line in self.role_checks:
            unknown = [s for s in sectors if s not in self.sectors]
            if unknown:
                raise DataFileError(path, f"unknown sector(s) {', '.join(unknown)} (declare them under "
                                    "'sectors:')", line)
        kb.sectors = dict(self.sectors)
        kb.family_name_first = frozenset(self.family_name_first)
        kb.descriptions = {word: frozenset(ids) for word, ids in self.descriptions.items()}
        base = {draft.id: self._entry(draft) for draft in self.drafts.values()}
        for draft in self.drafts.values():
            self._check_references(draft, base)
            if draft.fields["members"]:  # compound entries point at their members' entries
                members = tuple(base.get(m) or KBEntry(m, m, "group", m[:3], m) for m in draft.fields["members"])
                base[draft.id] = replace(base[draft.id], members=members)
        kb._entries = base
        claims: dict[tuple[str, str], list[_Claim]] = {}
        for draft in self.drafts.values():
            for kind, display, claim in draft.phrases:
                key = phrase_key(display)
                claims.setdefault((kind, key), []).append(claim)
                _add_phrase(kb, display, kind)
        for (kind, key), found in claims.items():
            found.sort(key=lambda c: (-c.layer, c.explicit, c.seq))
            first: dict[str, _Claim] = {}
            for claim in found:
                first.setdefault(claim.entry_id, claim)
            shared = len(first) > 1
            kb._index[kind][key] = tuple(
                replace(kb._entries[c.entry_id], implied=c.implied,
                        ambiguous=kb._entries[c.entry_id].ambiguous or shared or c.explicit)
                for c in first.values()
            )
        for key, (role, _layer, display) in self.roles.items():
            kb._roles[key] = role
            _add_phrase(kb, display, "role")
        kb._role_memo.clear()
        self._build_people(kb)

    @staticmethod
    def _entry(draft: _Draft) -> KBEntry:
        f = draft.fields
        return KBEntry(
            id=draft.id, name=f["name"], kind=f["kind"], country=f["country"],
            code=f["code"] if f["kind"] != "null" else None, sector=f["sector"],
            contested_with=f["contested_with"], ambiguous=draft.ambiguous_all, parent=f["parent"],
            note=f["notes"], start=f["from"], end=f["to"],
        )

    def _check_references(self, draft: _Draft, base: dict[str, KBEntry]) -> None:
        f = draft.fields
        for ref in (*f["contested_with"], *([f["parent"]] if f["parent"] else [])):
            if ref not in base:
                raise DataFileError(draft.path, f"'{draft.id}' refers to unknown entry '{ref}'", draft.line)
            if f["kind"] == "territory" and f["code"] == base[ref].code:
                raise DataFileError(draft.path, f"territory '{draft.id}' must not share the code of "
                                    f"'{ref}'", draft.line)

    def _build_people(self, kb: Any) -> None:
        for draft in self.people.values():
            roles = tuple(self._role(spec, kb) for spec in draft.roles)
            person = PersonEntry(draft.id, draft.fields["name"],
                                 tuple(dict.fromkeys(a for a, _l, _s in draft.aliases)), roles,
                                 draft.fields["notes"])
            kb._people[draft.id] = person
        keyed: dict[str, list[tuple[int, int, str]]] = {}
        for draft in self.people.values():
            for display, layer, seq in draft.aliases:
                key = phrase_key(display)
                keyed.setdefault(key, []).append((-layer, seq, draft.id))
                _add_phrase(kb, display, "person")
        for key, claims in keyed.items():
            claims.sort()
            top = claims[0][0]
            # Only the latest layer that names this key counts: a user's person replaces ours.
            ids = dict.fromkeys(ident for layer, _s, ident in claims if layer == top)
            kb._person_keys[key] = tuple(kb._people[ident] for ident in ids)

    @staticmethod
    def _role(spec: dict[str, Any], kb: Any) -> PersonRole:
        entity, sectors = spec["entity"], spec["sector"]
        entry = kb._entries.get(entity) if entity else None
        if entry is None and not spec["has_code"]:
            raise DataFileError(spec["path"], f"unknown country or organisation '{entity}'", spec["line"])
        if spec["has_code"]:
            code = spec["code"]
        else:
            code = (entry.code or entry.id) + "".join(s for s in sectors if s not in entry.sector)
        country = entry.country if entry is not None else entity
        return PersonRole(entity, country, sectors, spec["title"], code, spec["from"], spec["to"])


def _valid_date(text: str) -> bool:
    return bool(_DATE.fullmatch(text)) and iso_day(text) is not None


def _date_field(rec: dict[str, Any], name: str, path: str) -> str | None:
    """A `from`/`to` value as an ISO day; a bare year (read as a number) is fine."""
    value = rec.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value is not None and not (isinstance(value, str) and _valid_date(value)):
        raise DataFileError(path, f"'{name}' must be a date YYYY-MM-DD (or YYYY-MM, YYYY)", _line(rec, name))
    return iso_day(value) if value is not None else None


def _add_phrase(kb: Any, display: str, kind: str) -> None:
    """A matcher phrase without a leading "the", plus the spellings a LOWER matcher would miss:
    without accents ("Cote d'Ivoire") and with a typographic apostrophe ("Côte d’Ivoire")."""
    if display[:4].lower() == "the " and len(display) > 4:
        display = display[4:]
    folded = "".join(c for c in unicodedata.normalize("NFKD", display) if not unicodedata.combining(c))
    for variant in (display, folded, display.replace("'", "\u2019"), folded.replace("'", "\u2019")):
        kb._phrases.setdefault((variant, kind), None)


def _line(rec: dict[str, Any], key: str) -> int | None:
    return rec.get("__keys__", {}).get(key, rec.get("__line__"))


def _check_fields(rec: dict[str, Any], allowed: set[str], what: str, path: str) -> None:
    unknown = sorted(k for k in rec if k not in allowed and not str(k).startswith("__"))
    if unknown:
        raise DataFileError(path, f"unknown field(s) {', '.join(map(str, unknown))} in {what} "
                            f"(expected {', '.join(sorted(allowed))})", _line(rec, unknown[0]))


def _text(rec: dict[str, Any], key: str, path: str, *, required: bool = False,
          nullable: bool = False) -> Any:
    value = rec.get(key)
    if value is None and (nullable and not required):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not required:
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(path, f"'{key}' must be a non-empty text", _line(rec, key))
    return " ".join(value.split())


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _texts(rec: dict[str, Any], key: str, path: str) -> list[str]:
    value = rec.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not _is_text_list(value):
        raise DataFileError(path, f"'{key}' must be a list of texts", _line(rec, key))
    return [" ".join(v.split()) for v in value]


def _phrase_items(rec: dict[str, Any], key: str, path: str,
                  default: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """Phrases given as texts or as {name: ..., sector: [...]} (a phrase that implies a sector)."""
    value = rec.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise DataFileError(path, f"'{key}' must be a list", _line(rec, key))
    out = []
    for item in value:
        if isinstance(item, str) and item.strip():
            out.append((" ".join(item.split()), default))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            _check_fields(item, {"name", "sector"}, key, path)
            out.append((" ".join(item["name"].split()), tuple(_texts(item, "sector", path)) or default))
        else:
            raise DataFileError(path, f"'{key}': each item is a text or {{name:, sector:}}", _line(rec, key))
    return out
