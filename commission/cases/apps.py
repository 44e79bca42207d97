from django.apps import AppConfig
from django.db.models import Q


def _filed_on_confidential_case() -> Q:
    return Q(filings__case__confidential=True)


class CasesConfig(AppConfig):
    name = "commission.cases"
    label = "cases"
    verbose_name = "Cases and decisions"

    def ready(self) -> None:
        from commission.cases import pages  # noqa: F401  (registers the person page sections)
        from commission.cases.queries import needed_documents, people_of_cases
        from commission.documents.access import keep_confidential, narrow_by_need
        from commission.registry.personal import add_reach

        # A document filed on a confidential case is as confidential as the case.
        keep_confidential(
            permission="cases.view_confidential_case", hidden=_filed_on_confidential_case
        )
        # A clerk posted to commissions reads the documents of their cases and the letters on
        # no case yet, and the personal data of the people their cases concern.
        narrow_by_need(needed_documents)
        add_reach(people_of_cases)
