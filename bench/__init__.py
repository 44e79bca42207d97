"""Benchmarks kept with the code: registry import and person lookup at the scale of the model
case, on SQLite and PostgreSQL. Run with `python -m bench` (see docs/performance.md)."""
