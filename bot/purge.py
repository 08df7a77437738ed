"""Retention: delete assessments and Rasa tracker events older than N days.

    python -m bot.purge --days N      (make purge DAYS=N)
"""
from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

import sqlalchemy as sa


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.purge", description=__doc__.split("\n")[1])
    parser.add_argument("--days", type=int, required=True, help="keep the last N days (N >= 0)")
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must be zero or more")

    from bot.storage import purge_counts

    try:
        counts = purge_counts(args.days)
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        origin = getattr(exc, "orig", None) or exc
        print(f"Purge failed, nothing removed ({type(origin).__name__}): {origin}", file=sys.stderr)
        return 1
    print(
        f"Removed {counts['assessments']} assessment(s), {counts['events']} tracker "
        f"event(s) and {counts['outbox']} queued record(s) older than {args.days} day(s)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
