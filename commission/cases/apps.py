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
        from commission.documents.access import keep_confidential

        # A document filed on a confidential case is as confidential as the case.
        keep_confidential(
            permission="cases.view_confidential_case", hidden=_filed_on_confidential_case
        )
