from django.db import models


class Gender(models.TextChoices):
    FEMALE = "female", "female"
    MALE = "male", "male"
    UNKNOWN = "unknown", "unknown"


class NameKind(models.TextChoices):
    """Extra forms under which a person is known, beside given name, patronymic and surname."""

    PSEUDONYM = "pseudonym", "pseudonym"
    MAIDEN = "maiden", "maiden surname"
    MARRIED = "married", "married surname"
    SURNAME_PART = "surname_part", "part of a double surname"
    DIMINUTIVE = "diminutive", "diminutive of the given name"
    VARIANT = "variant", "spelling or transliteration variant"
    OTHER = "other", "other form"


class MembershipStatus(models.TextChoices):
    CANDIDATE = "candidate", "candidate"
    MEMBER = "member", "member"
    PROBATION = "probation", "candidate on probation"
    EXPELLED = "expelled", "expelled"
    EXPELLED_FOR_TERM = "expelled_for_term", "expelled for a term"
    LEFT = "left", "left"
    DECEASED = "deceased", "deceased"


class StatusChangeBasis(models.TextChoices):
    """What a step of a membership's history rests on. A change of status is made by a decision;
    only the administrative steps (joining, a death) rest on a document that records them; a step
    copied from another register's history names that register."""

    DECISION = "decision", "the decision that made it"
    DOCUMENT = "document", "the document that records it"
    IMPORTED = "imported", "copied from another register"


# The statuses a membership may start in without a decision: joining as a candidate or member.
JOINING_STATUSES = frozenset({"candidate", "member"})


class UnitKind(models.TextChoices):
    CENTRAL = "central", "central body"
    GUBERNIA = "gubernia", "gubernia (province)"
    DISTRICT = "district", "district"
    CELL = "cell", "cell"
    DEPARTMENT = "department", "department"
    OTHER = "other", "other"


class CommissionLevel(models.TextChoices):
    DISTRICT = "district", "district"
    GUBERNIA = "gubernia", "gubernia"
    CENTRAL = "central", "central"


class CommissionerRole(models.TextChoices):
    CHAIR = "chair", "chair"
    MEMBER = "member", "member"
    SECRETARY = "secretary", "secretary"


class Language(models.TextChoices):
    """The language the commission writes to a person in (inquiries, reminders); blank is the
    installation's default (MAIL_LANGUAGE)."""

    ENGLISH = "en", "English"
    RUSSIAN = "ru", "Russian"


class ContactKind(models.TextChoices):
    ADDRESS = "address", "address"
    PHONE = "phone", "telephone"
    EMAIL = "email", "email"
    OTHER = "other", "other"


class RelationshipKind(models.TextChoices):
    """A typed tie read as "<source> is <label> <target>". Symmetric kinds are stored once."""

    PARENT = "parent", "parent of"
    SIBLING = "sibling", "sibling of"
    SPOUSE = "spouse", "spouse of"
    RELATIVE = "relative", "relative of"
    COLLEAGUE = "colleague", "colleague of"
    SUPERVISED_WORK = "supervised_work", "supervised the work of"
    OBSERVED_WORK = "observed_work", "observed the work of"
    KNEW_ABROAD = "knew_abroad", "knew abroad"
    ACQUAINTANCE = "acquaintance", "acquainted with"
    SHELTERED = "sheltered", "sheltered"
    RECOMMENDED = "recommended", "recommended"
    SENT = "sent", "sent on assignment"
    CORRESPONDENT = "correspondent", "wrote to"


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
    RelationshipKind.PARENT: "child of",
    RelationshipKind.SUPERVISED_WORK: "worked under",
    RelationshipKind.OBSERVED_WORK: "work observed by",
    RelationshipKind.KNEW_ABROAD: "known abroad by",
    RelationshipKind.SHELTERED: "sheltered by",
    RelationshipKind.RECOMMENDED: "recommended by",
    RelationshipKind.SENT: "sent on assignment by",
    RelationshipKind.CORRESPONDENT: "received letters from",
}
