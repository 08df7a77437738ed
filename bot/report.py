"""The clinic's summary of stored assessments.

    python -m bot.report                  readable tables in the terminal
    python -m bot.report --json           {"assessments": N, "by_outcome": {...}, "red_flags": {...}}
    python -m bot.report --csv FILE       one row per assessment (hashed keys, no sender ids)
    python -m bot.report --chart FILE.png stacked bars: outcomes per ISO week

Reads DATABASE_URL (default SQLite var/bot.db); --database-url overrides.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

import sqlalchemy as sa

OUTCOMES = ("urgent", "gp_assessment", "psoas_likely", "general")
RED_FLAGS = (
    "bladder_bowel", "saddle_numbness", "night_pain", "fever_unwell", "trauma",
    "weight_loss", "abdominal_throbbing", "leg_weakness", "cancer_history",
)
OUTCOME_COLOURS = {
    "urgent": "#c0392b", "gp_assessment": "#e67e22", "psoas_likely": "#2980b9", "general": "#27ae60",
}
OUTCOME_LABELS = {
    "urgent": "Urgent (A&E / 111 / 999)", "gp_assessment": "GP assessment",
    "psoas_likely": "Psoas likely", "general": "General back pain",
}
CSV_COLUMNS = (
    "conversation_key", "outcome", "pain_side", "pain_one_sided", "forward_bend_relief",
    "leg_numbness_below_knee", "red_flags", "channel", "language", "started_at",
    "decided_at", "updated_at", "booking_shown", "extra",
)
NO_DATA = "No assessments yet: nothing has been recorded in this database."


@dataclass
class Summary:
    assessments: int = 0
    by_outcome: Counter[str] = field(default_factory=lambda: Counter({o: 0 for o in OUTCOMES}))
    red_flags: Counter[str] = field(default_factory=lambda: Counter({f: 0 for f in RED_FLAGS}))
    by_channel: Counter[str] = field(default_factory=Counter)
    by_week: dict[str, Counter[str]] = field(default_factory=dict)  # "2024-W05" -> Counter of outcomes
    booking_shown: int = 0

    def as_json(self) -> dict[str, Any]:
        """Exactly the shape CONTRACT.md promises (Records): nothing more, nothing less."""
        return {
            "assessments": self.assessments,
            "by_outcome": dict(self.by_outcome),
            "red_flags": dict(self.red_flags),
        }

    def details(self) -> dict[str, Any]:
        """The other breakdowns the terminal table shows."""
        return {
            "by_channel": dict(sorted(self.by_channel.items())),
            "by_week": {week: dict(self.by_week[week]) for week in sorted(self.by_week)},
            "booking_shown": self.booking_shown,
        }


def iso_week(moment: Any) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def all_weeks(weeks: Iterable[str]) -> list[str]:
    """Every ISO week from the first to the last given, so gaps show as zero."""
    from datetime import date, timedelta

    weeks = sorted(weeks)
    if not weeks:
        return []
    first, last = (date.fromisocalendar(int(w[:4]), int(w[6:]), 1) for w in (weeks[0], weeks[-1]))
    return [iso_week(first + timedelta(weeks=i)) for i in range((last - first).days // 7 + 1)]


def load_rows(url: Optional[str] = None) -> list[dict[str, Any]]:
    from bot.storage import Assessment, session_scope

    with session_scope(url) as session:
        result = session.execute(sa.select(Assessment.__table__).order_by(Assessment.decided_at))
        return [dict(row) for row in result.mappings()]


def summarise(rows: Iterable[dict[str, Any]]) -> Summary:
    summary = Summary()
    for row in rows:
        summary.assessments += 1
        summary.by_outcome[row["outcome"]] += 1
        for flag in set(row["red_flags"] or []):
            summary.red_flags[flag] += 1
        summary.by_channel[row["channel"] or "unknown"] += 1
        week = summary.by_week.setdefault(iso_week(row["decided_at"]), Counter())
        week[row["outcome"]] += 1
        summary.booking_shown += bool(row["booking_shown"])
    return summary


def render_table(title: str, counts: dict[str, int], total: int) -> str:
    width = max([len(title)] + [len(str(k)) for k in counts]) + 2
    lines = [f"{title:<{width}}{'count':>7}{'share':>8}", "-" * (width + 15)]
    for key, count in counts.items():
        share = f"{100 * count / total:.0f}%" if total else "-"
        lines.append(f"{str(key):<{width}}{count:>7}{share:>8}")
    return "\n".join(lines)


def render_text(summary: Summary) -> str:
    if not summary.assessments:
        return NO_DATA
    n = summary.assessments
    weeks = {week: sum(summary.by_week.get(week, {}).values()) for week in all_weeks(summary.by_week)}
    parts = [
        f"J&J Therapy: {n} assessment(s), booking details shown in {summary.booking_shown}",
        render_table("Outcome", dict(summary.by_outcome), n),
        render_table("Red flag (conversations)", dict(summary.red_flags), n),
        render_table("Channel", dict(summary.by_channel.most_common()), n),
        render_table("ISO week", weeks, n),
    ]
    return "\n\n".join(parts)


def _csv_safe(value: Any) -> str:
    """Stop spreadsheets from treating a stored answer as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_csv(rows: Sequence[dict[str, Any]], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            values = dict(row)
            values["red_flags"] = ";".join(row["red_flags"] or [])
            values["extra"] = json.dumps(row["extra"] or {}, sort_keys=True, ensure_ascii=False)
            for name in ("started_at", "decided_at", "updated_at"):
                values[name] = row[name].isoformat() if row[name] else ""
            writer.writerow([_csv_safe(values[name]) for name in CSV_COLUMNS])


def write_chart(summary: Summary, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    weeks = all_weeks(summary.by_week)
    outcomes = list(OUTCOMES) + sorted(
        {o for c in summary.by_week.values() for o in c} - set(OUTCOMES)
    )
    figure = Figure(figsize=(min(16.0, max(6.0, 1.0 + 0.8 * len(weeks))), 4.5), dpi=100)
    axes = figure.subplots()
    axes.set_title("J&J Therapy: triage outcomes per week")
    axes.set_xlabel("ISO week (date of outcome, UTC)")
    axes.set_ylabel("Assessments")
    if not weeks:
        axes.text(0.5, 0.5, "No assessments yet", ha="center", va="center",
                  transform=axes.transAxes, fontsize=14)
    else:
        bottom = [0] * len(weeks)
        for outcome in outcomes:
            heights = [summary.by_week.get(w, Counter()).get(outcome, 0) for w in weeks]
            axes.bar(weeks, heights, bottom=bottom, label=OUTCOME_LABELS.get(outcome, outcome),
                     color=OUTCOME_COLOURS.get(outcome))
            bottom = [b + h for b, h in zip(bottom, heights)]
        handles, labels = axes.get_legend_handles_labels()
        axes.legend(handles[::-1], labels[::-1], title="Outcome",  # same order as the stack
                    loc="upper left", bbox_to_anchor=(1.0, 1.0))
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.tick_params(axis="x", labelrotation=45)
        step = -(-len(weeks) // 20)  # at most ~20 week labels
        axes.set_xticks(range(0, len(weeks), step))
        axes.set_xticklabels(weeks[::step])
    figure.tight_layout()
    figure.savefig(path, format="png")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.report", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--csv", metavar="FILE", type=Path, help="write one row per assessment")
    parser.add_argument("--chart", metavar="FILE.png", type=Path, help="write a PNG chart of outcomes per week")
    parser.add_argument("--database-url", help="instead of DATABASE_URL")
    args = parser.parse_args(argv)

    try:
        rows = load_rows(args.database_url)
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        origin = getattr(exc, "orig", None) or exc
        print(f"Cannot read the database ({type(origin).__name__}): {origin}", file=sys.stderr)
        return 1
    summary = summarise(rows)
    # Status lines go to stderr when --json is on, so stdout stays valid JSON.
    notes = sys.stderr if args.json else sys.stdout
    if args.csv:
        write_csv(rows, args.csv)
        print(f"Wrote {len(rows)} assessment(s) to {args.csv}", file=notes)
    if args.chart:
        write_chart(summary, args.chart)
        print(f"Wrote the weekly outcome chart to {args.chart}", file=notes)
    if args.json:
        print(json.dumps(summary.as_json(), indent=2))
    else:
        print(render_text(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
