"""The bench's sections after the side-by-side table: the parallel verdict, the probe effect,
scaling with the CPU count, and Bochs's deterministic counts."""
import concurrent.futures
import os
import re

from machines import smpscope_bochs, smpscope_qemu
from tables import markdown, med, ratio

STEPS = ['realmode', 'gdt', 'protmode', 'pae', 'lme', 'longmode', 'apicid', 'slot', 'stack',
         'c-entry', 'alive', 'callin', 'tsc', 'online']
PHASES = ['kick', 'alive', 'callin', 'tsc', 'online']
BOCHS_IPS = 50000000


def verdict_parallel(us, best):
    p = med(us.get('smpscope parallel', []))
    b = med(us.get(best, [])) if best else None
    print('\n**parallel against Linux 6.12\'s faster mode**: ', end='')
    if p is None or b is None:
        print('not measured (a side is missing).')
    elif p * 20 < b:
        print('smpscope `parallel` brought 27 APs online in %d µs, %s of %s\'s %d µs (the goal: '
              'under 1/20 = 0.050).' % (p, ratio(p, b), best, b))
    else:
        print('smpscope `parallel` took %d µs, %s of %s\'s %d µs: **not** under 1/20. '
              'docs/bench.md says where the time goes.' % (p, ratio(p, b), best, b))


def phase_bytes(log):
    """Bytes `log=live` drains inside the flow: the ev=phase lines written at phase boundaries
    (everything else waits for the end of the flow)."""
    with open(log, encoding='latin-1') as f:
        return sum(len(line) + 1 for line in f if line.startswith('# ev=phase '))


