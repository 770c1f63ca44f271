"""Headless Chromium for the browser tests: install it if missing, start it offline.

Debian's ``chromium`` and ``chromium-driver`` packages are installed with
apt-get when absent and we are root (so CI does it too); if that is
impossible the tests are skipped with a message saying why. Selenium is
given the driver path explicitly and Selenium Manager is told to stay
offline, so nothing is downloaded at test time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
APT_TIMEOUT_S = 900


def _install_command() -> list[list[str]]:
    env_prefix = ["env", "DEBIAN_FRONTEND=noninteractive"]
    return [env_prefix + ["apt-get", "update"],
            env_prefix + ["apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"]]


def ensure_chromium() -> tuple[Path, Path]:
    """Paths of chromium and chromedriver, installing them with apt-get if needed (else skip)."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return CHROMIUM, CHROMEDRIVER
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("browser tests need /usr/bin/chromium and /usr/bin/chromedriver; run as root to let "
                    "the tests install them, or `apt-get install chromium chromium-driver`")
    if shutil.which("apt-get") is None:
        pytest.skip("browser tests need Debian's chromium and chromium-driver, and apt-get is not available here")
    for cmd in _install_command():
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=APT_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.skip(f"could not install chromium for the browser tests ({' '.join(cmd[2:])}: {exc})")
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            pytest.skip(f"could not install chromium for the browser tests ({' '.join(cmd[2:])}: {tail[0]})")
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("apt-get ran but /usr/bin/chromium or /usr/bin/chromedriver is still missing")
    return CHROMIUM, CHROMEDRIVER


def make_driver(profile_dir: Path, *, width: int = 1400, height: int = 1000):
    """A headless Chromium driven by the system chromedriver, with no background networking."""
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = ensure_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--window-size={width},{height}",
                f"--user-data-dir={profile_dir}"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=str(chromedriver)), options=options)


def wait_ready(driver, timeout_s: float = 20.0) -> None:
    """Wait until the explorer's script has finished its first render."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout_s).until(
        lambda d: d.execute_script("return document.body && document.body.getAttribute('data-ready') === '1'"))


def screenshot(driver, folder: Path, name: str) -> Path:
    """Save a full-window screenshot as ``folder/NN_name.png`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{len(list(folder.glob('*.png'))):02d}_{name}.png"
    driver.save_screenshot(str(path))
    return path
