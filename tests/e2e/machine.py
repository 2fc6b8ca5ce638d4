"""What an emulator cannot see, seen by the image itself (docs/hardware.md, "Machine checks" and
"The audit").

- machine-mce-one / machine-mce-broadcast: QEMU's monitor `mce` injects an uncorrected error
  (restartable: MCG_STATUS RIPV|MCIP) into CPU 1 while its 1 s TSC warp test runs (case=tsc-sync,
  flow=early-kick: every AP has been through the trampoline, so every one has CR4.MCE), once for
  CPU 1 alone and once broadcast (`mce -b`: every CPU takes an #MC, the others with QEMU's fixed
  bank 1 record). The log names the CPU, the bank and the step; nothing is a timeout; the verdict
  is `not ok no_machine_checks`, with every CPU online.
- machine-mce-stopped: the error with MCG_STATUS MCIP alone (RIPV clear: it cannot go on) into
  CPU 2, which waits for its callout meanwhile: CPU 2 halts, and when its turn comes the BSP
  names it stopped by a machine check, not timed out.
- machine-mce-reset: the same single injection, then QMP `system_reset` in the same QEMU (banks
  survive it, MCG_STATUS does not): the next boot names CPU 1's bank as left from before it.
- machine-fault-*: each audit check fails under its own fault= on one AP, the other checks pass.
- machine-seabios-mtrr-note: under SeaBIOS (which programs the MTRRs) QEMU's INIT zeroes the APs'
  MTRRs: a note naming QEMU and its cause, `ok mtrrs_same`, no failure and no line saying the
  MTRRs differ.
The audit's checks passing on qboot, SeaBIOS, OVMF and Bochs are every bringup test's
(tests/e2e/bringup.py: no `not ok` in a complete plan)."""
import re
import time

from harness.checks import ktap_complete
from harness.record import Test

GROUP = {
    'order': 75,
    'covers': 'machine checks injected by QEMU (one CPU, broadcast, left across a reset) and '
              'the audit of caches, CR4.MCE, PAT, MTRRs and memory types failing under its faults',
    'docs': 'docs/hardware.md',
    'timing': False,
}

# VAL, UC, EN, ADDRV: an uncorrected error with its address.
STATUS = '0xb400000000000150'
ADDR = '0x1234000'
# MCG_STATUS: RIPV|MCIP, the interrupted code may go on; MCIP alone, it may not.
RESTARTABLE, FATAL = '0x5', '0x4'
MCE_KNOBS = 'case=tsc-sync flow=early-kick tsc_loop_ms=1000'
TSC_PHASE = re.compile(r'^# ev=phase cpu=1 apic=0x1 phase=callin ', re.M)
# The whole line, its newline included: a reset on a line's first bytes (seen under load) cut
# the verdict and glued the next boot's "KTAP version 1" onto it.
EXIT = re.compile(r'^# ev=exit [^\n]*\n', re.M)


def wait_for(log, pattern, deadline, count=1):
    """Until LOG holds pattern count times; TimeoutError past the deadline."""
    while time.time() < deadline:
        try:
            with open(log, errors='replace') as f:
                if len(pattern.findall(f.read())) >= count:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError('%s not in %s in time' % (pattern.pattern, log))


def inject(qmp, log, broadcast, mcg_status, cpu):
    """CPU 1's warp test has begun (its callin phase is logged at the boundary): the error."""
    out = qmp.cmd('human-monitor-command', **{'command-line': 'mce %s%d 1 %s %s %s 0x0' % (
        '-b ' if broadcast else '', cpu, STATUS, mcg_status, ADDR)})
    with open(log + '.hmp', 'w') as f:
        f.write(out or '')


def drive_mce(broadcast, mcg_status=RESTARTABLE, cpu=1):
    def drive(qmp, log, deadline):
        wait_for(log, TSC_PHASE, deadline)
        inject(qmp, log, broadcast, mcg_status, cpu)
    return drive


def drive_reset(qmp, log, deadline):
    """The error, the first verdict, a reset, the second verdict; then QEMU is quit."""
    drive_mce(False)(qmp, log, deadline)
    wait_for(log, EXIT, deadline)
    qmp.cmd('system_reset')
    wait_for(log, EXIT, deadline, 2)
    qmp.cmd('quit')


def mce_named(cpus, bank_of_1='1'):
    """ev=mce when=mc for each of cpus; CPU 1's with the injected bank, status and address, at
    callin (its warp test: phase tsc); not ok no_machine_checks naming CPU 1; no timeout."""
    def check(log):
        got = {e['cpu']: e for e in log.ev('mce') if e.get('when') == 'mc'}
        bad = ['no ev=mce when=mc for CPU %s' % c for c in cpus if c not in got]
        one = got.get('1', {})
        want = {'apic': '0x1', 'bank': bank_of_1, 'status': STATUS, 'addr': ADDR,
                'step': 'callin', 'phase': 'tsc', 'stopped': '0'}
        bad += ['CPU 1 ev=mce %s=%s, expected %s' % (k, one.get(k), v)
                for k, v in sorted(want.items()) if one and one.get(k) != v]
        if len([e for e in log.ev('mce') if e.get('when') == 'boot']) and \
                len([x for x in log.lines if x == 'KTAP version 1']) == 1:
            bad.append('an error of this boot was logged as left from before it')
        if log.ev('timeout'):
            bad.append('a machine check was reported as a timeout: %s' % log.ev('timeout')[0])
        failed = [r.name for r in log.failed() if r.indent > 0]
        if failed != ['no_machine_checks']:
            bad.append('failed checks %s, expected no_machine_checks alone' % failed)
        msg = [r.message for r in log.failed() if r.name == 'no_machine_checks']
        if msg and not re.search(r'CPU1 \(apic 0x1\) bank %s .* at callin, phase tsc' %
                                 bank_of_1, msg[0]):
            bad.append('no_machine_checks does not name CPU 1, its bank and step: %s' % msg[0])
        return bad
    return check


