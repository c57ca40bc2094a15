"""Exact-match accuracy of our time normalisation beside dateparser alone, on tests/data/time_expressions.tsv.

    .venv/bin/python benchmarks/time_normalisation.py [--show-misses]

A row matches when (value, range) equals the table's. dateparser is used the way a project would use it
alone: `DateDataParser(languages=["en"])` (the engine behind `dateparser.parse`, which also reports the
period so "August 2008" can be written as a month) with RELATIVE_BASE = the anchor and PREFER_DATES_FROM
= "future" for future-tense rows, else "past". It never returns ranges, so range rows can only be
missed; rows whose expected value is empty (durations, clock times, refused texts) match when it
returns nothing. Also printed: value-only agreement (the range ignored) and the time per call.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
from collections import defaultdict
from pathlib import Path

from dateparser.date import DateDataParser

from thucydides.times import normalise

TABLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "time_expressions.tsv"


def load_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def expected_of(row: dict[str, str]) -> tuple[str | None, tuple[str | None, str | None] | None]:
    span = (row["range_first"] or None, row["range_last"] or None) if row["precision"] == "range" else None
    return row["value"] or None, span


def ours(row: dict[str, str]) -> tuple[str | None, tuple | None]:
    value = normalise(row["expression"], dt.date.fromisoformat(row["anchor"]), row["tense"])
    return (value.value, value.range) if value else (None, None)


def dateparser_alone(row: dict[str, str]) -> tuple[str | None, tuple | None]:
    anchor = dt.date.fromisoformat(row["anchor"])
    settings = {
        "RELATIVE_BASE": dt.datetime(anchor.year, anchor.month, anchor.day, 12),
        "PREFER_DATES_FROM": "future" if row["tense"] == "future" else "past",
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(row["expression"])
    if data is None or data.date_obj is None:
        return None, None
    day = data.date_obj.date()
    if data.period == "year":
        return f"{day.year:04d}", None
    if data.period == "month":
        return f"{day.year:04d}-{day.month:02d}", None
    return day.isoformat(), None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--show-misses", action="store_true", help="list the rows each system gets wrong")
    args = parser.parse_args(argv)
    rows = load_rows(args.table)
    systems = {"thucydides": ours, "dateparser": dateparser_alone}
    exact: dict[str, dict[str, int]] = {name: defaultdict(int) for name in systems}
    value_only: dict[str, dict[str, int]] = {name: defaultdict(int) for name in systems}
    seconds: dict[str, float] = defaultdict(float)
    totals: dict[str, int] = defaultdict(int)
    misses: dict[str, list[str]] = defaultdict(list)
    for system in systems.values():
        system(rows[0])  # warm-up: dateparser loads its language data on first use
    for row in rows:
        kind = row["kind"]
        totals[kind] += 1
        want = expected_of(row)
        for name, system in systems.items():
            started = time.perf_counter()
            got = system(row)
            seconds[name] += time.perf_counter() - started
            exact[name][kind] += got == want
            value_only[name][kind] += got[0] == want[0]
            if got != want:
                misses[name].append(f"{kind:12} {row['expression']!r} @{row['anchor']}/{row['tense']}: "
                                    f"want {want}, got {got}")

    names = list(systems)
    print(f"{len(rows)} rows from {args.table.name}; exact match of (value, range), value-only in brackets\n")
    print(f"{'kind':14}{'rows':>6}" + "".join(f"{n:>24}" for n in names))
    for kind in sorted(totals):
        cells = "".join(
            f"{exact[n][kind] / totals[kind]:>15.1%} [{value_only[n][kind] / totals[kind]:>5.1%}]" for n in names
        )
        print(f"{kind:14}{totals[kind]:>6}{cells}")
    overall = "".join(
        f"{sum(exact[n].values()) / len(rows):>15.1%} [{sum(value_only[n].values()) / len(rows):>5.1%}]"
        for n in names
    )
    print(f"{'overall':14}{len(rows):>6}{overall}")
    print(f"{'ms per call':14}{'':>6}" + "".join(f"{1000 * seconds[n] / len(rows):>24.3f}" for n in names))
    if args.show_misses:
        for name in names:
            print(f"\n{name} misses ({len(misses[name])}):")
            for line in misses[name]:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
