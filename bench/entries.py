"""The rows of ``build/bench.json`` and how they are timed: one entry per measurement, the
schema ``check_entries`` holds them to, the Markdown table, and medians of timed runs (capped
for the slow baselines)."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.atomic import write_atomically
from kg.stores.base import QueryTimeout
from kg.stores.limits import run_with_timeout

REQUIRED = ("name", "ours_s", "baseline_s", "ratio", "goal")
NO_GOAL = "none (informational)"

Log = Callable[[str], None]


def quiet(message: str) -> None:
    """A log that says nothing (for the tests)."""


def entry(
    name: str,
    ours_s: float | None,
    baseline_s: float | None,
    goal: str,
    met: bool | None,
    note: str = "",
    *,
    lower_bound: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """One line of ``bench.json``: times in seconds, ``ratio = baseline_s / ours_s``."""
    ours_s = None if ours_s is None else round(ours_s, 6)
    baseline_s = None if baseline_s is None else round(baseline_s, 4)
    ratio = round(baseline_s / ours_s, 1) if ours_s and baseline_s is not None else None
    item: dict[str, Any] = {
        "name": name,
        "ours_s": ours_s,
        "baseline_s": baseline_s,
        "ratio": ratio,
        "goal": goal,
        "met": met,
        "lower_bound": lower_bound,
        "note": note,
    }
    item.update(extra)
    return item


def check_entries(entries: Iterable[Mapping[str, Any]]) -> list[str]:
    """What is wrong with ``entries`` as ``bench.json`` (an empty list when nothing is)."""
    problems = []
    names = set()
    for index, item in enumerate(entries):
        where = f"entry {index} ({item.get('name', '?')})"
        missing = [key for key in REQUIRED if key not in item]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if not isinstance(item["name"], str) or not item["name"]:
            problems.append(f"{where}: name must be a non-empty string")
        if item["name"] in names:
            problems.append(f"{where}: name used twice")
        names.add(item["name"])
        for key in ("ours_s", "baseline_s", "ratio"):
            value = item[key]
            if value is not None and (not isinstance(value, int | float) or value < 0):
                problems.append(f"{where}: {key} must be a number of seconds >= 0 or null")
        if not isinstance(item["goal"], str):
            problems.append(f"{where}: goal must be a string")
        if item.get("met") not in (True, False, None):
            problems.append(f"{where}: met must be true, false or null")
        ours, baseline, ratio = item["ours_s"], item["baseline_s"], item["ratio"]
        if ours and baseline is not None and ratio is not None:
            if abs(ratio - baseline / ours) > max(0.1, 0.01 * ratio):
                problems.append(f"{where}: ratio {ratio} is not baseline_s / ours_s")
    return problems


def table(entries: list[dict[str, Any]]) -> str:
    """The entries as a Markdown table, for people."""
    lines = [
        "| measurement | ours (s) | baseline (s) | ratio | goal | met |",
        "|---|---:|---:|---:|---|---|",
    ]
    for item in entries:
        ratio = item["ratio"]
        shown = (
            "—" if ratio is None else (f"≥ {ratio:g}" if item.get("lower_bound") else f"{ratio:g}")
        )
        baseline = "—" if item["baseline_s"] is None else f"{item['baseline_s']:.3g}"
        baseline += " (capped)" if item.get("lower_bound") else ""
        ours = "—" if item["ours_s"] is None else f"{item['ours_s']:.3g}"
        met = {True: "yes", False: "**no**", None: "—"}[item.get("met")]
        lines.append(f"| {item['name']} | {ours} | {baseline} | {shown} | {item['goal']} | {met} |")
    notes = [f"- **{item['name']}**: {item['note']}" for item in entries if item.get("note")]
    return "\n".join(lines) + ("\n\n" + "\n".join(notes) if notes else "") + "\n"


def write_results(entries: list[dict[str, Any]], json_path: Path, table_path: Path) -> None:
    """``bench.json`` (checked first) and ``bench.md``, each written atomically."""
    problems = check_entries(entries)
    if problems:
        raise ValueError("bench.json would be malformed:\n" + "\n".join(problems))
    text = json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    write_atomically(json_path, text.encode("utf-8"))
    write_atomically(table_path, table(entries).encode("utf-8"))


# --------------------------------------------------------------------------- timing


@dataclass
class Timing:
    median: float
    runs: list[float]
    capped: bool = False
    result: Any = None


def timed(
    work: Callable[[], Any], runs: int, warm_up: bool = False, slow: float | None = None
) -> Timing:
    """``work()`` run ``runs`` times: the median and every time (and the last result). With
    ``slow``, a work whose warm-up (or first run) takes longer is timed that once more only, so
    that a query of seconds does not hold up the others."""
    times, result = [], None
    if warm_up:
        started = time.perf_counter()
        work()
        if slow is not None and time.perf_counter() - started > slow:
            runs = 1
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
        if slow is not None and times[-1] > slow:
            break
    return Timing(statistics.median(times), times, result=result)


def timed_capped(work: Callable[[], Any], runs: int, cap: float, slow: float) -> Timing:
    """Up to ``runs`` runs, each stopped after ``cap`` seconds; one run only when it takes more
    than ``slow`` seconds. A stopped run makes the timing a lower bound of ``cap``."""
    times: list[float] = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        try:
            result = run_with_timeout(work, cap)
        except QueryTimeout:
            return Timing(cap, [*times, cap], capped=True)
        times.append(time.perf_counter() - started)
        if times[-1] > slow:
            break
    return Timing(statistics.median(times), times, result=result)


def runs_note(timing: Timing, what: str) -> str:
    return f"{what} {len(timing.runs)} run(s): " + ", ".join(f"{t:.3g}" for t in timing.runs)
