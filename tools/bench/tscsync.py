"""The power of the TSC checks (docs/tsc.md, "How much each test catches"): the smallest
fault=tsc-skew each method catches in at least 19 trials of 20, in Bochs (which honours TSC
writes), at 8 and 14 CPUs, for Linux's per-AP test (tsc_sync=every) and for the test of every CPU
at once (tsc_sync=together) with the skewed CPU placed in several spots; beside it, what each
method's whole test costs in cycles.

One boot runs 20 trials (tsc_trials=: together's window 20 times; every's per-AP tests once in
the bringup and 20 times more after it, the bringup's left out), each with its own verdict in
the log (ev=tsc-trial, ev=tsc-warp). The skew is searched by bisection over a short ladder of
values, one boot a step, so a row costs about log2(len(LADDER)) boots."""
import concurrent.futures
import os
import re
import subprocess

from machines import ROOT, runner
from sections import BOCHS_IPS, log_events
from tables import markdown, med, ratio

TRIALS = 20
NEED = 19
LOOP_MS = 2
# The skews tried, in cycles of Bochs's TSC (one per emulated instruction at BOCHS_IPS). A
# bisection over them: 15 values, 4 boots a row.
LADDER = [5, 10, 15, 20, 30, 40, 50, 70, 100, 150, 200, 300, 500, 1000, 5000]
# Bochs topologies: packages:cores:threads. 14 CPUs as 7 packages of one core with two threads,
# the only shape of 14 (the most Bochs 2.7 runs, docs/bench.md) with both siblings and
# packages besides the BSP's.
TOPOLOGY = {8: '2:2:2', 14: '7:1:2'}
# Where the skewed CPU sits, by APIC ID (Bochs numbers them package, core, thread): the first
# thread of another package than the BSP's, in the middle of the slot order (the row `every`
# and the plain `together` share: Linux tests it with its full loop), then the first AP, the
# last, and a second thread of a core (a sibling).
PLACES = {
    8: [('another package', 4), ('first', 1), ('last', 7), ('sibling', 3)],
    14: [('another package', 6), ('first', 1), ('last', 13), ('sibling', 9)],
}
CASE = {'every': 'case=tsc-sync tsc_sync=every', 'together': 'case=tsc-together'}


def rows_of(n):
    """(method, place, apic): Linux's method on the first place, then the new one on each."""
    places = PLACES[n]
    return [('every',) + places[0]] + [('together',) + p for p in places]


def knobs(method, apic, skew):
    trials = TRIALS + 1 if method == 'every' else TRIALS
    return '%s tsc_loop_ms=%d tsc_trials=%d log=deferred fault=tsc-skew:%d:%d' % (
        CASE[method], LOOP_MS, trials, apic, skew)


class Boot:
    """One boot's trials: how many caught the skewed CPU, and each trial's test cycles."""
    def __init__(self, log, why='', caught=0, trials=0, cycles=None, tests=None, handoffs=None):
        self.log, self.why, self.caught, self.trials = log, why, caught, trials
        self.cycles, self.tests, self.handoffs = cycles or [], tests or [], handoffs or []


def read_boot(log, method, apic):
    if not os.path.exists(log):
        return Boot(log, 'no log')
    slot = {e.get('apic'): e.get('cpu') for e in log_events(log, 'cpu')}.get('%#x' % apic)
    ap = [e for e in log_events(log, 'ap') if e.get('cpu') == slot]
    if slot is None or not ap or ap[0].get('skewed') != '1':
        return Boot(log, 'the skew on APIC %#x did not take: %s' % (apic, log))
    trials = [e for e in log_events(log, 'tsc-trial') if e.get('method') == method]
    if len(trials) != TRIALS or any(e.get('failed') != '0' for e in trials):
        return Boot(log, '%d complete trials, expected %d: %s' % (
            sum(e.get('failed') == '0' for e in trials), TRIALS, log))
    # A trial catches the skew when one of its warped pairs has the skewed CPU in it.
    hit = {e['trial'] for e in log_events(log, 'tsc-warp')
           if slot in (e.get('cpu'), e.get('behind'), e.get('also'))}
    return Boot(log, caught=len(hit), trials=len(trials),
                cycles=[int(e['cycles']) for e in trials],
                tests=[int(e['tests']) for e in trials],
                handoffs=[int(e['handoffs']) for e in trials])


def boot(build, out, n, method, place, apic, skew):
    name = 'tscsync-%d-%s-%s-%d' % (n, method, place.replace(' ', '_'), skew)
    log = os.path.join(out, name + '.log')
    cmd = [os.path.join(ROOT, 'tools/bochs-run.sh'), '--iso',
           os.path.join(build, 'smpscope.iso'), '--cpus', TOPOLOGY[n], '--ips', str(BOCHS_IPS),
           '--knobs', knobs(method, apic, skew), '--log', log, '--timeout', '900']
    status = runner(cmd, 900)
    b = read_boot(log, method, apic)
    if not b.why and status not in (0, 1):
        b.why = 'no verdict (runner status %s): %s' % (status, log)
    return b


