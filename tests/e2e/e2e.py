#!/usr/bin/env python3
"""The emulator matrix: boots the image under each configuration, with a timeout,
and asserts facts from its serial log. Prints one `ok N name` / `not ok N name`
line per test, in table order, and a plan; exits 1 if any failed.

    tests/e2e/e2e.py BUILD_DIR [NAME_REGEX]

Tests that check only function run two at a time; those marked timing=True run alone,
after them (docs/testing.md).
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from logfacts import Log  # noqa: E402
from checks import (ktap_complete, cpus_match, probe_facts, truth_rows, loader_is,  # noqa: E402
                    knob_error, exception_report, side_console, silent, fault_refused, tsc_hz_within,
                    log_went_around)
from record import HASWELL, NAMES, Test, available  # noqa: E402
from bringup import BRINGUP_TESTS  # noqa: E402
from tsc import TSC_TESTS, source_tests  # noqa: E402
from ladder import LADDER_TESTS  # noqa: E402
from lastlog import LASTLOG_TESTS  # noqa: E402
from amd import AMD_TESTS  # noqa: E402
from apicid import APICID_TESTS  # noqa: E402
from exits import EXIT_TESTS, exit_is  # noqa: E402
from cmos import CMOS_TESTS  # noqa: E402
from consoles import CONSOLE_TESTS  # noqa: E402
from footprint import FOOTPRINT_TESTS, footprint_in_ram, ovmf_nvs_low  # noqa: E402
from screens import SCREEN_TESTS, boot_screen  # noqa: E402
from postcodes import POSTCODE_TESTS  # noqa: E402
from framebuffer import FB_TESTS  # noqa: E402
from park import PARK_TESTS  # noqa: E402
from matrix import MATRIX_TESTS  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VERDICT = {0: 'pass', 1: 'fail', 2: 'none'}
BUILD = 'build'
WORKERS = 2  # boots at once for function-only tests: one per core of the 2-core target host


# ---- the matrix ----

def probe(name, boot, smp, checks=(), timeout=60, knobs='case=probe', **kw):
    return Test(name, boot, smp, knobs=knobs, timeout=timeout,
                checks=[lambda log: ktap_complete(log), cpus_match(smp), probe_facts, truth_rows,
                        exit_is('port', 'qemu'), footprint_in_ram] + list(checks), **kw)


def refused(name, boot, knobs, checks, timeout=60):
    return Test(name, boot, '2', knobs=knobs, verdict='fail', timeout=timeout,
                checks=[lambda log: ktap_complete(log, False)] + checks)


LOOP = NAMES.knob('tsc_loop_ms')
LOOP_RANGE = 'a number from %d to %d' % (LOOP['min'], LOOP['max'])


def host_tsc_hz():
    out = subprocess.run([os.path.join(BUILD, 'host', 'host-tsc-hz')], capture_output=True,
                         text=True, timeout=10)
    return int(out.stdout.strip() or 0)


def calibration_window(log):
    """The image calibrates its TSC over 50 ms of each clock (tsc/freq.c), which under TCG is
    host time: a vCPU preempted between the counter read and the TSC read at either end moves
    the result by the preemption's length. One retry; an image that is wrong misses twice."""
    return 'TSC calibration shares its 50 ms window with the host\'s other work'


