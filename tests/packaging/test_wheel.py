"""The sdist and wheel carry every data file, and an installed wheel works on its own.

The wheel is built the way a release is (``python -m build``: sdist first, then the wheel from
the sdist, so a file missing from the sdist is missing from the wheel too), installed into a fresh
virtual environment, and run from a temporary folder. The fresh environment borrows the project
environment's third-party packages through a ``.pth`` line, which adds that folder to ``sys.path``
without running its ``.pth`` files, so the editable install of this checkout stays out of the way:
the test proves it is the wheel's code and resources that run. A few seconds here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from reflect import __version__

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "a passphrase for the wheel test"


def repo_resources() -> set[str]:
    """Every data file under resources/, as a path relative to it."""
    root = REPO / "resources"
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    }


def repo_modules() -> set[str]:
    return {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "reflect").rglob("*.py")
        if "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel built from it, as a release would build them."""
    out = tmp_path_factory.mktemp("dist")
    try:
        import build  # noqa: F401
    except ImportError:
        pytest.fail("the 'build' package is missing from the project venv: it is a dev dependency")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return {"sdist": sdist, "wheel": wheel}


def test_the_wheel_holds_every_module_and_resource(dists):
    with zipfile.ZipFile(dists["wheel"]) as whl:
        names = set(whl.namelist())
    shipped = {n.removeprefix("reflect/resources/") for n in names if "/resources/" in n}
    assert repo_resources() <= shipped, f"missing: {sorted(repo_resources() - shipped)}"
    assert repo_modules() <= names, f"missing: {sorted(repo_modules() - names)}"
    # The capability framework, the reflection models and the app icon, by name.
    for needed in ("frameworks/esc.json", "templates/gibbs.json", "icons/reflect.svg"):
        assert f"reflect/resources/{needed}" in names


def test_the_sdist_holds_resources_packaging_and_tests(dists):
    with tarfile.open(dists["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    shipped = {n.removeprefix("resources/") for n in names if n.startswith("resources/")}
    assert repo_resources() <= shipped, f"missing: {sorted(repo_resources() - shipped)}"
    for needed in (
        "pyproject.toml",
        "README.md",
        "packaging/reflect.spec",
        "packaging/io.github.reflect_journal.Reflect.desktop",
        "packaging/io.github.reflect_journal.Reflect.metainfo.xml",
        "tests/conftest.py",
    ):
        assert needed in names, f"{needed} is missing from the sdist"


@pytest.fixture(scope="module")
def installed(dists, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed and the project venv's dependencies on its path."""
    env_dir = tmp_path_factory.mktemp("fresh") / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    subprocess.run(
        [*pip, "install", "--quiet", "--no-deps", "--no-index", str(dists["wheel"])],
        check=True,
        capture_output=True,
        timeout=120,
    )
    fresh_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The project venv's site-packages: sqlcipher3, PySide6, keyring …
    paths = sysconfig.get_paths()
    deps = dict.fromkeys([paths["purelib"], paths["platlib"]])
    (Path(fresh_site) / "reflect_test_dependencies.pth").write_text("".join(f"{p}\n" for p in deps))
    return env_dir


def run_in(env_dir: Path, tmp_path: Path, *args: str, stdin: str = ""):
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "home" / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / "config"),
        REFLECT_DATA_DIR=str(tmp_path / "journal"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        QT_QPA_PLATFORM="offscreen",
    )
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_the_installed_wheel_runs_its_own_code_and_resources(installed, tmp_path):
    probe = (
        "import json, reflect, reflect.resources as r;"
        "root = r.resource_root();"
        "print(json.dumps({'file': reflect.__file__, 'root': str(root),"
        " 'files': sorted(str(p.relative_to(root).as_posix()) for p in root.rglob('*')"
        " if p.is_file())}))"
    )
    result = run_in(installed, tmp_path, "python", "-c", probe)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    package_dir = Path(found["file"]).resolve().parent
    assert package_dir.is_relative_to(installed.resolve()), found["file"]
    assert Path(found["root"]).resolve() == package_dir / "resources"
    assert repo_resources() <= set(found["files"])


def test_the_installed_wheel_creates_fills_and_searches_a_journal(installed, tmp_path):
    version = run_in(installed, tmp_path, "reflect", "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"reflect {__version__}"

    init = run_in(
        installed, tmp_path, "reflect", "init", "--passphrase-stdin", "--json", stdin=PASSPHRASE
    )
    assert init.returncode == 0, init.stderr
    assert json.loads(init.stdout)["recovery_code"]
    assert (tmp_path / "journal" / "reflect.db").is_file()

    body = "Sat with a carer after a difficult ward round. We agreed a crisis plan together."
    add = run_in(
        installed,
        tmp_path,
        "reflect",
        "add",
        "--passphrase-stdin",
        "--title",
        "Ward round",
        "--body-file",
        "-",
        "--capability",
        "1,9.3",  # checked against the capability framework shipped in the wheel
        stdin=f"{PASSPHRASE}\n{body}\n",
    )
    assert add.returncode == 0, add.stderr

    search = run_in(
        installed,
        tmp_path,
        "reflect",
        "search",
        "crisis plan",
        "--passphrase-stdin",
        "--json",
        stdin=PASSPHRASE,
    )
    assert search.returncode == 0, search.stderr
    hits = json.loads(search.stdout)
    assert [hit["title"] for hit in hits] == ["Ward round"]
    assert hits[0]["capabilities"] == ["1", "9.3"]
