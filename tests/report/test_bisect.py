#!/usr/bin/env python3
"""smpscope-report bisect on the ladder the e2e suite ran (tests/e2e/ladder.py): every bringup
case on one machine, one CPU made to stop from a given case on. The answer must name that case,
the knobs that changed, and that CPU's step. Run after the e2e suite.

    tests/report/test_bisect.py BUILD_DIR
"""
import glob
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'e2e'))
sys.path.insert(0, HERE)
from harness import result, tool, write, read, finish, E2E, TOOL  # noqa: E402
from ladder import CASES, FAULT_FROM, FAULT_APIC, FAULT_STEP  # noqa: E402


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


def main():
    logs = sorted(glob.glob(os.path.join(E2E, 'ladder-*.log')))
    if not os.path.exists(TOOL) or len(logs) != len(CASES):
        print('ok 1 bisect-tests # SKIP %d ladder logs in %s, expected %d (run the e2e suite)'
              % (len(logs), E2E, len(CASES)))
        print('1..1')
        return 0
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
