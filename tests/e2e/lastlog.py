"""A hang, a reset and case=lastlog. A first boot hangs; QEMU is killed under it and a second
QEMU runs in the same RAM, as a reset would leave it (a shared memory file stands in for the
DIMMs): the firmware runs again, and the second boot must print the first boot's log.

- lastlog-1-hang / lastlog-2-after-reset (multiboot1 under qboot): the first boot stalls in the
  BSP's 10 s wait for a CPU stopped before callin and is killed inside it, its log cut.
- lastlog-seabios-* and lastlog-ovmf-* (GRUB from the ISO, SeaBIOS on `pc`, OVMF on `q35`): a CPU
  stopped at longmode, the BSP gives up on it, prints its diagnosis and verdict and halts
  (on_exit=halt: the machine sits there, as a hung one does); the runner kills QEMU once the
  verdict is in. The dump must hold that log whole, the ev=timeout line too.
- lastlog-ovmf-wiped-*: the log kept at 16 MiB (lastlog=0x1000000), which OVMF rewrites at every
  boot: the second boot must say that boot 1's log was there and is gone (the marker left at
  32 MiB names it), not that there was none.
- lastlog-ovmf-fresh: a QEMU of its own (RAM not kept): no log, no marker, and it says so.
Every boot says early what it found and where its own copy goes (ev=lastlog,
docs/log-format.md)."""
import json
import os
import subprocess
import tempfile

from harness.checks import ktap_complete
from harness.logfacts import Log
from harness.record import Test

GROUP = {
    'order': 80,
    'covers': 'a hang, a reset on the same RAM, and case=lastlog printing the hung boot\'s log',
    'docs': 'docs/log-format.md',
    'timing': True,
}

HUNG_KNOBS = 'case=serial fault=stop:callin@0x3 timeout_ms=10000'
FIRST_LOG = 'lastlog-1-hang'
# Iso pairs: a CPU stopped at longmode; the BSP's default 1 s wait runs out, the verdict is
# written and the image halts.
HALT_KNOBS = 'case=serial fault=stop:longmode@1 on_exit=halt'
DUMP = '# lastlog: '


def ram_args(pair):
    """A RAM file per pair and per e2e run, so a stale one from another run is never read."""
    ram = os.path.join(tempfile.gettempdir(), 'smpscope-e2e-ram-%s-%d.img' % (pair, os.getpid()))
    return ram, ['--', '-object', 'memory-backend-file,id=ram,size=512M,mem-path=%s,share=on' %
                 ram, '-machine', 'memory-backend=ram']


RAM, SHARED_RAM = ram_args('qboot')


def hung(log):
    """The first boot got as far as the stall and no further."""
    if not log.ev('knobs') or log.ev('exit'):
        return ['expected a log cut in the flow: knobs %d, exit %d' % (len(log.ev('knobs')),
                                                                    len(log.ev('exit')))]
    return []


def lastlog_ev(log, **want):
    """The boot's own ev=lastlog line (the dump's are behind DUMP) has these values."""
    got = log.ev('lastlog')
    if len(got) != 1:
        return ['%d ev=lastlog lines, expected 1' % len(got)]
    return ['ev=lastlog %s=%s, expected %s' % (k, got[0].get(k), v)
            for k, v in sorted(want.items()) if got[0].get(k) != v]


def first_boot_kept(keep):
    """On fresh RAM a boot finds nothing and keeps its copy in slot 0 of its place."""
    return lambda log: lastlog_ev(log, found='0', wiped='0', mark_boot='0', this_boot='1',
                                  keep=keep)


def earlier(log, name):
    with open(os.path.join(os.path.dirname(log.path), name + '.log'), encoding='utf-8',
              errors='replace') as f:
        return Log(f.read())


def dump(log):
    return [x[len(DUMP):] for x in log.lines if x.startswith(DUMP)]


def report_reads_dump(log, case, result_wanted):
    """smpscope-report reads the dump as an earlier boot of its own."""
    try:
        out = subprocess.run([os.path.join(os.path.dirname(os.path.dirname(log.path)),
                                           'smpscope-report'), 'json', log.path],
                             capture_output=True, text=True, timeout=30).stdout
        boots = json.loads(out)['boots']
    except (ValueError, KeyError, subprocess.TimeoutExpired) as e:
        return ['smpscope-report json: %s' % e]
    early = [b for b in boots if b['from_lastlog']]
    if len(boots) != 2 or len(early) != 1 or early[0]['case'] != case or \
            not result_wanted(early[0]['result']):
        return ['smpscope-report does not read the dump as the hung %s boot: %s' %
                (case, [(b['case'], b['from_lastlog'], b['result']) for b in boots])]
    return []


def dump_is_first_boot(log):
    first = earlier(log, FIRST_LOG)
    want = first.lines[:-1]  # the last line may be cut by the kill
    got = dump(log)
    bad = []
    if not want or got[:len(want)] != want:
        bad.append('the dump (%d lines) does not start with the hung boot\'s %d lines' %
                   (len(got), len(want)))
    bad += lastlog_ev(log, found='1', boot='1', keep='off')
    knobs = [kv for n, kv in Log('\n'.join(got)).events if n == 'knobs']
    if not knobs or 'stop:callin@0x3' not in knobs[0].get('faults', ''):
        bad.append('smpscope-report would not see the hung boot\'s knobs')
    bad += report_reads_dump(log, 'serial', lambda r: r is None)
    if os.path.exists(RAM):
        os.remove(RAM)
    return bad


