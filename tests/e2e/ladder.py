"""The ladder as a user climbs it: every bringup case from one-ap to broadcast on one machine,
with one CPU made to fail from a given case on. `smpscope-report bisect` must name that case
and that CPU's step (tests/report/test_report.py reads these logs)."""
from bringup import CASES, all_online, cmos_restored, never_answers, ok
from checks import ktap_complete

MACHINE = '8,sockets=1,cores=4,threads=2'
FAULT_FROM = 'early-kick'
FAULT_APIC, FAULT_STEP = '0x5', 'lme'
FAULT = 'fault=stop:%s@%s timeout_ms=300' % (FAULT_STEP, FAULT_APIC)

LADDER_TESTS = []
for i, case in enumerate(CASES):
    if i < CASES.index(FAULT_FROM):
        LADDER_TESTS.append(('ladder-%02d-%s' % (i, case), 'kernel', MACHINE, [],
                             'case=' + case, 'pass',
                             ok([all_online(2 if case == 'one-ap' else 0)]), 60))
    else:
        LADDER_TESTS.append(('ladder-%02d-%s' % (i, case), 'kernel', MACHINE, [],
                             'case=%s %s' % (case, FAULT), 'fail',
                             [lambda log: ktap_complete(log, False), cmos_restored,
                              never_answers(FAULT_APIC, FAULT_STEP, 'stop')], 60))