def stopped_named(log):
    """CPU 2, waiting for its callout when the error came, halted: named as stopped by a
    machine check at alive (phase callin), not online, and no CPU timed out."""
    e = [x for x in log.ev('mce') if x.get('when') == 'mc']
    bad = [] if e and (e[0].get('cpu'), e[0].get('step'), e[0].get('phase'), e[0].get(
        'stopped')) == ('2', 'alive', 'callin', '1') else ['ev=mce %s, expected CPU 2 stopped '
                                                           'at alive, phase callin' % e[:1]]
    if log.ev('timeout'):
        bad.append('a machine check was reported as a timeout: %s' % log.ev('timeout')[0])
    if not any(x.startswith('# CPU2 (apic 0x2): a machine check stopped it') for x in log.lines):
        bad.append('no line naming CPU 2 stopped by a machine check')
    failed = [r.name for r in log.failed() if r.indent > 0]
    if failed != ['no_machine_checks', 'cpus_online']:
        bad.append('failed checks %s, expected no_machine_checks, cpus_online' % failed)
    state = [x.get('state') for x in log.ev('ap') if x.get('cpu') == '2']
    if state != ['machine-check']:
        bad.append('CPU 2 state=%s, expected machine-check' % state)
    return bad


def hmp_quiet(log):
    """QEMU's monitor accepted the injection: no "MCE capability is not enabled"."""
    try:
        with open(log.path + '.hmp') as f:
            out = f.read()
    except OSError:
        return ['the injection never ran']
    return ['QEMU\'s monitor said: %s' % out.strip()] if out.strip() else []


def left_from_before(log):
    """The second boot (after the last KTAP header) names CPU 1's bank as from before it."""
    starts = [i for i, x in enumerate(log.lines) if x == 'KTAP version 1']
    if len(starts) != 2:
        return ['%d boots in the log, expected 2' % len(starts)]
    second = '\n'.join(log.lines[starts[1]:])
    want = (r'^# ev=mce cpu=1 apic=0x1 when=boot bank=1 status=%s addr=%s ' % (STATUS, ADDR))
    if not re.search(want, second, re.M):
        return ['the boot after the reset does not name CPU 1 bank 1 (%s) as left in it' %
                STATUS]
    return []


def one_check_fails(name, others_pass=True):
    def check(log):
        failed = sorted(r.name for r in log.failed() if r.indent > 0)
        if failed != [name]:
            return ['failed checks %s, expected %s alone' % (failed, name)]
        return []
    return check


def qemu_note(log):
    bad = [] if log.ev('audit-note') and log.ev('audit-note')[0].get('emulator') == 'qemu' \
        else ['no ev=audit-note emulator=qemu']
    if any('MTRRs differ' in x for x in log.lines):
        bad.append('a line still says the MTRRs differ')
    return bad


FAULTS = [('pat', 'pat_same'), ('mce-off', 'mce_enabled'), ('mtrr', 'mtrrs_same'),
          ('cache-off', 'caches_enabled'), ('memtype', 'memtypes_consistent')]

TESTS = [
    Test('machine-mce-one', 'kernel', '4', knobs=MCE_KNOBS, verdict='fail', timeout=60,
         timing=True, drive=drive_mce(False),
         checks=[lambda log: ktap_complete(log, False), hmp_quiet, mce_named(['1'])]),
    Test('machine-mce-broadcast', 'kernel', '4', knobs=MCE_KNOBS, verdict='fail', timeout=60,
         timing=True, drive=drive_mce(True),
         checks=[lambda log: ktap_complete(log, False), hmp_quiet,
                 mce_named(['0', '1', '2', '3'])]),
    Test('machine-mce-stopped', 'kernel', '4', knobs=MCE_KNOBS, verdict='fail', timeout=60,
         timing=True, drive=drive_mce(False, FATAL, cpu=2),
         checks=[lambda log: ktap_complete(log, False), hmp_quiet, stopped_named]),
    Test('machine-mce-reset', 'kernel', '4', knobs=MCE_KNOBS + ' on_exit=halt', verdict='none',
         timeout=90, timing=True, drive=drive_reset, args=['--reboot'],
         checks=[hmp_quiet, mce_named(['1']), left_from_before]),
] + [
    Test('machine-fault-%s' % kind, 'kernel', '2', knobs='case=parallel fault=%s@1' % kind,
         verdict='fail', checks=[lambda log: ktap_complete(log, False),
                                 one_check_fails(check)])
    for kind, check in FAULTS
] + [
    Test('machine-seabios-mtrr-note', 'iso', '2', knobs='case=parallel', timeout=120,
         args=['--machine', 'q35'], checks=[ktap_complete, qemu_note]),
]