def probe_effect(samples, baud):
    live = [s for s in samples['smpscope serial'] if s.facts]
    deferred = [s for s in samples['smpscope serial log=deferred'] if s.facts]
    print('\n## Probe effect: `serial` with `log=live` and `log=deferred`, same machine, same '
          'rounds\n')
    if not live or not deferred:
        print('Not measured: a side has no sample.')
        return
    rows = []
    for label, runs in (('log=live', live), ('log=deferred', deferred)):
        b = [phase_bytes(s.log) for s in runs] if label == 'log=live' else [0] * len(runs)
        drain = med([s.facts['drain_cycles'] for s in runs])
        hz = runs[0].facts['tsc_hz'] or 1
        rows.append([label, med([s.us for s in runs]), med([s.cycles for s in runs]), drain,
                     drain * 1000000 // hz, med(b), round(med(b) * 10 * 1000000 / baud)])
    print(markdown(['log', 'bringup µs (drains left out)', 'bringup cycles',
                    'drain cycles in the window', 'drain µs here', 'bytes drained in the window',
                    'those bytes at %d baud, µs' % baud], rows))
    print('\nQEMU\'s UART takes a byte at once, so "drain µs here" is only the cost of the '
          'image\'s own formatting and port writes; on a real 16550 at %d baud each byte takes '
          '10 bits, and the last column is what `log=live` would add to the wall time of the '
          'flow (left out of the measured phases, but the APs wait through it). Ratio of the '
          'measured bringup, live over deferred: %s.' % (baud, ratio(rows[0][1], rows[1][1])))


def scaling(build, out, quick, boots=3):
    sizes = [2, 8, 28] if quick else [2, 8, 28, 64, 128, 255]
    print('\n## Scaling under QEMU TCG: `serial` and `parallel`, `-smp N` (one thread a core), '
          'median of %d boots each\n' % boots)
    rows = []
    for n in sizes:
        row = [n]
        got = {}
        for flow in ('serial', 'parallel'):
            runs = [smpscope_qemu(build, out, 'scale-%s-%d-%d' % (flow, n, i), str(n),
                                  'case=' + flow) for i in range(boots)]
            cycles = [s.cycles for s in runs if s.cycles is not None]
            got[flow] = med(cycles)
            if not cycles:
                row += ['- (%s)' % runs[0].why, '-']
            else:
                row += [got[flow], got[flow] // max(n - 1, 1)]
        row.append(ratio(got['parallel'], got['serial']))
        rows.append(row)
    print(markdown(['CPUs', 'serial cycles', 'serial per AP', 'parallel cycles',
                    'parallel per AP', 'parallel / serial'], rows))
    print('\nA flat "per AP" column is linear growth of the total; a falling one means the APs '
          'overlap. TCG runs the vCPUs on the host\'s 2 cores, so past 2 CPUs the overlap is '
          'the emulator\'s, not the machine\'s: read the shape, not the numbers.')


EV = re.compile(r'^# ev=(\S+) (.*)$')


def log_events(path, name):
    out = []
    with open(path, encoding='latin-1') as f:
        for line in f:
            m = EV.match(line.rstrip('\n'))
            if m and m.group(1) == name:
                out.append(dict(kv.split('=', 1) for kv in m.group(2).split() if '=' in kv))
    return out


def counts(path):
    """Everything the determinism check compares: the run's total, the phase totals and every
    AP's step cycles."""
    b = log_events(path, 'bringup')
    t = log_events(path, 'totals')
    steps = {e['cpu']: [int(e.get(s, -1)) for s in STEPS] for e in log_events(path, 'ap-steps')}
    return {'cycles': int(b[0]['cycles']) if b else None,
            'phases': [int(t[0][p]) for p in PHASES] if t else None, 'steps': steps}


def bochs_counts(build, out, quick):
    # 14: Debian's Bochs 2.7 panics at 15 CPUs ("too many registered timers").
    sizes = [2, 8] if quick else [2, 8, 14]
    jobs = [(flow, n, run) for n in sizes for flow in ('serial', 'early-kick', 'parallel',
                                                        'broadcast') for run in (1, 2)]
    with concurrent.futures.ThreadPoolExecutor(max(1, min(2, os.cpu_count() or 1))) as pool:
        done = list(pool.map(lambda j: (j, smpscope_bochs(
            build, out, 'bochs-%s-%d-run%d' % j, j[1], 'case=' + j[0], BOCHS_IPS)), jobs))
    res = {j: s for j, s in done}
    print('\n## Deterministic counts: Bochs 2.7, `ips=%d`, corei7_haswell_4770\n' % BOCHS_IPS)
    print('Bochs drives the TSC from its instruction count (`clock: sync=none`, a fixed '
          '`time0`), so the same boot gives the same cycles. Each configuration ran twice; "same" compares the run\'s total, the phase '
          'totals and every AP\'s step cycles.\n')
    rows, all_same, step_rows = [], True, []
    for n in sizes:
        for flow in ('serial', 'early-kick', 'parallel', 'broadcast'):
            a, b = res[(flow, n, 1)], res[(flow, n, 2)]
            if a.why or b.why:
                rows.append([n, flow, '-', '-', '-', '-', '-', '-', 'no sample: ' +
                             (a.why or b.why)])
                all_same = False
                continue
            ca, cb = counts(a.log), counts(b.log)
            same = ca == cb
            all_same &= same
            rows.append([n, flow, ca['cycles']] + (ca['phases'] or ['-'] * 5) +
                        ['same' if same else '**differs**'])
            if n == 8:
                per_ap = [sum(v) for v in ca['steps'].values() if min(v) >= 0]
                step_rows.append([flow] + [med([v[i] for v in ca['steps'].values()
                                                if v[i] >= 0]) for i in range(len(STEPS))] +
                                 [med(per_ap)])
    print(markdown(['CPUs', 'flow', 'bringup cycles'] + ['%s total' % p for p in PHASES] +
                   ['two runs'], rows))
    print('\nPer trampoline step at 8 CPUs, median over the APs (cycles since the step before; '
          'the first since the SIPI that woke the AP). The last column sums them: SIPI to '
          'online, waits for the BSP included. Bochs\'s TSC counts emulated instructions at '
          '`ips` a second and its SMP loop runs each CPU for a quantum of 5 instructions in '
          'turn, so these are instruction counts in steps of 5, not times.\n')
    print(markdown(['flow'] + STEPS + ['SIPI to online'], step_rows))
    print('\n**Bochs counts identical on two consecutive runs: %s.**' %
          ('yes, every configuration' if all_same else 'NO (see the table)'))
    return all_same
