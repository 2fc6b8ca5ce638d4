"""The bringup cases' matrix: every case under each machine, the order of online events and
CPUs that never answer. The case and step lists come from the build (tests/names.py)."""
from checks import ktap_complete, late_checkins
from footprint import footprint_in_ram
from record import HASWELL, NAMES, Test

CASES = NAMES.ladder()
# Every step an AP that came online has a breadcrumb for: all but "none", the step before any.
STEPS = [s for s in NAMES.steps if s != 'none']


def enabled_aps(log):
    """slot -> ev=cpu facts, for the APs the case should bring up."""
    return {int(e['cpu']): e for e in log.ev('cpu') if e['enabled'] == '1' and e['bsp'] == '0'}


def cmos_restored(log):
    found = [e for e in log.ev('cmos') if e.get('when') == 'found']
    after = [e for e in log.ev('cmos') if e.get('when') == 'after']
    if not found or not after:
        return ['no ev=cmos when=found and when=after']
    f, a = found[0], after[-1]
    if (f['reg0f'], f['vector']) != (a['reg0f'], a['vector']):
        return ['CMOS not restored: found %s %s, after %s %s' % (f['reg0f'], f['vector'],
                                                                 a['reg0f'], a['vector'])]
    return []


def all_online(maxcpus=0):
    def check(log):
        aps = enabled_aps(log)
        want = len(aps) + 1 if not maxcpus else min(maxcpus, len(aps) + 1)
        bad = []
        b = log.ev('bringup')
        if not b or b[0].get('cpus') != '%d/%d' % (want, want):
            bad.append('ev=bringup cpus=%s, expected %d/%d' % (b[0].get('cpus') if b else None,
                                                               want, want))
        states = {int(e['cpu']): e for e in log.ev('ap')}
        steps = {int(e['cpu']): e for e in log.ev('ap-steps')}
        up = [s for s in sorted(aps) if s in states][:want - 1]
        if len(up) != want - 1:
            bad.append('%d ev=ap lines for %d APs' % (len(up), want - 1))
        for s in up:
            if states[s].get('state') != 'online':
                bad.append('CPU %d state=%s' % (s, states[s].get('state')))
            missing = [st for st in STEPS if st not in steps.get(s, {})]
            if missing:
                bad.append('CPU %d has no breadcrumb for %s' % (s, ' '.join(missing)))
        return bad[:6]
    return check


def primaries_first(log):
    """Every thread-0 CPU online before any thread-1 CPU (order of ev=phase phase=online). The
    order is the BSP's: it waits for the APs in its list's order (smp/flows.c), so it does not
    depend on which vCPU the host ran first."""
    smt = {int(e['cpu']): int(e['smt']) for e in log.ev('cpu')}
    seq = [smt[int(e['cpu'])] for e in log.ev('phase') if e.get('phase') == 'online']
    if not seq or 1 not in seq:
        return ['no online events for sibling threads: %s' % seq]
    if seq.index(1) < len(seq) - seq[::-1].index(0) - 1:
        return ['a sibling came online before a primary: smt order %s' % seq]
    return []


def never_answers(apic, step, flow):
    """One CPU stays down: named with its last breadcrumb, the rest online, not ok."""
    def check(log):
        bad = []
        t = [e for e in log.ev('timeout') if e.get('apic') == apic and 'late' not in e]
        if not t:
            return ['no ev=timeout for apic %s' % apic]
        if t[0].get('step') != step:
            bad.append('timeout step=%s, expected %s' % (t[0].get('step'), step))
        aps = enabled_aps(log)
        b = log.ev('bringup')
        n = len(aps) + 1 + (1 if flow == 'ghost' else 0)
        if not b or b[0].get('cpus') != '%d/%d' % (n - 1, n):
            bad.append('ev=bringup cpus=%s, expected %d/%d' % (b[0].get('cpus') if b else None,
                                                               n - 1, n))
        if not any(r[3] == 'cpus_online' and apic in r[4] for r in log.failed()):
            bad.append('no "not ok cpus_online" naming %s' % apic)
        if not log.ev('grace'):
            bad.append('no second look (ev=grace)')
        return bad
    return check


def ap_exception(apic, step):
    """An AP's #UD: reported with vector and step, that AP left behind, the rest online."""
    def check(log):
        exc = [e for e in log.ev('exception') if e.get('apic') == apic]
        if not exc:
            return ['no ev=exception for apic %s' % apic]
        bad = []
        if exc[0].get('vector') != '6' or exc[0].get('step') != step:
            bad.append('exception vector=%s step=%s, expected 6 and %s' %
                       (exc[0].get('vector'), exc[0].get('step'), step))
        if not any(r[3] == 'no_ap_exceptions' for r in log.failed()):
            bad.append('no "not ok no_ap_exceptions"')
        b = log.ev('bringup')
        n = len(enabled_aps(log)) + 1
        if not b or b[0].get('cpus') != '%d/%d' % (n - 1, n):
            bad.append('ev=bringup cpus=%s, expected %d/%d' % (b[0].get('cpus') if b else None,
                                                               n - 1, n))
        return bad
    return check


