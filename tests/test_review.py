"""The review kit: export one language to a sheet, a reviewer corrects and marks rows done, import writes the
corrections into the YAML in place, clears needs_review, and changes nothing when the result would not load."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.kb.load import load_knowledge_base

SHIPPED = Path(__file__).parent.parent / "knowledge" / "data"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(SHIPPED, root)
    return root


def fill(sheet: Path, lang: str, corrections: dict[str, tuple[str, str]]) -> None:
    """Write the reviewer's corrected answer and done mark into the rows of ``corrections``."""
    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["id"] in corrections:
            row[f"corrected answer ({lang})"], row["done"] = corrections[row["id"]]
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_review_round_trip(copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "ky.csv"
    assert main(["--kb", str(copy), "review", "export", "--lang", "ky", str(sheet)]) == 0
    before = {path.name: path.read_text(encoding="utf-8") for path in (copy / "entries").glob("*.yaml")}
    kb = load_knowledge_base(copy)
    founded = kb.entry("iom_founded")
    assert founded is not None and "ky" in founded.needs_review
    fill(
        sheet,
        "ky",
        {
            "iom_founded": ("<b>ЭМУ 1951-жылдан бери</b> адамгерчиликтүү жана тартиптүү миграцияга көмөктөшөт.", "x"),
            "iom_members": ("", "ооба"),  # the answer is fine as it is
            "priorities": ("Төрт багыт:\n1. <b>Сапаттуу социалдык кызматтар</b>\n2. Жашыл өнүгүү", ""),  # not done yet
        },
    )
    capsys.readouterr()
    assert main(["--kb", str(copy), "review", "import", str(sheet)]) == 0
    out = capsys.readouterr().out
    assert "iom_founded: answer (ky) corrected, ky reviewed" in out and "3 entries changed" in out
    after = load_knowledge_base(copy)
    founded, members, priorities = (after.entry(i) for i in ("iom_founded", "iom_members", "priorities"))
    assert founded is not None and members is not None and priorities is not None
    assert founded.answer["ky"].startswith("<b>ЭМУ 1951-жылдан бери</b>") and "ky" not in founded.needs_review
    assert "ky" not in members.needs_review and "ky" in priorities.needs_review
    assert priorities.answer["ky"] == "Төрт багыт:\n1. <b>Сапаттуу социалдык кызматтар</b>\n2. Жашыл өнүгүү"
    assert founded.answer["en"] == load_knowledge_base(SHIPPED).entry("iom_founded").answer["en"]  # type: ignore[union-attr]
    # only the reviewed lines changed: comments and the rest of the layout are as they were
    for name, text in before.items():
        new = (copy / "entries" / name).read_text(encoding="utf-8")
        changed = set(text.splitlines()) ^ set(new.splitlines())
        assert all("needs_review" in line or "ky:" in line or line.startswith("      ") for line in changed), changed
        assert [line for line in text.splitlines() if line.startswith("#")] == [
            line for line in new.splitlines() if line.startswith("#")
        ]


def test_a_correction_that_breaks_the_knowledge_base_changes_nothing(
    copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "ru.csv"
    assert main(["--kb", str(copy), "review", "export", "--lang", "ru", str(sheet)]) == 0
    before = {path.name: path.read_text(encoding="utf-8") for path in (copy / "entries").glob("*.yaml")}
    fill(sheet, "ru", {"iom_founded": ("<b>МОМ основана в 1951 году", "x")})  # unclosed tag
    assert main(["--kb", str(copy), "review", "import", str(sheet)]) == 2
    assert "Nothing was changed" in capsys.readouterr().err
    assert before == {path.name: path.read_text(encoding="utf-8") for path in (copy / "entries").glob("*.yaml")}


def test_a_sheet_that_is_not_a_review_sheet_is_refused(
    copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "other.csv"
    sheet.write_text("id,answer\niom_founded,x\n", encoding="utf-8")
    assert main(["--kb", str(copy), "review", "import", str(sheet)]) == 2
    assert "is this a sheet from 'review export'" in capsys.readouterr().err
    sheet.write_text("id,corrected answer (ky),done\nno_such_entry,x,x\n", encoding="utf-8")
    assert main(["--kb", str(copy), "review", "import", str(sheet)]) == 2
    assert "no such entry: 'no_such_entry'" in capsys.readouterr().err
