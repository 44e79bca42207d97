from django.db import models


class CaseKind(models.TextChoices):
    VERIFICATION = "verification", "verification"
    EXPULSION = "expulsion", "expulsion"
    APPEAL = "appeal", "appeal"
    REOPENING = "reopening", "reopening on new material"


class CaseState(models.TextChoices):
    OPEN = "open", "open"
    GATHERING = "gathering", "gathering material"
    READY = "ready", "ready for hearing"
    HEARING = "hearing", "hearing scheduled"
    DECIDED = "decided", "decided"
    APPEALED = "appealed", "appealed"
    CLOSED = "closed", "closed"
    WITHDRAWN = "withdrawn", "withdrawn"


class DecisionOutcome(models.TextChoices):
    RETAIN = "retain", "retain"
    PROBATION = "probation", "transfer to candidates on probation"
    REPRIMAND = "reprimand", "reprimand"
    EXPEL = "expel", "expel"
    EXPEL_FOR_TERM = "expel_for_term", "expel for a term"
    EXPEL_SHAMEFUL = "expel_shameful", "expel for shameful behaviour"
    REINSTATE = "reinstate", "reinstate"