def ok(checks):
    return [lambda log: ktap_complete(log), cmos_restored, footprint_in_ram] + checks


def up(name, boot, smp, knobs, checks, timeout, **kw):
    """A bringup that must pass with every CPU online."""
    return Test(name, boot, smp, knobs=knobs, checks=ok(checks), timeout=timeout, all_up=True,
                **kw)


# A fault test bounds every wait at 300 ms (timeout_ms=300) so that its one silent CPU costs
# little. Healthy APs answer in under 10 ms of host time on an idle 2-core host (the alive
# column of the logs), so the bound holds with a margin of 30; under a busy host a healthy AP
# that misses it checks in late (ev=timeout late=1) and the test is run once more
# (checks.late_checkins). The tests run alone (timing=True), so no other boot adds to the load.
def down(name, smp, knobs, checks, timeout=60, **kw):
    """A bringup that must fail: KTAP complete and not ok, CMOS put back, plus checks."""
    return Test(name, 'kernel', smp, knobs=knobs, verdict='fail', timeout=timeout,
                checks=[lambda log: ktap_complete(log, False), cmos_restored] + checks,
                timing='timeout_ms=300' in knobs, retry_if=late_checkins, **kw)


BRINGUP_TESTS = []
for case in CASES:
    m = 2 if case == 'one-ap' else 0
    BRINGUP_TESTS += [
        up('%s-smp2' % case, 'kernel', '2', 'case=' + case, [all_online(m)], 60),
        up('%s-seabios-q35-haswell28' % case, 'iso', HASWELL, 'case=' + case, [all_online(m)],
           180, args=['--machine', 'q35']),
        up('%s-ovmf-28' % case, 'iso', HASWELL, 'case=' + case, [all_online(m)], 300,
           args=['--machine', 'q35', '--fw', 'uefi']),
        up('%s-bochs8-xapic' % case, 'bochs', '8', None, [all_online(m)], 300,
           args=['--knobs', 'case=%s apic=xapic' % case]),
        up('%s-bochs8-x2apic' % case, 'bochs', '8', None, [all_online(m)], 300,
           args=['--knobs', 'case=%s apic=x2apic' % case]),
    ]
    # In early-kick and kick-before-prepare every kicked AP waits for the BSP. Spinning, 254
    # vCPU threads starve the BSP's on a 2-core host (minutes, and timeouts); ap_wait=hlt
    # lets them sleep until the BSP's IPI. The spinning variant is covered at 28 CPUs.
    # 255 vCPU threads share the host's cores, and beside another boot or other work an AP
    # can take more than the default 1000 ms of host time (seen once in a callin); 5000 ms
    # costs nothing while every AP answers, and these tests check function, not speed.
    slow_spin = case in ('early-kick', 'kick-before-prepare')
    BRINGUP_TESTS.append(up('%s-smp255%s' % (case, '-hlt' if slow_spin else ''), 'kernel', '255',
                            'case=%s timeout_ms=5000%s' % (case,
                                                            ' ap_wait=hlt' if slow_spin else ''),
                            [all_online(m)], 300, args=['--machine', 'q35']))

BRINGUP_TESTS += [
    up('serial-deferred-haswell28', 'kernel', HASWELL, 'case=serial log=deferred',
       [all_online(), lambda log: [] if log.ev('bringup')[0].get('drain_cycles') == '0' else
        ['log=deferred drained during the flow']], 60),
    up('serial-hlt-haswell28', 'kernel', HASWELL, 'case=serial ap_wait=hlt', [all_online()], 60),
    down('exception-alive-serial', HASWELL, 'case=serial fault=exception:alive@0x3 timeout_ms=300',
         [ap_exception('0x3', 'alive')]),
    Test('exception-refused-before-longmode', 'kernel', '2',
         knobs='case=serial fault=exception:pae', verdict='fail',
         checks=[lambda log: ktap_complete(log, False),
                 lambda log: [] if any('no IDT' in r[4] for r in log.failed())
                 else ['exception:pae not refused']]),
    up('order-parallel-haswell28', 'kernel', HASWELL, 'case=parallel',
       [all_online(), primaries_first], 60),
    up('order-primaries-first-haswell28', 'kernel', HASWELL, 'case=serial order=primaries-first',
       [all_online(), primaries_first], 60),
]
for case in ('serial', 'parallel', 'broadcast'):
    if case != 'broadcast':
        BRINGUP_TESTS.append(down('nosipi-%s' % case, HASWELL,
                                  'case=%s fault=nosipi@0x9 timeout_ms=300' % case,
                                  [never_answers('0x9', 'none', 'nosipi')]))
    BRINGUP_TESTS += [
        down('ghost-%s' % case, HASWELL, 'case=%s fault=ghost:0x40 timeout_ms=300' % case,
             [never_answers('0x40', 'none', 'ghost')]),
        down('stop-longmode-%s' % case, HASWELL,
             'case=%s fault=stop:longmode@0x5 timeout_ms=300' % case,
             [never_answers('0x5', 'longmode', 'stop')]),
    ]
