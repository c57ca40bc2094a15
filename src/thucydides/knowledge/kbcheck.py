"""Size and validation of the actor knowledge base (`thucydides kb`, `thucydides kb --check`).

``kb_stats(kb)`` counts entries by kind: states now and historical ones
(a `to` date), territories, organisations, companies (organisations of sector BUS), groups by
sector, role nouns, people, their roles, and people's roles by title.

``check_files(files)`` reads the package layers and the given files record by record, so that one
bad record does not hide the others, and reports every problem as ``Problem(path, line, message)``:

- what the loader refuses (unknown fields, dates that do not parse, a `to` not after its `from`,
  unknown references, unknown sectors, a duplicate id inside one file ...);
- an entry's `country` or a person role's country/org that is no KB id;
- an id (entry or person) defined again in another package file: package data has no duplicates
  (a user's file that reuses an id overrides it on purpose and is not reported);
- two people with the same name under different ids;
- a name or alias claimed by entries of different kinds (a state and a group, a company and a
  person ...) where an entry claiming it does not mark it ambiguous;
- a group or company id that reads as a state plus a sector code (GBRLAB = GBR + LAB).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataFileError
from .actorkb import ActorKB, package_files, phrase_key
from .actorkb_build import _ENTRY_FIELDS, _Builder

__all__ = ["KBStats", "Problem", "check_files", "check_kb", "kb_stats"]


# ------------------------------------------------------------------ sizes


@dataclass
class KBStats:
    counts: dict[str, int]  # label -> count, in display order
    titles: Counter[str] = field(default_factory=Counter)  # people's roles by title

    def table(self, top: int = 20) -> str:
        shown = self.titles.most_common(top)
        width = min(40, max(len(label) for label in [*self.counts, *(f"  {t}" for t, _c in shown)]))
        lines = [f"{label:<{width}}  {count:>6}" for label, count in self.counts.items()]
        if shown:
            lines += ["", f"people's roles by title (top {len(shown)} of {len(self.titles)}):"]
            lines += [f"{'  ' + title:<{width}}  {count:>6}" for title, count in shown]
        return "\n".join(lines)


def kb_stats(kb: ActorKB) -> KBStats:
    entries = list(kb.entries())
    groups = [e for e in entries if e.kind == "group"]
    orgs = [e for e in entries if e.kind == "organization"]
    people = list(kb.people())
    counts = {
        "states": sum(e.kind == "state" and e.end is None for e in entries),
        "historical states": sum(e.kind == "state" and e.end is not None for e in entries),
        "territories": sum(e.kind == "territory" for e in entries),
        "organisations": sum("BUS" not in e.sector for e in orgs),
        "companies": sum("BUS" in e.sector for e in orgs),
        "groups": len(groups),
        "  armed (REB, UAF)": sum(bool({"REB", "UAF"} & set(e.sector)) for e in groups),
        "  criminal (CRM)": sum("CRM" in e.sector and not {"REB", "UAF"} & set(e.sector) for e in groups),
        "  governing (GOV)": sum("GOV" in e.sector for e in groups),
        "  opposition (OPP)": sum("OPP" in e.sector and "GOV" not in e.sector for e in groups),
        "  other": sum(not {"REB", "UAF", "CRM", "GOV", "OPP"} & set(e.sector) for e in groups),
        "not-an-actor entries": sum(e.kind == "null" for e in entries),
        "role nouns": sum(1 for _ in kb.roles()),
        "people": len(people),
        "people's roles": sum(len(p.roles) for p in people),
        "matcher phrases": sum(1 for _ in kb.phrases()),
    }
    if not counts["not-an-actor entries"]:
        del counts["not-an-actor entries"]
    titles = Counter(role.title or "(no title)" for person in people for role in person.roles)
    return KBStats(counts, titles)


# ------------------------------------------------------------------ validation


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"

    @classmethod
    def from_error(cls, exc: DataFileError) -> Problem:
        where = exc.path or "?"
        path, _sep, line = where.rpartition(":")
        if path and line.isdigit():
            return cls(path, int(line), exc.message)
        return cls(where, None, exc.message)


@dataclass
class _Origin:
    path: str
    line: int | None
    package: bool


_ENTRY_SECTIONS = set(_ENTRY_FIELDS)


def _records(data: Any) -> Iterator[dict[str, Any]]:
    """A file's sections split into one-record parts, each a valid input of _Builder.add."""
    if not isinstance(data, dict):
        yield data
        return
    keys = data.get("__keys__", {})
    for section, items in data.items():
        if section in ("__line__", "__keys__"):
            continue
        if isinstance(items, list) and items:
            for rec in items:
                yield {section: [rec], "__keys__": keys}
        else:
            yield {section: items, "__keys__": keys}


