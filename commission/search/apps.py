from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "commission.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from commission.documents.changes import on_documents_changed
        from commission.search import checks, embedded, jobs  # noqa: F401  (register themselves)
        from commission.search.services import index_letters

        # Filing a letter on a case, or a case's new state, changes what the index holds.
        on_documents_changed(index_letters)
