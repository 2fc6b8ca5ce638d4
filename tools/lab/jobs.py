"""make lab's jobs (docs/lab.md, "make lab"): each job of tools/lava/joblist.py on the QEMU
device, and case=all on the stand-in PC (device type x86-grub), submitted to lava-server with
lavacli one after the other, each waited for with a bound, its per-case results read back from
the server and checked against smpscope's own verdicts from the console the server stored
(tools/lava/compare.py: check).

    python3 tools/lab/jobs.py BUILD URL OUT

lavacli finds the server and the lab's token in $XDG_CONFIG_HOME/lavacli.yaml
(tools/lab/env.sh). The last line says how many jobs ran and whether every result matched.
"""
import json
import os
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'lava'))
import compare  # noqa: E402
import joblist  # noqa: E402
import lavajob  # noqa: E402

# The job's own timeouts end it within 15 minutes of its start (lavajob.job); the queue in
# front of it is the lab's one device of each type, so a job that is not done 20 minutes after
# its submission never will be.
WAIT_S = int(os.environ.get('LAB_JOB_WAIT', '1200'))
POLL_S = 5


def lavacli(*args):
    out = subprocess.run(['lavacli'] + list(args), capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError('lavacli %s: %s' % (' '.join(args), (out.stdout + out.stderr).strip()))
    return out.stdout


def get(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read().decode('utf-8', 'replace')


def wait(url, job_id):
    """The job's state and health from the REST API once it has finished, or after WAIT_S."""
    end = time.monotonic() + WAIT_S
    while True:
        d = json.loads(get('%s/api/v0.2/jobs/%d/' % (url, job_id)))
        if d['state'] == 'Finished' or time.monotonic() > end:
            return d
        time.sleep(POLL_S)


def server_results(job_id, suite):
    """[(test_case_id, result)] of SUITE as the server stores them; the test case's name has
    `-` turned into `_`, the monitor's test_case_id is in the metadata's extra."""
    res = []
    for t in json.loads(lavacli('results', '--json', str(job_id), suite)):
        extra = t['metadata'].get('extra') or [{}]
        extra = extra[0] if isinstance(extra, list) else extra
        res.append((extra.get('test_case_id', t['name']), t['result']))
    return res


def run(build, url, out, name, text, case, fail):
    """Submits one job and checks it; True when LAVA and smpscope agree as expected."""
    path = os.path.join(out, name + '.yaml')
    with open(path, 'w') as f:
        f.write(text)
    job_id = int(lavacli('jobs', 'submit', path).strip())
    print('# lab: job %d %s submitted (%s)' % (job_id, name, path), flush=True)
    d = wait(url, job_id)
    print('# lab: job %d %s on %s: %s %s' % (job_id, name, d['actual_device'], d['state'],
                                              d['health']), flush=True)
    if d['state'] != 'Finished':
        lavacli('jobs', 'cancel', str(job_id))
        print('# lab: job %d did not finish within %d s: canceled' % (job_id, WAIT_S))
        return False
    log = os.path.join(out, name + '.log')
    with open(log, 'w') as f:
        f.write(get('%s/api/v0.2/jobs/%d/logs/' % (url, job_id)))
    _, console = compare.lava_results(log)
    lava = server_results(job_id, 'smpscope-' + (case or 'all'))
    cases = [case] if case else None
    must_fail = set(fail.split(',')) if fail else set()
    return compare.check(build, lava, console, os.path.join(out, name), must_fail, cases) == 0


def main(argv):
    if len(argv) != 3:
        raise SystemExit(__doc__)
    build, url, out = argv
    os.makedirs(out, exist_ok=True)
    cases = lavajob.load_cases(build)
    iso = 'file://' + os.path.abspath(os.path.join(build, 'smpscope.iso'))
    todo = [(name, lavajob.job(cases, iso, knobs, case or None), case, fail)
            for name, knobs, case, fail in joblist.jobs(build)]
    todo.append(('pc-all', lavajob.job(cases, iso, '', target='x86'), '', ''))
    bad = []
    for name, text, case, fail in todo:
        try:
            ok = run(build, url, out, name, text, case, fail)
        except (RuntimeError, OSError, ValueError, KeyError) as e:
            print('# lab: %s: %s' % (name, e))
            ok = False
        except KeyboardInterrupt:
            print('# lab: interrupted during %s' % name)
            return 130
        if not ok:
            bad.append(name)
    if bad:
        print('# lab: %d jobs ran on lava-server, %d differ from smpscope or did not finish: %s'
              % (len(todo), len(bad), ' '.join(bad)))
        return 1
    print('# lab: %d jobs ran on lava-server, every LAVA result equals smpscope\'s' % len(todo))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
