"""`commission ingest`: files and folders, the report, the exit status, --as and --accept."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from commission.audit.models import AuditEvent
from commission.demo.loader import DEMO_LETTERS, load_demo
from commission.documents.models import Document, DocumentCopy
from commission.intake.models import Proposal

ARCHIVE_PAGE = DEMO_LETTERS / "000_975b19a40894c24e.txt"
WIKI_PAGE = DEMO_LETTERS / "001_a352e46885aa233d.txt"
LETTER_1 = (
    "V. I. Lenin to Zalutsky and Solts, 20 December 1921 — about Nadezhda Sergeyevna Alliluyeva"
)
LETTER_2 = "Lenin to Zalutsky and Solts, 20 December 1921 — about Kasparova-Popova"
KERENSKY_LEFT = (
    "Mentioned: “Kerensky” is not in the registry: add as a new person. — left for you: adding "
    "someone the letter only mentions is your decision."
)


@pytest.fixture
def demo(db, settings, tmp_path):
    # The demo writes its accounts' passwords under VAR_DIR; a test keeps them to itself.
    settings.VAR_DIR = tmp_path / "var"
    load_demo(letters=False)


def ingest(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def state() -> dict[str, int]:
    return {
        "documents": Document.objects.count(),
        "copies": DocumentCopy.objects.count(),
        "proposals": Proposal.objects.count(),
        # The record that the operating-system user acted as someone is written even when
        # what they then tried is refused; every other event counts.
        "events": AuditEvent.objects.exclude(action="cli.act_as").count(),
    }


def test_ingests_files_reports_bad_ones_and_exits_1(demo, tmp_path):
    binary = tmp_path / "scan.bin"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")

    code, out, err = ingest(
        str(ARCHIVE_PAGE), str(binary), str(WIKI_PAGE), str(empty), "--as", "clerk"
    )

    assert code == 1
    assert out.splitlines() == [
        "Filed:",
        f"  {ARCHIVE_PAGE}, letter 1: new letter “{LETTER_1}”, 22 things to confirm.",
        f"  {WIKI_PAGE}, letter 2: new letter “{LETTER_2}”, 25 things to confirm.",
        "Matched (another copy of a known letter):",
        f"  {WIKI_PAGE}, letter 1: another copy of “{LETTER_1}”.",
        "2 new letters filed, 1 further copy of known letters, 0 skipped, 2 files could not be "
        "read.",
    ]
    assert err.splitlines() == [
        "Could not be read:",
        f"  {binary}: is a binary file, not text (it contains NUL bytes).",
        f"  {empty}: is empty.",
    ]
    # The bad files stopped nothing: both letters are filed, Letter 1 with both its copies.
    assert sorted(Document.objects.values_list("title", flat=True)) == [LETTER_2, LETTER_1]
    assert Document.objects.get(title=LETTER_1).copies.count() == 2
    assert set(Document.objects.values_list("registered_by__username", flat=True)) == {"clerk"}


def test_reading_a_folder_twice_adds_nothing_the_second_time(demo, tmp_path):
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(ARCHIVE_PAGE, folder / ARCHIVE_PAGE.name)
    shutil.copy(WIKI_PAGE, folder / WIKI_PAGE.name)
    code, out, _ = ingest(str(folder))
    assert code == 0
    assert out.splitlines()[-1] == (
        "2 new letters filed, 1 further copy of known letters, 0 skipped, 0 files could not be "
        "read."
    )
    before = state()

    code, out, err = ingest(str(folder))

    assert (code, err) == (0, "")
    archive, wiki = folder / ARCHIVE_PAGE.name, folder / WIKI_PAGE.name
    assert out.splitlines() == [
        "Skipped:",
        f"  {archive}, letter 1: already filed, as a copy of “{LETTER_1}”.",
        f"  {wiki}, letter 1: already filed, as a copy of “{LETTER_1}”.",
        f"  {wiki}, letter 2: already filed, as a copy of “{LETTER_2}”.",
        "0 new letters filed, 0 further copies of known letters, 3 skipped, 0 files could not be "
        "read.",
    ]
    assert state() == before
    # The system account registered them, as no --as was given.
    assert set(Document.objects.values_list("registered_by__username", flat=True)) == {"system"}


def test_accept_confirms_everything_as_proposed_and_prints_what_is_left(demo):
    code, out, _ = ingest(str(ARCHIVE_PAGE), str(WIKI_PAGE), "--as", "clerk", "--accept")

    assert code == 0
    assert out.splitlines()[-5:] == [
        "2 new letters filed, 1 further copy of known letters, 0 skipped, 0 files could not be "
        "read.",
        f"Accepted 21 things read from “{LETTER_1}”.",
        "  Left for you to decide:",
        f"    {KERENSKY_LEFT}",
        f"Accepted 25 things read from “{LETTER_2}”.",
    ]
    assert list(Proposal.objects.filter(state="pending").values_list("summary", flat=True)) == [
        "Mentioned: “Kerensky” is not in the registry: add as a new person."
    ]


def test_a_member_may_not_ingest_and_nothing_changes(demo):
    before = state()
    with pytest.raises(CommandError) as refused:
        ingest(str(ARCHIVE_PAGE), "--as", "member")
    assert str(refused.value) == "You may not register letters: your role does not allow it."
    assert state() == before


def test_accept_is_refused_before_anything_is_read_when_the_user_may_not_confirm(demo):
    from django.contrib.auth.models import Permission, User

    registrar = User.objects.create_user(username="registrar")
    registrar.user_permissions.add(
        Permission.objects.get(content_type__app_label="documents", codename="register_document")
    )
    before = state()
    with pytest.raises(CommandError) as refused:
        ingest(str(ARCHIVE_PAGE), "--as", "registrar", "--accept")
    assert str(refused.value) == (
        "You may not confirm what was read from letters: your role does not allow it."
    )
    assert state() == before


def test_an_unknown_user_is_named(demo):
    with pytest.raises(CommandError) as refused:
        ingest(str(ARCHIVE_PAGE), "--as", "nobody")
    assert str(refused.value) == "There is no user called 'nobody'."
    assert Document.objects.count() == 0


def test_a_missing_file_is_an_error_and_the_rest_is_filed(demo, tmp_path):
    missing = tmp_path / "missing.txt"
    code, out, err = ingest(str(missing), str(ARCHIVE_PAGE))
    assert code == 1
    assert err.splitlines()[1].startswith(f"  {missing}: cannot be opened")
    assert out.splitlines()[-1] == (
        "1 new letter filed, 0 further copies of known letters, 0 skipped, 1 file could not be "
        "read."
    )
    assert Document.objects.count() == 1


def test_progress_is_shown_only_on_a_terminal(demo, monkeypatch):
    seen: list[int] = []

    class FakeBar:
        def __init__(self, *, total: int, unit: str, desc: str) -> None:
            seen.append(total)

        def update(self, n: int) -> None:
            seen.append(-n)

        def close(self) -> None:
            seen.append(0)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    import tqdm

    monkeypatch.setattr(tqdm, "tqdm", FakeBar)
    monkeypatch.setattr("sys.stderr", Terminal())
    code, _, _ = ingest(str(ARCHIVE_PAGE), str(WIKI_PAGE))
    assert code == 0
    assert seen == [2, -1, -1, 0]


def test_an_editions_page_with_a_note_on_a_letter_is_filed_whole(demo, tmp_path):
    # The note's date is only in the edition's colophon (no words of it in the letter), and the
    # note names the letter's subject by surname alone: both letters are filed.
    page = tmp_path / "edition_page.txt"
    page.write_text(
        "146\nВ. И. ЛЕНИН\n\nРЕЗОЛЮЦИЯ НА ПИСЬМЕ Г. А. ФРОЛОВА\n\n"
        "Председателю Совнаркома тов. Ленину\nот секретаря ячейки завода Г. Фролова\n\n"
        "Дорогой Владимир Ильич!\n\nУездная проверочная комиссия исключила из партии нашего "
        "товарища Дьяконова Акима Никитича, слесаря, члена партии с 1917 года. Просим Вас "
        "помочь восстановить его.\n\nСекретарь ячейки Г. Фролов\n9/XI-21 г.\n\n"
        "т. Шкирятову\n\nДьяконова надо восстановить, если обвинение не подтвердится. "
        "Результат сообщите мне.\n\nЛенин\n\nНаписано 11 ноября 1921 г.\n"
        "Впервые напечатано в 1965 г.\n",
        encoding="utf-8",
    )

    code, out, err = ingest(str(page), "--as", "clerk")

    assert (code, err) == (0, "")
    assert "2 new letters filed" in out.splitlines()[-1]
    assert sorted(Document.objects.values_list("date_text", flat=True)) == ["", "9/XI-21"]