def check_kb(kb: ActorKB) -> list[Problem]:
    """Validate the files a loaded KB was built from (package files included)."""
    return check_files(kb.data_files, package=False)


def check_files(files: Sequence[str | Path] = (), *, package: bool = True) -> list[Problem]:
    """Every problem of the package layers (unless package=False) and the given files; [] when clean."""
    paths = (package_files() if package else []) + [Path(p) for p in files]
    package_dir = Path(str(package_files()[0].parent)).resolve() if package_files() else None
    builder = _Builder()
    problems: list[Problem] = []
    defined: dict[str, list[_Origin]] = {}
    for layer, path in enumerate(paths):
        in_package = package_dir is not None and path.resolve().parent == package_dir
        try:
            data = builder.data(path)
        except DataFileError as exc:
            problems.append(Problem.from_error(exc))
            continue
        for part in _records(data):
            try:
                builder.add(part, str(path), layer)
            except DataFileError as exc:
                problems.append(Problem.from_error(exc))
                continue
            _note_ids(part, str(path), in_package, defined)
    problems += _duplicate_ids(defined)
    problems += _prune_for_build(builder)
    kb = ActorKB()
    try:
        builder.build_into(kb)
    except DataFileError as exc:  # pragma: no cover - _prune_for_build removes what build_into refuses
        return _sorted(problems + [Problem.from_error(exc)])
    problems += _entry_problems(builder)
    problems += _people_problems(builder, defined)
    problems += _kind_clashes(builder)
    return _sorted(problems)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line or 0, p.message))


def _note_ids(part: dict[str, Any], path: str, in_package: bool, defined: dict[str, list[_Origin]]) -> None:
    for section, items in part.items():
        if section == "__keys__" or not isinstance(items, list):
            continue
        for rec in items:
            if not isinstance(rec, dict) or rec.get("__origin__") or not isinstance(rec.get("id"), str):
                continue
            if section in _ENTRY_SECTIONS:
                ident = rec["id"]
            elif section == "people":
                ident = "person:" + rec["id"]
            else:
                continue
            defined.setdefault(ident, []).append(_Origin(path, rec.get("__line__"), in_package))


def _duplicate_ids(defined: dict[str, list[_Origin]]) -> list[Problem]:
    out = []
    for ident, origins in defined.items():
        first = origins[0]
        for later in origins[1:]:
            if later.package and first.package and later.path != first.path:
                out.append(Problem(later.path, later.line, f"duplicate id '{ident}' (first defined at "
                                   f"{first.path}:{first.line})"))
    return out


