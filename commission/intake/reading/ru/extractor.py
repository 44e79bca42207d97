"""The Russian rule-based extractor, registered as "rules-ru" the way any extractor is; the
pipeline hands it the letters whose text is Russian."""

from __future__ import annotations

from commission.intake.reading import casing
from commission.intake.reading.extractors import extractor
from commission.intake.reading.facing import face_subjects, ties_from_names
from commission.intake.reading.footnoted import fuller_names_from_notes
from commission.intake.reading.model import Extraction, Item, Letter
from commission.intake.reading.ru import context, orthography
from commission.intake.reading.ru.addressees import read_addressees
from commission.intake.reading.ru.author import read_author
from commission.intake.reading.ru.contacts import read_contacts
from commission.intake.reading.ru.dates import read_date
from commission.intake.reading.ru.kin import read_relatives
from commission.intake.reading.ru.notes import read_notes
from commission.intake.reading.ru.requests import read_requests
from commission.intake.reading.ru.stance import read_basis, read_stance
from commission.intake.reading.ru.subjects import read_subjects


@extractor("rules-ru")
def extract_russian(letter: Letter) -> Extraction:
    """The Russian rules; a telegram in capitals is read through its cased view, a letter in
    the spelling before the reform through one in today's."""
    return casing.read_cased(letter, lambda cased: orthography.read_modern(cased, _extract))


def _extract(letter: Letter) -> Extraction:
    ctx = context.build(letter)
    out = Extraction()
    read_author(ctx, out)
    read_addressees(ctx, out)
    read_date(ctx, out)
    read_subjects(ctx, out)
    read_relatives(ctx, out)
    face_subjects(out)
    _other_people(ctx, out)
    ties_from_names(out)
    read_contacts(ctx, out)
    read_basis(ctx, out)
    read_requests(ctx, out)
    read_stance(ctx, out)
    read_notes(ctx, out)
    fuller_names_from_notes(letter, ctx.mentions, ctx.clusters, out)
    return out


def _other_people(ctx: context.Ctx, out: Extraction) -> None:
    for cluster in ctx.clusters:
        if cluster.index in ctx.roles:
            continue
        ref = ctx.ref(cluster.best)
        out.add("other_people", Item(cluster.name, ref.span, ref))
