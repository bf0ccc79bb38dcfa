"""Build the seeds into a temp folder and screenshot three pages with headless Chromium.

Writes docs/screenshots/{index,entity,document}.png. The entity page is 青铜峡市 (else
the entity with most relations); the document page opens at that entity's first
evidence sentence, as the entity page's link does, so the highlighted sentence shows.

    python scripts/screenshots.py [--chromium /usr/bin/chromium] [--out docs/screenshots]

Needs Debian's chromium and fonts-noto-cjk (apt-get update && apt-get install -y chromium
fonts-noto-cjk). Drives it through Playwright when that is installed (pip install playwright;
no browser download), else with chromium --screenshot.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1",
]
PREFERRED_ENTITY = "青铜峡市"


def build_site(out: Path):
    """Run `kg build seeds` into `out`; return the site data (for choosing pages)."""
    from kg.build import build
    from kg.resources import ensure_all
    from kg.site_data import read_site
    from kg.store import load_graph

    ensure_all(lambda msg: print(msg, file=sys.stderr))
    summary = build([ROOT / "seeds"], out)
    print(summary, file=sys.stderr)
    return read_site(load_graph(out / "graph.ttl"))


def choose_pages(data) -> dict[str, str]:
    """name -> page path (with fragment) relative to the site root."""
    entities = list(data.entities.values())
    degree = {e.iri: 0 for e in entities}
    for edge in data.edges:
        degree[edge.head] += 1
        degree[edge.tail] += 1
    entity = next((e for e in entities if e.label == PREFERRED_ENTITY), None)
    if entity is None:
        entity = max(entities, key=lambda e: (degree[e.iri], len(e.mentions), e.iri))
    pages = {"index": "index.html", "entity": entity.path}
    ev = next((ev for ev in entity.evidence if ev.sentence.index >= 0), None)
    if ev is not None:
        pages["document"] = f"{data.documents[ev.sentence.doc].path}#s{ev.sentence.index}"
    else:
        pages["document"] = next(iter(data.documents.values())).path
    return pages


def screenshot_cli(chromium: str, url: str, png: Path, *, width: int = 1280, height: int = 900) -> None:
    """Chromium's own --screenshot. It paints a page scrolled to a #fragment shifted down by the
    scroll offset (Chromium 156), so pages are taken from the top here."""
    url = url.split("#", 1)[0]
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
               "--virtual-time-budget=5000", f"--screenshot={png}", url]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def screenshot_all(chromium: str, shots: dict[Path, str], *, width: int = 1280, height: int = 900) -> None:
    """Screenshots of file:// URLs; through Playwright (same Chromium, same flags) when it is installed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright not installed: using chromium --screenshot (document page from its top)", file=sys.stderr)
        for png, url in shots.items():
            screenshot_cli(chromium, url, png, width=width, height=height)
        return
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=[f for f in FLAGS if f != "--headless"],
            viewport={"width": width, "height": height}, device_scale_factor=1)
        # the site needs no network: refuse anything that is not a local file
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else route.abort())
        page = context.new_page()
        for png, url in shots.items():
            page.goto(url)
            if page.query_selector("#kg-network"):
                page.wait_for_selector("body[data-drawn]", timeout=30_000)
            page.wait_for_timeout(300)  # fonts and the canvas settle
            page.screenshot(path=str(png))
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"Error: no Chromium at {args.chromium}. Install it with: "
              "apt-get update && apt-get install -y chromium fonts-noto-cjk", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-site-") as tmp:
        site = Path(tmp) / "out"
        data = build_site(site)
        pages = choose_pages(data)
        shots = {args.out / f"{name}.png": (site / "html").as_uri() + "/" + page for name, page in pages.items()}
        screenshot_all(args.chromium, shots)
        for png, page in zip(shots, pages.values()):
            if not png.exists():
                raise SystemExit(f"no screenshot written for {page}")
            print(f"{png}: {page}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
