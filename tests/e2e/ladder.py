"""The ladder as a user climbs it: every bringup case from one-ap to broadcast on one machine,
with one CPU made to fail from a given case on. `smpscope-report bisect` must name that case
and that CPU's step (tests/report/test_bisect.py reads these logs). The rungs are the build's
(tests/names.py: Names.ladder).

Twice: as seven boots, and in one boot (case=all), where each rung is a top-level KTAP test
with the verdict its case gives alone; plus rounds=20 of parallel in one boot (case=stress)."""
import re

from harness.checks import all_online, cmos_restored, footprint_in_ram, never_answers
from harness.logfacts import Log
from harness.record import HASWELL, NAMES, Test
from harness.shapes import down, up

GROUP = {
    'order': 70,
    'covers': 'the ladder as seven boots and in one boot (case=all), ladder=stop, case=stress',
    'docs': 'docs/flows.md',
    'timing': False,
}

CASES = NAMES.ladder()

MACHINE = '8,sockets=1,cores=4,threads=2'
FAULT_FROM = 'early-kick'
FAULT_APIC, FAULT_STEP = '0x5', 'lme'
# timeout_ms=300: tests/e2e/harness/shapes.py (down) says why a healthy AP meets it on a busy
# host, and when the test is retried.
FAULT = 'fault=stop:%s@%s timeout_ms=300' % (FAULT_STEP, FAULT_APIC)

TESTS = []
for i, case in enumerate(CASES):
    name = 'ladder-%02d-%s' % (i, case)
    if i < CASES.index(FAULT_FROM):
        TESTS.append(up(name, 'kernel', MACHINE, 'case=' + case,
                               [all_online(2 if case == 'one-ap' else 0)], 60))
    else:
        TESTS.append(down(name, MACHINE, 'case=%s %s' % (case, FAULT),
                                 [never_answers(FAULT_APIC, FAULT_STEP, 'stop')]))

# The ladder in one boot at 28 CPUs. The fault is Done-when's: an AP stopped at longmode from
# the parallel rung on. In early-kick and kick-before-prepare 27 spinning APs share two host
# cores with the BSP: a handshake took 100 to 250 ms of host time idle, 400 ms under a load of
# 10, and beside another 28-CPU boot an AP missed the default 1000 ms (seen). So these run
# alone (timing=True) with timeout_ms=3000, which costs nothing while every AP answers; the
# faulted rungs wait it out twice (the timeout, the second look).
ONE_BOOT = 'one-boot-ladder-haswell28'
ONE_FROM, ONE_APIC, ONE_STEP = 'parallel', '0x5', 'longmode'
ONE_FAULT = 'stop:%s@%s' % (ONE_STEP, ONE_APIC)
ONE_BOOT_FAULT = 'one-boot-ladder-fault-from-' + ONE_FROM
# ladder=stop at 8 CPUs: the rung the fault starts at fails, the rest are skipped.
STOP_FROM = 'serial'
PHASES = NAMES.phases


def rungs_of(log):
    """[(case, Log of the rung's lines)], from each ev=rung line to the next."""
    out = []
    for line in log.lines:
        m = re.match(r'# ev=rung .*\bcase=(\S+)', line)
        if m:
            out.append((m.group(1), []))
        if out:
            out[-1][1].append(line)
    return [(case, Log('\n'.join(lines))) for case, lines in out]


def verdicts(want):
    """want(case) -> pass, fail or skip: the plan, and each rung's top-level result in order."""
    def check(log):
        bad = [] if log.has_line('1..%d' % len(CASES)) else ['no plan 1..%d' % len(CASES)]
        tops = log.top_results()
        if [r.name for r in tops] != CASES:
            return bad + ['top-level results %s, expected the rungs %s' %
                          ([r.name for r in tops], CASES)]
        for r in tops:
            got = 'skip' if r.ok and r.message.startswith('SKIP') else 'pass' if r.ok else 'fail'
            if got != want(r.name):
                bad.append('%s: %s, expected %s' % (r.name, got, want(r.name)))
        return bad
    return check


def each_rung(checks_of):
    """checks_of(case) -> checks, run on that rung's lines alone."""
    def check(log):
        bad = []
        for case, part in rungs_of(log):
            for c in checks_of(case):
                bad += ['%s: %s' % (case, b) for b in c(part)]
        return bad[:8]
    return check


def rung_faults(first, fault):
    """checks_of for each_rung: ev=knobs names no fault before the rung first, fault from it."""
    def checks(case):
        want = fault if CASES.index(case) >= CASES.index(first) else 'none'
        return [lambda log: [] if [k.get('faults') for k in log.ev('knobs')] == [want] else
                ['ev=knobs faults %s, expected %s' % ([k.get('faults') for k in log.ev('knobs')],
                                                      want)]]
    return checks


def state_kept(log):
    """From the second rung on: each AP's APIC mode and TSC_ADJUST as in its first rung."""
    r = log.named('ap_state_kept')
    n = log.ev('rung')
    if n and n[0].get('n') == '1':
        return ['ap_state_kept in rung 1'] if r else []
    return [] if r and r[0].ok else ['ap_state_kept: %s' % (r[0].message if r else 'missing')]


