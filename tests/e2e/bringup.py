"""The bringup cases' matrix: every case under each machine, the order of online events and
CPUs that never answer. The case and step lists come from the build (tests/names.py)."""
from harness.checks import all_online, enabled_aps, ktap_complete, never_answers
from harness.record import HASWELL, NAMES, Test
from harness.shapes import down, up

GROUP = {
    'order': 60,
    'covers': 'every bringup case under each machine, the order online, CPUs that never answer',
    'docs': 'docs/flows.md',
    'timing': False,
}

CASES = NAMES.ladder()


def kicks_all_first(case):
    """The case's flow (flow= in its preset, cases/cases.def) kicks every AP before the first
    wait, so each kicked AP waits for the BSP (include/knob_values.h)."""
    knobs = dict(k.split('=', 1) for c in NAMES.cases if c['name'] == case
                 for k in c['knobs'].split() if '=' in k)
    return knobs.get('flow') in NAMES.flows_kicking_all_first()


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


def outside_plan(reasons, ok, slots):
    """Broadcast woke CPUs outside the plan: each parked and named with its reason (ev=trampoline
    outside=), only the planned APs took the slot step (ev=steps slot=), and no_cpu_outside_plan
    says ok or not ok (docs/flows.md, "Broadcast: CPUs outside the plan")."""
    def check(log):
        got = sorted(e['outside'] for e in log.ev('trampoline') if 'outside' in e)
        # A CPU outside the plan is not waited for: on a busy host one may park after the
        # report was written. Those named must be of the reason, and at least one named.
        if not got or set(got) != set(reasons) or len(got) > len(reasons):
            return ['ev=trampoline outside=: %s, expected %s' % (got, sorted(reasons))]
        steps = log.ev('steps')
        bad = [] if steps and steps[0].get('slot') == str(slots) else [
            'ev=steps slot=%s, expected %d' % (steps[0].get('slot') if steps else None, slots)]
        r = log.named('no_cpu_outside_plan')
        if not r or r[0].ok != ok:
            bad.append('no_cpu_outside_plan: %s, expected %s' % (r, 'ok' if ok else 'not ok'))
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
        if not any(r.name == 'no_ap_exceptions' for r in log.failed()):
            bad.append('no "not ok no_ap_exceptions"')
        b = log.ev('bringup')
        n = len(enabled_aps(log)) + 1
        if not b or b[0].get('cpus') != '%d/%d' % (n - 1, n):
            bad.append('ev=bringup cpus=%s, expected %d/%d' % (b[0].get('cpus') if b else None,
                                                               n - 1, n))
        return bad
    return check


TESTS = []
for i, case in enumerate(CASES):
    m = 2 if case == 'one-ap' else 0
    # Bochs in one APIC mode a case, taking turns down the ladder, so both modes meet serial,
    # parallel-style and broadcast flows; the identify, field and fault groups boot Bochs in
    # x2APIC too.
    mode = ('xapic', 'x2apic')[i % 2]
    TESTS += [
        up('%s-smp2' % case, 'kernel', '2', 'case=' + case, [all_online(m)], 60),
        # 28 vCPU threads on a busy 2-core host: an AP spinning for the BSP (early-kick,
        # kick-before-prepare) can wait longer than the default 1000 ms of host time for its
        # turn (seen under a load of 20). These check function, as the -smp 255 ones below.
        up('%s-seabios-q35-haswell28' % case, 'iso', HASWELL, 'case=%s timeout_ms=5000' % case,
           [all_online(m)], 180, args=['--machine', 'q35']),
        up('%s-ovmf-28' % case, 'iso', HASWELL, 'case=%s timeout_ms=5000' % case,
           [all_online(m)], 300, args=['--machine', 'q35', '--fw', 'uefi']),
        # Bochs at 4 CPUs (2 cores of 2 threads): most of a Bochs boot is its BIOS and GRUB,
        # and each CPU more slows every instruction; 8 CPUs took twice as long (probe's
        # iso-bochs-8cpu and the matrix's Bochs cell keep 8).
        up('%s-bochs4-%s' % (case, mode), 'bochs', '1:2:2', None, [all_online(m)], 300,
           args=['--knobs', 'case=%s apic=%s' % (case, mode)]),
    ]
    # In early-kick and kick-before-prepare every kicked AP waits for the BSP. Spinning, 254
    # vCPU threads starve the BSP's on a 2-core host (minutes, and timeouts); ap_wait=hlt
    # lets them sleep until the BSP's IPI. The spinning variant is covered at 28 CPUs.
    # 255 vCPU threads share the host's cores, and beside another boot or other work an AP
    # can take more than the default 1000 ms of host time (seen once in a callin); 5000 ms
    # costs nothing while every AP answers, and these tests check function, not speed.
    slow_spin = kicks_all_first(case)
    # At 255 CPUs the cases users run with many CPUs and one AP; legacy-serial (10 ms after
    # each INIT) and the two flows that kick all first take 15 to 30 s each there and are
    # covered at 28 CPUs under three firmwares and in Bochs.
    if case in ('legacy-serial', 'early-kick', 'kick-before-prepare'):
        continue
    TESTS.append(up('%s-smp255%s' % (case, '-hlt' if slow_spin else ''), 'kernel', '255',
                            'case=%s timeout_ms=5000%s' % (case,
                                                            ' ap_wait=hlt' if slow_spin else ''),
                            [all_online(m)], 300, args=['--machine', 'q35']))

