#!/usr/bin/env python3
"""The emulator matrix: boots the image under each configuration, with a timeout,
and asserts facts from its serial log. Prints one `ok N name` / `not ok N name`
line per test and a plan; exits 1 if any failed.

    tests/e2e/e2e.py BUILD_DIR [NAME_REGEX]
"""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from logfacts import Log  # noqa: E402
from topology import expected_cpus  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VERDICT = {0: 'pass', 1: 'fail', 2: 'none'}


# ---- checks: each returns a list of what was wrong (empty: all held) ----

def ktap_complete(log, want_pass=True):
    bad = []
    if not log.has_line('KTAP version 1'):
        bad.append('no "KTAP version 1" line at column 0')
    if not log.has_line('1..1'):
        bad.append('no top-level plan 1..1')
    tops = log.top_results()
    if len(tops) != 1:
        bad.append('%d top-level results, expected 1' % len(tops))
    elif tops[0][1] != want_pass:
        bad.append('top-level result is %s' % ('ok' if tops[0][1] else 'not ok'))
    if want_pass and log.failed():
        bad.append('not ok: ' + '; '.join('%s # %s' % (r[3], r[4]) for r in log.failed()))
    return bad


def cpus_match(smp):
    def check(log):
        want = expected_cpus(smp)
        got = [(int(e['apic'], 16), int(e['pkg']), int(e['core']), int(e['smt']),
                int(e['enabled'])) for e in log.ev('cpu')]
        bad = []
        if sorted(got) != sorted(want):
            missing = sorted(set(want) - set(got))[:4]
            extra = sorted(set(got) - set(want))[:4]
            bad.append('ev=cpu differs from -smp %s: %d listed, %d expected; missing %s, '
                       'unexpected %s' % (smp, len(got), len(want), missing, extra))
        slots = sorted(int(e['cpu']) for e in log.ev('cpu'))
        if slots != list(range(len(slots))):
            bad.append('cpu= slots are not 0..%d' % (len(slots) - 1))
        if [e['bsp'] for e in log.ev('cpu')].count('1') != 1:
            bad.append('not exactly one bsp=1')
        return bad
    return check


def probe_facts(log):
    bad = []
    for ev in ('acpi', 'madt', 'topology', 'lapic', 'tsc', 'microcode', 'mtrr'):
        if not log.ev(ev):
            bad.append('no ev=%s line' % ev)
    lapic = log.ev('lapic')
    if lapic and lapic[0].get('mode') not in ('xapic', 'x2apic'):
        bad.append('LAPIC mode %r' % lapic[0].get('mode'))
    tsc = log.ev('tsc')
    if tsc and not int(tsc[0].get('hz', '0')) > 0:
        bad.append('TSC frequency not found')
    cmos = [e for e in log.ev('cmos') if e.get('when') == 'found']
    if not cmos or not re.fullmatch(r'0x[0-9a-f]{2}', cmos[0].get('reg0f', '')) or \
            not re.fullmatch(r'[0-9a-f]{4}:[0-9a-f]{4}', cmos[0].get('vector', '')):
        bad.append('no ev=cmos when=found with reg0f= and vector=ssss:oooo')
    return bad


def loader_is(proto, efi):
    def check(log):
        boot = log.ev('boot')
        if not boot:
            return ['no ev=boot line']
        b = boot[0]
        bad = []
        if b.get('proto') != proto:
            bad.append('booted by %s, expected %s' % (b.get('proto'), proto))
        if b.get('efi') != efi:
            bad.append('efi=%s, expected %s' % (b.get('efi'), efi))
        return bad
    return check


def knob_error(knob, allowed):
    def check(log):
        msgs = [e.get('msg', '') for e in log.ev('knob-error')]
        fails = [r for r in log.failed() if r[0] > 0]
        bad = []
        if not any(m.startswith(knob + '=') and allowed in m for m in msgs):
            bad.append('no ev=knob-error naming %s with %r: %s' % (knob, allowed, msgs))
        if not any(knob in r[4] and allowed in r[4] for r in fails):
            bad.append('no KTAP not ok naming %s and %r' % (knob, allowed))
        return bad
    return check


