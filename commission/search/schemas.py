"""The search endpoint's query and answer, for the JSON API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from commission.cases.enums import CaseState
from commission.search.queries import KINDS
from commission.search.query import MAX_INPUT


class SearchQuerySchema(serializers.Serializer[Any]):
    q = serializers.CharField(
        max_length=MAX_INPUT,
        allow_blank=True,
        help_text='A name in any form, words from a letter ("quoted words" stay together), or a '
        "case reference. Search syntax is never interpreted: operators are read as words.",
    )
    kind = serializers.ChoiceField(choices=KINDS, required=False, default="all")
    date_from = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="Letters written, and cases opened, on or after this day.",
    )  # fmt: skip
    date_to = serializers.DateField(required=False, allow_null=True, default=None)
    commission = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Reference of a commission: its cases, and letters filed on them.",
    )  # fmt: skip
    state = serializers.ChoiceField(
        choices=CaseState.choices, required=False, allow_blank=True, default=""
    )
    offset = serializers.IntegerField(
        min_value=0, max_value=10_000, required=False, default=0,
        help_text="Skip this many letters (20 are returned at a time).",
    )  # fmt: skip
    facets = serializers.BooleanField(
        required=False, default=False,
        help_text="Also count the matching letters by year, kind and commission (costs about "
        "as much again as the search).",
    )  # fmt: skip

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["date_from"] and attrs["date_to"] and attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError(
                {"date_to": "The end date is before the start date."}, code="rule"
            )
        return attrs


class FoundPersonSchema(serializers.Serializer[Any]):
    ref = serializers.CharField(source="person.ref")
    name = serializers.CharField(source="person.display_name")
    match = serializers.CharField(source="how", help_text="exact, near (spelling) or prefix")


class FoundLetterSchema(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="document.pk")
    title = serializers.CharField(source="document.title")
    written_on = serializers.DateField(source="document.written_on", allow_null=True)
    passage = serializers.CharField(
        help_text="HTML: the text escaped, matched words inside <mark>. Empty when withheld."
    )
    withheld = serializers.CharField(help_text="Why the passage is not shown, if it is not.")


class FoundCaseSchema(serializers.Serializer[Any]):
    ref = serializers.CharField()
    title = serializers.CharField()
    subject = serializers.CharField(source="subject.ref")
    commission = serializers.CharField(source="commission.ref")
    kind = serializers.CharField()
    state = serializers.CharField()


class NamingLetterSchema(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="document_id")
    title = serializers.CharField(source="document.title")
    person = serializers.CharField(source="person.ref")
    as_written = serializers.CharField()
    role = serializers.CharField()


class FacetValueSchema(serializers.Serializer[Any]):
    value = serializers.CharField(help_text="As the matching filter takes it.")
    shown = serializers.CharField(source="label", help_text="As a person reads it.")
    count = serializers.IntegerField(help_text="Matching letters the caller may read.")


class SearchResultsSchema(serializers.Serializer[Any]):
    understood = serializers.SerializerMethodField(help_text="The words searched for.")
    people = FoundPersonSchema(many=True)
    cases = FoundCaseSchema(many=True)
    letters = FoundLetterSchema(many=True)
    letters_matched = serializers.IntegerField(
        help_text="How many letters match; when not ranked, at least this many."
    )
    letters_ranked = serializers.BooleanField(
        help_text="True: best matches first. False: too many matches to rank, newest first."
    )
    naming = NamingLetterSchema(many=True, help_text="Letters naming the people found.")
    notes = serializers.ListField(child=serializers.CharField())
    letter_facets = serializers.DictField(
        child=FacetValueSchema(many=True),
        required=False,
        help_text="With facets=true: matching letters by Year, Kind and Commission.",
    )

    def get_understood(self, results: Any) -> str:
        return str(results.query.text())
