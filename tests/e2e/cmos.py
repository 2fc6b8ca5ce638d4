"""The CMOS warm-reset vector is armed only from a kick until the APs it kicked are past realmode
(docs/flows.md, "Warm reset"). Under QEMU every bringup case shows its arming and disarming as
ev=cmos steps; in Bochs with reset_on_triple_fault=1, whose BIOS honours shutdown code 0x0A, a
hang and a reset (fault=reset) go through POST and GRUB again, with CMOS as the first boot found
it (docs/testing.md, "A reset in Bochs")."""
import re

from harness.checks import ktap_complete
from harness.logfacts import Log
from harness.record import NAMES, Test
from harness.shapes import down, up

GROUP = {
    'order': 120,
    'covers': 'the warm-reset vector armed and disarmed per flow; a hang and a reset in Bochs',
    'docs': 'docs/flows.md',
    'timing': False,
}

CASES = NAMES.ladder()

MACHINE = '4,sockets=1,cores=2,threads=2'
FIRST = 'all-past-realmode'


def cmos_steps(log):
    """[(index in the log's events, facts)] of every ev=cmos line, in log order."""
    return [(i, kv) for i, (n, kv) in enumerate(log.events) if n == 'cmos']


def when_values(log):
    bad = [kv.get('when') for _, kv in cmos_steps(log) if kv.get('when') not in NAMES.cmos_whens]
    return ['ev=cmos when=%s is in no include/ list' % b for b in bad]


def disarmed(log):
    """Every arming is followed by its disarm, read back as found, before the flow ends: setups
    then one disarm per kick (per-cpu; a wave's kicks in parallel) or per flow (once)."""
    knobs = log.ev('knobs')[0]
    mode, steps = knobs['warm_reset'], cmos_steps(log)
    found = [kv for _, kv in steps if kv['when'] == 'found'][0]
    armed = [(i, kv) for i, kv in steps if kv['when'] in ('setup', 'disarm')]
    disarms = [(i, kv) for i, kv in armed if kv['when'] == 'disarm']
    bad = when_values(log)
    if mode == 'off':
        return bad + (['warm_reset=off armed or disarmed CMOS'] if armed else [])
    aps = len([e for e in log.ev('cpu') if e['enabled'] == '1' and e['bsp'] == '0'])
    per_cpu = mode == 'per-cpu' and knobs['flow'] != 'broadcast'
    runs = re.findall(r's+d', ''.join(kv['when'][0] for _, kv in armed))
    want = aps if per_cpu and knobs['flow'] != 'parallel' else \
        len({e['smt'] for e in log.ev('cpu') if e['bsp'] == '0'}) if per_cpu else 1
    if ''.join(runs) != ''.join(kv['when'][0] for _, kv in armed) or len(runs) != want or \
            (per_cpu and sum(len(r) - 1 for r in runs) != aps):
        return bad + ['setup/disarm steps %s under warm_reset=%s, flow=%s, %d APs' % (
            ''.join(kv['when'][0] for _, kv in armed), mode, knobs['flow'], aps)]
    end = [i for i, (n, _) in enumerate(log.events) if n == 'bringup'][0]
    first_phase = {}
    for i, (n, kv) in enumerate(log.events):
        if n == 'phase':
            first_phase.setdefault(kv['cpu'], i)
    for i, d in disarms:
        if d.get('reason') != FIRST or (d['reg0f'], d['vector']) != (found['reg0f'],
                                                                     found['vector']):
            bad.append('disarm %s reason=%s read back %s %s, found %s %s' % (
                d.get('cpu', ''), d.get('reason'), d['reg0f'], d['vector'], found['reg0f'],
                found['vector']))
        if i > end or i > first_phase.get(d.get('cpu'), end):
            bad.append('disarm %s comes after the flow or its CPU\'s first phase' %
                       d.get('cpu', ''))
    restore = [kv for _, kv in steps if kv['when'] == 'restore']
    if not restore or restore[-1].get('count') != str(len(disarms)):
        bad.append('when=restore count=%s, %d disarms' % (restore[-1].get('count')
                                                          if restore else None, len(disarms)))
    return bad


def disarm_timed_out(want):
    """The last kicked AP never reaches realmode: CMOS is put back anyway, and the log says so."""
    def check(log):
        d = [kv for _, kv in cmos_steps(log) if kv['when'] == 'disarm']
        if len(d) != 1 or d[0].get('reason') != 'timeout' or d[0].get('past') != want:
            return ['expected one disarm reason=timeout past=%s: %s' % (want, d)]
        if not any(x.startswith('# warm reset: ') and 'put back anyway' in x for x in log.lines):
            return ['no "# warm reset: ... put back anyway" line']
        return []
    return check


