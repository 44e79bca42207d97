"""Russian dates as an official paper writes them: the month in the genitive and «г.» after the
year («20 декабря 1921 г.»); Django's "E" is the genitive month name."""

DATE_FORMAT = "j E Y г."
DATETIME_FORMAT = "j E Y г. H:i"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
