"""The output stage: atomic replacement, unchanged files kept (same inode), ``--check``, refusing foreign folders,
and specs loaded over http(s)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator import write as write_module
from generator.write import MARKER, compare, write

from .conftest import ROOT, sdkgen, serve_folder, snapshot

MINI = ROOT / "specs" / "examples" / "mstudio_mini.yaml"


def _files(**overrides: str) -> dict[str, str]:
    files = {
        "pyproject.toml": f"[project]\nname = 'x'\n\n{MARKER}\nspec-fingerprint = 'abc'\n",
        "pkg/__init__.py": "A = 1\n",
        "pkg/models/a.py": "class A: ...\n",
        "pkg/models/b.py": "class B: ...\n",
        "pkg/groups/c.py": "C = 3\n",
    }
    files.update(overrides)
    return {k: v for k, v in files.items() if v != "<removed>"}


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_write_creates_exactly_the_files(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    changes = write(_files(), out)
    assert snapshot(out) == {k: v.encode() for k, v in _files().items()}
    assert changes.added == tuple(sorted(_files())) and not changes.changed and not changes.removed
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]  # no staging or backup folder left


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    before = _inodes(out)
    changes = write(_files(**{"pkg/models/b.py": "class B2: ...\n", "pkg/groups/c.py": "<removed>", "pkg/new.py": "N = 1\n"}), out)
    after = _inodes(out)
    assert changes.changed == ("pkg/models/b.py",)
    assert changes.added == ("pkg/new.py",) and changes.removed == ("pkg/groups/c.py",)
    for same in ("pyproject.toml", "pkg/__init__.py", "pkg/models/a.py"):
        assert after[same] == before[same], f"{same} was rewritten"
    assert (out / "pkg" / "models" / "b.py").read_text() == "class B2: ...\n"
    assert not (out / "pkg" / "groups" / "c.py").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_nothing_changed_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    changes = write(_files(), out)
    assert not changes.stale
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == before


@pytest.mark.parametrize("fail_at", [0, 2, 4])
def test_a_failure_mid_write_leaves_the_target_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    before = snapshot(out)
    calls = {"n": 0}
    real = Path.write_bytes

    def flaky(self: Path, data: bytes) -> int:  # type: ignore[override]
        if calls["n"] == fail_at:
            raise OSError(28, "No space left on device")
        calls["n"] += 1
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", flaky)
    new = {k: v + "# changed\n" for k, v in _files().items()} | {"pkg/extra.py": "X = 1\n"}
    with pytest.raises(OutputError, match="No space left on device"):
        write(new, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the staging folder is gone


def test_a_failure_at_the_swap_restores_the_old_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    before = snapshot(out)
    real = Path.rename
    monkeypatch.setattr(write_module, "_exchange", lambda a, b: False)  # the two-rename fallback

    def failing_rename(self: Path, target: str | os.PathLike[str]) -> Path:
        if self.name.startswith(".out.new-"):
            raise OSError(18, "Invalid cross-device link")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OutputError, match="Invalid cross-device link"):
        write(_files(**{"pkg/__init__.py": "A = 2\n"}), out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_interrupt_mid_write_leaves_no_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    before = snapshot(out)

    def interrupted(self: Path, data: bytes) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write(_files(**{"pkg/__init__.py": "A = 2\n"}), out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2(RENAME_EXCHANGE) is Linux-only")
def test_the_swap_is_one_atomic_exchange_on_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    renames: list[str] = []
    real = Path.rename
    monkeypatch.setattr(Path, "rename", lambda self, target: renames.append(self.name) or real(self, target))
    write(_files(**{"pkg/__init__.py": "A = 2\n"}), out)
    assert renames == []  # no moment without an output folder
    assert snapshot(out) == _snapshot_of(_files(**{"pkg/__init__.py": "A = 2\n"}), tmp_path / "expected")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["expected", "out"]


def _snapshot_of(files: dict[str, str], folder: Path) -> dict[str, bytes]:
    write(files, folder)
    return snapshot(folder)


def test_leftovers_of_a_killed_run_are_removed_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    for leftover in (".out.new-abc123", ".out.old-def456"):
        (tmp_path / leftover / "pkg").mkdir(parents=True)
        (tmp_path / leftover / "pkg" / "half.py").write_text("X = ")
    (tmp_path / ".other.new-abc").mkdir()  # another target's: not ours to touch
    write(_files(**{"pkg/__init__.py": "A = 2\n"}), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.new-abc", "out"]


def test_a_live_runs_staging_folder_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    live = tmp_path / ".out.new-live"
    live.mkdir()
    held = write_module._hold(live)
    assert held is not None
    try:
        write(_files(**{"pkg/__init__.py": "A = 2\n"}), out)
        assert live.is_dir()
    finally:
        os.close(held)
    write(_files(**{"pkg/__init__.py": "A = 3\n"}), out)
    assert not live.exists()


def test_a_kill_between_the_fallback_renames_gets_the_old_tree_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    before = snapshot(out)
    (tmp_path / ".out.new-x1").mkdir()  # staging, filled but not yet renamed
    out.rename(tmp_path / ".out.old-x1")  # the kill came right after the first rename
    write_module._sweep(out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_sigkill_mid_write_leaves_the_target_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    before = snapshot(out)
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from generator.write import write\n"
        "real = Path.write_bytes\n"
        "def slow(self, data):\n"
        "    real(self, data); print('writing', flush=True); time.sleep(60)\n"
        "Path.write_bytes = slow\n"
        f"write({{'pyproject.toml': {_files()['pyproject.toml']!r}, 'pkg/new.py': 'N = 1\\n'}}, Path({str(out)!r}))\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert snapshot(out) == before  # untouched
    assert any(p.name.startswith(".out.new-") for p in tmp_path.iterdir())  # what a kill leaves
    write(_files(**{"pkg/__init__.py": "A = 2\n"}), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("path", ["../escape.py", "/abs/x.py", "pkg/../../x.py", "pkg\\..\\x.py", "", "."])
def test_paths_outside_the_folder_are_refused(tmp_path: Path, path: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="refusing to write outside the output folder"):
        write(_files(**{path: "X = 1\n"}), out)
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_replace_a_folder_it_did_not_generate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("precious")
    with pytest.raises(OutputError, match="refusing to replace a non-empty folder that sdkgen did not generate"):
        write(_files(), out)
    assert snapshot(out) == {"notes.txt": b"precious"}
    (out / "pyproject.toml").write_text("[project]\nname = 'mine'\n")  # a pyproject.toml without our marker
    with pytest.raises(OutputError, match="did not generate"):
        write(_files(), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_empty_folder_may_be_replaced_and_a_file_may_not(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write(_files(), tmp_path / "empty")
    assert (tmp_path / "empty" / "pkg" / "__init__.py").is_file()
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        write(_files(), tmp_path / "file")


def test_a_symlinked_folder_is_replaced_where_it_lives(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write(_files(), real)
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    write(_files(**{"pkg/__init__.py": "A = 2\n"}), tmp_path / "link")
    assert (tmp_path / "link").is_symlink()
    assert (real / "pkg" / "__init__.py").read_text() == "A = 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


def test_the_current_folder_can_be_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    monkeypatch.chdir(out)
    write(_files(**{"pkg/__init__.py": "A = 3\n"}), Path("."))
    assert (out / "pkg" / "__init__.py").read_text() == "A = 3\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_new_folder_is_not_private(tmp_path: Path) -> None:
    """The staging folder comes from mkdtemp (mode 0700); the output must get the usual mode, or the old one's."""
    write(_files(), tmp_path / "out")
    mask = os.umask(0o022)
    os.umask(mask)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o777 & ~mask
    (tmp_path / "out").chmod(0o750)
    write(_files(**{"pkg/__init__.py": "A = 4\n"}), tmp_path / "out")
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o750


