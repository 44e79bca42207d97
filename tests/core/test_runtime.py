"""The serving process puts what it has loaded out of the garbage collector's reach."""

import os
import subprocess
import sys


def test_loading_the_wsgi_application_settles_what_it_loaded(tmp_path) -> None:
    # In a process of its own: freezing is for the life of a process.
    script = (
        "import gc, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'commission.settings'\n"
        "before = gc.get_freeze_count()\n"
        "from commission.wsgi import application\n"
        "print(before, gc.get_freeze_count(), callable(application), gc.isenabled())\n"
    )
    env = {**os.environ, "COMMISSION_VAR_DIR": str(tmp_path)}  # not the installation's var/
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    before, after, served, collecting = done.stdout.split()
    assert before == "0"
    assert int(after) > 10_000  # the loaded code and models, not a handful of objects
    assert served == "True"
    assert collecting == "True"  # what requests make is still collected
