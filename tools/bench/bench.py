#!/usr/bin/env python3
"""make bench: smpscope's bringup beside Linux 6.1 and 6.12 in the same QEMU TCG machine,
deterministic counts in Bochs, scaling with the CPU count, and the cost of logging. Prints
markdown; every figure is measured in this run, and ratios are taken between runs of this run.

    tools/bench/bench.py BUILD_DIR [--reps N] [--quick] [--only floor|tscsync]

The TSC checks' section (tscsync.py, about 40 minutes) runs only with --only tscsync.
"""
import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernels  # noqa: E402
from machines import (HASWELL_SMP, QEMU_CPU, QEMU_MEM, linux_qemu, smpscope_bochs,  # noqa: E402
                      smpscope_qemu)
import sections  # noqa: E402
from floor import floor  # noqa: E402
from tscsync import tscsync  # noqa: E402
from tables import markdown, med, ratio  # noqa: E402

FLOWS = ['serial', 'early-kick', 'parallel', 'broadcast']
BAUD = 115200


def say(*a):
    print(*a, file=sys.stderr, flush=True)


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).strip().split('\n')[0]
    except (OSError, subprocess.TimeoutExpired):
        return 'not found'


def host():
    model = ''
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    return '%s, %d host CPUs, %s, Linux %s, %s, %s' % (
        model, os.cpu_count(), platform.machine(), platform.release(),
        version(['qemu-system-x86_64', '--version']), version(['dpkg-query', '-W', 'bochs']))


def side_by_side(build, out, reps, vmlinuz):
    """Every configuration once per round, rounds repeated: A B C A B C, so host noise spreads
    over all of them alike."""
    configs = []
    if '6.1' in vmlinuz:
        configs.append(('Linux 6.1', 'linux', vmlinuz['6.1'], ''))
    if '6.12' in vmlinuz:
        configs.append(('Linux 6.12 cpuhp.parallel=0', 'linux', vmlinuz['6.12'],
                        'cpuhp.parallel=0'))
        configs.append(('Linux 6.12 cpuhp.parallel=1', 'linux', vmlinuz['6.12'],
                        'cpuhp.parallel=1'))
    for flow in FLOWS:
        configs.append(('smpscope ' + flow, 'smpscope', None, 'case=' + flow))
    # Under TCG the APs that early-kick leaves spinning take the host cores from the BSP;
    # sleeping in hlt until the BSP's IPI shows what the flow costs without that.
    configs.append(('smpscope early-kick ap_wait=hlt', 'smpscope', None,
                    'case=early-kick ap_wait=hlt'))
    configs.append(('smpscope serial log=deferred', 'smpscope', None,
                    'case=serial log=deferred'))
    # The floor beside parallel: INIT to all, then SIPI to all, with parallel's delays.
    configs.append(('smpscope floor', 'smpscope', None,
                    'case=broadcast init_udelay=0 sipi_udelay=10'))
    samples = {c[0]: [] for c in configs}
    for r in range(reps):
        for label, kind, kernel, args in configs:
            name = 'sbs-%d-%s' % (r, label.replace(' ', '_').replace('=', '-'))
            say('bench: round %d/%d: %s' % (r + 1, reps, label))
            if kind == 'linux':
                s = linux_qemu(kernel, out, name, HASWELL_SMP, args, 28)
            else:
                s = smpscope_qemu(build, out, name, HASWELL_SMP, args)
            if s.why:
                say('bench:   missing sample: ' + s.why)
            samples[label].append(s)
    return configs, samples


def print_side_by_side(configs, samples):
    us = {k: [s.us for s in v if s.us is not None] for k, v in samples.items()}
    linux612 = [k for k in us if k.startswith('Linux 6.12') and us[k]]
    best = min(linux612, key=lambda k: med(us[k])) if linux612 else None
    rows = []
    for label, _, _, args in configs:
        v = us[label]
        rows.append([label, args or '-', '%d/%d' % (len(v), len(samples[label])),
                     med(v), min(v) if v else '-', max(v) if v else '-',
                     ratio(med(v), med(us[best])) if best else '-'])
    print('\n## Side by side: QEMU TCG q35, Haswell, `-smp %s`\n' % HASWELL_SMP)
    print('Bringup time in µs, first AP kicked to last AP online: Linux from its own printk '
          'stamps ("smp: Bringing up secondary CPUs" to "smp: Brought up"), smpscope from '
          '`ev=bringup us=` (its TSC, log drains left out). Ratio: median over the median of '
          '%s.\n' % (best or 'Linux 6.12 (no sample)'))
    print(markdown(['run', 'args', 'samples', 'median µs', 'min', 'max', 'ratio to 6.12 best'],
                   rows))
    return best, us


