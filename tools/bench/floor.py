"""The floor of bringup: the fastest wakeup the hardware allows, INIT to all then SIPI to all with
modern delays (broadcast, init_udelay=0 sipi_udelay=10), beside `parallel`, in Bochs cycles.
Each run's whole bringup is quoted against one AP's SIPI-to-online in the same run: how many
APs' worth of startup the flow costs (docs/bench.md, "The floor")."""
import concurrent.futures
import os

from machines import smpscope_bochs
from sections import BOCHS_IPS, STEPS, log_events
from tables import markdown, med, ratio

# label, knobs: the floor keeps parallel's modern delays and sends INIT and the SIPIs once to
# all-but-self; "lean" drops what a current CPU does not need: the second SIPI and the CMOS
# warm-reset vector (whose disarm the BSP does before it looks at the APs).
RUNS = [
    ('parallel', 'case=parallel'),
    ('floor', 'case=broadcast init_udelay=0 sipi=2 sipi_udelay=10'),
    ('floor, lean', 'case=broadcast init_udelay=0 sipi=1 sipi_udelay=10 warm_reset=off'),
]


def sipi_to_online(path):
    """Median over the APs of their breadcrumb steps summed: from the SIPI that woke each AP to
    its online, on its own TSC (ev=ap-steps)."""
    per_ap = []
    for e in log_events(path, 'ap-steps'):
        v = [int(e[s]) for s in STEPS if s in e]
        if len(v) == len(STEPS):
            per_ap.append(sum(v))
    return med(per_ap)


def bringup_cycles(path):
    b = log_events(path, 'bringup')
    return int(b[0]['cycles']) if b and b[0].get('cycles') else None


def floor(build, out, quick):
    sizes = [8] if quick else [8, 14]
    jobs = [(label, knobs, n) for n in sizes for label, knobs in RUNS]
    with concurrent.futures.ThreadPoolExecutor(max(1, min(2, os.cpu_count() or 1))) as pool:
        done = list(pool.map(lambda j: (j, smpscope_bochs(
            build, out, 'floor-%s-%d' % (j[0].replace(', ', '-').replace(' ', '_'), j[2]), j[2],
            j[1], BOCHS_IPS)), jobs))
    print('\n## The floor: INIT to all, then SIPI to all, beside `parallel` (Bochs 2.7, '
          '`ips=%d`)\n' % BOCHS_IPS)
    print('Bringup cycles are `ev=bringup cycles=` (first kick to last AP online). "One AP" is '
          'the median over the APs of their SIPI-to-online (the breadcrumb steps summed, as in '
          'the per-step table of the deterministic counts). "bringup / one AP" is how many '
          'single-AP startups the whole bringup costs: 1.0 would be every AP started in the '
          'same instant; "/ parallel" compares the run with `parallel` at the same CPU count, '
          'in this run.\n')
    rows, ok, par = [], True, {}
    for (label, knobs, n), s in done:
        if s.why:
            rows.append([n, label, '`%s`' % knobs, '-', '-', '-', '- (%s)' % s.why])
            ok = False
            continue
        total, one = bringup_cycles(s.log), sipi_to_online(s.log)
        if label == 'parallel':
            par[n] = total
        rows.append([n, label, '`%s`' % knobs, total, one, ratio(total, one),
                     ratio(total, par.get(n))])
    print(markdown(['CPUs', 'run', 'knobs', 'bringup cycles', 'one AP SIPI to online',
                    'bringup / one AP', 'bringup / parallel'], rows))
    return ok
