"""The interface's catalogues (locale/): every marked string translated into Spanish, French and
Portuguese, nothing fuzzy, every catalogue compiling, and the compiled catalogues in use."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import messages  # noqa: E402 (scripts/messages.py: the one definition of the catalogues)

CATALOGUES = [
    ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    for language in messages.LANGUAGES
    for domain in messages.DOMAINS
]


def _statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: f"{po.parts[-3]}-{po.stem}")
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    statistics = _statistics(po).strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ translated messages\.", statistics), f"{po}: {statistics}"
    assert "#, fuzzy" not in po.read_text()


def _untranslated(po: Path) -> list[str]:
    result = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True
    )
    return [
        entry
        for entry in re.findall(r'^msgid "(.*)"$', result.stdout, re.MULTILINE)
        if entry  # the header
    ]


def test_every_marked_string_is_in_the_catalogues(tmp_path):
    """makemessages over a copy of the code: a string marked for translation and missing from a
    catalogue comes out untranslated; an entry whose string is gone comes out obsolete (#~)."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "vendor", ".data", "media", "*.mo", "__pycache__"
        ),
        symlinks=True,
    )
    messages.update(copy)
    missing, stale = {}, {}
    for po in CATALOGUES:
        made = copy / po.relative_to(ROOT)
        if untranslated := _untranslated(made):
            missing[str(po.relative_to(ROOT))] = untranslated[:10]
        if obsolete := re.findall(r'^#~ msgid "(.*)"$', made.read_text(), re.MULTILINE):
            stale[str(po.relative_to(ROOT))] = obsolete[:10]
    advice = "run `make messages`, translate the new entries and remove the obsolete ones (README, Languages)"
    assert not missing, f"marked strings missing from the catalogues: {missing}; {advice}"
    assert not stale, f"entries no longer marked anywhere: {stale}; {advice}"


@pytest.mark.parametrize("language", messages.LANGUAGES)
def test_the_compiled_catalogues_are_in_use(language):
    """`make setup` compiled them: Django answers in the language (not only its own words)."""
    with translation.override(language):
        assert translation.gettext("Seizures") != "Seizures"
        assert translation.gettext("Officials trained") != "Officials trained"
