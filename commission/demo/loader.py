"""The demonstration installation: the seed story's registry and one account per role.

Loaded through the same import a user runs, and safe to run any number of times.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commission.cases.assigning import assign_case, sitting_members
from commission.cases.calendar import set_calendar
from commission.cases.enums import CaseKind, CaseState, DecisionOutcome
from commission.cases.letters import draft_outcome_letters, sign_outcome_letter
from commission.cases.models import Case, Decision, Hearing, ReportedOutcome, Sitting
from commission.cases.services import (
    link_reported_outcome,
    open_appeal,
    open_case,
    record_decision,
    transition_case,
)
from commission.cases.sittings import adopt_minutes, hold_sitting, plan_sitting, put_on_docket
from commission.core import clock
from commission.core.actors import Actor
from commission.core.roles import Role
from commission.core.services import system_actor
from commission.registry.models import Commission, Commissioner, Organisation, Person
from commission.registry.posts import post_clerk

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo_data"
DEMO_REGISTRY = DEMO_DIR / "registry.jsonl"
DEMO_LETTERS = DEMO_DIR / "letters"
DEMO_ORGANISATION_REF = "rcp"
# The demonstration runs on the story's calendar (commission.core.clock): each step is taken on
# its own day, and the installation's today is the day of the last step played.
# Stored as written and shown on the banner in the reader's language (the catalogue holds it).
STORY = gettext_noop("The seed story of 1921–1922.")
LETTERS_DAY = dt.date(1921, 12, 20)

# What the letters and the editors' notes do not say, and the demo must choose to show the
# commission's work: which commissions expelled the two women, when and by what vote, the
# appeals before the Central Commission, who reported on each, when and where it heard them,
# and its reasons. Each is marked "illustrative" where it is recorded and shown, as the
# registry marks its invented commissioners (demo_data/README.md); the registry leaves unknown
# the dates the sources do not give.
ILLUSTRATIVE = gettext_noop("illustrative: the letters do not say")
RAPPORTEURS = {"P-n-alliluyeva": "P-solts", "P-kasparova-popova": "P-zalutsky"}
SITTING_AT = dt.datetime(1922, 1, 10, 18, 0)
SITTING_PLACE = gettext_noop(
    "Moscow, the Central Commission (illustrative: the letters do not say when or where it sat)"
)
# Said on each decision of the case histories, whose commission, day and vote are invented.
EARLIER_STEP = gettext_noop(
    "Illustrative: the letters say only that she was expelled before 20 December 1921; which "
    "commission decided, on what day, by what vote and for what reasons, they do not say."
)
# Said on each appeal before the Central Commission, whose page shows the decision appealed.
APPEALED_AGAINST = gettext_noop(
    "(Illustrative: the decision appealed against, its commission and day; the letters say only "
    "that she was expelled.)"
)
# Said on each reinstatement: the editors' notes report the outcome, not the day or reasons.
REINSTATEMENT = gettext_noop(
    "Illustrative reasons and day: the editors' notes report only that she was reinstated in "
    "the Party."
)

# Demo accounts: username → (role, registry person it is, if any).
DEMO_ACCOUNTS: dict[str, tuple[str, str | None]] = {
    "clerk": (Role.CLERK, None),
    "commissioner": (Role.COMMISSIONER, "P-solts"),
    "chair": (Role.CHAIR, "P-zalutsky"),
    "auditor": (Role.AUDITOR, None),
    "member": (Role.MEMBER, "P-kasparova-popova"),
    "kremlin-clerk": (Role.CLERK, None),
}
# The demo clerk files every letter of the story, so she keeps the organisation-wide view; a
# second clerk is posted to the Kremlin district commission and so sees Alliluyeva's case
# there, not Kasparova-Popova's before the Moscow commission nor the appeals to the Central
# Commission: need-to-know at work. (account → commission ref, first day of the post)
DEMO_POSTS: dict[str, tuple[str, dt.date]] = {"kremlin-clerk": ("C-kremlin", dt.date(1921, 8, 1))}


@dataclass
class DemoResult:
    registry_loaded: bool = False
    accounts: dict[str, str] = field(default_factory=dict)  # username → password, new ones only
    messages: list[str] = field(default_factory=list)


def password_file() -> Path:
    """Where the demo's passwords are kept: demo-logins.txt in the data folder."""
    return Path(settings.VAR_DIR) / "demo-logins.txt"