def search(build, out, n, method, place, apic, say):
    """Bisection over LADDER for the smallest skew caught in NEED of TRIALS: lo is a value
    known to miss (or -1), hi one known to catch (or past the end)."""
    lo, hi, boots = -1, len(LADDER), {}
    while hi - lo > 1:
        mid = (lo + hi) // 2
        b = boot(build, out, n, method, place, apic, LADDER[mid])
        boots[LADDER[mid]] = b
        say('tscsync: %d CPUs %s %s skew %d: %s' % (
            n, method, place, LADDER[mid], b.why or '%d/%d caught' % (b.caught, b.trials)))
        if b.why:
            return None, boots
        if b.caught >= NEED:
            hi = mid
        else:
            lo = mid
    return (LADDER[hi] if hi < len(LADDER) else None), boots


def topology_of(log, apic):
    e = {x.get('apic'): x for x in log_events(log, 'cpu')}.get('%#x' % apic, {})
    return 'slot %s, %s/%s/%s' % (e.get('cpu', '?'), e.get('pkg', '?'), e.get('core', '?'),
                                 e.get('smt', '?'))


def tscsync(build, out, quick, say):
    sizes = [8] if quick else [8, 14]
    jobs = [(n,) + r for n in sizes for r in rows_of(n)]
    with concurrent.futures.ThreadPoolExecutor(max(1, min(2, os.cpu_count() or 1))) as pool:
        done = list(pool.map(lambda j: (j, search(build, out, *j, say)), jobs))
    print('\n## TSC checks: what each catches, what it costs (Bochs 2.7, `ips=%d`)\n' % BOCHS_IPS)
    print('Each row is a bisection over the skews %s (cycles of Bochs\'s TSC, one per emulated '
          'instruction), one boot a step, `fault=tsc-skew:<APIC>:<skew>` on the CPU of the row; '
          'a boot runs %d trials, and a skew is caught when at least %d of them saw a warp '
          'between a pair with the skewed CPU in it. Both methods loop `tsc_loop_ms=%d` (Linux '
          'loops 20; 2 is its loop for siblings, and the same for both keeps them comparable). '
          '`every`: Linux\'s test, the BSP against each AP in turn (`case=tsc-sync`); '
          '`together`: every CPU in one window (`case=tsc-together`, parallel bringup). '
          '"test cycles" is one trial of the whole method, the BSP\'s first job posted to its '
          'last answer (median over the row\'s trials); "one pair" is `every`\'s per AP; '
          '"handoffs" are reads right after another CPU\'s, the looks a trial takes at a warp.\n'
          % (', '.join(map(str, LADDER)), TRIALS, NEED, LOOP_MS))
    rows, ok, pair, power = [], True, {}, {}
    for (n, method, place, apic), (found, boots) in done:
        good = [b for b in boots.values() if not b.why]
        bad = [b for b in boots.values() if b.why]
        ok &= not bad
        cycles = med([c for b in good for c in b.cycles])
        tests = med([t for b in good for t in b.tests])
        if method == 'every' and cycles and tests:
            pair[n] = cycles / tests
        if place == PLACES[n][0][0]:
            power[(n, method)] = found
        tried = ', '.join('%d: %d/%d' % (s, b.caught, b.trials) if not b.why else
                          '%d: no sample' % s for s, b in sorted(boots.items()))
        first = (good or bad)[0].log if boots else None
        rows.append([n, method, '%s (APIC %#x, %s)' % (place, apic, topology_of(first, apic))
                     if first and os.path.exists(first) else place, cycles,
                     ratio(cycles, pair.get(n)),
                     med([h for b in good for h in b.handoffs]),
                     found if found else ('- (%s)' % bad[0].why if bad else
                                          '> %d' % LADDER[-1]), tried])
    print(markdown(['CPUs', 'method', 'skewed CPU (pkg/core/smt)', 'test cycles',
                    'test / one pair', 'handoffs', 'smallest skew caught 19/20',
                    'bisection (skew: caught/trials)'], rows))
    verdict(sizes, pair, power, done)
    return ok


def verdict(sizes, pair, power, done):
    """The issue's goal, read off the table: together's cost at most 2 pair tests, its smallest
    caught skew at most 2 times every's, at each size."""
    print()
    for n in sizes:
        cost = [med([c for b in boots.values() if not b.why for c in b.cycles])
                for (m, meth, _, _), (_, boots) in done if m == n and meth == 'together']
        cost = max([c for c in cost if c] or [0])
        e, t = power.get((n, 'every')), power.get((n, 'together'))
        worst = [f for (m, meth, _, _), (f, _) in done if m == n and meth == 'together']
        worst = None if None in worst else max(worst)
        print('- **%d CPUs**: together costs %s one pair test (goal: at most 2); its smallest '
              'caught skew is %s on the CPU Linux tested and %s at worst over the placements, '
              'against every\'s %s (goal: at most 2 times every\'s).' % (
                  n, ratio(cost, pair.get(n)), t or '-', worst or '-', e or '-'))
