from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import SimpleRouter

from commission.api import (
    cases_views,
    inquiries_views,
    intake_views,
    jobs_views,
    note_views,
    openapi,  # noqa: F401  (registers the schema extensions)
    registry_views,
    rules_views,
    search_views,
    sitting_views,
    work_views,
)
from commission.api.views import TokenRevocationView, TokenRotationView, TokenView

router = SimpleRouter()
router.register("people", registry_views.PersonViewSet, basename="api-person")
router.register("memberships", registry_views.MembershipViewSet, basename="api-membership")
router.register("relationships", registry_views.RelationshipViewSet, basename="api-relationship")
router.register("organisations", registry_views.OrganisationViewSet, basename="api-organisation")
router.register("units", registry_views.UnitViewSet, basename="api-unit")
router.register("commissions", registry_views.CommissionViewSet, basename="api-commission")
router.register("cases", cases_views.CaseViewSet, basename="api-case")
router.register("hearings", cases_views.HearingViewSet, basename="api-hearing")
router.register("decisions", cases_views.DecisionViewSet, basename="api-decision")
router.register("grounds", cases_views.GroundViewSet, basename="api-ground")
router.register("sittings", sitting_views.SittingViewSet, basename="api-sitting")
router.register(
    "outcome-letters", sitting_views.OutcomeLetterViewSet, basename="api-outcome-letter"
)
router.register("inquiries", inquiries_views.InquiryViewSet, basename="api-inquiry")
# Letters
router.register("letters", intake_views.LetterViewSet, basename="api-letter")
router.register("proposals", intake_views.ProposalViewSet, basename="api-proposal")


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/token/rotate/", TokenRotationView.as_view(), name="api-token-rotate"),
    path("auth/token/revoke/", TokenRevocationView.as_view(), name="api-token-revoke"),
    # The schema says what the registry holds, so it is no more public than the API itself.
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="api-schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema", permission_classes=[IsAuthenticated]),
        name="api-docs",
    ),
    path(
        "people/<str:ref>/witnesses/",
        inquiries_views.WitnessesView.as_view(),
        name="api-person-witnesses",
    ),
    path("search/", search_views.SearchView.as_view(), name="api-search"),
    path("me/", registry_views.MyRecordView.as_view(), name="api-me"),
    path("workload/", work_views.WorkloadView.as_view(), name="api-workload"),
    path("rules/", rules_views.RulesView.as_view(), name="api-rules"),
    path("queue/", work_views.QueueView.as_view(), name="api-queue"),
    path("jobs/", jobs_views.JobListView.as_view(), name="api-jobs"),
    path("jobs/<int:pk>/retry/", jobs_views.JobRetryView.as_view(), name="api-job-retry"),
    path(
        "cases/<str:ref>/documents/",
        note_views.CaseDocumentsView.as_view(),
        name="api-case-documents",
    ),
    path(
        "cases/<str:ref>/documents/<int:document_id>/tags/",
        note_views.DocumentTagsView.as_view(),
        name="api-document-tags",
    ),
    path("cases/<str:ref>/notes/", note_views.CaseNotesView.as_view(), name="api-case-notes"),
    path("notes/<int:pk>/check/", note_views.NoteCheckView.as_view(), name="api-note-check"),
    path("notes/<int:pk>/inquiry/", note_views.NoteInquiryView.as_view(), name="api-note-inquiry"),
    *router.urls,
]
