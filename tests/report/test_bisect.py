#!/usr/bin/env python3
"""smpscope-report bisect on the ladder the e2e suite ran (tests/e2e/ladder.py): every bringup
case on one machine, one CPU made to stop from a given case on. The answer must name that case,
the knobs that changed, and that CPU's step. The ladder as seven boots, and in one boot
(case=all: one log, one top-level result per rung). Run after the e2e suite.

    tests/report/test_bisect.py BUILD_DIR
"""
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'e2e'))
sys.path.insert(0, HERE)
from suite import result, tool, write, read, finish, E2E, TOOL  # noqa: E402
from ladder import CASES, FAULT_FROM, FAULT_APIC, FAULT_STEP  # noqa: E402
from ladder import (ONE_BOOT, ONE_BOOT_FAULT, ONE_FROM, ONE_APIC, ONE_STEP, ONE_FAULT,  # noqa: E402
                    STOP_FROM)


def slot_of(text, apic):
    """The slot the image gave that APIC ID, from its own ev=cpu lines."""
    m = re.search(r'^# ev=cpu cpu=(\d+) apic=%s ' % apic, text, re.M)
    return m.group(1) if m else None


def answer(out):
    """The answer's lines by their label."""
    return {k: v for k, v in (line.split(': ', 1) for line in out.split('\n') if ': ' in line
                              and not line.startswith(' '))}


def expect_ladder(name, logs, text):
    rc, out, err = tool('bisect', *logs)
    a = answer(out)
    good = CASES[CASES.index(FAULT_FROM) - 1]
    want_fail = 'first failure: cpu %s apic %s timed out in phase ' % (slot_of(text, FAULT_APIC),
                                                                        FAULT_APIC)
    bad = []
    if rc != 0:
        bad.append('rc %s (%s)' % (rc, err.strip()))
    if not a.get('first failing', '').startswith(FAULT_FROM + ' '):
        bad.append('first failing: %s, expected %s' % (a.get('first failing'), FAULT_FROM))
    if not a.get('last passing', '').startswith(good + ' '):
        bad.append('last passing: %s, expected %s' % (a.get('last passing'), good))
    if '  faults: none -> stop:%s@%s' % (FAULT_STEP, FAULT_APIC) not in out:
        bad.append('the fault is not among the knobs that differ')
    if '  flow: serial -> %s' % FAULT_FROM not in out:
        bad.append('the flow is not among the knobs that differ')
    line = [x for x in out.split('\n') if x.startswith('first failure: ')]
    if not line or not line[0].startswith(want_fail) or not line[0].endswith(' ' + FAULT_STEP):
        bad.append('%r, expected "%s... at step %s"' % (line, want_fail, FAULT_STEP))
    result(not bad, name, '; '.join(bad) + '\n' + out)