TESTS = [up('cmos-disarm-%s' % case, 'kernel', MACHINE, 'case=' + case, [disarmed], 60)
              for case in CASES] + [
    up('cmos-disarm-broadcast-per-cpu', 'kernel', MACHINE, 'case=broadcast warm_reset=per-cpu',
       [disarmed], 60),
    up('cmos-disarm-parallel-per-cpu', 'kernel', MACHINE, 'case=parallel warm_reset=per-cpu',
       [disarmed], 60),
    up('cmos-disarm-early-kick-per-cpu', 'kernel', MACHINE, 'case=early-kick warm_reset=per-cpu',
       [disarmed], 60),
    up('cmos-untouched-warm-reset-off', 'kernel', MACHINE, 'case=serial warm_reset=off',
       [disarmed], 60),
    # The ghost is the MADT's last CPU, so serial kicks it last: nothing ever reaches realmode.
    down('cmos-disarm-timeout', '2', 'case=serial fault=ghost:0x40 timeout_ms=300',
         [disarm_timed_out('0/1')]),
]


# ---- a hang, a reset, and the boot after it, in Bochs ----

HANG = 'fault=stop:callin,reset timeout_ms=200'
AFTER = 'case=probe'
BIOS_RESET = re.compile(r'shutdown status is ([0-9a-f]{2})h, resetting')


def boots(log):
    """The log cut at each top-level "KTAP version 1": one Log per boot of the image."""
    starts = [i for i, x in enumerate(log.lines) if x == 'KTAP version 1']
    return [Log('\n'.join(log.lines[a:b])) for a, b in zip(starts, starts[1:] + [None])]


def through_post(case):
    """Boot 1 hangs with CMOS disarmed and resets itself; the BIOS runs POST (not the stale
    trampoline), GRUB loads the image again with the next knobs, and CMOS is as boot 1 found
    it: in the BIOS's own reading and in boot 2's ev=cmos when=found."""
    def check(log):
        b = boots(log)
        if len(b) != 2:
            return ['%d boots of the image in the serial log, expected 2 (a reset between)' %
                    len(b)]
        first, second = b
        bad = when_values(first)
        found = [kv for _, kv in cmos_steps(first) if kv['when'] == 'found']
        steps = [kv['when'] for _, kv in cmos_steps(first)]
        reset = first.ev('reset')
        if first.ev('exit') or not reset or not found:
            return bad + ['boot 1: exit %d, reset %d, found %d: expected a hang, a reset and '
                          'CMOS as found' % (len(first.ev('exit')), len(reset), len(found))]
        was = (found[0]['reg0f'], found[0]['vector'])
        if first.ev('knobs')[0]['case'] != case or 'disarm' not in steps or \
                steps.index('disarm') < steps.index('setup'):
            bad.append('boot 1 (case %s): ev=cmos steps %s, expected setup then disarm' %
                       (first.ev('knobs')[0]['case'], steps))
        if (reset[0]['reg0f'], reset[0]['vector']) != was:
            bad.append('CMOS at the reset: %s %s, found %s %s' %
                       ((reset[0]['reg0f'], reset[0]['vector']) + was))
        boot = second.ev('boot')
        if not boot or not boot[0].get('loader', '').startswith('GRUB') or \
                boot[0].get('cmdline') != AFTER:
            bad.append('boot 2 was not loaded by GRUB with %r: %s' % (AFTER, boot))
        again = [kv for _, kv in cmos_steps(second) if kv['when'] == 'found']
        if not again or (again[0]['reg0f'], again[0]['vector']) != was:
            bad.append('boot 2 found CMOS %s, boot 1 found %s' % (again, was))
        bad += ktap_complete(second)
        return bad + bios_saw(log, int(was[0], 16))
    return check


def bios_saw(log, reg0f):
    """From Bochs's own log: one triple-fault reset, and two POSTs that each booted the CD, both
    reading the shutdown code boot 1 found (the BIOS's "Shutdown flag")."""
    with open(log.path + '.bochs-log', errors='replace') as f:
        text = f.read()
    resets = BIOS_RESET.findall(text)
    flags = re.findall(r'\[BIOS\s*\] Shutdown flag ([0-9a-f]+)', text)
    bad = []
    if len(resets) != 1 or int(resets[0], 16) != reg0f:
        bad.append('Bochs reset %d times, shutdown status %s; expected once, %#04x' %
                   (len(resets), resets, reg0f))
    if len(flags) != 2 or any(int(x, 16) != reg0f for x in flags):
        bad.append('BIOS POSTs read shutdown flags %s, expected two of %#x' % (flags, reg0f))
    if text.count('Booting from 07c0:0000') != 2:
        bad.append('the BIOS booted the CD %d times, expected 2' %
                   text.count('Booting from 07c0:0000'))
    return bad


def reset_test(case, extra=''):
    # Two CPUs keep Bochs quick: the one AP stops before callin, the BSP's wait for it runs
    # out after 200 ms of Bochs's clock and fault=reset triple-faults the machine. The boot after
    # it runs case=probe (tools/bochs-run.sh --knobs-next), which logs CMOS as found and exits.
    return Test('cmos-reset-bochs-%s' % case, 'bochs', '2', timeout=300, after_reset=True,
                args=['--reset-on-triple-fault', '--knobs', 'case=%s %s%s' % (case, HANG, extra),
                      '--knobs-next', AFTER],
                checks=[through_post(case)], retry_if=None)


TESTS += [reset_test('serial'), reset_test('legacy-serial'), reset_test('broadcast')]
