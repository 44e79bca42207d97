import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from commission.audit.checkpoints import (
    CheckpointFile,
    public_keys_text,
    read_checkpoints,
    read_public_keys,
    write_checkpoint,
)
from commission.audit.keys import keyring, new_secret
from commission.audit.operators import command_line_actor
from commission.audit.queries import ChainReport, event_count, report_sentences, verify_chain
from commission.audit.services import rotate_key
from commission.core.errors import CommissionError, InvalidInput
from commission.core.roles import require


class Command(BaseCommand):
    help = (
        "Work with the audit trail: `verify` checks the whole chain (against an auditor's "
        "checkpoints with --against), `checkpoint` signs its head into a file kept elsewhere, "
        "`rotate-key` changes the audit key, `public-keys` writes what an auditor checks "
        "checkpoints with, `new-key` prints a key for COMMISSION_AUDIT_KEY."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check every event against its hash and its links.")
        verify.add_argument(
            "--against",
            type=Path,
            help="A checkpoint file (from `commission audit checkpoint`) to check the chain with.",
        )
        verify.add_argument(
            "--public-keys",
            type=Path,
            help="The auditor's copy of the public keys (default: those of this installation).",
        )
        checkpoint = sub.add_parser(
            "checkpoint", help="Check the chain, then append a signed checkpoint of its head."
        )
        checkpoint.add_argument("--out", type=Path, required=True, help="The checkpoint file.")
        sub.add_parser("rotate-key", help="Change the audit key, recording it in the chain.")
        public = sub.add_parser("public-keys", help="Write the checkpoints' public keys.")
        public.add_argument("--out", type=Path, help="Write them to this file (default: print).")
        sub.add_parser("new-key", help="Print a new secret key for COMMISSION_AUDIT_KEY.")
        for each in (verify, checkpoint, public):
            each.add_argument("--as", dest="as_user", help="Act as this user (default: system).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "new-key":
                self.stdout.write(new_secret())
                return
            actor = command_line_actor(options.get("as_user"), command="audit")
            if action == "rotate-key":
                event = rotate_key(actor=actor)
                self.stdout.write(
                    _("%(summary)s (event %(seq)s)") % {"summary": event.summary, "seq": event.seq}
                )
            elif action == "public-keys":
                require(actor, "audit.verify_audit_chain", "read the audit's public keys")
                self._public_keys(options.get("out"))
            elif action == "checkpoint":
                self._checkpoint(actor, options["out"])
            else:
                self._verify(actor, options.get("against"), options.get("public_keys"))
        except CommissionError as error:
            raise CommandError(error.message) from None

    def _checks(self, actor: Any, against: Path | None, public_keys: Path | None) -> ChainReport:
        found = None
        if against is not None:
            keys = read_public_keys(public_keys) if public_keys else keyring().public_keys()
            found = _checkpoint_file(against, keys)
        with tqdm(
            total=event_count(), unit=_(" events"), disable=not sys.stderr.isatty(), file=sys.stderr
        ) as bar:
            return verify_chain(actor=actor, progress=bar.update, checkpoints=found)

    def _verify(self, actor: Any, against: Path | None, public_keys: Path | None) -> None:
        report = self._checks(actor, against, public_keys)
        if report.intact:
            for line in report_sentences(report):
                self.stdout.write(line)
            return
        for problem in report.problems:
            self.stderr.write(problem)
        raise CommandError(
            _("The audit chain is broken: %(count)s problem(s) in %(checked)s events.")
            % {"count": len(report.problems), "checked": report.checked}
        )

    def _checkpoint(self, actor: Any, out: Path) -> None:
        against = out if out.exists() else None
        report = self._checks(actor, against, None)
        if not report.intact:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(
                _(
                    "No checkpoint was written: the audit chain is broken, and a "
                    "checkpoint would vouch for it as it is now."
                )
            )
        checkpoint = write_checkpoint(actor=actor, path=out, checked=report)
        self.stdout.write(
            _(
                "Checkpoint written to %(out)s: event %(seq)s, fingerprint %(hash)s, "
                "signed with key %(key_id)s."
            )
            % {
                "out": out,
                "seq": checkpoint.seq,
                "hash": checkpoint.hash,
                "key_id": checkpoint.key_id,
            }
        )

    def _public_keys(self, out: Path | None) -> None:
        text = public_keys_text(keyring())
        if out is None:
            self.stdout.write(text, ending="")
            return
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as error:
            raise InvalidInput(
                _("%(out)s cannot be written: %(value)s.")
                % {"out": out, "value": error.strerror or error}
            ) from None
        self.stdout.write(
            _("The public keys were written to %(out)s; give the auditor a copy.") % {"out": out}
        )


def _checkpoint_file(path: Path, keys: Any) -> CheckpointFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(
            _("The checkpoint file %(path)s cannot be read: %(error)s.")
            % {"path": path, "error": error}
        ) from None
    return read_checkpoints(path, text, keys)