def healthy(case):
    return [all_online(2 if case == 'one-ap' else 0), cmos_restored, state_kept]


def one_boot(name, smp, knobs, want, checks_of, timeout=180, extra=(), **kw):
    return Test(name, 'kernel', smp, knobs=knobs, timeout=timeout, timing=True,
                verdict='pass' if all(want(c) == 'pass' for c in CASES) else 'fail',
                checks=[verdicts(want), each_rung(checks_of), footprint_in_ram] + list(extra),
                **kw)


def between(event, parked, sent):
    """between= (docs/flows.md, "Between bringups"): from the second rung or round on, how many
    APs stayed parked in their hlt loop and how many were sent INIT (ev=rung, ev=round); a list
    gives one count per rung."""
    def check(log):
        lines = [e for e in log.ev(event) if e.get('n') != '1' and 'skipped' not in e]
        got = [(e.get('parked'), e.get('init')) for e in lines]
        want = [(str(p), str(i)) for p, i in zip(
            parked if isinstance(parked, list) else [parked] * len(lines),
            sent if isinstance(sent, list) else [sent] * len(lines))]
        return [] if got and got == want else ['ev=%s (parked, init): %s, expected %s' % (
            event, got, want)]
    return check


def rounds_table(n):
    """case=stress: n rounds, each with every AP online; a min/median/max row for every AP
    and phase, and the rounds_all_online check."""
    def check(log):
        aps = {e['cpu'] for e in log.ev('cpu') if e['enabled'] == '1' and e['bsp'] == '0'}
        rounds = log.ev('round')
        bad = []
        if [r.get('n') for r in rounds] != [str(k) for k in range(1, n + 1)]:
            bad.append('ev=round n= %s, expected 1..%d' % ([r.get('n') for r in rounds], n))
        bad += ['round %s: cpus=%s' % (r['n'], r['cpus']) for r in rounds
                if r['cpus'] != '%d/%d' % (len(aps) + 1, len(aps) + 1)][:2]
        rows = [e for e in log.ev('rounds') if e.get('cpu') != 'all']
        if {(e['cpu'], e['phase']) for e in rows} != {(c, p) for c in aps for p in
                                                       PHASES + ['total']}:
            bad.append('ev=rounds rows for %d CPU-phase pairs, expected %d' %
                       (len(rows), len(aps) * (len(PHASES) + 1)))
        for e in rows:
            if e['n'] != str(n) or e['fails'] != '0' or \
                    not int(e['min']) <= int(e['median']) <= int(e['max']):
                bad.append('row %s' % e)
                break
        if not any(r.ok for r in log.named('rounds_all_online')):
            bad.append('no "ok rounds_all_online"')
        return bad
    return check


TESTS += [
    # between=park (the default): one-ap's AP parked before legacy-serial, then all 27; no INIT
    # until each rung's own kick.
    one_boot(ONE_BOOT, HASWELL, 'case=all timeout_ms=3000', lambda case: 'pass', healthy,
             extra=[between('rung', [1] + [27] * 5, 0)]),
    one_boot(ONE_BOOT_FAULT, HASWELL,
             'case=all fault=%s fault_from=%s timeout_ms=3000' % (ONE_FAULT, ONE_FROM),
             lambda case: 'pass' if CASES.index(case) < CASES.index(ONE_FROM) else 'fail',
             lambda case: rung_faults(ONE_FROM, ONE_FAULT)(case) + (
                 healthy(case) if CASES.index(case) < CASES.index(ONE_FROM) else
                 [never_answers(ONE_APIC, ONE_STEP, 'stop'), cmos_restored])),
    one_boot('one-boot-ladder-stop', MACHINE,
             'case=all ladder=stop fault=%s fault_from=%s timeout_ms=300' % (ONE_FAULT,
                                                                             STOP_FROM),
             lambda case: ['pass', 'fail', 'skip'][(CASES.index(case) >= CASES.index(STOP_FROM))
                                                   + (CASES.index(case) >
                                                      CASES.index(STOP_FROM))],
             lambda case: [] if CASES.index(case) > CASES.index(STOP_FROM) else
             rung_faults(STOP_FROM, ONE_FAULT)(case)),
    up('stress-parallel-haswell28', 'kernel', HASWELL, 'case=stress',
       [all_online(), rounds_table(20), between('round', 27, 0)], 60),
    # The old way as a knob: every AP sent INIT right after its round, back to wait-for-SIPI.
    up('stress-between-init', 'kernel', '4', 'case=stress rounds=3 between=init',
       [all_online(), rounds_table(3), between('round', 0, 3)], 60),
    # Bochs: parked APs in hlt, then the next round's INIT/SIPI/SIPI, every round all online.
    Test('stress-park-bochs4', 'bochs', '4', timeout=300, all_up=True,
         args=['--knobs', 'case=stress rounds=2'],
         checks=[all_online(), rounds_table(2), between('round', 3, 0)]),
]
