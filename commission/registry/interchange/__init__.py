"""Import and export of the member registry in the interchange format (docs/registry-format.md).

`format` describes the records and reads their values, `sources` reads the input files,
`records` validates each row into table rows, `bulk` writes them with the engine's bulk path,
`importer` runs an import in one transaction and `exporter` writes the registry out.
"""

from commission.registry.interchange.exporter import (
    CsvFolderWriter,
    ExportResult,
    compact_record,
    export_registry,
)
from commission.registry.interchange.importer import ImportResult, import_registry

__all__ = [
    "CsvFolderWriter", "ExportResult", "ImportResult", "compact_record", "export_registry",
    "import_registry",
]  # fmt: skip