def _known_passwords() -> dict[str, str]:
    path = password_file()
    if not path.exists():
        return {}
    pairs = (line.split(" ", 1) for line in path.read_text().splitlines() if " " in line)
    return dict(pairs)


def _ensure_accounts(result: DemoResult) -> None:
    """Create the admin and one account per role, each with its own random password, written
    to var/demo-logins.txt (readable by the owner only) so the user can find them again."""
    known = _known_passwords()
    wanted = {"admin": ("admin", None), **DEMO_ACCOUNTS}
    for username, (role, person_ref) in wanted.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = User.objects.create_user(username=username, password=password)
            if username == "admin":
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            else:
                user.groups.add(Group.objects.get(name=role))
            known[username] = password
            result.accounts[username] = password
        if person_ref:
            Person.objects.filter(ref=person_ref, user__isnull=True).update(user=user)
            person = Person.objects.filter(ref=person_ref, user=user).first()
            if person is not None and not user.get_full_name():
                # What a letter the account signs is signed with.
                user.first_name = f"{person.given_name} {person.patronymic}".strip()[:150]
                user.last_name = person.surname[:150]
                user.save(update_fields=["first_name", "last_name"])
    for username, (ref, start) in DEMO_POSTS.items():
        clerk = User.objects.get(username=username)
        if not clerk.clerk_posts.exists():
            post_clerk(
                actor=system_actor(), user=clerk, commission=Commission.objects.get(ref=ref),
                started_on=start,
            )  # fmt: skip
    path = password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{name} {password}\n" for name, password in sorted(known.items())))
    path.chmod(0o600)


def _decide(
    actor: Actor,
    case: Case,
    *,
    outcome: str,
    reasons: str,
    decided_on: dt.date,
    grounds: list[str],
    term_until: dt.date | None = None,
) -> Decision:
    """Move a case to "ready" and record a unanimous decision of its commission, on the day
    of the decision."""
    with clock.on(decided_on):
        case = transition_case(
            actor=actor, case=case, to_state=CaseState.READY, reason=_("the file is complete"),
            expected_version=case.version,
        )  # fmt: skip
        voters = [seat.person for seat in Commissioner.objects.filter(commission=case.commission)]
        return record_decision(
            actor=actor, case=case, expected_version=case.version, outcome=outcome,
            reasons=reasons, votes=dict.fromkeys(voters, "for"), decided_on=decided_on,
            grounds=grounds, term_until=term_until,
        )  # fmt: skip