def exception_report(vector):
    def check(log):
        exc = log.ev('exception')
        if not exc:
            return ['no ev=exception line']
        e = exc[0]
        bad = []
        if e.get('vector') != str(vector):
            bad.append('vector=%s, expected %d' % (e.get('vector'), vector))
        if not re.fullmatch(r'0x[0-9a-f]+', e.get('rip', '')) or e.get('rip') == '0x0':
            bad.append('no rip= in the report')
        if not e.get('step'):
            bad.append('no step= in the report')
        if not any(r[3] == 'exception' and 'vector %d' % vector in r[4] for r in log.failed()):
            bad.append('no KTAP "not ok ... exception" with the vector')
        return bad
    return check


def side_console(suffix, want_uart_absent=None):
    """The run's KTAP also reached a second console, captured in LOG<suffix>."""
    def check(log):
        try:
            with open(log.path + suffix, encoding='utf-8', errors='replace') as f:
                side = Log(f.read())
        except OSError:
            return ['nothing captured in %s%s' % (log.path, suffix)]
        bad = []
        if not side.has_line('KTAP version 1') or not side.has_line('ok 1 probe'):
            bad.append('%s%s lacks the KTAP header or "ok 1 probe"' % (log.path, suffix))
        if want_uart_absent:
            absent = [e for e in side.ev('console')
                      if e.get('port') == want_uart_absent and e.get('present') == '0']
            if not absent:
                bad.append('UART %s not reported present=0' % want_uart_absent)
        return bad
    return check


def silent(log):
    return ['ttyS0 got output though console= did not name it'] \
        if log.has_line('KTAP version 1') else []


def fault_refused(kind):
    def check(log):
        if not any(r[3] == 'fault' and 'fault=%s' % kind in r[4] for r in log.failed()):
            return ['fault=%s was not refused with a KTAP not ok' % kind]
        return []
    return check


# ---- the matrix ----

HASWELL = '28,sockets=1,cores=14,threads=2'


def probe(smp):
    return [lambda log: ktap_complete(log), cpus_match(smp), probe_facts]


