"""The inquiries' corner of the seed story, for the daily reminders run by the queue."""

from tests.inquiries.conftest import story  # noqa: F401
