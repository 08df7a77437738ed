"""Clinic facts (bot/clinic.py) and "are you open?" in UK time (bot/hours.py)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot import clinic
from bot.hours import When, answer_when, is_open, next_opening, open_now_text, parse_when

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
SEOUL = ZoneInfo("Asia/Seoul")

# A plain week in winter (GMT): Monday 2 March 2026 to Sunday 8 March 2026.
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 3, 2) + timedelta(days=i) for i in range(7))


def uk(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


# --- clinic facts --------------------------------------------------------------------


def test_contact_details_match_the_clinic_page_exactly():
    assert clinic.PHONE == "07935 869938"
    assert clinic.EMAIL == "JJTHERPAY365@gmail.com"
    assert clinic.WHATSAPP_LINK == "https://wa.me/447935869938"
    lines = clinic.contact_lines().splitlines()
    assert len(lines) == 3
    assert any("07935 869938" in line for line in lines)
    assert any("JJTHERPAY365@gmail.com" in line for line in lines)
    assert any("https://wa.me/447935869938" in line for line in lines)


def test_opening_hours_data_matches_the_clinic_page():
    assert clinic.OPENING_HOURS[0] is None
    assert clinic.OPENING_HOURS[1] == (time(11, 0), time(21, 40))
    for weekday in (2, 3, 4, 5):
        assert clinic.OPENING_HOURS[weekday] == (time(9, 0), time(19, 40))
    assert clinic.OPENING_HOURS[6] == (time(9, 0), time(18, 20))
    assert clinic.TIMEZONE == "Europe/London"


def test_hours_text_reads_as_a_week_with_monday_closed():
    assert clinic.hours_text().splitlines() == [
        "Mon closed",
        "Tue 11:00 am–9:40 pm",
        "Wed–Sat 9:00 am–7:40 pm",
        "Sun 9:00 am–6:20 pm",
    ]


def test_languages_are_english_and_korean():
    assert "English" in clinic.languages_text() and "Korean" in clinic.languages_text()


@pytest.mark.parametrize(
    "topic, named",
    [
        ("address", "address"),
        ("where are you", "address"),
        ("price", "prices"),
        ("cost", "prices"),
        ("bupa", "insurers"),
        ("parking", "parking"),
        ("where can i park?", "parking"),
        ("How much is an assessment?", "prices"),
        ("do u take AXA", "insurers"),
        ("something else", "that detail"),
        (None, "that detail"),
    ],
)
def test_unknown_details_are_never_invented_and_point_to_the_clinic(topic, named):
    text = clinic.unknown_detail_text(topic)
    assert named in text
    assert "doesn't list" in text
    assert "07935 869938" in text and "JJTHERPAY365@gmail.com" in text
    assert "£" not in text


# --- is_open across the week ---------------------------------------------------------


@pytest.mark.parametrize("hour", range(24))
def test_monday_is_closed_all_day(hour):
    assert not is_open(uk(MON, hour, 30))
    assert not is_open(uk(MON, hour, 0))


@pytest.mark.parametrize(
    "day, opens, closes",
    [
        (TUE, (11, 0), (21, 40)),
        (WED, (9, 0), (19, 40)),
        (THU, (9, 0), (19, 40)),
        (FRI, (9, 0), (19, 40)),
        (SAT, (9, 0), (19, 40)),
        (SUN, (9, 0), (18, 20)),
    ],
)
def test_each_open_day_opens_on_the_minute_and_closes_at_closing_time(day, opens, closes):
    open_at, close_at = uk(day, *opens), uk(day, *closes)
    assert not is_open(open_at - timedelta(minutes=1))
    assert is_open(open_at)
    assert is_open(uk(day, 14, 0))
    assert is_open(close_at - timedelta(minutes=1))
    assert not is_open(close_at)


def test_tuesday_2139_is_open_and_2141_is_closed():
    assert is_open(uk(TUE, 21, 39))
    assert not is_open(uk(TUE, 21, 41))


def test_sunday_closes_at_1820():
    assert is_open(uk(SUN, 18, 19))
    assert not is_open(uk(SUN, 18, 20))


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        is_open(datetime(2026, 3, 4, 12, 0))


def test_a_time_in_another_zone_is_judged_in_uk_time():
    # 18:30 in Seoul on Wednesday is 09:30 in London (GMT, winter): open.
    assert is_open(datetime(2026, 3, 4, 18, 30, tzinfo=SEOUL))
    # 17:30 in Seoul is 08:30 in London: not yet open.
    assert not is_open(datetime(2026, 3, 4, 17, 30, tzinfo=SEOUL))


# --- British Summer Time --------------------------------------------------------------


def test_utc_morning_after_clocks_go_forward_counts_as_bst():
    # Sunday 29 March 2026: clocks go forward. 08:30 UTC is 09:30 BST: open.
    assert is_open(datetime(2026, 3, 29, 8, 30, tzinfo=UTC))
    # The day before, 08:30 UTC is 08:30 GMT: not yet open.
    assert not is_open(datetime(2026, 3, 28, 8, 30, tzinfo=UTC))


def test_utc_closing_on_the_bst_sunday_is_an_hour_earlier_in_utc():
    assert is_open(datetime(2026, 3, 29, 17, 19, tzinfo=UTC))  # 18:19 BST
    assert not is_open(datetime(2026, 3, 29, 17, 20, tzinfo=UTC))  # 18:20 BST


def test_utc_morning_after_clocks_go_back_counts_as_gmt():
    # Sunday 25 October 2026: clocks go back. 08:30 UTC is 08:30 GMT: closed.
    assert not is_open(datetime(2026, 10, 25, 8, 30, tzinfo=UTC))
    # The day before, 08:30 UTC is 09:30 BST: open.
    assert is_open(datetime(2026, 10, 24, 8, 30, tzinfo=UTC))


def test_open_now_text_in_summer_reports_uk_closing_time():
    # Tuesday 7 July 2026, 20:00 UTC is 21:00 BST.
    text = open_now_text(datetime(2026, 7, 7, 20, 0, tzinfo=UTC))
    assert text.startswith("Yes, we're open now until 9:40 pm")


# --- next_opening and open_now_text --------------------------------------------------


@pytest.mark.parametrize(
    "at, expected",
    [
        (uk(MON, 10), uk(TUE, 11)),  # Monday: closed, Tuesday 11:00
        (uk(SUN, 19), uk(TUE + timedelta(days=7), 11)),  # Sunday evening skips Monday
        (uk(TUE, 8), uk(TUE, 11)),  # before opening: same day
        (uk(TUE, 11), uk(TUE, 11)),  # exactly at opening
        (uk(TUE, 12), uk(WED, 9)),  # open now: the next day's opening
        (uk(SAT, 20), uk(SUN, 9)),
    ],
)
def test_next_opening(at, expected):
    assert next_opening(at) == expected


def test_next_opening_is_in_uk_time_whatever_the_input_zone():
    result = next_opening(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    assert result == uk(TUE, 11) and result.tzinfo.key == "Europe/London"


def test_open_now_text_when_open_gives_closing_time():
    assert open_now_text(uk(WED, 14)) == "Yes, we're open now until 7:40 pm (UK time)."


def test_open_now_text_on_a_monday_explains_mondays_and_next_opening():
    text = open_now_text(uk(MON, 12))
    assert text.startswith("We're closed right now (Mondays we're closed)")
    assert "we next open tomorrow (Tuesday) at 11:00 am" in text


def test_open_now_text_before_opening_says_today():
    assert "we next open today at 9:00 am" in open_now_text(uk(THU, 7, 15))


def test_open_now_text_after_sunday_closing_points_to_tuesday():
    text = open_now_text(uk(SUN, 18, 20))
    assert "we closed at 6:20 pm" in text and "Tuesday at 11:00 am" in text


def test_open_now_text_uses_the_real_clock_when_no_time_is_given():
    assert open_now_text().startswith(("Yes, we're open now", "We're closed right now"))


# --- parse_when -----------------------------------------------------------------------

NOW = uk(WED, 14, 5)  # Wednesday 4 March 2026, 2:05 pm


@pytest.mark.parametrize(
    "question, expected",
    [
        ("are you open now", When(WED, time(14, 5), is_now=True)),
        ("r u open rn?", When(WED, time(14, 5), is_now=True)),
        ("are you still open today", When(WED, time(14, 5), is_now=True)),
        ("open on sunday?", When(SUN)),
        ("Are you open Sundays", When(SUN)),
        ("at 8pm on tuesday", When(TUE + timedelta(days=7), time(20, 0))),
        ("tomorrow morning", When(THU, part="morning")),
        ("tonight at 9", When(WED, time(21, 0))),
        ("this saturday 10am", When(SAT, time(10, 0))),
        ("what time do you close today", When(WED)),
        ("can i come in at 7.30pm on friday", When(FRI, time(19, 30))),
        ("open next wednesday at 9?", When(WED + timedelta(days=7), time(9, 0))),
        ("are you open on wednesday", When(WED)),
        ("is the clinic open tmrw at 11:30", When(THU, time(11, 30))),
        ("are you open at noon on sun", When(SUN, time(12, 0))),
        ("are you open late on tues", When(TUE + timedelta(days=7), part="evening")),
        ("open at 20:00 today?", When(WED, time(20, 0))),
        ("can I come at 6", When(WED, time(18, 0))),  # a bare 1–7 means pm
        ("are you open at 9am", When(THU, time(9, 0))),  # passed today: tomorrow
        ("monday afternoon?", When(MON + timedelta(days=7), part="afternoon")),
        ("토요일 오후 3시에 가능해요?", When(SAT, time(15, 0))),
        ("지금 열었나요?", When(WED, time(14, 5), is_now=True)),
    ],
)
def test_parse_when_reads_the_day_and_time_asked_about(question, expected):
    assert parse_when(question, NOW) == expected


@pytest.mark.parametrize(
    "question",
    ["what are your opening hours", "when are you open?", "hours pls", "are you open at the weekend"],
)
def test_parse_when_without_a_day_or_time_means_the_whole_week(question):
    assert parse_when(question, NOW) is None


def test_parse_when_ignores_numbers_that_are_not_times():
    assert parse_when("had pain for 2 weeks, open thursday?", NOW) == When(THU)


def test_parse_when_moment_is_an_aware_uk_datetime():
    asked = parse_when("at 8pm on tuesday", NOW)
    assert asked.moment() == uk(TUE + timedelta(days=7), 20, 0)
    assert parse_when("open on sunday?", NOW).moment() is None


def test_parse_when_accepts_now_in_another_zone():
    # 23:30 UTC on Tuesday 3 March is still Tuesday in London (GMT).
    asked = parse_when("open tomorrow?", datetime(2026, 3, 3, 23, 30, tzinfo=UTC))
    assert asked == When(WED)


# --- answer_when, end to end -----------------------------------------------------------


def test_answer_when_for_the_week_lists_the_hours_and_says_if_open_now():
    text = answer_when("what are your opening hours?", NOW)
    assert clinic.hours_text() in text
    assert "Yes, we're open now until 7:40 pm" in text


def test_answer_when_now():
    assert answer_when("are you open right now", uk(MON, 10)).startswith(
        "We're closed right now (Mondays we're closed)"
    )


def test_answer_when_a_day_without_a_time_gives_that_days_hours():
    assert answer_when("open on sunday?", NOW) == "On Sunday we're open 9:00 am–6:20 pm (UK time)."


def test_answer_when_monday_says_closed_on_mondays():
    text = answer_when("are you open on monday", NOW)
    assert "closed on Mondays" in text and "Tuesday" in text and "11:00 am" in text


def test_answer_when_a_time_inside_the_hours_says_yes():
    text = answer_when("at 8pm on tuesday", NOW)
    assert text.startswith("Yes, we're open on Tuesday at 8:00 pm")
    assert "11:00 am–9:40 pm" in text


def test_answer_when_a_time_outside_the_hours_says_no_and_gives_the_hours():
    text = answer_when("tonight at 9", NOW)
    assert text.startswith("No, we're not open today at 9:00 pm")
    assert "9:00 am–7:40 pm" in text


def test_answer_when_a_part_of_the_day():
    assert answer_when("tomorrow morning", NOW).startswith("Yes, tomorrow (Thursday) we're open")
    assert "closed on Mondays" in answer_when("monday evening?", NOW)


def test_answer_when_uses_the_real_clock_when_no_time_is_given():
    assert "Sun 9:00 am–6:20 pm" in answer_when("opening hours")
