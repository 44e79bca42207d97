from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    UNKNOWN = "unknown", _("unknown")


class NameKind(models.TextChoices):
    """Extra forms under which a person is known, beside given name, patronymic and surname."""

    PSEUDONYM = "pseudonym", _("pseudonym")
    MAIDEN = "maiden", _("maiden surname")
    MARRIED = "married", _("married surname")
    SURNAME_PART = "surname_part", _("part of a double surname")
    DIMINUTIVE = "diminutive", _("diminutive of the given name")
    VARIANT = "variant", _("spelling or transliteration variant")
    OTHER = "other", _("other form")


class MembershipStatus(models.TextChoices):
    CANDIDATE = "candidate", _("candidate")
    MEMBER = "member", _("member")
    PROBATION = "probation", _("candidate on probation")
    EXPELLED = "expelled", _("expelled")
    EXPELLED_FOR_TERM = "expelled_for_term", _("expelled for a term")
    LEFT = "left", _("left")
    DECEASED = "deceased", _("deceased")


class StatusChangeBasis(models.TextChoices):
    """What a step of a membership's history rests on. A change of status is made by a decision;
    only the administrative steps (joining, a death) rest on a document that records them; a step
    copied from another register's history names that register."""

    DECISION = "decision", _("the decision that made it")
    DOCUMENT = "document", _("the document that records it")
    IMPORTED = "imported", _("copied from another register")


# The statuses a membership may start in without a decision: joining as a candidate or member.
JOINING_STATUSES = frozenset({"candidate", "member"})


class UnitKind(models.TextChoices):
    CENTRAL = "central", _("central body")
    GUBERNIA = "gubernia", _("gubernia (province)")
    DISTRICT = "district", _("district")
    CELL = "cell", _("cell")
    DEPARTMENT = "department", _("department")
    OTHER = "other", _("other")


class CommissionLevel(models.TextChoices):
    DISTRICT = "district", _("district")
    GUBERNIA = "gubernia", _("gubernia")
    CENTRAL = "central", _("central")


class CommissionerRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")
    SECRETARY = "secretary", _("secretary")


class Language(models.TextChoices):
    """The language the commission writes to a person in (inquiries, reminders); blank is the
    installation's default (MAIL_LANGUAGE)."""

    ENGLISH = "en", "English"
    RUSSIAN = "ru", "Russian"


class ContactKind(models.TextChoices):
    ADDRESS = "address", _("address")
    PHONE = "phone", _("telephone")
    EMAIL = "email", _("email")
    OTHER = "other", _("other")


class RelationshipKind(models.TextChoices):
    """A typed tie read as "<source> is <label> <target>". Symmetric kinds are stored once."""

    PARENT = "parent", _("parent of")
    SIBLING = "sibling", _("sibling of")
    SPOUSE = "spouse", _("spouse of")
    RELATIVE = "relative", _("relative of")
    COLLEAGUE = "colleague", _("colleague of")
    SUPERVISED_WORK = "supervised_work", _("supervised the work of")
    OBSERVED_WORK = "observed_work", _("observed the work of")
    KNEW_ABROAD = "knew_abroad", _("knew abroad")
    ACQUAINTANCE = "acquaintance", _("acquainted with")
    SHELTERED = "sheltered", _("sheltered")
    RECOMMENDED = "recommended", _("recommended")
    SENT = "sent", _("sent on assignment")
    CORRESPONDENT = "correspondent", _("wrote to")


SYMMETRIC_RELATIONSHIPS = frozenset(
    {
        RelationshipKind.SIBLING,
        RelationshipKind.SPOUSE,
        RelationshipKind.RELATIVE,
        RelationshipKind.COLLEAGUE,
        RelationshipKind.ACQUAINTANCE,
    }
)

# How the tie reads from the target's side, for directed kinds.
INVERSE_LABELS = {
    RelationshipKind.PARENT: _("child of"),
    RelationshipKind.SUPERVISED_WORK: _("worked under"),
    RelationshipKind.OBSERVED_WORK: _("work observed by"),
    RelationshipKind.KNEW_ABROAD: _("known abroad by"),
    RelationshipKind.SHELTERED: _("sheltered by"),
    RelationshipKind.RECOMMENDED: _("recommended by"),
    RelationshipKind.SENT: _("sent on assignment by"),
    RelationshipKind.CORRESPONDENT: _("received letters from"),
}
