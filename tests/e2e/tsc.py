"""The TSC tests: the frequency (against the host's TSC under QEMU, Bochs's ips, and on boards
without a PIT or an HPET), the warp test's phase, a skew caught, Linux's choice of which APs run
the test, and the tests between packages. docs/testing.md says why each is safe on a busy host."""
import os
import subprocess

import names
from harness.checks import all_online, fault_refused, ktap_complete, tsc_hz_within
from harness.record import HASWELL, Test
from harness.shapes import ok

GROUP = {
    'order': 50,
    'covers': 'TSC frequency and its sources, the warp test, a skew, tsc_sync=linux, tsc_pairs, '
              'tsc_sync=together',
    'docs': 'docs/tsc.md',
    'timing': False,
}

SOURCES = ('cpuid-15', 'pmtimer', 'hpet', 'pit', 'cpuid-16')


def host_tsc_hz():
    out = subprocess.run([os.path.join(names.build_dir(), 'host', 'host-tsc-hz')],
                         capture_output=True, text=True, timeout=10)
    return int(out.stdout.strip() or 0)


def calibration_window(log):
    """The image calibrates its TSC over 50 ms of each clock (tsc/freq.c), which under TCG is
    host time: a vCPU preempted between the counter read and the TSC read at either end moves
    the result by the preemption's length. One retry; an image that is wrong misses twice."""
    return 'TSC calibration shares its 50 ms window with the host\'s other work'


def tsc_phase(loop_ms):
    """Each AP's tsc column is its warp test, checked against what the image measured, not
    against time on the host, which TCG passes through as the guest's TSC:
    - the loop the image chose (tsc_loop=) is loop_ms of its calibrated TSC, or 2 ms for a
      thread whose core was already online (Linux's shorter loop): computed, so exact to 1%;
    - the BSP's side of the loop ran at least that long (tsc_ran= >= tsc_loop=): it stops only
      at its first read past the end;
    - the column holds the meeting (tsc_meet=, the BSP waiting for the AP to join) and the
      loop: tsc_meet + tsc_ran <= tsc. What is left is the AP's done flag reaching the BSP.
    The earlier form, the column at most 20 ms over the loop, failed when a busy host held a
    vCPU back longer than that: the meeting is host scheduling, not the image."""
    def check(log):
        hz = int(log.ev('tsc')[0]['hz'])
        place = {int(e['cpu']): (e['pkg'], e['core']) for e in log.ev('cpu')}
        online_cores = {place[0]}
        bad = []
        for e in log.ev('ap'):
            slot, tsc = int(e['cpu']), int(e['tsc'])
            ms = 2 if place[slot] in online_cores else loop_ms
            online_cores.add(place[slot])
            want = hz * ms // 1000
            loop = int(e.get('tsc_loop', '0'))
            if abs(loop - want) > want * 0.01:
                bad.append('CPU %d looped %d cycles, expected %d (%d ms at %d Hz) +-1%%' %
                           (slot, loop, want, ms, hz))
            if 'tsc_meet' not in e or 'tsc_ran' not in e:
                bad.append('CPU %d: no tsc_meet= or tsc_ran= on its ev=ap line' % slot)
                continue
            meet, ran = int(e['tsc_meet']), int(e['tsc_ran'])
            if ran < loop:
                bad.append('CPU %d: the BSP looped %d cycles, less than the %d chosen' %
                           (slot, ran, loop))
            if meet + ran > tsc:
                bad.append('CPU %d tsc=%d is less than tsc_meet=%d + tsc_ran=%d' %
                           (slot, tsc, meet, ran))
        return bad[:4]
    return check


def warp_caught(apic):
    def check(log):
        ap = [e for e in log.ev('ap') if e.get('apic') == apic]
        bad = []
        if not ap or ap[0].get('skewed') != '1' or int(ap[0].get('warp_max', '0')) == 0:
            bad.append('no warp recorded for skewed apic %s: %s' % (apic, ap[:1]))
        if not any(r.name == 'tsc_in_sync' and 'back by' in r.message for r in log.failed()):
            bad.append('no "not ok tsc_in_sync" with the warp size')
        tsc = log.ev('tsc')
        if tsc and tsc[0].get('tsc_adjust') == '1' and \
                not any(line.startswith('# TSC_ADJUST differs:') for line in log.lines):
            bad.append('the skew went through TSC_ADJUST but no "TSC_ADJUST differs" line')
        return bad
    return check


def tsc_in_sync(log):
    return [] if any(r.name == 'tsc_in_sync' and r.ok for r in log.results) else \
        ['no "ok tsc_in_sync"']


