"""A cheap first-character test in front of a regular expression, for `search`/`finditer` speed.

Python's regex engine tries a pattern at every position of the text. A pattern that begins with an
alternation, an optional group or a case-insensitive word gets no start-character optimisation, so
each position costs a try of every branch. `guarded(pattern)` prefixes the pattern with a lookahead
on the characters a match can begin with, so most positions fail on one character-class test.

The matches are the same: the lookahead's class holds every character a match can begin with (read
from the parsed pattern, a superset where unsure), so it fails only where the pattern could not
match. A pattern that may match the empty string, or whose start this reader does not know, is
returned unchanged.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"}
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _first(items, ignorecase: bool) -> tuple[set[tuple[str, object, bool]], bool] | None:
    """The possible first characters of a parsed sequence as (kind, value, ignorecase) items, and
    whether the sequence may match the empty string; None when unknown."""
    out: set[tuple[str, object, bool]] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(("literal", av, ignorecase))
            return out, False
        if op is _c.IN:
            for kind, value in av:
                if kind is _c.LITERAL:
                    out.add(("literal", value, ignorecase))
                elif kind is _c.RANGE:
                    out.add(("range", value, ignorecase))
                elif kind is _c.CATEGORY and value in _CATEGORIES:
                    out.add(("category", value, ignorecase))
                else:  # a negated class, an unusual category
                    return None
            return out, False
        if op in _ZERO_WIDTH:
            continue
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            sub_case = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            found = _first(sub.data, sub_case)
        elif op is _c.BRANCH:
            found = (set(), False)
            for alternative in av[1]:
                branch = _first(alternative.data, ignorecase)
                if branch is None:
                    return None
                found = (found[0] | branch[0], found[1] or branch[1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = av
            found = _first(sub.data, ignorecase)
            if found is not None and low == 0:
                found = (found[0], True)
        else:  # any character, a back reference, ...
            return None
        if found is None:
            return None
        out |= found[0]
        if not found[1]:
            return out, False
    return out, True


def first_char_guard(pattern: str, flags: int = 0) -> str:
    """A lookahead `(?=...)` on the characters a match of `pattern` can begin with, or '' when unknown."""
    if _GLOBAL_FLAGS.match(pattern):
        return ""  # "(?i)..." must stay at the start
    try:
        parsed = _p.parse(pattern, flags)
        found = _first(parsed.data, bool(parsed.state.flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001 - the parser's internals moved: no guard, same matches
        return ""
    if found is None or found[1] or not found[0]:
        return ""
    parts: dict[bool, list[str]] = {False: [], True: []}
    for kind, value, ignorecase in sorted(found[0], key=repr):
        if kind == "literal":
            parts[ignorecase].append(re.escape(chr(value)))  # type: ignore[arg-type]
        elif kind == "range":
            low, high = value  # type: ignore[misc]
            parts[ignorecase].append(f"{re.escape(chr(low))}-{re.escape(chr(high))}")
        else:
            parts[ignorecase].append(_CATEGORIES[value])
    classes = []
    if parts[False]:
        classes.append("[" + "".join(parts[False]) + "]")
    if parts[True]:
        classes.append("(?i:[" + "".join(parts[True]) + "])")
    return "(?=" + "|".join(classes) + ")"


def guarded(pattern: str, flags: int = 0) -> str:
    """`pattern` behind its first-character guard (see the module docstring)."""
    return first_char_guard(pattern, flags) + pattern


def guarded_alternatives(patterns: list[str], flags: int = 0) -> str:
    """`(?:p1)|(?:p2)|...`, each alternative behind its own guard and the whole behind theirs."""
    whole = "|".join(f"(?:{p})" for p in patterns)
    return first_char_guard(whole, flags) + "(?:" + "|".join(f"(?:{guarded(p, flags)})" for p in patterns) + ")"