def one_boot(fault_log, healthy_log):
    """case=all: the rungs of one log are the ladder; the answer names the rung."""
    text = read(fault_log)
    rc, out, err = tool('bisect', fault_log)
    a = answer(out)
    n = CASES.index(ONE_FROM) + 1
    want_fail = 'first failure: cpu %s apic %s timed out in phase ' % (slot_of(text, ONE_APIC),
                                                                        ONE_APIC)
    bad = [] if rc == 0 else ['rc %s (%s)' % (rc, err.strip())]
    if not a.get('first failing', '').startswith(
            '%s (%s, boot 1, rung %d of %d)' % (ONE_FROM, fault_log, n, len(CASES))):
        bad.append('first failing: %s, expected %s as rung %d' % (a.get('first failing'),
                                                                  ONE_FROM, n))
    if not a.get('last passing', '').startswith(CASES[n - 2] + ' '):
        bad.append('last passing: %s, expected %s' % (a.get('last passing'), CASES[n - 2]))
    if '  faults: none -> %s' % ONE_FAULT not in out:
        bad.append('the fault is not among the knobs that differ')
    line = [x for x in out.split('\n') if x.startswith('first failure: ')]
    if not line or not line[0].startswith(want_fail) or not line[0].endswith(' ' + ONE_STEP):
        bad.append('%r, expected "%s... at step %s"' % (line, want_fail, ONE_STEP))
    listed = [x.split()[:2] for x in out.split('\n') if x.startswith('  ') and ' online ' in x]
    if listed != [[c, 'pass' if i < n - 1 else 'FAIL'] for i, c in enumerate(CASES)]:
        bad.append('the ladder lists %s' % listed)
    result(not bad, 'bisect-one-boot-ladder', '; '.join(bad) + '\n' + out)

    # The boot hung in the first failing rung: its capture ends before that rung's result.
    cut = write('one-boot-hang.log', text[:text.index('# ev=bringup case=%s ' % ONE_FROM)])
    rc, out, _ = tool('bisect', cut)
    a = answer(out)
    result(rc == 0 and a.get('first failing', '').startswith(ONE_FROM + ' ') and
           'the log ends before the case' in out and 'NO VERDICT' in out,
           'bisect-one-boot-hang-is-a-failure', 'rc %s: %s' % (rc, out))

    # ladder=stop: the rungs after the failing one are skipped, listed, and no rung of their own.
    stop = [x for x in text.split('\n')]
    cut = stop[:next(i for i, x in enumerate(stop) if x.startswith('# ev=rung n=%d ' % (n + 1)))]
    cut += ['# ev=rung n=%d of=%d case=%s skipped=1' % (k + 1, len(CASES), CASES[k]) +
            '\nok %d %s # SKIP ladder=stop: rung %d (%s) failed' % (k + 1, CASES[k], n, ONE_FROM)
            for k in range(n, len(CASES))] + ['# ev=exit result=fail code=0x11']
    rc, out, _ = tool('bisect', write('one-boot-stop.log', '\n'.join(cut)))
    a = answer(out)
    skipped = [x.split()[0] for x in out.split('\n') if x.startswith('  ') and ' skipped ' in x]
    result(rc == 0 and a.get('first failing', '').startswith(ONE_FROM + ' ') and
           skipped == CASES[n:], 'bisect-one-boot-skipped-rungs', 'rc %s: %s' % (rc, out))

    # The e2e run's own ladder=stop boot (tests/e2e/ladder.py): the same answer from a real log.
    real_stop = os.path.join(E2E, 'one-boot-ladder-stop.log')
    if os.path.exists(real_stop):
        rc, out, _ = tool('bisect', real_stop)
        a = answer(out)
        k = CASES.index(STOP_FROM)
        skipped = [x.split()[0] for x in out.split('\n') if x.startswith('  ') and
                   ' skipped ' in x]
        result(rc == 0 and a.get('first failing', '').startswith(STOP_FROM + ' ') and
               a.get('last passing', '').startswith(CASES[k - 1] + ' ') and
               skipped == CASES[k + 1:], 'bisect-one-boot-ladder-stop', 'rc %s: %s' % (rc, out))
    if healthy_log:
        rc, out, _ = tool('bisect', healthy_log)
        result(rc == 1 and 'every run passed' in out and out.count(' pass ') == len(CASES),
               'bisect-one-boot-all-pass', 'rc %s: %s' % (rc, out))
        rc, out, _ = tool('check', healthy_log, '--case', 'all', '--case', ONE_FROM,
                          '--expect', 'pass', '--expect', 'online')
        result(rc == 0 and not out, 'check-one-boot-ladder', 'rc %s: %s' % (rc, out))
    rc, out, _ = tool('json', fault_log)
    try:
        runs = [(b['boot'], b['rung'], b['rungs'], b['case'], b['boot_case'], b['exit'])
                for b in json.loads(out)['boots']]
    except (ValueError, KeyError) as e:
        runs = ['json: %s' % e]
    result(runs == [(1, k + 1, len(CASES), c, 'all', 'fail') for k, c in enumerate(CASES)],
           'json-one-boot-ladder-a-run-per-rung', '%s' % runs)
    rc, out, _ = tool('check', fault_log, '--expect', 'fail', '--expect', 'pass')
    want = ['boot 1: rung %d (%s): expected pass, got not ok (exit: fail)' % (k + 1, CASES[k])
            for k in range(n - 1, len(CASES))] + ['boot 1: expected pass, exit: fail']
    result(rc == 1 and out.strip().split('\n') == want, 'check-one-boot-names-rungs',
           'rc %s: %s' % (rc, out))


def main():
    logs = sorted(glob.glob(os.path.join(E2E, 'ladder-*.log')))
    fault_log = os.path.join(E2E, ONE_BOOT_FAULT + '.log')
    healthy_log = os.path.join(E2E, ONE_BOOT + '.log')
    if os.path.exists(TOOL) and os.path.exists(fault_log):
        one_boot(fault_log, healthy_log if os.path.exists(healthy_log) else None)
    if not os.path.exists(TOOL) or len(logs) != len(CASES):
        result(True, 'bisect-tests # SKIP %d ladder logs in %s, expected %d (run the e2e suite)'
               % (len(logs), E2E, len(CASES)))
        return finish()
    first_bad = os.path.join(E2E, 'ladder-%02d-%s.log' % (CASES.index(FAULT_FROM), FAULT_FROM))
    text = read(first_bad)

    shuffled = logs[:]
    random.Random(5).shuffle(shuffled)
    expect_ladder('bisect-ladder-in-any-order', shuffled, text)
    # The same runs captured into one file, last rung first, as a lab's serial logger keeps them.
    one = write('ladder-one-file.log', '\n'.join(read(p) for p in reversed(logs)))
    expect_ladder('bisect-ladder-in-one-file', [one], text)

    passing = logs[:CASES.index(FAULT_FROM)]
    rc, out, _ = tool('bisect', *passing)
    result(rc == 1 and 'every run passed' in out, 'bisect-nothing-failed', 'rc %s: %s' % (rc, out))

    # A hang at the failing rung: the capture ends before the case's result.
    cut = write('ladder-hang.log', text[:text.index('# ev=bringup')])
    rc, out, _ = tool('bisect', *(passing + [cut]))
    a = answer(out)
    result(rc == 0 and a.get('first failing', '').startswith(FAULT_FROM) and
           'the log ends before the case' in out and 'NO VERDICT' in out,
           'bisect-a-hang-is-a-failure', 'rc %s: %s' % (rc, out))

    empty = write('no-boot.log', 'SeaBIOS (version 1.16)\nBooting from ROM...\n')
    rc, out, _ = tool('bisect', empty)
    result(rc == 2 and 'nothing to bisect' in out, 'bisect-no-case-runs', 'rc %s: %s' % (rc, out))
    return finish()


if __name__ == '__main__':
    sys.exit(main())
