"""The ladder as a user climbs it: every bringup case from one-ap to broadcast on one machine,
with one CPU made to fail from a given case on. `smpscope-report bisect` must name that case
and that CPU's step (tests/report/test_bisect.py reads these logs). The rungs are the build's
(tests/names.py: Names.ladder)."""
from bringup import CASES, all_online, down, never_answers, up

MACHINE = '8,sockets=1,cores=4,threads=2'
FAULT_FROM = 'early-kick'
FAULT_APIC, FAULT_STEP = '0x5', 'lme'
# timeout_ms=300: see bringup.down for why a healthy AP meets it on a busy host, and the retry.
FAULT = 'fault=stop:%s@%s timeout_ms=300' % (FAULT_STEP, FAULT_APIC)

LADDER_TESTS = []
for i, case in enumerate(CASES):
    name = 'ladder-%02d-%s' % (i, case)
    if i < CASES.index(FAULT_FROM):
        LADDER_TESTS.append(up(name, 'kernel', MACHINE, 'case=' + case,
                               [all_online(2 if case == 'one-ap' else 0)], 60))
    else:
        LADDER_TESTS.append(down(name, MACHINE, 'case=%s %s' % (case, FAULT),
                                 [never_answers(FAULT_APIC, FAULT_STEP, 'stop')]))