def breakdown(samples, flow):
    """Where an smpscope flow's time goes: its median run's phase columns, summed over APs."""
    runs = [s for s in samples['smpscope ' + flow] if s.facts]
    if not runs:
        return
    runs.sort(key=lambda s: s.us)
    f = runs[len(runs) // 2].facts
    cols = ['kick', 'alive', 'callin', 'tsc', 'online']
    sums = {c: sum(cpu.get(c, 0) for cpu in f['cpus']) for c in cols}
    hz = f['tsc_hz'] or 1
    print('\nMedian `%s` run (%s): %d cycles, %d µs first kick to last online. Phase columns '
          'summed over the %d APs (they overlap in time in parallel flows):\n'
          % (flow, os.path.basename(runs[len(runs) // 2].log), f['cycles'], f['us'],
             f['online'] - 1))
    print(markdown(['phase'] + cols, [['cycles'] + [sums[c] for c in cols],
                                      ['µs'] + [sums[c] * 1000000 // hz for c in cols]]))


class Tee:
    """The markdown goes to the terminal and to BUILD/bench/bench.md."""
    def __init__(self, *files):
        self.files = files

    def write(self, s):
        for f in self.files:
            f.write(s)

    def flush(self):
        for f in self.files:
            f.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('build')
    ap.add_argument('--reps', type=int, default=int(os.environ.get('BENCH_REPS', '5')))
    ap.add_argument('--quick', action='store_true', help='fewer sizes, for trying the bench')
    ap.add_argument('--only', choices=['floor', 'tscsync'],
                    help='one section alone: floor for trying it; tscsync runs only so')
    a = ap.parse_args()
    out = os.path.join(a.build, 'bench')
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    sys.stdout = Tee(sys.__stdout__, open(os.path.join(out, 'bench.md'), 'w'))

    print('# smpscope bench, %s\n' % datetime.datetime.now(datetime.timezone.utc)
          .strftime('%Y-%m-%d %H:%M UTC'))
    print('- command: `make bench` (`tools/bench/bench.py %s %s`)' %
          (a.build, '--only ' + a.only if a.only else '--reps %d' % a.reps))
    print('- host: %s' % host())
    print('- QEMU: `-M q35 -accel tcg -cpu %s -m %s -bios qboot.rom`, no disk' %
          (QEMU_CPU, QEMU_MEM))
    if a.only:
        ok = floor(a.build, out, a.quick) if a.only == 'floor' else \
            tscsync(a.build, out, a.quick, say)
        print('\nThe section took %.0f s.' % (time.time() - t0))
        return 0 if ok else 1
    vmlinuz = {}
    for series in ('6.1', '6.12'):
        try:
            path, pkg = kernels.fetch(series, os.path.join(out, 'kernels'))
            vmlinuz[series] = path
            print('- Linux %s: Debian package `%s`' % (series, pkg))
        except kernels.FetchError as e:
            print('- Linux %s: **not measured**: %s' % (series, e))
    sys.stdout.flush()

    configs, samples = side_by_side(a.build, out, a.reps, vmlinuz)
    best, us = print_side_by_side(configs, samples)
    breakdown(samples, 'parallel')
    sections.verdict_parallel(us, best)
    sections.probe_effect(samples, BAUD)
    sys.stdout.flush()
    sections.scaling(a.build, out, a.quick)
    sys.stdout.flush()
    ok = sections.bochs_counts(a.build, out, a.quick)
    sys.stdout.flush()
    ok = floor(a.build, out, a.quick) and ok
    print('\nThe whole bench took %.0f s.' % (time.time() - t0))
    missing = sum(1 for v in samples.values() for s in v if s.us is None)
    return 0 if ok and not missing else 1


if __name__ == '__main__':
    sys.exit(main())
