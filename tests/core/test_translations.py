"""Every word of the interface goes through the Russian catalogue: the templates mark their
visible text, the catalogue holds every string the code and templates mark, each translated and
none fuzzy, and the committed .mo is compiled from the .po as it stands (tests/core/catalogue.py
says how each is found; docs/languages.md how to fix what these tests report)."""

from __future__ import annotations

import pytest

from tests.core import catalogue

# Templates whose text is not marked yet; the list only shrinks.
NOT_YET_MARKED: set[str] = {
    "audit/templates/audit/event.html",
    "audit/templates/audit/events.html",
    "audit/templates/audit/verify.html",
    "cases/templates/cases/_case_header.html",
    "cases/templates/cases/_person_cases.html",
    "cases/templates/cases/_queue_rows.html",
    "cases/templates/cases/_results.html",
    "cases/templates/cases/_rules_check.html",
    "cases/templates/cases/_subject_matches.html",
    "cases/templates/cases/action.html",
    "cases/templates/cases/decide.html",
    "cases/templates/cases/detail.html",
    "cases/templates/cases/docket_print.html",
    "cases/templates/cases/document.html",
    "cases/templates/cases/letters.html",
    "cases/templates/cases/list.html",
    "cases/templates/cases/open.html",
    "cases/templates/cases/queue.html",
    "cases/templates/cases/sitting.html",
    "cases/templates/cases/sittings.html",
    "cases/templates/cases/workload.html",
    "core/templates/404.html",
    "core/templates/commission/_notifications.html",
    "core/templates/commission/denied.html",
    "core/templates/registration/login.html",
    "inquiries/templates/inquiries/_board_results.html",
    "inquiries/templates/inquiries/_case_panel.html",
    "inquiries/templates/inquiries/_form_errors.html",
    "inquiries/templates/inquiries/_inquiry_row.html",
    "inquiries/templates/inquiries/_neighbourhood_svg.html",
    "inquiries/templates/inquiries/_witnesses.html",
    "inquiries/templates/inquiries/ask.html",
    "inquiries/templates/inquiries/board.html",
    "inquiries/templates/inquiries/detail.html",
    "inquiries/templates/inquiries/neighbourhood.html",
    "inquiries/templates/inquiries/notifications.html",
    "inquiries/templates/inquiries/witnesses.html",
    "intake/templates/intake/_letter_results.html",
    "intake/templates/intake/_person_choices.html",
    "intake/templates/intake/_proposal_row.html",
    "intake/templates/intake/_provenance.html",
    "intake/templates/intake/choose_person.html",
    "intake/templates/intake/copies.html",
    "intake/templates/intake/letters.html",
    "intake/templates/intake/review.html",
    "intake/templates/intake/upload.html",
    "intake/templates/intake/upload_report.html",
    "registry/templates/registry/_people_results.html",
    "registry/templates/registry/people.html",
    "registry/templates/registry/person.html",
    "reports/templates/reports/_audit.html",
    "reports/templates/reports/_cases.html",
    "reports/templates/reports/_decisions.html",
    "reports/templates/reports/_hearings.html",
    "reports/templates/reports/_inquiries.html",
    "reports/templates/reports/_letters.html",
    "reports/templates/reports/_own.html",
    "reports/templates/reports/_ready.html",
    "reports/templates/reports/dashboard.html",
    "reports/templates/reports/statistics.html",
    "reports/templates/reports/statistics_cases.html",
    "search/templates/search/_facets.html",
    "search/templates/search/_results.html",
    "search/templates/search/search.html",
    "search/templates/search/similar.html",
}


def test_every_visible_word_in_the_templates_is_marked_for_translation():
    found = [str(u) for u in catalogue.all_untranslated_text() if u.template not in NOT_YET_MARKED]
    assert found == []


def test_the_not_yet_marked_list_names_only_templates_that_still_need_it():
    still = {u.template for u in catalogue.all_untranslated_text()}
    assert still >= NOT_YET_MARKED, sorted(NOT_YET_MARKED - still)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<p>Hello</p>", ["'Hello'"]),
        ('<p>{% translate "Hello" %}</p>', []),
        ("<p>{% blocktranslate %}Hello {{ n }}{% endblocktranslate %}</p>", []),
        ('<input placeholder="Search">', ["'Search'"]),
        ('<a href="{% url "x" %}" class="b">{{ name }} · 12</a>', []),
        ('{{ x|default:"none" }}', ["'|default:\"none\"'"]),
        ('{{ x|default:_("none") }}', []),
        ("<code>commission demo</code>{# note #}{% comment %}Words{% endcomment %}", []),
    ],
)
def test_the_template_check_finds_unmarked_text(tmp_path, template, expected):
    path = catalogue.PACKAGE / "core" / "templates" / "_check_sample.html"
    path.write_text(template, encoding="utf-8")
    try:
        assert [repr(u.text) for u in catalogue.untranslated_text(path)] == expected
    finally:
        path.unlink()


def test_the_russian_catalogue_is_complete_translated_and_compiled():
    assert catalogue.catalogue_problems() == []
