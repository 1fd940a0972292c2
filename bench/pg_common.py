"""Shared by the PostgreSQL peers of the benchmarks (pg_relevance.py, index_build_pg.py,
peers_pg.py): finding PostgreSQL's programs, a private folder for a throwaway cluster, and
the statement times psql's \\timing prints."""

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile


def find_bindir(tools=("initdb", "postgres", "psql", "pg_ctl")):
    """The folder of PostgreSQL's server programs holding every one of `tools`, or None."""
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for d in candidates:
        if all(os.access(os.path.join(d, t), os.X_OK) for t in tools):
            return d
    return None


def private_cluster_dir(prefix, workdir=None):
    """A fresh temporary folder for a cluster, and the command prefix to run its server with.

    PostgreSQL refuses to run as root: as root the folder is given to the 'postgres' user and
    the prefix is `runuser -u postgres --`; otherwise the prefix is empty."""
    tmp = tempfile.mkdtemp(prefix=prefix, dir=workdir)
    os.chmod(tmp, 0o755)
    if os.geteuid() != 0:
        return tmp, []
    try:
        pw = pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root and there is no 'postgres' user to run the server")
    os.chown(tmp, pw.pw_uid, pw.pw_gid)
    return tmp, ["runuser", "-u", "postgres", "--"]


def timings(output):
    """The milliseconds of each statement psql's \\timing reported, in order."""
    return [float(x.replace(",", "")) for x in re.findall(r"Time: ([\d.,]+) ms", output)]
