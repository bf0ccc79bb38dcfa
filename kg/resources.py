"""Registry assets fetched once at set-up time and cached outside the repo.

Two files come from PyPI wheels (the only registry the project's machines reach):
the pkuseg segmentation model (`pkuseg==0.0.25`, MIT) and jionlp's table of
Chinese administrative divisions (`jionlp==1.5.31`, Apache-2.0). Each wheel is
checked against a pinned sha256, the needed members are extracted beside the
target folder and the folder is renamed into place, so a process never sees
half an asset.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ResourceError

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Asset:
    """A wheel on PyPI and the members of it that `kg` keeps."""

    name: str
    requirement: str  # e.g. "pkuseg==0.0.25"; the cache folder is "pkuseg-0.0.25"
    pip_args: tuple[str, ...]  # arguments after `pip download`, without `-d`
    sha256: str
    members: dict[str, str] = field(hash=False)  # member in the wheel -> file name in the cache folder
    optional_members: dict[str, str] = field(default_factory=dict, hash=False)  # kept when present
    size_mb: int = 0
    purpose: str = ""

    @property
    def folder_name(self) -> str:
        """The folder under `cache_dir()`: the requirement with `==` as `-`."""
        return self.requirement.replace("==", "-")


PKUSEG_MODEL = Asset(
    name="pkuseg-model",
    requirement="pkuseg==0.0.25",
    # pkuseg 0.0.25 has no wheel for current Pythons; the model files inside are
    # plain data, so any platform's wheel serves. Pin the one we hashed.
    pip_args=(
        "--no-deps", "--only-binary", ":all:", "--python-version", "3.7",
        "--platform", "manylinux1_x86_64", "--implementation", "cp", "pkuseg==0.0.25",
    ),
    sha256="6fc2f97d0f66cc6722cf772e65dbcde1b01d8cc53b66ac4aa7bce639de79588f",
    members={
        "pkuseg/models/default/features.pkl": "features.pkl",
        "pkuseg/models/default/weights.npz": "weights.npz",
    },
    optional_members={"pkuseg-0.0.25.dist-info/LICENSE": "LICENSE"},
    size_mb=50,
    purpose="the segmentation model",
)

JIONLP_LOCATION = Asset(
    name="jionlp-location",
    requirement="jionlp==1.5.31",
    pip_args=("--no-deps", "--only-binary", ":all:", "jionlp==1.5.31"),
    sha256="688ba3793c5c0888b166ae1b11aaf6161db661a162019e77ffcf5951427e528f",
    members={"jionlp/dictionary/china_location.zip": "china_location.zip"},
    # Apache-2.0 asks that the licence travel with redistributed data.
    optional_members={
        "jionlp-1.5.31.dist-info/licenses/LICENSE": "LICENSE",
        "jionlp-1.5.31.dist-info/LICENSE": "LICENSE",
    },
    size_mb=17,
    purpose="the gazetteer of administrative divisions",
)

ASSETS: dict[str, Asset] = {a.name: a for a in (PKUSEG_MODEL, JIONLP_LOCATION)}

Downloader = Callable[[Asset, Path], Path]


def cache_dir() -> Path:
    """`$KG_CACHE_DIR`, else `$XDG_CACHE_HOME/policy-kg`, else `~/.cache/policy-kg`."""
    if env := os.environ.get("KG_CACHE_DIR"):
        return Path(env).expanduser()
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg).expanduser() / "policy-kg"
    return Path.home() / ".cache" / "policy-kg"


def asset_dir(asset: Asset) -> Path:
    """Where `asset` lives once fetched (it may not exist yet)."""
    return cache_dir() / asset.folder_name


def is_complete(asset: Asset, folder: Path) -> bool:
    """Whether `folder` holds every required file of `asset`."""
    return all((folder / name).is_file() for name in asset.members.values())


def pip_download(asset: Asset, dest: Path) -> Path:
    """Run `pip download` for `asset` into `dest`; return the wheel's path."""
    cmd = [sys.executable, "-m", "pip", "download", *asset.pip_args, "-d", str(dest)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as e:  # no interpreter at sys.executable: embedded or frozen Python
        raise _download_error(asset, str(e)) from None
    if proc.returncode != 0:
        lines = [ln.strip() for ln in proc.stderr.splitlines() if ln.strip()]
        raise _download_error(asset, lines[-1] if lines else f"pip exited with {proc.returncode}")
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise _download_error(asset, f"expected one wheel in the download, found {len(wheels)}")
    return wheels[0]


def ensure_asset(asset: Asset, progress: Progress | None = None, *,
                 download: Downloader = pip_download) -> Path:
    """Return the folder of `asset`, fetching and unpacking it first if it is missing."""
    target = asset_dir(asset)
    if is_complete(asset, target):
        return target
    if progress is not None:
        progress(f"Fetching {asset.requirement} ({asset.size_mb} MB) from PyPI for {asset.purpose}…")
    root = target.parent
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ResourceError(f"Cannot create the cache folder {root} ({e.strerror}). "
                            "Set KG_CACHE_DIR to a writable folder.") from None
    # Download and staging folders sit in the cache folder itself: same file
    # system as the target, so the final rename is atomic.
    with tempfile.TemporaryDirectory(dir=root, prefix=f".{asset.folder_name}.download.") as tmp:
        wheel = download(asset, Path(tmp))
        check_sha256(wheel, asset.sha256)
        staging = Path(tempfile.mkdtemp(dir=root, prefix=f".{asset.folder_name}."))
        try:
            extract_members(wheel, asset, staging)
            _install(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    if not is_complete(asset, target):  # a stray partial folder that we could not replace
        raise ResourceError(f"{target} is incomplete: it needs {_file_list(asset)}. "
                            "Delete the folder and run again.")
    return target


def ensure_all(progress: Progress | None = None) -> dict[str, Path]:
    """Fetch every asset that is missing; return each asset's folder by name."""
    return {name: ensure_asset(asset, progress) for name, asset in ASSETS.items()}


def check_sha256(path: Path, expected: str) -> None:
    """Raise `ResourceError` unless the file's sha256 is `expected`."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    actual = h.hexdigest()
    if actual != expected:
        raise ResourceError(f"{path.name} has sha256 {actual}, expected {expected}. "
                            "The download is corrupt or the file on PyPI changed; not using it.")


def extract_members(wheel: Path, asset: Asset, dest: Path) -> None:
    """Copy the asset's members out of the wheel (a zip) into `dest`."""
    try:
        with zipfile.ZipFile(wheel) as zf:
            present = set(zf.namelist())
            missing = [m for m in asset.members if m not in present]
            if missing:
                raise ResourceError(f"{wheel.name} lacks {', '.join(missing)}; cannot build {asset.name}.")
            wanted = dict(asset.members)
            wanted.update({m: n for m, n in asset.optional_members.items() if m in present})
            for member, name in wanted.items():
                # streamed: the pkuseg members are 77 MB and 106 MB
                with zf.open(member) as src, (dest / name).open("wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
    except zipfile.BadZipFile:
        raise ResourceError(f"{wheel.name} is not a valid wheel (zip).") from None
    os.chmod(dest, 0o755)  # mkdtemp creates 0700


def _install(staging: Path, target: Path) -> None:
    """Move the unpacked files into `target` without ever exposing a partial folder."""
    try:
        os.rename(staging, target)
        return
    except OSError:
        pass  # target exists: another process won the race, or the user made it by hand
    # Fill in file by file; each os.replace is atomic and the content is identical.
    try:
        for f in staging.iterdir():
            os.replace(f, target / f.name)
    except OSError as e:
        raise ResourceError(f"Cannot put files into {target} ({e.strerror}). "
                            "Delete it and run again.") from None


def _file_list(asset: Asset) -> str:
    return " and ".join(asset.members.values())


def _download_error(asset: Asset, reason: str) -> ResourceError:
    return ResourceError(
        f"Could not download {asset.requirement} from PyPI ({reason}). Check your connection to "
        f"PyPI, or put {_file_list(asset)} in {asset_dir(asset)} yourself."
    )
