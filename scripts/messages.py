"""The interface's translation catalogues (locale/<language>/LC_MESSAGES/*.po).

    python scripts/messages.py update    # after changing marked strings: makemessages, every language
    python scripts/messages.py compile   # each .po into its .mo (gettext's msgfmt), as `make setup` does

One definition of how the catalogues are made, used by `make messages`, `make setup` and the test
that fails on a marked string missing from them (tests/core/test_translations.py).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("es", "fr", "pt")
DOMAINS = ("django",)
# Folders whose strings are not the interface's: installed packages, built files, the tests and
# the benchmark's own output.
IGNORED = (".venv", "node_modules", "static/vendor", "staticfiles", "tests", "benchmarks", ".data", "media")


def makemessages_arguments(domain: str = "django") -> list[str]:
    return [
        "makemessages",
        *(f"--locale={language}" for language in LANGUAGES),
        f"--domain={domain}",
        # Locations by file only: moving a line does not churn every catalogue.
        "--add-location=file",
        *(f"--ignore={folder}/*" for folder in IGNORED),
        "--verbosity=0",
    ]


def update(root: Path = ROOT) -> None:
    # makemessages reads the settings but connects to nothing: placeholders where unset.
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "crimjust.settings.test")
    env.setdefault("DATABASE_URL", "postgres://unused@127.0.0.1:1/unused")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:1/0")
    for domain in DOMAINS:
        subprocess.run(
            [sys.executable, "manage.py", *makemessages_arguments(domain)], cwd=root, env=env, check=True
        )
    # msgmerge guesses a new string's translation from a similar one and marks it fuzzy: a wrong
    # guess reads as a translation. Guesses are emptied, so what is new shows as untranslated; the
    # strings no longer marked anywhere (kept by msgmerge as "#~" entries) are dropped.
    for po in sorted(root.glob("locale/*/LC_MESSAGES/*.po")):
        subprocess.run(
            [
                "msgattrib",
                "--clear-fuzzy",
                "--empty",
                "--clear-previous",
                "--no-obsolete",
                "-o",
                str(po),
                str(po),
            ],
            check=True,
        )


def compile_catalogues(root: Path = ROOT) -> list[Path]:
    compiled = []
    for po in sorted(root.glob("locale/*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
        compiled.append(mo)
    return compiled


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        print(f"Compiled {len(compile_catalogues())} catalogues")
    else:
        sys.exit(__doc__)