def _case_histories(actor: Actor) -> list[str]:
    """The cases of the seed story up to the letters of 20 December 1921: Alliluyeva expelled by
    her district commission, then transferred to candidates on probation by the gubernia
    commission on appeal; Kasparova-Popova expelled by the gubernia commission. Both cases then
    stand before the central commission, where the letters will be filed."""
    refs = ["P-n-alliluyeva", "P-kasparova-popova"]
    people = {p.ref: p for p in Person.objects.filter(ref__in=refs)}
    commissions = {c.ref: c for c in Commission.objects.filter(ref__in=["C-kremlin", "C-moscow"])}
    alliluyeva, kasparova = people["P-n-alliluyeva"], people["P-kasparova-popova"]

    with clock.on(dt.date(1921, 11, 28)):
        expulsion = open_case(
            actor=actor, subject=alliluyeva, commission=commissions["C-kremlin"],
            kind=CaseKind.EXPULSION, opened_on=dt.date(1921, 11, 28),
            summary=_(
                "Verification of the cell of the Council of People's Commissars (illustrative: "
                "the letters do not say which commission expelled her, or when)."
            ),
        )  # fmt: skip
    expelled = _decide(
        actor, expulsion, outcome=DecisionOutcome.EXPEL, decided_on=dt.date(1921, 12, 3),
        grounds=["passivity"],
        reasons=_(EARLIER_STEP) + "\n\n"
        + _("Took no part in the cell's work; regarded as ballast in the Party."),
    )  # fmt: skip
    with clock.on(dt.date(1921, 12, 8)):
        appeal = open_appeal(
            actor=actor, decision=expelled, filed_on=dt.date(1921, 12, 8),
            statement=_(
                "She asks the gubernia commission to review her expulsion (illustrative: the "
                "letters do not say that she appealed, or when)."
            ),
        )  # fmt: skip
    probation = _decide(
        actor, appeal, outcome=DecisionOutcome.PROBATION, decided_on=dt.date(1921, 12, 14),
        grounds=["passivity"], term_until=dt.date(1922, 12, 14),
        reasons=_(EARLIER_STEP) + "\n\n"
        + _(
            "Young and of a worker's family; transferred to candidates on probation for one "
            "year rather than expelled."
        ),
    )  # fmt: skip
    with clock.on(LETTERS_DAY):
        open_appeal(
            actor=actor, decision=probation, filed_on=LETTERS_DAY,
            statement=_(
                "Her case goes to the Central Commission, which has received a letter about "
                "her family's services to the Party."
            )
            + " "
            + _(APPEALED_AGAINST),
        )  # fmt: skip

    with clock.on(dt.date(1921, 11, 30)):
        expulsion_k = open_case(
            actor=actor, subject=kasparova, commission=commissions["C-moscow"],
            kind=CaseKind.EXPULSION, opened_on=dt.date(1921, 11, 30),
        )  # fmt: skip
    expelled_k = _decide(
        actor, expulsion_k, outcome=DecisionOutcome.EXPEL, decided_on=dt.date(1921, 12, 9),
        grounds=["passivity"],
        reasons=_(EARLIER_STEP) + "\n\n"
        + _("Her Party work could not be established; nobody in the organisation vouched for her."),
    )  # fmt: skip
    with clock.on(LETTERS_DAY):
        open_appeal(
            actor=actor, decision=expelled_k, filed_on=LETTERS_DAY,
            statement=_("She asks, through Comrade Lenin, for a thorough verification of her case.")
            + " "
            + _(APPEALED_AGAINST),
        )  # fmt: skip
    return [
        "Recorded the case histories: Alliluyeva expelled by the Kremlin district commission and "
        "put on probation by the Moscow gubernia commission; Kasparova-Popova expelled by the "
        "gubernia commission; both appeals now before the Central Commission."
    ]


def _letters(result: DemoResult) -> None:
    """The clerk files the two letters of 20 December 1921 and confirms what was read."""
    clerk = User.objects.get(username="clerk")
    with clock.on(LETTERS_DAY):
        _file_letters(clerk, result)


def _file_letters(clerk: User, result: DemoResult) -> None:
    from commission.documents.models import Document
    from commission.intake.services import accept_all, ingest_paths

    report = ingest_paths(actor=clerk, paths=sorted(DEMO_LETTERS.glob("*.txt")))
    result.messages += [f"  {line}" for line in report.filed + report.matched + report.errors]
    for document in Document.objects.filter(pk__in=report.documents).order_by("pk"):
        accepted, left = accept_all(actor=clerk, document=document)
        if accepted:
            result.messages.append(
                f"  The clerk confirmed {accepted} things read from “{document}”."
            )
            result.messages += [f"    {line}" for line in left]


def _assign_appeals(chair: User, reports: list[ReportedOutcome]) -> list[str]:
    """The chair gives each appeal to a member of the Central Commission and, the letters and
    the inquiries being on file, finds it ready for hearing."""
    lines = []
    for report in reports:
        case = Case.objects.select_related("rapporteur").get(pk=report.case_id)
        if case.rapporteur is None:
            rapporteur = Person.objects.get(ref=RAPPORTEURS[case.subject.ref])
            assign_case(
                actor=chair, case=case, rapporteur=rapporteur, expected_version=case.version,
                reason=_(
                    "Rapporteur illustrative: the letters do not say who reported on the case."
                ),
            )  # fmt: skip
            case.refresh_from_db()
            lines.append(f"  The chair assigned {case} to {rapporteur.display_name}.")
        if case.state in (CaseState.OPEN, CaseState.GATHERING):
            transition_case(
                actor=chair, case=case, to_state=CaseState.READY,
                reason=_("the letters and the inquiries are on file"),
                expected_version=case.version,
            )  # fmt: skip
    return lines


