"""Check the office-holders of the actor knowledge base blind: sample (country, office, date) questions
from the package's people files, have someone who has not seen the files name the office-holder, and
score the answers against the knowledge base.

    .venv/bin/python benchmarks/kb_blind_check.py sample [--count 100] [--seed 7] > questions.json
    .venv/bin/python benchmarks/kb_blind_check.py score questions.json answers.json

`sample` draws roles with a title and a start date (heads of state and government, foreign, defence and
interior ministers...), and a day inside each role, and prints questions without the names. `score`
reads answers ({"<question id>": "name" or null}) and counts an answer right when the knowledge base
knows a person by that name (or alias, or surname) who held that title for that country on that day;
null (no answer) counts as a disagreement. Prints agreement = right / questions, and the misses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _day(value: str | None, end: bool = False) -> dt.date | None:
    if not value:
        return None
    parts = value.split("-")
    year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else (12 if end else 1), \
        int(parts[2]) if len(parts) > 2 else (28 if end else 1)
    return dt.date(year, month, day)


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace(".", "").strip()


def sample(count: int, seed: int) -> list[dict]:
    from thucydides.knowledge.actorkb import ActorKB

    kb = ActorKB.load()
    roles = []
    for person in kb.people():
        for role in person.roles:
            if role.title and role.start and role.country:
                roles.append((person, role))
    rng = random.Random(seed)
    rng.shuffle(roles)
    questions = []
    today = dt.date(2026, 6, 30)
    for _person, role in roles:
        first = _day(role.start)
        last = (_day(role.end) - dt.timedelta(days=1)) if role.end else today
        if first is None or last is None or last < first:
            continue
        day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        question = {"id": f"q{len(questions) + 1:03d}", "country": role.country, "office": role.title,
                    "date": day.isoformat()}
        if any((q["country"], q["office"], q["date"][:7]) == (question["country"], question["office"],
                                                              question["date"][:7]) for q in questions):
            continue
        questions.append(question)
        if len(questions) >= count:
            break
    return questions


def score(questions: list[dict], answers: dict) -> tuple[int, list[str]]:
    from thucydides.knowledge.actorkb import ActorKB

    kb = ActorKB.load()
    by_name: dict[str, list] = {}
    for person in kb.people():
        for name in (person.name, *person.aliases, person.name.split()[-1]):
            by_name.setdefault(_plain(name), []).append(person)
    right, misses = 0, []
    for question in questions:
        answer = answers.get(question["id"])
        holders = []
        for person in kb.people():
            for role in person.roles:
                if role.country == question["country"] and role.title == question["office"] \
                        and role.covers(question["date"]):
                    holders.append(person)
        candidates = by_name.get(_plain(answer), []) if answer else []
        if answer and not candidates:
            candidates = by_name.get(_plain(answer.split()[-1]), [])
        ok = any(c.id == h.id for c in candidates for h in holders)
        right += ok
        if not ok:
            misses.append(f"{question['id']} {question['country']} {question['office']} {question['date']}: "
                          f"answered {answer!r}, KB has {[h.name for h in holders]}")
    return right, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    draw = sub.add_parser("sample")
    draw.add_argument("--count", type=int, default=100)
    draw.add_argument("--seed", type=int, default=7)
    check = sub.add_parser("score")
    check.add_argument("questions")
    check.add_argument("answers")
    args = parser.parse_args()
    if args.command == "sample":
        print(json.dumps(sample(args.count, args.seed), indent=1))
        return
    questions = json.loads(Path(args.questions).read_text(encoding="utf-8"))
    answers = json.loads(Path(args.answers).read_text(encoding="utf-8"))
    right, misses = score(questions, answers)
    print(f"agreement {right}/{len(questions)} = {right / len(questions):.2f}")
    for miss in misses:
        print("  " + miss)


if __name__ == "__main__":
    main()