def linux_tsc_policy(log):
    """tsc_sync=linux: with TSC_ADJUST only the first AP of each further package runs the warp
    test; without it every AP does (Linux's check_tsc_sync_source() decision)."""
    adjust = log.ev('tsc')[0].get('tsc_adjust') == '1'
    pkg = {int(e['cpu']): e['pkg'] for e in log.ev('cpu')}
    seen = {pkg[0]}
    bad = []
    for e in log.ev('ap'):
        slot = int(e['cpu'])
        want = 1 if not adjust else int(pkg[slot] not in seen)
        seen.add(pkg[slot])
        if int(e.get('tsc_sync', '-1')) != want:
            bad.append('CPU %d (package %s) tsc_sync=%s, expected %d (tsc_adjust=%d)' %
                       (slot, pkg[slot], e.get('tsc_sync'), want, adjust))
    synced = sum(int(e.get('tsc_sync', '0')) for e in log.ev('ap'))
    if adjust and synced != len(set(pkg.values())) - 1:
        bad.append('%d APs synced, expected one per further package' % synced)
    return bad[:4]


def kvm_has_adjust(log):
    return [] if log.ev('tsc')[0].get('tsc_adjust') == '1' else ['the KVM guest has no TSC_ADJUST']


def pairs_done(n):
    def check(log):
        done = [e for e in log.ev('tsc-pair') if e.get('done') == '1']
        return [] if len(done) == n else ['expected %d finished package pairs: %s' %
                                          (n, log.ev('tsc-pair'))]
    return check


def tsc_sources(chosen, rejected):
    """ev=tsc took one of chosen; every source in rejected has its ev=tsc-source line with
    credible=0 and the reason (why=) that matches; every source has a line (docs/tsc.md)."""
    def check(log):
        tsc = log.ev('tsc')
        src = {e.get('name'): e for e in log.ev('tsc-source')}
        bad = [] if tsc and tsc[0].get('source') in chosen else \
            ['ev=tsc source=%s, expected one of %s' % (tsc[0].get('source') if tsc else None,
                                                       chosen)]
        bad += ['no ev=tsc-source line for %s' % n for n in SOURCES if n not in src]
        for name, why in rejected.items():
            e = src.get(name, {})
            if e.get('credible') != '0' or why not in e.get('why', ''):
                bad.append('%s not rejected for "%s": %s' % (name, why, e))
        return bad
    return check


def refusal_names_every_source(log):
    """The KTAP not-ok tsc_frequency of a run with no credible source names each one."""
    msgs = [r.message for r in log.failed() if r.name == 'tsc_frequency']
    if not msgs:
        return ['no "not ok tsc_frequency"']
    return ['the refusal does not name %s: %s' % (n, msgs[0]) for n in SOURCES
            if '%s: ' % n not in msgs[0]]


def source_tests(host_hz, retry_if):
    """A legacy-free board has neither PIT nor HPET: QEMU's pc machine without them (and without
    each alone), the TSC still within 1% of the host's (whose TSC TCG passes through) and every
    AP online; with ACPI off as well, no credible source is left and the image refuses."""
    pit_off = 'OUT2 was high'
    hpet_off = 'no HPET table'
    host = tsc_hz_within(host_hz, 0.01, 'the host TSC')

    def legacy_free(name, machine, knobs, checks, **kw):
        return Test(name, 'kernel', '4', knobs=knobs, timing=True, retry_if=retry_if,
                    args=['--machine', 'pc', '--', '-M', machine],
                    checks=[lambda log: ktap_complete(log)] + checks, **kw)
    return [
        legacy_free('tsc-nopit-nohpet-qemu', 'pc,pit=off,hpet=off', 'case=serial',
                    [all_online(), host, tsc_sources(('pmtimer',), {'pit': pit_off,
                                                                    'hpet': hpet_off})],
                    all_up=True),
        legacy_free('tsc-nopit-qemu', 'pc,pit=off', 'case=probe',
                    [host, tsc_sources(('pmtimer', 'hpet'), {'pit': pit_off})]),
        legacy_free('tsc-nohpet-qemu', 'pc,hpet=off', 'case=probe',
                    [host, tsc_sources(('pmtimer', 'pit'), {'hpet': hpet_off})]),
        Test('tsc-nosource-refused', 'kernel', '2', knobs='case=probe', verdict='fail',
             args=['--machine', 'pc', '--', '-M', 'pc,pit=off,hpet=off,acpi=off'],
             checks=[lambda log: ktap_complete(log, False), refusal_names_every_source,
                     tsc_sources(('none',), {'pit': pit_off, 'hpet': 'no RSDP',
                                             'pmtimer': 'no RSDP'})]),
    ]