TESTS = [
    probe('mb1-qboot-smp1', 'kernel', '1', [loader_is('multiboot1', '0')]),
    probe('mb1-qboot-smp2', 'kernel', '2'),
    probe('mb1-qboot-haswell28', 'kernel', HASWELL),
    probe('mb1-qboot-2sockets', 'kernel', '16,sockets=2,cores=4,threads=2'),
    probe('mb1-qboot-smp255', 'kernel', '255', timeout=120),
    probe('mb1-qboot-maxcpus8', 'kernel', '4,maxcpus=8'),
    probe('iso-seabios-q35', 'iso', HASWELL, [loader_is('multiboot2', '0')], 180,
          args=['--machine', 'q35']),
    probe('iso-seabios-pc', 'iso', HASWELL, [loader_is('multiboot2', '0')], 180,
          args=['--machine', 'pc']),
    probe('iso-ovmf-q35', 'iso', HASWELL, [loader_is('multiboot2', '1'), ovmf_nvs_low], 300,
          args=['--machine', 'q35', '--fw', 'uefi']),
    Test('iso-bochs-8cpu', 'bochs', '8', timeout=300,
         checks=[lambda log: ktap_complete(log), cpus_match('8'), probe_facts, truth_rows,
                 loader_is('multiboot2', '0'), exit_is('port', 'bochs'),
                 footprint_in_ram]),
    refused('knob-unknown-case', 'kernel', 'case=nosuch', [knob_error('case', 'allowed: probe')]),
    refused('knob-bad-number', 'kernel', 'case=probe tsc_loop_ms=abc',
            [knob_error('tsc_loop_ms', LOOP_RANGE)]),
    refused('knob-bad-number-iso', 'iso', 'tsc_loop_ms=abc',
            [knob_error('tsc_loop_ms', LOOP_RANGE)], 180),
    probe('console-e9-and-ttyS0', 'kernel', '2', [side_console('.e9')],
          knobs='case=probe console=e9 console=ttyS0', args=['--', '-debugcon', 'file:{log}.e9']),
    Test('console-ttyS1-only', 'kernel', '2', knobs='case=probe console=ttyS1,9600',
         checks=[silent, side_console('.ttyS1')], args=['--', '-serial', 'file:{log}.ttyS1']),
    Test('console-absent-uart', 'kernel', '2', knobs='case=probe console=uart,io,0x2e8 console=e9',
         checks=[silent, side_console('.e9', want_uart_absent='0x2e8')],
         args=['--', '-debugcon', 'file:{log}.e9']),
    # QEMU TCG's guest TSC is the host's; Bochs's runs at its ips setting, on Bochs's own clock.
    Test('tsc-hz-qemu-vs-host', 'kernel', '2', knobs='case=probe', timing=True,
         checks=[tsc_hz_within(lambda: host_tsc_hz(), 0.01, 'the host TSC')],
         retry_if=calibration_window),
    Test('tsc-hz-bochs-ips80M', 'bochs', '2', timeout=300,
         args=['--ips', '80000000', '--knobs', 'case=probe'],
         checks=[tsc_hz_within(80000000, 0.01, 'Bochs ips')]),
    refused('fault-bsp-ud2', 'kernel', 'case=probe fault=bsp-ud2', [exception_report(6)]),
    # An NMI while the BSP holds the log's lock: the report comes out instead of a silent hang.
    refused('fault-bsp-nmi', 'kernel', 'case=serial fault=bsp-nmi',
            [exception_report(2), log_went_around]),
    Test('fault-bsp-nmi-bochs4-x2apic', 'bochs', '4', verdict='fail', timeout=300,
         args=['--knobs', 'case=serial apic=x2apic fault=bsp-nmi'],
         checks=[lambda log: ktap_complete(log, False), exception_report(2), log_went_around]),
    refused('fault-not-injectable', 'kernel', 'case=probe identify=off fault=nosipi@1',
            [fault_refused('nosipi')]),
] + source_tests(lambda: host_tsc_hz(), calibration_window) + BRINGUP_TESTS + TSC_TESTS + \
    LADDER_TESTS + LASTLOG_TESTS + AMD_TESTS + APICID_TESTS + EXIT_TESTS + CMOS_TESTS + \
    CONSOLE_TESTS + FOOTPRINT_TESTS + SCREEN_TESTS + POSTCODE_TESTS + \
    FB_TESTS + PARK_TESTS + MATRIX_TESTS


def report_check(t, log):
    """The verdict as smpscope-report reads it from the log: the host tool users run on their
    own captures must agree with the harness on every boot."""
    if t.verdict == 'none' or t.screen:
        return []
    # A run told to use only another console leaves the main log silent: read that console.
    for side in ('', '.ttyS1', '.e9'):
        if os.path.exists(log + side) and 'KTAP version 1' in open(log + side,
                                                                  errors='replace').read():
            log += side
            break
    if t.after_reset:
        log = last_boot(log)
    expect = ['--expect', t.verdict]
    if t.verdict == 'pass' and t.all_up:
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


def last_boot(log):
    """The last boot of a log (from its last top-level "KTAP version 1"), in a file of its own
    outside build/e2e, whose every *.log* the kunit suite reads as a capture."""
    with open(log, errors='replace') as f:
        lines = f.read().split('\n')
    starts = [i for i, x in enumerate(lines) if x.rstrip('\r') == 'KTAP version 1'] or [0]
    path = os.path.join(os.path.dirname(os.path.dirname(log)), 'last-boot-' +
                        os.path.basename(log))
    with open(path, 'w') as f:
        f.write('\n'.join(lines[starts[-1]:]))
    return path