TESTS = [
    # name, boot, smp, extra runner args, knobs, expected verdict, checks, timeout (s)
    ('mb1-qboot-smp1', 'kernel', '1', [], 'case=probe', 'pass',
     probe('1') + [loader_is('multiboot1', '0')], 60),
    ('mb1-qboot-smp2', 'kernel', '2', [], 'case=probe', 'pass', probe('2'), 60),
    ('mb1-qboot-haswell28', 'kernel', HASWELL, [], 'case=probe', 'pass', probe(HASWELL), 60),
    ('mb1-qboot-2sockets', 'kernel', '16,sockets=2,cores=4,threads=2', [], 'case=probe', 'pass',
     probe('16,sockets=2,cores=4,threads=2'), 60),
    ('mb1-qboot-smp255', 'kernel', '255', [], 'case=probe', 'pass', probe('255'), 120),
    ('mb1-qboot-maxcpus8', 'kernel', '4,maxcpus=8', [], 'case=probe', 'pass',
     probe('4,maxcpus=8'), 60),
    ('iso-seabios-q35', 'iso', HASWELL, ['--machine', 'q35'], 'case=probe', 'pass',
     probe(HASWELL) + [loader_is('multiboot2', '0')], 180),
    ('iso-seabios-pc', 'iso', HASWELL, ['--machine', 'pc'], 'case=probe', 'pass',
     probe(HASWELL) + [loader_is('multiboot2', '0')], 180),
    ('iso-ovmf-q35', 'iso', HASWELL, ['--machine', 'q35', '--fw', 'uefi'], 'case=probe', 'pass',
     probe(HASWELL) + [loader_is('multiboot2', '1')], 300),
    ('iso-bochs-8cpu', 'bochs', '8', [], None, 'pass',
     probe('8') + [loader_is('multiboot2', '0')], 300),
    ('knob-unknown-case', 'kernel', '2', [], 'case=nosuch', 'fail',
     [lambda log: ktap_complete(log, False), knob_error('case', 'allowed: probe')], 60),
    ('knob-bad-number', 'kernel', '2', [], 'case=probe tsc_loop_ms=abc', 'fail',
     [lambda log: ktap_complete(log, False),
      knob_error('tsc_loop_ms', 'a number from 1 to 10000')], 60),
    ('knob-bad-number-iso', 'iso', '2', [], 'tsc_loop_ms=abc', 'fail',
     [lambda log: ktap_complete(log, False),
      knob_error('tsc_loop_ms', 'a number from 1 to 10000')], 180),
    ('console-e9-and-ttyS0', 'kernel', '2', ['--', '-debugcon', 'file:{log}.e9'],
     'case=probe console=e9 console=ttyS0', 'pass', probe('2') + [side_console('.e9')], 60),
    ('console-ttyS1-only', 'kernel', '2', ['--', '-serial', 'file:{log}.ttyS1'],
     'case=probe console=ttyS1,9600', 'pass', [silent, side_console('.ttyS1')], 60),
    ('console-absent-uart', 'kernel', '2', ['--', '-debugcon', 'file:{log}.e9'],
     'case=probe console=uart,io,0x2e8 console=e9', 'pass',
     [silent, side_console('.e9', want_uart_absent='0x2e8')], 60),
    ('fault-bsp-ud2', 'kernel', '2', [], 'case=probe fault=bsp-ud2', 'fail',
     [lambda log: ktap_complete(log, False), exception_report(6)], 60),
    ('fault-not-injectable', 'kernel', '2', [], 'case=probe fault=nosipi@1', 'fail',
     [lambda log: ktap_complete(log, False), fault_refused('nosipi')], 60),
]


def boot(build, name, kind, smp, extra, knobs, timeout):
    log = os.path.join(build, 'e2e', name + '.log')
    if kind == 'bochs':
        cmd = [os.path.join(ROOT, 'tools/bochs-run.sh'), '--iso',
               os.path.join(build, 'smpscope.iso'), '--cpus', smp, '--log', log,
               '--timeout', str(timeout)] + extra
    else:
        image = ['--kernel', os.path.join(build, 'smpscope.elf')] if kind == 'kernel' else \
                ['--iso', os.path.join(build, 'smpscope.iso')]
        cmd = [os.path.join(ROOT, 'tools/qemu-run.sh')] + image + \
              ['--smp', smp, '--log', log, '--timeout', str(timeout), '--knobs', knobs] + \
              [a.replace('{log}', log) for a in extra]
    # The runners bound the emulator with timeout(1); this bound is the harness's own.
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=timeout + 30)
        status, err = p.returncode, p.stderr.strip()
    except subprocess.TimeoutExpired:
        status, err = 2, 'runner did not return within %ds' % (timeout + 30)
    try:
        with open(log, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        text = ''
    return log, VERDICT.get(status, 'none'), err, text


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    only = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
    os.makedirs(os.path.join(build, 'e2e'), exist_ok=True)
    tests = [t for t in TESTS if not only or only.search(t[0])]
    print('1..%d' % len(tests))
    failed = 0
    for n, (name, kind, smp, extra, knobs, want, checks, timeout) in enumerate(tests, 1):
        t0 = time.time()
        log, verdict, err, text = boot(build, name, kind, smp, extra, knobs, timeout)
        facts = Log(text)
        facts.path = log
        bad = []
        if verdict != want:
            bad.append('verdict %s, expected %s%s' % (verdict, want, ' (%s)' % err if err else ''))
        for check in checks:
            bad += check(facts)
        if bad:
            failed += 1
            print('not ok %d %s # %s' % (n, name, bad[0]))
            for b in bad:
                print('#   %s' % b)
            print('#   serial log: %s' % log)
        else:
            print('ok %d %s # %.1fs' % (n, name, time.time() - t0))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