def together_ran(cpus, trials=1):
    """tsc_sync=together: trials windows of every CPU (ev=tsc-trial cpus=N/N), the bringup line
    says so in every flow, and no CPU was left out."""
    def check(log):
        t = log.ev('tsc-trial')
        bad = [] if len(t) == trials else ['%d ev=tsc-trial lines, expected %d' % (len(t), trials)]
        bad += ['trial %s had cpus=%s, expected %d/%d' % (e.get('trial'), e.get('cpus'), cpus,
                                                         cpus)
                for e in t if e.get('cpus') != '%d/%d' % (cpus, cpus) or e.get('tests') != '1']
        b = log.ev('bringup')
        if not b or b[0].get('tsc_sync') != 'together':
            bad.append('ev=bringup does not say tsc_sync=together: %s' % b[:1])
        if not any(r.name == 'tsc_together_joined' and r.ok for r in log.results):
            bad.append('no "ok tsc_together_joined"')
        return bad
    return check


def together_in_sync(log):
    return [] if any(r.name == 'tsc_together_in_sync' and r.ok for r in log.results) else \
        ['no "ok tsc_together_in_sync"']


def together_caught(apic):
    """The skewed CPU is named: in a warped pair of ev=tsc-warp, in the line in Linux's words,
    and as the CPU in the most warped pairs by the not-ok tsc_together_in_sync."""
    def check(log):
        slot = {e['apic']: e['cpu'] for e in log.ev('cpu')}.get(apic)
        warps = [e for e in log.ev('tsc-warp') if slot in (e.get('cpu'), e.get('behind'))]
        bad = [] if warps else ['no ev=tsc-warp names CPU %s (apic %s): %s' %
                                (slot, apic, log.ev('tsc-warp'))]
        if not any(line.startswith('# TSC warp between CPU#') and 'CPU#%s' % slot in line
                   for line in log.lines):
            bad.append('no "# TSC warp between CPU#a and CPU#b" line with CPU#%s' % slot)
        named = 'CPU#%s (apic %s) in ' % (slot, apic)
        if not any(r.name == 'tsc_together_in_sync' and named in r.message
                   for r in log.failed()):
            bad.append('no "not ok tsc_together_in_sync" naming %s' % named)
        return bad
    return check


def left_out(apic, timeout_ms):
    """fault=tsc-absent: the AP came online, never joined, and is named and left out; the
    window did not wait for it past timeout_ms (the join bound) and the loop, with room for a
    descheduled vCPU."""
    def check(log):
        slot = {e['apic']: e['cpu'] for e in log.ev('cpu')}.get(apic)
        bad = [] if any(e.get('cpu') == slot and e.get('why') == 'never-joined'
                        for e in log.ev('tsc-absent')) else \
            ['no ev=tsc-absent cpu=%s why=never-joined' % slot]
        if not any(r.name == 'tsc_together_joined' and 'CPU#%s (apic %s)' % (slot, apic) in
                   r.message for r in log.failed()):
            bad.append('no "not ok tsc_together_joined" naming CPU#%s' % slot)
        hz = int(log.ev('tsc')[0]['hz'])
        bound = hz * (2 * timeout_ms + 20) // 1000 * 5
        for e in log.ev('tsc-trial'):
            if int(e['cycles']) > bound:
                bad.append('trial %s took %s cycles, past %d' % (e['trial'], e['cycles'], bound))
        return bad
    return check


def up(name, boot, smp, knobs, checks, timeout, **kw):
    return Test(name, boot, smp, knobs=knobs, checks=ok([all_online()] + checks),
                timeout=timeout, all_up=True, **kw)