def boot(build, t):
    log = os.path.join(build, 'e2e', t.name + '.log')
    if t.screen:
        return boot_screen(ROOT, build, t, log)
    if t.boot == 'bochs':
        cmd = [os.path.join(ROOT, 'tools/bochs-run.sh'), '--iso',
               os.path.join(build, 'smpscope.iso'), '--cpus', t.smp, '--log', log,
               '--timeout', str(t.timeout)] + t.args
    else:
        image = ['--kernel', os.path.join(build, 'smpscope.elf')] if t.boot == 'kernel' else \
                ['--iso', os.path.join(build, 'smpscope.iso')]
        cmd = [os.path.join(ROOT, 'tools/qemu-run.sh')] + image + \
              ['--smp', t.smp, '--log', log, '--timeout', str(t.timeout), '--knobs', t.knobs] + \
              [a.replace('{log}', log) for a in t.args]
    # The runners bound the emulator with timeout(1); this bound is the harness's own.
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=t.timeout + 30)
        status, err = p.returncode, p.stderr.strip()
    except subprocess.TimeoutExpired:
        status, err = 2, 'runner did not return within %ds' % (t.timeout + 30)
    try:
        with open(log, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        text = ''
    return log, VERDICT.get(status, 'none'), err, text


def attempt(build, t):
    """One boot of t: what was wrong (empty: it held) and the log's facts."""
    log, verdict, err, text = boot(build, t)
    facts = Log(text)
    facts.path = log
    bad = []
    if verdict != t.verdict:
        bad.append('verdict %s, expected %s%s' % (verdict, t.verdict, ' (%s)' % err if err else ''))
    for check in t.checks:
        try:
            bad += check(facts)
        except (KeyError, IndexError, ValueError, OSError) as e:
            # A log without a line or field the check reads: a failure, not a dead harness.
            bad.append('%s: %s %s' % (getattr(check, '__name__', 'check'), type(e).__name__, e))
    bad += report_check(t, log)
    return bad, facts


def run(build, n, t):
    """Runs test n; returns its lines, the result line first. A check that raises is that
    test's failure, not the harness's end."""
    try:
        return run_once(build, n, t)
    except Exception as e:  # noqa: BLE001
        return ['not ok %d %s # the harness raised %s: %s' % (n, t.name, type(e).__name__, e)]


def run_once(build, n, t):
    why = available(t.requires)
    if why:
        return ['ok %d %s # SKIP %s' % (n, t.name, why)]
    t0 = time.time()
    bad, facts = attempt(build, t)
    retried = ''
    reason = t.retry_if(facts) if bad and t.retry_if else None
    if reason:
        first = bad[0]
        bad, facts = attempt(build, t)
        retried = 'retried once: %s; first run: %s' % (reason, first)
    took = time.time() - t0
    if not bad:
        return ['ok %d %s # %.1fs%s' % (n, t.name, took, ' (%s)' % retried if retried else '')]
    return ['not ok %d %s # %s' % (n, t.name, bad[0])] + ['#   %s' % b for b in bad] + \
        (['#   %s' % retried] if retried else []) + \
        ['#   serial log: %s' % os.path.join(build, 'e2e', t.name + '.log'),
         '#   took %.1fs' % took]


def main():
    global BUILD
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    BUILD = build
    only = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
    os.makedirs(os.path.join(build, 'e2e'), exist_ok=True)
    tests = [t for t in TESTS if not only or only.search(t.name)]
    print('1..%d' % len(tests))
    sys.stdout.flush()
    results, printed, lock = {}, [0], threading.Lock()

    def done(n, lines):
        # Results are printed in table order as soon as every earlier one is in.
        with lock:
            results[n] = lines
            while printed[0] + 1 in results:
                printed[0] += 1
                print('\n'.join(results[printed[0]]))
                sys.stdout.flush()

    numbered = list(enumerate(tests, 1))
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        for f in [pool.submit(lambda n=n, t=t: done(n, run(build, n, t)))
                  for n, t in numbered if not t.timing]:
            f.result()
    for n, t in numbered:
        if t.timing:
            done(n, run(build, n, t))
    return 1 if any(r[0].startswith('not ok') for r in results.values()) else 0


if __name__ == '__main__':
    sys.exit(main())
