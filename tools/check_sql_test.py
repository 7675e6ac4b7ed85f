#!/usr/bin/env python3
"""The SQL gate must fail on string-built SQL and pass clean code."""
import pathlib
import shutil
import subprocess
import sys
import tempfile

here = pathlib.Path(__file__).parent
checker = here / "check_sql.py"
ok = True
for name, expect_rc, expect_hits in (("bad.cc.txt", 1, 5), ("good.cc.txt", 0, 0)):
    with tempfile.TemporaryDirectory() as d:
        shutil.copy(here / "testdata/sql_check" / name, pathlib.Path(d) / "sample.cc")
        r = subprocess.run([sys.executable, str(checker), d], capture_output=True, text=True)
        hits = sum(1 for line in r.stdout.splitlines() if "sample.cc:" in line and "allowed" not in line)
        if r.returncode != expect_rc or hits != expect_hits:
            ok = False
            print("FAIL %s: rc=%d hits=%d\n%s" % (name, r.returncode, hits, r.stdout))
print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
sys.exit(0 if ok else 1)
