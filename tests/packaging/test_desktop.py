"""Desktop integration: the desktop entry, AppStream metadata and icons agree and validate."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reflect import __version__

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"
APP_ID = "io.github.reflect_journal.Reflect"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
HICOLOR = PACKAGING / "icons" / "hicolor"
MASTER = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def png_header(path: Path) -> tuple[int, int, int]:
    """Width, height and colour type of a PNG, read from its IHDR chunk."""
    data = path.read_bytes()[:33]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height, _depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, colour


def run_validator(*command: str) -> subprocess.CompletedProcess:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (Debian: desktop-file-utils / appstream)")
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_the_desktop_entry_validates():
    result = run_validator("desktop-file-validate", str(DESKTOP))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower() and "warning" not in result.stdout.lower(), (
        result.stdout
    )


def test_the_appstream_metadata_validates():
    result = run_validator("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_app_id_everywhere():
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    # The command the menu runs is the one the wheel installs.
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert entry["Exec"].split()[0] in scripts
    assert root.findtext("provides/binary") in scripts
    # On Wayland the window finds its desktop entry (and icon) through this id.
    app = pytest.importorskip("reflect.gui.app", reason="the desktop app is not there yet")
    assert app.DESKTOP_ID == APP_ID


def test_the_newest_release_is_the_packaged_version():
    root = ET.parse(METAINFO).getroot()
    releases = root.findall("releases/release")
    assert releases, "no <release> in the metainfo"
    assert releases[0].get("version") == __version__


def test_every_icon_size_is_a_square_png_with_transparency():
    for size in SIZES:
        path = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        width, height, colour = png_header(path)
        assert (width, height) == (size, size), path
        assert colour == 6, f"{path} has no alpha channel (PNG colour type {colour})"


def test_the_app_loads_the_same_icon_the_desktop_shows():
    icons = REPO / "resources" / "icons"
    assert (icons / "reflect.svg").read_bytes() == MASTER.read_bytes()
    assert (icons / "reflect-256.png").read_bytes() == (
        HICOLOR / "256x256" / "apps" / f"{APP_ID}.png"
    ).read_bytes()
    svg = ET.parse(MASTER).getroot()
    assert svg.get("viewBox") == "0 0 256 256"


def test_the_pngs_are_rendered_from_the_current_master(qapp, tmp_path):
    """Fails when the SVG was edited but `packaging/render_icons.py` was not run again."""
    from PySide6.QtGui import QImage

    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    assert spec and spec.loader
    render_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_icons)
    for size in (16, 64):
        fresh = tmp_path / f"{size}.png"
        render_icons.render(MASTER, size, fresh)
        ours = QImage(str(render_icons.png_path(size)))
        theirs = QImage(str(fresh))
        differing = sum(
            1
            for y in range(size)
            for x in range(size)
            if _far(ours.pixelColor(x, y), theirs.pixelColor(x, y))
        )
        assert differing <= size * size // 50, f"{size} px icon is stale: re-run render_icons.py"


def _far(a, b) -> bool:
    """Two pixels differ by more than rounding between Qt versions."""
    return (
        max(
            abs(a.red() - b.red()),
            abs(a.green() - b.green()),
            abs(a.blue() - b.blue()),
            abs(a.alpha() - b.alpha()),
        )
        > 24
    )
