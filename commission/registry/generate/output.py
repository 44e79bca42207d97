"""Where generated records go: one JSON Lines file or a folder of CSV files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from commission.registry.interchange import CsvFolderWriter, compact_record


class _Output:
    """Writes records as JSON Lines or as a folder of CSV files."""

    def __init__(self, destination: Path, fmt: str) -> None:
        self.fmt = fmt
        self.jsonl: TextIO | None = None
        self.csv: CsvFolderWriter | None = None
        if fmt == "jsonl":
            self.jsonl = destination.open("w", encoding="utf-8")
        else:
            destination.mkdir(parents=True, exist_ok=True)
            self.csv = CsvFolderWriter(destination, personal=True)

    def write(self, rtype: str, record: dict[str, Any]) -> None:
        if self.jsonl is not None:
            self.jsonl.write(
                json.dumps({"type": rtype, **compact_record(record)}, ensure_ascii=False)
            )
            self.jsonl.write("\n")
        else:
            assert self.csv is not None
            self.csv.write(rtype, record)

    def tie(self, source: str, target: str, kind: str, strength: int) -> None:
        # Ties are nine in ten of all records; written without the general path for speed.
        if self.jsonl is not None:
            self.jsonl.write(
                f'{{"type": "relationship", "source": "{source}", "target": "{target}", '
                f'"kind": "{kind}", "strength": {strength}}}\n'
            )
        else:
            assert self.csv is not None
            self.csv.writers["relationship"].writerow(
                (source, target, kind, strength, "", "", "", "")
            )

    def close(self) -> None:
        if self.jsonl is not None:
            self.jsonl.close()
        if self.csv is not None:
            self.csv.close()
