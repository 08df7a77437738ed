"""A throwaway PostgreSQL cluster of the test's own, which a test may stop and start again.

Built with the Debian server binaries (/usr/lib/postgresql/<version>/bin) in a temporary
folder, listening on 127.0.0.1 on a free port, trust authentication. The machine's shared
PostgreSQL (port 5432) is never touched. PostgreSQL refuses to run as root, so as root the
cluster runs as the `postgres` system user. No binaries: the test skips (fails with CI=true).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import List, Optional

import pytest


def _bin_dir() -> Optional[Path]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayPostgres:
    """`start()`, `stop()`, `start()` again, `destroy()`; `url` is the database's URL."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        if bin_dir is None:
            message = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(message + " (CI=true: this test must run)", pytrace=False)
            pytest.skip(message)
        self.bin = bin_dir
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="jj-pg-"))
        self.data = self.dir / "data"
        self.user: Optional[pwd.struct_passwd] = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self.user is not None:
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                   "--auth=trust", "-E", "UTF8", "--no-sync"])

    def _run(self, args: List[str]) -> None:
        if self.user is not None:
            args = ["runuser", "-u", "postgres", "--", *args]
        subprocess.run(args, check=True, cwd=self.dir, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                   "-l", str(self.dir / "server.log"), "-w", "-t", "60", "start"])

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: open connections are cut, new ones are refused."""
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"])

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def destroy(self) -> None:
        if self.running():
            try:
                self.stop("immediate")
            except subprocess.SubprocessError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)
