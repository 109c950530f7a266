"""English as a Norwegian portal writes it: day before month, 24-hour clock, weeks from Monday.

Django's own "en" formats are American (12/19/2026, 2 p.m.); what is not set here falls back to them.
"""

DATE_FORMAT = "j M Y"  # 19 Dec 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j M Y H:i"  # 19 Dec 2026 14:30
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 19 December
SHORT_DATE_FORMAT = "d.m.Y"  # 19.12.2026
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 19.12.2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

# ISO first: widgets without a format of their own write their value in the first input format,
# and HTML date inputs need ISO.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-19
    "%d.%m.%Y",  # 19.12.2026
    "%d.%m.%y",  # 19.12.26
    "%d %b %Y",  # 19 Dec 2026
    "%d %B %Y",  # 19 December 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-12-19 14:30:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-12-19 14:30:59.000200
    "%Y-%m-%d %H:%M",  # 2026-12-19 14:30
    "%d.%m.%Y %H:%M:%S",  # 19.12.2026 14:30:59
    "%d.%m.%Y %H:%M",  # 19.12.2026 14:30
    "%d.%m.%y %H:%M",  # 19.12.26 14:30
]
TIME_INPUT_FORMATS = [
    "%H:%M:%S",  # 14:30:59
    "%H:%M",  # 14:30
]