def hang_reached(log):
    """Evidence for a retry: the first boot had not printed its knobs when it was killed, so the
    host ran the guest too slowly to reach the stall within the runner's 8 s."""
    return None if log.ev('knobs') else 'the boot printed no knobs within 8 s (a slow host)'


def halted_with_diagnosis(log):
    """The hung boot's own story: the stopped CPU timed out at longmode, then the verdict."""
    t = log.ev('timeout')
    if not t or t[0].get('cpu') != '1' or t[0].get('step') != 'longmode' or not log.ev('exit'):
        return ['expected ev=timeout cpu=1 step=longmode and ev=exit; got %s' % t[:1]]
    return []


def dump_is_whole(first_name, ram):
    def check(log):
        first = earlier(log, first_name)
        start = first.lines.index('KTAP version 1') if 'KTAP version 1' in first.lines else 0
        want = [x for x in first.lines[start:] if x]
        got = [x for x in dump(log) if x]
        bad = []
        if not want or got[:len(want)] != want:
            diff = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b),
                        min(len(want), len(got)))
            bad.append('the dump (%d lines) is not the hung boot\'s log (%d lines): line %d '
                       'differs' % (len(got), len(want), diff))
        dumped = Log('\n'.join(got))
        knobs = dumped.ev('knobs')
        if not knobs or 'stop:longmode@0x1' not in knobs[0].get('faults', '') or \
                halted_with_diagnosis(dumped):
            bad.append('the dump lacks the hung boot\'s ev=knobs or ev=timeout')
        bad += lastlog_ev(log, found='1', boot='1', addr='0x2001000', keep='off', wiped='0')
        if not any(x.startswith('# an older log is kept: boot 1,') for x in log.lines):
            bad.append('no "# an older log is kept" line on screen')
        bad += report_reads_dump(log, 'serial', lambda r: r is not None)
        if os.path.exists(ram):
            os.remove(ram)
        return bad
    return check


def wiped(ram):
    def check(log):
        bad = lastlog_ev(log, found='0', wiped='1', mark_boot='1', mark_log='0x1001000',
                         keep='off')
        if not any(x.startswith('# boot 1\'s log at 0x1001000 is gone') for x in log.lines):
            bad.append('no "# boot 1\'s log ... is gone" line on screen')
        if os.path.exists(ram):
            os.remove(ram)
        return bad
    return check


def none_found(log):
    bad = lastlog_ev(log, found='0', wiped='0', mark_boot='0', damaged='0', keep='off')
    if not any('no log of an earlier boot' in r.message for r in log.failed()):
        bad.append('lastlog_found does not say that no log was found')
    return bad


def reset_pair(name, fw, machine, first_knobs, second_knobs, second_checks):
    """Two boots from the ISO on one RAM file: the hang, then the boot after the reset."""
    ram, shared = ram_args(name)
    fw_args = ['--fw', fw, '--machine', machine]
    first = name + '-1-hang'
    return [
        Test(first, 'iso', '4', knobs=first_knobs, verdict='fail', timeout=300,
             args=fw_args + ['--until-verdict'] + shared, timing=True, retry_if=None,
             checks=[lambda log: ktap_complete(log, False), halted_with_diagnosis,
                     first_boot_kept('0x1001000' if 'lastlog=0x1000000' in first_knobs
                                     else '0x2001000')]),
        Test(name + '-2-after-reset', 'iso', '4', knobs=second_knobs, timeout=300,
             verdict='pass' if second_checks == 'whole' else 'fail',
             args=fw_args + shared, timing=True, retry_if=None,
             checks=[dump_is_whole(first, ram)] if second_checks == 'whole' else
             [lambda log: ktap_complete(log, False), wiped(ram)]),
    ]


# All run alone and in this order: each second boot reads the RAM file its first one left. The
# qboot pair is timed by construction: the runner kills QEMU at 8 s of host time, inside the
# BSP's 10 s wait, which the guest's TSC (the host's, under TCG) also measures in host time and
# which starts after QEMU did; only a host too slow to reach the stall in 8 s breaks it
# (hang_reached). The iso pairs wait for the verdict instead (tools/qemu-run.sh --until-verdict).
TESTS = [
    Test(FIRST_LOG, 'kernel', '8', knobs=HUNG_KNOBS, verdict='none', checks=[hung], timeout=8,
         args=SHARED_RAM, timing=True, retry_if=hang_reached),
    Test('lastlog-2-after-reset', 'kernel', '8', knobs='case=lastlog', timeout=60,
         args=SHARED_RAM, timing=True, retry_if=None,
         checks=[lambda log: ktap_complete(log), dump_is_first_boot]),
] + reset_pair('lastlog-seabios', 'bios', 'pc', HALT_KNOBS, 'case=lastlog', 'whole') + \
    reset_pair('lastlog-ovmf', 'uefi', 'q35', HALT_KNOBS, 'case=lastlog', 'whole') + \
    reset_pair('lastlog-ovmf-wiped', 'uefi', 'q35', HALT_KNOBS + ' lastlog=0x1000000',
               'case=lastlog lastlog=0x1000000', 'wiped') + [
    # A QEMU of its own, whose RAM no other boot reads: it may run beside another test.
    Test('lastlog-ovmf-fresh', 'iso', '2', knobs='case=lastlog', verdict='fail', timeout=300,
         timing=False, args=['--fw', 'uefi', '--machine', 'q35'],
         checks=[lambda log: ktap_complete(log, False), none_found]),
]