TESTS += [
    up('serial-deferred-haswell28', 'kernel', HASWELL, 'case=serial log=deferred',
       [all_online(), lambda log: [] if log.ev('bringup')[0].get('drain_cycles') == '0' else
        ['log=deferred drained during the flow']], 60),
    up('serial-hlt-haswell28', 'kernel', HASWELL, 'case=serial ap_wait=hlt', [all_online()], 60),
    down('exception-alive-serial', HASWELL, 'case=serial fault=exception:alive@0x3 timeout_ms=300',
         [ap_exception('0x3', 'alive')]),
    Test('exception-refused-before-longmode', 'kernel', '2',
         knobs='case=serial fault=exception:pae', verdict='fail',
         checks=[lambda log: ktap_complete(log, False),
                 lambda log: [] if any('no IDT' in r.message for r in log.failed())
                 else ['exception:pae not refused']]),
    up('order-parallel-haswell28', 'kernel', HASWELL, 'case=parallel',
       [all_online(), primaries_first], 60),
    up('order-primaries-first-haswell28', 'kernel', HASWELL, 'case=serial order=primaries-first',
       [all_online(), primaries_first], 60),
]
# A broadcast at 28 CPUs with maxcpus=8: 20 CPUs wake, park in the trampoline, are named; the
# bringup passes with 8/8 and the check notes them. An AP answering to the BSP's ID parks too,
# and fails the check.
TESTS += [
    up('broadcast-maxcpus8-haswell28', 'kernel', HASWELL, 'case=broadcast maxcpus=8',
       [all_online(8), outside_plan(['maxcpus'] * 20, True, 7)], 60),
    down('broadcast-bsp-twin', '3', 'case=broadcast apic=xapic fault=apicid:1=0 timeout_ms=300',
         [outside_plan(['bsp'], False, 1)]),
]
# Linux's smp_quirk_init_udelay(): QEMU's kvm64 is Intel family 0xF, where the default 0 after
# INIT is raised to the MP spec's 10 ms, and the log says so; the Haswell runs keep 0.
TESTS.append(up('init-udelay-intel-family-f', 'kernel', '2', 'case=serial', [
    lambda log: [] if log.has_line('# init_udelay=0 raised to 10000: Intel family 0xf waits 10 '
                                   'ms after INIT in Linux (smp_quirk_init_udelay)')
    else ['no line saying init_udelay=0 was raised']], 60, args=['--cpu', 'kvm64']))
for case in ('serial', 'parallel', 'broadcast'):
    if case != 'broadcast':
        TESTS.append(down('nosipi-%s' % case, HASWELL,
                                  'case=%s fault=nosipi@0x9 timeout_ms=300' % case,
                                  [never_answers('0x9', 'none', 'nosipi')]))
    TESTS += [
        down('ghost-%s' % case, HASWELL, 'case=%s fault=ghost:0x40 timeout_ms=300' % case,
             [never_answers('0x40', 'none', 'ghost')]),
        down('stop-longmode-%s' % case, HASWELL,
             'case=%s fault=stop:longmode@0x5 timeout_ms=300' % case,
             [never_answers('0x5', 'longmode', 'stop')]),
    ]
