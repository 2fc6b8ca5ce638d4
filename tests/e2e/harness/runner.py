"""The e2e runner: every test of the groups asked for (tests/e2e/harness/groups.py), each booted
under a timeout (tests/e2e/harness/boot.py) and its log held against the test's checks and
against smpscope-report. Prints one `ok N name` / `not ok N name` line per test, in group and
table order, and a plan; exits 1 if any failed.

Tests that check only function run two at a time; those marked timing run alone, after them
(docs/testing.md)."""
import concurrent.futures
import os
import subprocess
import threading
import time

from harness.boot import boot
from harness.logfacts import Log
from harness.record import available

WORKERS = 2  # boots at once for function-only tests: one per core of the 2-core target host


def report_check(build, t, log):
    """The verdict as smpscope-report reads it from the log: the host tool users run on their
    own captures must agree with the harness on every boot."""
    if t.verdict == 'none' or t.screen:
        return []
    # A run told to use only another console leaves the main log silent: read that console.
    for side in ('', '.ttyS1', '.e9'):
        if os.path.exists(log + side) and 'KTAP version 1' in open(log + side,
                                                                  errors='replace').read():
            log += side
            break
    if t.after_reset:
        log = last_boot(log)
    expect = ['--expect', t.verdict]
    if t.verdict == 'pass' and t.all_up:
        expect += ['--expect', 'online', '--expect', 'no-timeouts']
    try:
        p = subprocess.run([os.path.join(build, 'smpscope-report'), 'check', log] + expect,
                           capture_output=True, text=True, timeout=30, errors='replace')
    except subprocess.TimeoutExpired:
        return ['smpscope-report check did not return within 30 s']
    if p.returncode == 0 and not p.stderr:
        return []
    # On the image's own log even a warning means the image and the tool disagree on the format.
    return ['smpscope-report check %s: %s' % (' '.join(expect), line)
            for line in (p.stdout + p.stderr).strip().split('\n')]


def last_boot(log):
    """The last boot of a log (from its last top-level "KTAP version 1"), in a file of its own
    outside build/e2e, whose every *.log* the kunit suite reads as a capture."""
    with open(log, errors='replace') as f:
        lines = f.read().split('\n')
    starts = [i for i, x in enumerate(lines) if x.rstrip('\r') == 'KTAP version 1'] or [0]
    path = os.path.join(os.path.dirname(os.path.dirname(log)), 'last-boot-' +
                        os.path.basename(log))
    with open(path, 'w') as f:
        f.write('\n'.join(lines[starts[-1]:]))
    return path


def attempt(build, t):
    """One boot of t: what was wrong (empty: it held) and the log's facts."""
    log, verdict, err, text = boot(build, t)
    facts = Log(text)
    facts.path = log
    bad = []
    if verdict != t.verdict:
        bad.append('verdict %s, expected %s%s' % (verdict, t.verdict, ' (%s)' % err if err else ''))
    for check in t.checks:
        try:
            bad += check(facts)
        except (KeyError, IndexError, ValueError, OSError) as e:
            # A log without a line or field the check reads: a failure, not a dead harness.
            bad.append('%s: %s %s' % (getattr(check, '__name__', 'check'), type(e).__name__, e))
    bad += report_check(build, t, log)
    return bad, facts


def run(build, n, t):
    """Runs test n; returns its lines, the result line first. A check that raises is that
    test's failure, not the harness's end."""
    try:
        return run_once(build, n, t)
    except Exception as e:  # noqa: BLE001
        return ['not ok %d %s # the harness raised %s: %s' % (n, t.name, type(e).__name__, e)]


def run_once(build, n, t):
    why = available(t.requires)
    if why:
        return ['ok %d %s # SKIP %s' % (n, t.name, why)]
    t0 = time.time()
    bad, facts = attempt(build, t)
    retried = ''
    reason = t.retry_if(facts) if bad and t.retry_if else None
    if reason:
        first = bad[0]
        bad, facts = attempt(build, t)
        retried = 'retried once: %s; first run: %s' % (reason, first)
    took = time.time() - t0
    if not bad:
        return ['ok %d %s # %.1fs%s' % (n, t.name, took, ' (%s)' % retried if retried else '')]
    return ['not ok %d %s # %s' % (n, t.name, bad[0])] + ['#   %s' % b for b in bad] + \
        (['#   %s' % retried] if retried else []) + \
        ['#   serial log: %s' % os.path.join(build, 'e2e', t.name + '.log'),
         '#   took %.1fs' % took]


def run_all(build, tests):
    """Runs tests, numbered from 1 in the order given: the function-only ones two at a time,
    then the timing ones one by one. Each result is printed as soon as every earlier one is
    in. Returns 1 if any failed."""
    os.makedirs(os.path.join(build, 'e2e'), exist_ok=True)
    print('1..%d' % len(tests), flush=True)
    results, printed, lock = {}, [0], threading.Lock()

    def done(n, lines):
        with lock:
            results[n] = lines
            while printed[0] + 1 in results:
                printed[0] += 1
                print('\n'.join(results[printed[0]]), flush=True)

    numbered = list(enumerate(tests, 1))
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        for f in [pool.submit(lambda n=n, t=t: done(n, run(build, n, t)))
                  for n, t in numbered if not t.timing]:
            f.result()
    for n, t in numbered:
        if t.timing:
            done(n, run(build, n, t))
    return 1 if any(r[0].startswith('not ok') for r in results.values()) else 0