def _prune_for_build(builder: _Builder) -> list[Problem]:
    """Report, then drop, what build_into would refuse, so that the remaining checks can run."""
    out = []
    kept = []
    for sectors, path, line in builder.role_checks:
        unknown = [s for s in sectors if s not in builder.sectors]
        if unknown:
            out.append(Problem(path, line, f"unknown sector(s) {', '.join(unknown)}"))
        else:
            kept.append((sectors, path, line))
    builder.role_checks = kept
    for draft in builder.drafts.values():
        fields = draft.fields
        refs = [*fields["contested_with"], *([fields["parent"]] if fields["parent"] else [])]
        bad = set()
        for ref in refs:
            other = builder.drafts.get(ref)
            if other is None:
                out.append(Problem(draft.path, draft.line, f"'{draft.id}' refers to unknown entry '{ref}'"))
                bad.add(ref)
            elif fields["kind"] == "territory" and fields["code"] == other.fields["code"]:
                out.append(Problem(draft.path, draft.line, f"territory '{draft.id}' shares the code of '{ref}'"))
                bad.add(ref)
        if bad:
            fields["contested_with"] = tuple(r for r in fields["contested_with"] if r not in bad)
            fields["parent"] = None if fields["parent"] in bad else fields["parent"]
    for person in builder.people.values():
        roles = []
        for spec in person.roles:
            if spec["entity"] and spec["entity"] not in builder.drafts and not spec["has_code"]:
                out.append(Problem(spec["path"], spec["line"], f"{person.id}: unknown country or "
                                   f"organisation '{spec['entity']}'"))
            else:
                roles.append(spec)
        person.roles = roles
    return out


def _entry_problems(builder: _Builder) -> list[Problem]:
    out = []
    states = {i for i, d in builder.drafts.items() if d.fields["kind"] == "state"}
    sectors = set(builder.sectors)
    for draft in builder.drafts.values():
        fields = draft.fields
        country = fields["country"]
        if country and country not in builder.drafts:
            out.append(Problem(draft.path, draft.line, f"'{draft.id}': country '{country}' is not a KB id"))
        ident = draft.id
        if fields["kind"] in ("group", "organization") and len(ident) == 6 and ident[:3] in states \
                and ident[3:] in sectors and not fields["members"]:
            out.append(Problem(draft.path, draft.line, f"id '{ident}' reads as {ident[:3]} + sector "
                               f"{ident[3:]}; choose another mnemonic"))
    return out


def _people_problems(builder: _Builder, defined: dict[str, list[_Origin]]) -> list[Problem]:
    out = []
    by_name: dict[str, str] = {}
    for person in builder.people.values():
        where = defined.get(person.id, [_Origin("?", None, False)])[0]
        key = phrase_key(person.fields["name"])
        other = by_name.setdefault(key, person.id)
        if other != person.id:
            first = defined.get(other)
            at = f" ({first[0].path}:{first[0].line})" if first else ""
            out.append(Problem(where.path, where.line, f"{person.id}: the name '{person.fields['name']}' is "
                               f"already {other}'s{at}"))
    return out


def _kind_clashes(builder: _Builder) -> list[Problem]:
    """Names claimed by entries (or people) of different kinds that no entry marks ambiguous; each
    clash is reported once, at the entry that claimed the name last."""
    claims: dict[str, dict[str, tuple[str, bool, str, int]]] = {}  # key -> id -> (kind, marked, display, seq)
    for draft in builder.drafts.values():
        if draft.fields["members"] or draft.fields["kind"] == "null":
            continue
        for kind, display, claim in draft.phrases:
            if kind != "name":
                continue
            found = claims.setdefault(phrase_key(display), {})
            old = found.get(draft.id)
            marked = claim.explicit or draft.ambiguous_all or bool(old and old[1])
            found[draft.id] = (draft.fields["kind"], marked, display, max(claim.seq, old[3] if old else 0))
    for person in builder.people.values():
        for display, _layer, seq in person.aliases:
            key = phrase_key(display)
            if key in claims:
                claims[key].setdefault(person.id, ("person", False, display, seq))
    out = []
    for found in claims.values():
        if len({kind for kind, *_rest in found.values()}) < 2 or any(m for _k, m, _d, _s in found.values()):
            continue
        entries = [ident for ident, (kind, *_rest) in found.items() if kind != "person"]
        ident = max(entries, key=lambda i: found[i][3])
        kind, _marked, display, _seq = found[ident]
        draft = builder.drafts[ident]
        others = ", ".join(f"{o} ({k})" for o, (k, *_rest) in found.items() if o != ident)
        out.append(Problem(draft.path, draft.line, f"'{display}' names {ident} ({kind}) and {others}; "
                           "mark it ambiguous"))
    return out
