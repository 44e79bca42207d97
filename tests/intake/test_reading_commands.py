"""`commission extract --json` and `commission score-extraction`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from commission.intake.reading import extractors
from commission.intake.reading.model import Extraction, Item
from commission.intake.reading.scoring import RESOLUTION_TARGET, TARGETS, format_table, score
from commission.registry.models import Person
from tests.intake.test_reading_seeds import ARCHIVE, WIKI


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_extract_json_for_both_seeds(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out, err = run("extract", str(ARCHIVE), str(WIKI), str(empty), "--json")
    data = json.loads(out)
    assert data["schema"] == 1
    assert [(x["file"], x["index"]) for x in data["letters"]] == [
        (str(ARCHIVE), 0),
        (str(WIKI), 0),
        (str(WIKI), 1),
    ]
    first, copy, second = data["letters"]
    assert copy["copy_of"] == {"letter": 0, "file": str(ARCHIVE), "index": 0, "similarity": 1.0}
    assert copy["fingerprint"] == first["fingerprint"]
    assert second["copy_of"] is None
    assert data["errors"] == [{"file": str(empty), "reason": "is empty."}]
    assert f"Skipped {empty}: is empty." in err
    fields = second["fields"]
    assert [a["value"] for a in fields["author"]] == ["Lenin"]
    assert fields["date"][0]["value"] == "1921-12-20"
    assert fields["time"][0]["span"] == {
        "in": "text",
        "start": second["text"].rindex("20.00 hours"),
        "end": second["text"].rindex("20.00 hours") + len("20.00 hours"),
        "text": "20.00 hours",
    }
    subject = fields["subjects"][0]
    assert subject["value"] == "Kasparova-Popova"
    assert subject["person"]["resolution"]["status"] == "proposed"
    assert subject["person"]["resolution"]["proposed"]["surname"] == "Kasparova-Popova"
    assert [c["value"]["value"] for c in fields["contacts"]] == [
        "3 House of Soviets, Flat 63",
        "58–97",
    ]
    assert len(fields["inscriptions"][0]["inquiries"]) == 4
    assert Person.objects.count() == 0  # a dry run stores nothing


@pytest.mark.django_db
def test_extract_summary_is_readable():
    out, _err = run("extract", str(WIKI), "--no-resolve")
    assert "Letter 2: " in out
    assert "  date: 1921-12-20 20:00" in out
    assert "  contact (address, personal data): 3 House of Soviets, Flat 63" in out
    assert "    ask Kornblyum about Kasparova: give_information, find_witnesses, urgently" in out
    assert out.rstrip().endswith("2 letter(s) read from 1 file(s); 0 file(s) skipped. "
                                 "Nothing was stored.")  # fmt: skip


def test_extractors_register_like_third_party_ones():
    available = extractors.load_extractors()
    assert "rules" in available

    @extractors.extractor("test-only")
    def only_author(letter):
        ex = Extraction()
        ex.add("author", Item("Somebody", None))
        return ex

    try:
        assert extractors.get_extractor("test-only") is only_author
        with pytest.raises(ValueError, match="already registered"):
            extractors.extractor("rules")(only_author)
    finally:
        extractors.EXTRACTORS.pop("test-only")
    with pytest.raises(LookupError, match="No extractor named 'nope'"):
        extractors.get_extractor("nope")


@pytest.mark.django_db
def test_scorer_meets_the_targets_and_leaves_no_rows():
    before = Person.objects.count()
    report = score()
    assert report.letters >= 27
    for name, target in TARGETS.items():
        assert report.fields[name].f1 >= target, (name, report.fields[name], report.misses)
    assert report.resolution_total >= 60
    assert report.resolution_accuracy >= RESOLUTION_TARGET, report.misses
    assert Person.objects.count() == before
    table = format_table(report)
    assert "person resolution accuracy" in table
    assert table.splitlines()[3].startswith("author")


@pytest.mark.django_db
def test_score_command_prints_the_table():
    out, _err = run("score_extraction", "--check")
    assert "field          precision  recall     F1  target" in out
    assert "Below target" not in out
