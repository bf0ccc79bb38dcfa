"""Fetching registry assets: cache location, checksum, pip failure, extraction, atomic install.

No test here downloads anything: the wheel is a tiny zip made on the spot and the
download function is replaced.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg import resources
from kg.errors import ResourceError
from kg.resources import JIONLP_LOCATION, PKUSEG_MODEL, Asset, cache_dir, ensure_asset

MEMBERS = {"pkg/data/a.bin": b"alpha" * 100, "pkg/data/b.txt": "乙".encode()}


def make_wheel(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fake_asset(wheel: Path, **changes: object) -> Asset:
    fields: dict[str, object] = {
        "name": "fake", "requirement": "fake==1.0", "pip_args": ("--no-deps", "fake==1.0"),
        "sha256": sha256(wheel), "members": {"pkg/data/a.bin": "a.bin", "pkg/data/b.txt": "b.txt"},
        "optional_members": {"fake-1.0.dist-info/LICENSE": "LICENSE"}, "size_mb": 1, "purpose": "a test",
    }
    fields.update(changes)
    return Asset(**fields)  # type: ignore[arg-type]


def copying(wheel: Path, calls: list[Path] | None = None):
    """A download function that 'downloads' `wheel` into the destination folder."""
    def download(asset: Asset, dest: Path) -> Path:
        if calls is not None:
            calls.append(dest)
        target = dest / wheel.name
        target.write_bytes(wheel.read_bytes())
        return target
    return download


def never(asset: Asset, dest: Path) -> Path:
    raise AssertionError("must not download")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(root))
    return root


@pytest.fixture
def wheel(tmp_path) -> Path:
    return make_wheel(tmp_path / "fake-1.0-py3-none-any.whl", MEMBERS)


# fmt: off
CACHE_DIR_CASES = [
    ({"KG_CACHE_DIR": "/x/kg", "XDG_CACHE_HOME": "/x/xdg"}, Path("/x/kg")),
    ({"XDG_CACHE_HOME": "/x/xdg"},                          Path("/x/xdg/policy-kg")),
    ({},                                                    Path.home() / ".cache" / "policy-kg"),
]
# fmt: on


@pytest.mark.parametrize("env,expected", CACHE_DIR_CASES)
def test_cache_dir_precedence(monkeypatch, env, expected):
    for var in ("KG_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert cache_dir() == expected


def test_assets_are_pinned_as_specified():
    assert PKUSEG_MODEL.pip_args == (
        "--no-deps", "--only-binary", ":all:", "--python-version", "3.7", "--platform", "manylinux1_x86_64",
        "--implementation", "cp", "pkuseg==0.0.25",
    )
    assert set(PKUSEG_MODEL.members.values()) == {"features.pkl", "weights.npz"}
    assert PKUSEG_MODEL.folder_name == "pkuseg-0.0.25"
    assert JIONLP_LOCATION.pip_args == ("--no-deps", "--only-binary", ":all:", "jionlp==1.5.31")
    assert JIONLP_LOCATION.folder_name == "jionlp-1.5.31"
    assert set(resources.ASSETS) == {"pkuseg-model", "jionlp-location"}


def test_fetches_extracts_and_reports_progress(cache, wheel):
    messages: list[str] = []
    folder = ensure_asset(fake_asset(wheel), messages.append, download=copying(wheel))
    assert folder == cache / "fake-1.0"
    assert (folder / "a.bin").read_bytes() == MEMBERS["pkg/data/a.bin"]
    assert (folder / "b.txt").read_text(encoding="utf-8") == "乙"
    assert not (folder / "LICENSE").exists()  # optional and absent from this wheel
    assert messages == ["Fetching fake==1.0 (1 MB) from PyPI for a test…"]
    assert sorted(p.name for p in cache.iterdir()) == ["fake-1.0"]  # no temp folders left


def test_keeps_optional_members_when_present(cache, tmp_path):
    wheel = make_wheel(tmp_path / "w.whl", {**MEMBERS, "fake-1.0.dist-info/LICENSE": b"Apache-2.0"})
    folder = ensure_asset(fake_asset(wheel), download=copying(wheel))
    assert (folder / "LICENSE").read_bytes() == b"Apache-2.0"


def test_second_call_uses_the_cache(cache, wheel):
    calls: list[Path] = []
    first = ensure_asset(fake_asset(wheel), download=copying(wheel, calls))
    messages: list[str] = []
    assert ensure_asset(fake_asset(wheel), messages.append, download=never) == first
    assert len(calls) == 1 and messages == []


def test_checksum_mismatch_names_file_and_both_hashes(cache, wheel):
    expected = "0" * 64
    with pytest.raises(ResourceError) as err:
        ensure_asset(fake_asset(wheel, sha256=expected), download=copying(wheel))
    message = str(err.value)
    assert wheel.name in message and expected in message and sha256(wheel) in message
    assert list(cache.iterdir()) == []  # nothing installed, temp folders removed


def test_missing_member_is_an_error_and_installs_nothing(cache, tmp_path):
    wheel = make_wheel(tmp_path / "w.whl", {"pkg/data/a.bin": b"only one"})
    with pytest.raises(ResourceError, match=r"w\.whl lacks pkg/data/b\.txt"):
        ensure_asset(fake_asset(wheel), download=copying(wheel))
    assert list(cache.iterdir()) == []


def test_not_a_zip_is_an_error(cache, tmp_path):
    wheel = tmp_path / "broken.whl"
    wheel.write_bytes(b"this is not a zip file")
    with pytest.raises(ResourceError, match="broken.whl is not a valid wheel"):
        ensure_asset(fake_asset(wheel), download=copying(wheel))
    assert list(cache.iterdir()) == []


def test_fills_in_a_partial_folder_made_by_hand(cache, wheel):
    (cache / "fake-1.0").mkdir(parents=True)
    (cache / "fake-1.0" / "a.bin").write_bytes(b"user's copy")
    folder = ensure_asset(fake_asset(wheel), download=copying(wheel))
    assert (folder / "b.txt").exists()
    assert (folder / "a.bin").read_bytes() == MEMBERS["pkg/data/a.bin"]


def test_files_put_in_place_by_hand_are_used(cache, wheel):
    folder = cache / "fake-1.0"
    folder.mkdir(parents=True)
    for name in ("a.bin", "b.txt"):
        (folder / name).write_bytes(b"hand-made")
    assert ensure_asset(fake_asset(wheel), download=never) == folder


def test_pip_failure_gives_the_last_stderr_line_and_what_to_do(cache, monkeypatch):
    stderr = ("WARNING: Retrying (Retry(total=4)) after connection broken\n"
              "ERROR: No matching distribution found for pkuseg==0.0.25\n\n")

    def run(cmd, **kwargs):
        return subprocess.CompletedProcess(cmd, 1, stdout="", stderr=stderr)

    monkeypatch.setattr(resources.subprocess, "run", run)
    with pytest.raises(ResourceError) as err:
        ensure_asset(PKUSEG_MODEL)
    assert str(err.value) == (
        "Could not download pkuseg==0.0.25 from PyPI (ERROR: No matching distribution found for "
        "pkuseg==0.0.25). Check your connection to PyPI, or put features.pkl and weights.npz in "
        f"{cache / 'pkuseg-0.0.25'} yourself."
    )
    assert list(cache.iterdir()) == []


def test_pip_download_runs_the_pinned_command(tmp_path, monkeypatch):
    seen: list[list[str]] = []

    def run(cmd, **kwargs):
        seen.append(cmd)
        (tmp_path / "jionlp-1.5.31-py2.py3-none-any.whl").write_bytes(b"")
        return subprocess.CompletedProcess(cmd, 0, stdout="", stderr="")

    monkeypatch.setattr(resources.subprocess, "run", run)
    wheel = resources.pip_download(JIONLP_LOCATION, tmp_path)
    assert wheel == tmp_path / "jionlp-1.5.31-py2.py3-none-any.whl"
    assert seen == [[sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                     "jionlp==1.5.31", "-d", str(tmp_path)]]


def test_ensure_all_returns_every_asset_folder(cache, monkeypatch):
    got: list[str] = []

    def fake_ensure(asset: Asset, progress: object = None) -> Path:
        got.append(asset.name)
        return Path(asset.name)

    monkeypatch.setattr(resources, "ensure_asset", fake_ensure)
    assert resources.ensure_all() == {"pkuseg-model": Path("pkuseg-model"), "jionlp-location": Path("jionlp-location")}
    assert got == ["pkuseg-model", "jionlp-location"]