def _sitting(chair: User, commission: Commission, reports: list[ReportedOutcome]) -> Sitting:
    """One sitting of the Central Commission hears both appeals, all its members present."""
    sitting = plan_sitting(
        actor=chair, commission=commission, place=_(SITTING_PLACE),
        starts_at=timezone.make_aware(SITTING_AT),
    )  # fmt: skip
    for report in reports:
        put_on_docket(actor=chair, sitting=sitting, case=Case.objects.get(pk=report.case_id))
    return hold_sitting(actor=chair, sitting=sitting, present=sitting_members(commission))


def _reinstatements(result: DemoResult) -> None:
    """The Central Commission's daily work on the two appeals: the chair assigns them, one
    sitting hears them with its docket, the chair records as its decisions the reinstatements
    the editors' notes report, the minutes are adopted, and each decision's outcome letters
    (Russian and English) are drafted and signed by the chair."""
    chair = User.objects.get(username="chair")
    reports = list(
        ReportedOutcome.objects.filter(decision__isnull=True)
        .select_related("case", "case__commission", "document")
        .order_by("case_id")
    )
    if not reports:
        return
    with clock.on(SITTING_AT.date()):
        _hear_and_decide(chair, reports, result)


def _hear_and_decide(chair: User, reports: list[ReportedOutcome], result: DemoResult) -> None:
    result.messages += _assign_appeals(chair, reports)
    commission = reports[0].case.commission
    sitting = _sitting(chair, commission, reports)
    result.messages.append(
        f"  The {commission} sat on {SITTING_AT:%d %B %Y} ({ILLUSTRATIVE} when) and heard "
        f"{len(reports)} appeals."
    )
    decided_on = SITTING_AT.date()
    for report in reports:
        case = Case.objects.get(pk=report.case_id)
        hearing = Hearing.objects.get(case=case, sitting=sitting)
        present = list(sitting.attendance.filter(present=True).select_related("person"))
        decision = record_decision(
            actor=chair, case=case, expected_version=case.version, outcome=report.outcome,
            reasons=_(REINSTATEMENT) + "\n\n" + _(
                "The letters on file show what the commission below did not know: her "
                "family's service to the Party, and those who could vouch for her."
            ),
            votes={a.person: "for" for a in present}, decided_on=decided_on,
            grounds=["new-evidence"], reported_by=report.document, hearing=hearing,
        )  # fmt: skip
        link_reported_outcome(actor=chair, report=report, decision=decision)
        result.messages.append(f"  The chair recorded: {decision} on {case}.")
        for letter in draft_outcome_letters(actor=chair, decision=decision):
            sign_outcome_letter(actor=chair, letter=letter)
            result.messages.append(f"    signed and sent the {letter}.")
    adopt_minutes(actor=chair, sitting=sitting)
    result.messages.append(f"  The minutes of the {sitting} are adopted and filed on both cases.")


def load_demo(*, letters: bool = True, decide: bool = True) -> DemoResult:
    """Load the demo story, each step once however often it runs: the registry, the case
    histories, the accounts; then the clerk files the two letters and confirms what was read
    (`letters`), and the chair records the reinstatements the letters' notes report
    (`decide`). Without them a user can take those steps themselves."""
    from commission.registry.interchange import import_registry

    result = DemoResult()
    actor = system_actor()
    last_day = LETTERS_DAY
    if not Organisation.objects.filter(ref=DEMO_ORGANISATION_REF).exists():
        import_registry(actor=actor, paths=[DEMO_REGISTRY])
        result.registry_loaded = True
    if not Case.objects.filter(subject__ref="P-n-alliluyeva").exists():
        with transaction.atomic():
            result.messages += _case_histories(actor)
    with transaction.atomic():
        _ensure_accounts(result)
    if letters:
        _letters(result)
        if decide:
            with transaction.atomic():
                _reinstatements(result)
            if ReportedOutcome.objects.filter(decision__isnull=False).exists():
                last_day = SITTING_AT.date()
    _story_calendar(actor, last_day, result)
    return result


def _story_calendar(actor: Actor, day: dt.date, result: DemoResult) -> None:
    """The installation takes the story's last day played as today, so that its deadlines,
    overdue marks and form defaults belong to the story; never moved back."""
    current = clock.calendar()
    if current.source == "environment" or (current.today is not None and current.today >= day):
        return
    set_calendar(actor=actor, today=day, story=STORY)
    result.messages.append(f"  The installation now runs on the story's calendar: {day:%d %B %Y}.")


def demo_logins() -> dict[str, str]:
    return _known_passwords()