def test_compare_lists_added_changed_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(_files(), out)
    changes = compare(_files(**{"pkg/models/b.py": "changed\n", "pkg/groups/c.py": "<removed>", "pkg/z.py": ""}), out)
    assert changes.lines() == ["added:   pkg/z.py", "changed: pkg/models/b.py", "removed: pkg/groups/c.py"]
    (out / "pkg" / "__pycache__").mkdir()
    (out / "pkg" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    assert not compare(_files(), out).stale  # bytecode caches are not part of the package


# ---- the CLI -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mini_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mini") / "out"
    result = sdkgen("generate", "-q", "--spec", str(MINI), "--out", str(out), "--package", "mini")
    assert result.returncode == 0, result.stderr
    return out


def test_check_lists_changes_exits_1_and_writes_nothing(mini_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(mini_out, out)
    ok = sdkgen("generate", "-q", "--check", "--spec", str(MINI), "--out", str(out), "--package", "mini")
    assert ok.returncode == 0 and ok.stdout == "", ok.stdout + ok.stderr
    (out / "mini" / "__init__.py").write_text("# edited by hand\n")
    (out / "mini" / "stray.py").write_text("X = 1\n")
    readme = (out / "README.md").read_text()
    (out / "README.md").unlink()
    before = snapshot(out)
    stale = sdkgen("generate", "-q", "--check", "--spec", str(MINI), "--out", str(out), "--package", "mini")
    assert stale.returncode == 1, stale.stderr
    assert stale.stdout.splitlines() == ["added:   README.md", "changed: mini/__init__.py", "removed: mini/stray.py"]
    assert "stale:" in stale.stderr and "Traceback" not in stale.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert readme  # the file --check reported as added is the one removed


def test_check_of_a_missing_folder_lists_everything_and_creates_nothing(tmp_path: Path) -> None:
    result = sdkgen("generate", "-q", "--check", "--spec", str(MINI), "--out", str(tmp_path / "none"), "--package", "mini")
    assert result.returncode == 1
    assert all(line.startswith("added:   ") for line in result.stdout.splitlines())
    assert "added:   mini/__init__.py" in result.stdout.splitlines()
    assert list(tmp_path.iterdir()) == []


def test_regenerating_keeps_unchanged_files(mini_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(mini_out, out)
    (out / "mini" / "__init__.py").write_text("# stale\n")
    before = _inodes(out)
    result = sdkgen("generate", "--spec", str(MINI), "--out", str(out), "--package", "mini")
    assert result.returncode == 0, result.stderr
    assert "(1 changed)" in result.stderr
    after = _inodes(out)
    assert after["mini/__init__.py"] != before["mini/__init__.py"]
    assert {k: v for k, v in after.items() if k != "mini/__init__.py"} == {k: v for k, v in before.items() if k != "mini/__init__.py"}
    assert snapshot(out) == snapshot(mini_out)


def test_cli_refuses_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.py").write_text("print('mine')\n")
    result = sdkgen("generate", "-q", "--spec", str(MINI), "--out", str(tmp_path / "src"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'src'}: refusing to replace a non-empty folder that sdkgen did not generate"
    assert snapshot(tmp_path / "src") == {"main.py": b"print('mine')\n"}


def test_cli_write_failure_is_exit_2_with_one_line(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = sdkgen("generate", "-q", "--spec", str(MINI), "--out", str(locked / "out"))
    finally:
        locked.chmod(0o700)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"error: {locked / 'out'}: cannot write the output folder: ")
    assert len(result.stderr.strip().splitlines()) == 1


# ---- http(s) -------------------------------------------------------------------------------------------------


def test_spec_over_http_generates_the_same_package(mini_out: Path, tmp_path: Path) -> None:
    with serve_folder(MINI.parent) as base:
        out = tmp_path / "out"
        result = sdkgen("generate", "-q", "--spec", f"{base}/{MINI.name}", "--out", str(out), "--package", "mini")
        assert result.returncode == 0, result.stderr
        assert snapshot(out) == snapshot(mini_out)
        check = sdkgen("validate", "--spec", f"{base}/{MINI.name}")
        assert check.returncode == 0 and check.stderr.startswith("ok: ")


def test_external_refs_are_followed_over_http(tmp_path: Path) -> None:
    with serve_folder(ROOT / "tests" / "data" / "external") as base:
        result = sdkgen("generate", "-q", "--spec", f"{base}/external_ok.yaml", "--out", str(tmp_path / "out"), "--package", "ext")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "ext" / "models").is_dir()


def test_http_404_is_exit_2_with_one_line(tmp_path: Path) -> None:
    with serve_folder(MINI.parent) as base:
        url = f"{base}/nope.yaml"
        result = sdkgen("generate", "-q", "--spec", url, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr == f"error: {url}: cannot fetch spec: HTTP 404 File not found\n"
    assert list(tmp_path.iterdir()) == []


def test_unreachable_host_is_exit_2_with_one_line(tmp_path: Path) -> None:
    with serve_folder(MINI.parent) as base:
        pass  # the port is closed again: connection refused
    result = sdkgen("generate", "-q", "--spec", f"{base}/x.yaml", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {base}/x.yaml: cannot fetch spec: ")
    assert "Connection refused" in result.stderr and len(result.stderr.strip().splitlines()) == 1
