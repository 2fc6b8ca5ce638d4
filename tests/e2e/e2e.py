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
from checks import ktap_complete, cpus_match, probe_facts, loader_is, knob_error, exception_report, side_console, silent, fault_refused, tsc_hz_within  # noqa: E402
from bringup import BRINGUP_TESTS  # noqa: E402
from ladder import LADDER_TESTS  # noqa: E402
from lastlog import LASTLOG_TESTS  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VERDICT = {0: 'pass', 1: 'fail', 2: 'none'}
BUILD = 'build'


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
    # QEMU TCG's guest TSC is the host's; Bochs's runs at its ips setting.
    ('tsc-hz-qemu-vs-host', 'kernel', '2', [], 'case=probe', 'pass',
     [tsc_hz_within(lambda: host_tsc_hz(), 0.01, 'the host TSC')], 60),
    ('tsc-hz-bochs-ips80M', 'bochs', '2', ['--ips', '80000000', '--knobs', 'case=probe'], None,
     'pass', [tsc_hz_within(80000000, 0.01, 'Bochs ips')], 300),
    ('fault-bsp-ud2', 'kernel', '2', [], 'case=probe fault=bsp-ud2', 'fail',
     [lambda log: ktap_complete(log, False), exception_report(6)], 60),
    ('fault-not-injectable', 'kernel', '2', [], 'case=probe fault=nosipi@1', 'fail',
     [lambda log: ktap_complete(log, False), fault_refused('nosipi')], 60),
] + BRINGUP_TESTS + LADDER_TESTS + LASTLOG_TESTS


def host_tsc_hz():
    out = subprocess.run([os.path.join(BUILD, 'host', 'host-tsc-hz')], capture_output=True,
                         text=True, timeout=10)
    return int(out.stdout.strip() or 0)


BRINGUP_NAMES = {t[0] for t in BRINGUP_TESTS + LADDER_TESTS}


def report_check(name, log, want):
    """The verdict as smpscope-report reads it from the log: the host tool users run on their
    own captures must agree with the harness on every boot."""
    if want == 'none':
        return []
    # A run told to use only another console leaves the main log silent: read that console.
    for side in ('', '.ttyS1', '.e9'):
        if os.path.exists(log + side) and 'KTAP version 1' in open(log + side,
                                                                  errors='replace').read():
            log += side
            break
    expect = ['--expect', want]
    if want == 'pass' and name in BRINGUP_NAMES:
        expect += ['--expect', 'online', '--expect', 'no-timeouts']
    try:
        p = subprocess.run([os.path.join(BUILD, 'smpscope-report'), 'check', log] + expect,
                           capture_output=True, text=True, timeout=30, errors='replace')
    except subprocess.TimeoutExpired:
        return ['smpscope-report check did not return within 30 s']
    if p.returncode == 0 and not p.stderr:
        return []
    # On the image's own log even a warning means the image and the tool disagree on the format.
    return ['smpscope-report check %s: %s' % (' '.join(expect), line)
            for line in (p.stdout + p.stderr).strip().split('\n')]


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
    global BUILD
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    BUILD = build
    only = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
    os.makedirs(os.path.join(build, 'e2e'), exist_ok=True)
    tests = [t for t in TESTS if not only or only.search(t[0])]
    print('1..%d' % len(tests))
    failed = 0
    for n, (name, kind, smp, extra, knobs, want, checks, timeout) in enumerate(tests, 1):
        t0 = time.time()
        if name.startswith('kvm-') and not os.access('/dev/kvm', os.R_OK | os.W_OK):
            print('ok %d %s # SKIP no usable /dev/kvm (KVM is optional here)' % (n, name))
            continue
        log, verdict, err, text = boot(build, name, kind, smp, extra, knobs, timeout)
        facts = Log(text)
        facts.path = log
        bad = []
        if verdict != want:
            bad.append('verdict %s, expected %s%s' % (verdict, want, ' (%s)' % err if err else ''))
        for check in checks:
            bad += check(facts)
        bad += report_check(name, log, want)
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