TESTS = [
    # QEMU TCG's guest TSC is the host's; Bochs's runs at its ips setting, on Bochs's own clock.
    Test('tsc-hz-qemu-vs-host', 'kernel', '2', knobs='case=probe', timing=True,
         checks=[tsc_hz_within(host_tsc_hz, 0.01, 'the host TSC')],
         retry_if=calibration_window),
    Test('tsc-hz-bochs-ips80M', 'bochs', '2', timeout=300,
         args=['--ips', '80000000', '--knobs', 'case=probe'],
         checks=[tsc_hz_within(80000000, 0.01, 'Bochs ips')]),
] + source_tests(host_tsc_hz, calibration_window) + [
    # Timed: the loop is 20 ms of host time, and two vCPUs must meet for every AP.
    up('tsc-sync-haswell28', 'kernel', HASWELL, 'case=tsc-sync', [tsc_in_sync, tsc_phase(20)],
       120, timing=True),
    # QEMU TCG takes the TSC write and ignores it; Bochs honours TSC_ADJUST and IA32_TSC.
    # Bochs's clock is its instruction count (clock: sync=none), so host load does not reach it.
    Test('tsc-skew-bochs', 'bochs', '4', verdict='fail', timeout=300,
         args=['--knobs', 'case=tsc-sync fault=tsc-skew:2:-5000000'],
         checks=[lambda log: ktap_complete(log, False), warp_caught('0x2')]),
    up('tsc-noskew-bochs', 'bochs', '4', None, [tsc_in_sync], 300,
       args=['--knobs', 'case=tsc-sync']),
    # TCG offers no TSC_ADJUST, so under QEMU the rule's other branch shows: every AP syncs.
    up('tsc-linux-qemu-2sockets', 'kernel', '8,sockets=2,cores=2,threads=2',
       'case=serial tsc_sync=linux', [tsc_in_sync, linux_tsc_policy], 120),
    # With TSC_ADJUST, which only KVM offers a QEMU guest here: the first CPU of the second
    # package alone runs the test. Optional: skipped where /dev/kvm is missing.
    up('kvm-tsc-linux-2sockets', 'kernel', '4,sockets=2,cores=1,threads=2',
       'case=serial tsc_sync=linux', [tsc_in_sync, linux_tsc_policy, kvm_has_adjust], 180,
       args=['--accel', 'kvm', '--cpu', 'Haswell-noTSX,-pcid,-invpcid,+tsc-adjust'],
       requires=frozenset({'kvm'})),
    up('tsc-pairs-qemu-2sockets', 'kernel', '8,sockets=2,cores=2,threads=2',
       'case=tsc-sync tsc_pairs=on', [lambda log: [] if len(log.ev('tsc-pair')) == 1 else
                                      ['%d tsc-pair lines, expected 1' % len(log.ev('tsc-pair'))]],
       120),
    up('tsc-pairs-bochs-packages', 'bochs', '2:2:2', None, [pairs_done(6)], 300,
       args=['--knobs', 'case=tsc-sync tsc_pairs=on']),
    up('tsc-linux-bochs-packages', 'bochs', '2:2:2', None, [tsc_in_sync, linux_tsc_policy], 300,
       args=['--knobs', 'case=serial tsc_sync=linux']),
    # tsc_sync=together (docs/tsc.md): every CPU in one window after bringup, in flows with no
    # tsc handshake. A CPU behind the rest (it reads behind each) and one ahead (the rest read
    # behind it) are both named; Bochs honours the skew.
    Test('tsc-together-skew-parallel-bochs', 'bochs', '4', verdict='fail', timeout=300,
         args=['--knobs', 'case=tsc-together fault=tsc-skew:2:-5000000'],
         checks=[lambda log: ktap_complete(log, False), together_ran(4), together_caught('0x2')]),
    Test('tsc-together-skew-broadcast-bochs', 'bochs', '4', verdict='fail', timeout=300,
         args=['--knobs', 'case=broadcast tsc_sync=together fault=tsc-skew:3:5000000'],
         checks=[lambda log: ktap_complete(log, False), together_ran(4), together_caught('0x3')]),
    up('tsc-together-qemu-2sockets', 'kernel', '8,sockets=2,cores=2,threads=2',
       'case=tsc-together tsc_trials=2', [together_in_sync, together_ran(8, 2)], 120),
    Test('tsc-together-absent-qemu', 'kernel', '4', verdict='fail', timeout=120,
         knobs='case=tsc-together fault=tsc-absent@2 timeout_ms=200',
         checks=[lambda log: ktap_complete(log, False), all_online(), together_in_sync,
                 left_out('0x2', 200)]),
    # TCG takes the write to IA32_TSC and ignores it: the skew is refused with that reason.
    Test('tsc-together-skew-refused-qemu', 'kernel', '4', verdict='fail', timeout=120,
         knobs='case=tsc-together fault=tsc-skew:2:1000000',
         checks=[lambda log: ktap_complete(log, False), together_in_sync,
                 fault_refused('tsc-skew'),
                 lambda log: [] if any('did not move' in r.message for r in log.failed()) else
                 ['the refusal does not say the TSC did not move']]),
]
