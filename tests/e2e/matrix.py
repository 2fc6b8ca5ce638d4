#!/usr/bin/env python3
"""The fault matrix (docs/matrix.md): every step x flow with one CPU stopped, exceptions from
longmode on, kick and BSP faults, and lists of targets, each cell one boot at 28 CPUs under
QEMU TCG with qboot. Each cell's check asks that the log name the CPU and the exact step and
that every other CPU came online, and that its cell of docs/matrix.md says what this run
said, so the committed table cannot go stale. After a run of the cells,

    tests/e2e/matrix.py BUILD_DIR [--check]

writes docs/matrix.md from their logs in BUILD_DIR/e2e (--check: only compares).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness.checks import ktap_complete, late_checkins  # noqa: E402
from harness.logfacts import Log  # noqa: E402
from harness.record import HASWELL, NAMES, Test  # noqa: E402

GROUP = {
    'order': 170,
    'covers': 'the fault matrix: every step x flow with one CPU stopped, exceptions, kick faults',
    'docs': 'docs/matrix.md',
    # Two at a time, as the function tests: a cell's boot waits more than it computes (1.4 s
    # of CPU in 2.5 s), and a healthy AP that a busy host made late checks in during the
    # second look (ev=timeout late=1), the evidence for the one retry (late_checkins).
    'timing': False,
}

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, 'docs', 'matrix.md')
TARGET, LIST = '0x5', '0x1+0x5+0x9'
# Steps before any AP knows its record: named by inference (docs/flows.md, "Attribution").
EARLY = ('realmode', 'gdt')
STEPS = [s for s in NAMES.steps if s != 'none']
FLOWS = NAMES.knob('flow')['values']
# The flows that kick every AP before the first wait (early-kick, kick-before-prepare): 27
# spinning vCPU threads starve the BSP's on a 2-core host (8 s a boot); hlt keeps them at 1 s.
# Each flow has a case of its name (cases/cases.def).
KICK_ALL_FIRST = NAMES.flows_kicking_all_first()
FLOW_KNOBS = {f: 'case=%s%s timeout_ms=300' % (f, ' ap_wait=hlt' if f in KICK_ALL_FIRST else '')
              for f in FLOWS}
SHORT = ['serial', 'parallel', 'broadcast']
LONGMODE_ON = STEPS[STEPS.index('longmode'):]

# (section, row, column) -> (knobs, what the cell expects); one boot each.
CELLS = {}
for step in STEPS:
    for flow in FLOWS:
        CELLS[('Stops', step, flow)] = ('fault=stop:%s@%s' % (step, TARGET), ('stop', step))
for step in STEPS:
    for flow in SHORT:
        if step in LONGMODE_ON:
            CELLS[('Exceptions', step, flow)] = ('fault=exception:%s@%s' % (step, TARGET),
                                                 ('exception', step))
    if step not in LONGMODE_ON:
        CELLS[('Exceptions', step, 'serial')] = ('fault=exception:%s@%s' % (step, TARGET),
                                                 ('refused', 'no IDT'))
KICK_ROWS = [
    ('nosipi@0x9', ('stop', 'none', '0x9')),
    ('nosipi@all', ('all', 'none')),
    ('ghost:0x40', ('stop', 'none', '0x40')),
    ('esr:vector@0x5', ('up', 'ipi_delivery')),
    ('esr:dest@0x5', ('up', 'ipi_delivery')),
    ('sipi-again@0x5', ('up', 'sipi_again_ignored')),
    ('bsp-ud2:mid', ('bsp', 'bsp-ud2:mid')),
    ('stop:realmode@' + LIST, ('list', 'realmode')),
    ('stop:gdt@' + LIST, ('list', 'gdt')),
    ('stop:lme@all', ('all', 'lme')),
]
for fault, want in KICK_ROWS:
    for flow in SHORT:
        if fault == 'nosipi@0x9' and flow == 'broadcast':
            want = ('refused', 'cannot leave one CPU out')
        CELLS[('Kick, BSP and target faults', fault, flow)] = ('fault=' + fault, want)
# QEMU TCG's ESR latches no error at all; Bochs's latches Send Accept Error (0x4) for an IPI to
# an APIC ID nobody has. Bochs boots the ISO under GRUB: 8 CPUs, about 40 s.
BOCHS = 'parallel, Bochs 8 CPUs'
CELLS[('Kick, BSP and target faults', 'esr:dest@0x5', BOCHS)] = ('fault=esr:dest@0x5',
                                                                 ('esr', '0x4'))


def name(key):
    section, row, col = key
    kind = {'Stops': 'stop', 'Exceptions': 'exception'}.get(section)
    row = ('%s-%s' % (kind, row)) if kind else re.sub(r'[^a-z0-9]+', '-', row.lower()).strip('-')
    return 'matrix-%s-%s' % (row, 'bochs8' if col == BOCHS else col)


def slots(log):
    return {e['apic']: e['cpu'] for e in log.ev('cpu')}


def timeouts(log):
    return [e for e in log.ev('timeout') if 'late' not in e]


def online(log):
    b = log.ev('bringup')
    return b[0].get('cpus', '?') if b else 'no ev=bringup'


def named(e):
    """A timeout's words: the CPU, the wait that ran out, the step, how the step is known."""
    how = ' inferred=' + e['inferred'] if 'inferred' in e else ''
    cand = ' candidates=' + e['candidates'] if 'candidates' in e else ''
    return 'cpu=%s phase=%s step=%s%s%s' % (e.get('cpu'), e.get('phase'), e.get('step'), how,
                                            cand)


def cell_text(log, want):
    """What a cell's run said, in the words of its log; the table shows exactly this."""
    kind = want[0]
    if kind in ('stop', 'list', 'all'):
        t = timeouts(log)
        if kind == 'all':
            steps = sorted(set(e.get('step') for e in t))
            return '%d timeouts, step=%s; %s online' % (len(t), '+'.join(steps), online(log))
        return '; '.join(named(e) for e in t) + '; %s online' % online(log)
    if kind == 'exception':
        e = [x for x in log.ev('exception') if x.get('cpu') != '0']
        return '; '.join('cpu=%s %s step=%s' % (x.get('cpu'), x.get('name'), x.get('step'))
                         for x in e) + '; %s online' % online(log)
    if kind == 'refused':
        return 'refused: ' + '; '.join(r.message for r in log.failed() if r.name == 'fault')
    if kind == 'bsp':
        e = [x for x in log.ev('exception') if x.get('cpu') == '0']
        return 'cpu=0 (BSP) %s step="%s"' % (e[0].get('name'), e[0].get('step')) if e else \
            'no BSP exception'
    check = 'ipi_delivery' if kind == 'esr' else want[1]
    results = log.named(check)
    fixed = [e for e in log.ev('ipi') if e.get('kind') == 'fixed']
    again = log.ev('sipi-again')
    said = 'cpu=%s kind=fixed esr=%s' % (fixed[0]['cpu'], fixed[0]['esr']) if fixed else \
        'cpu=%s result=%s was=%s' % (again[0]['cpu'], again[0]['result'], again[0]['was']) \
        if again else 'nothing logged'
    return '%s; %s %s; %s online' % (said, 'ok' if results and results[0].ok else 'not ok',
                                     check, online(log))


def expectations(log, want, knobs):
    """Whether the run did what the fault asks: the CPU and step named, the others online."""
    kind, bad = want[0], []
    apic = {s: a for a, s in slots(log).items()}
    total = len([e for e in log.ev('cpu') if e.get('enabled') == '1'])
    if kind in ('stop', 'list'):
        aims = (want[2],) if len(want) > 2 else (TARGET,) if kind == 'stop' else LIST.split('+')
        got = {e['apic']: e for e in timeouts(log)}
        if sorted(got) != sorted(aims):
            bad.append('timeouts for %s, expected %s' % (sorted(got), sorted(aims)))
        for a in aims:
            e = got.get(a, {})
            # A ghost has a slot of the table but no ev=cpu line: its cpu= is its own.
            if e.get('step') != want[1] or apic.get(e.get('cpu'), a) != a or 'cpu' not in e:
                bad.append('apic %s: %s, expected step=%s' % (a, named(e), want[1]))
            if want[1] in EARLY and 'inferred' not in e:
                bad.append('apic %s: step=%s without inferred=' % (a, e.get('step')))
        # A ghost is a CPU of the table that the MADT never had: one more to bring up.
        total += 1 if 'ghost' in knobs else 0
        if online(log) != '%d/%d' % (total - len(aims), total):
            bad.append('cpus=%s, expected all but %s online' % (online(log), ' '.join(aims)))
    elif kind == 'all':
        t = timeouts(log)
        if len(t) != total - 1 or any(e.get('step') != want[1] for e in t):
            bad.append('%d timeouts at %s, expected %d at %s' % (
                len(t), sorted(set(e.get('step') for e in t)), total - 1, want[1]))
    elif kind == 'exception':
        e = [x for x in log.ev('exception') if x.get('apic') == TARGET]
        if not e or e[0].get('vector') != '6' or e[0].get('step') != want[1]:
            bad.append('no ev=exception apic=%s vector=6 step=%s' % (TARGET, want[1]))
        if online(log) != '%d/%d' % (total - 1, total):
            bad.append('cpus=%s, expected all but %s online' % (online(log), TARGET))
    elif kind == 'refused' or kind == 'bsp':
        text = cell_text(log, want)
        if want[1] not in text:
            bad.append('%s does not say %r' % (text, want[1]))
    else:
        check = 'ipi_delivery' if kind == 'esr' else want[1]
        res = log.named(check)
        if not res or res[0].ok != (kind == 'up') or online(log) != '%d/%d' % (total, total):
            bad.append('%s %s, or not all online (%s)' % ('not ok' if kind == 'up' else 'ok',
                                                          check, online(log)))
        fixed = [e for e in log.ev('ipi') if e.get('kind') == 'fixed']
        if 'esr' in knobs and (not fixed or apic.get(fixed[0]['cpu']) != TARGET or
                               (kind == 'esr' and fixed[0]['esr'] != want[1])):
            bad.append('no ev=ipi kind=fixed for apic %s%s' % (
                TARGET, ' with esr=' + want[1] if kind == 'esr' else ''))
    return bad


def doc_cells(path=DOC):
    """(section, row, column) -> text, from the tables of docs/matrix.md."""
    cells, section, cols = {}, None, None
    try:
        lines = open(path, encoding='utf-8').read().split('\n')
    except OSError:
        return {}
    for line in lines:
        if line.startswith('## '):
            section, cols = line[3:].strip(), None
        elif line.startswith('|') and section:
            parts = [p.strip() for p in line.strip().strip('|').split('|')]
            if cols is None:
                cols = parts
            elif not set(parts[0]) <= set('-: '):
                for col, text in zip(cols[1:], parts[1:]):
                    if text:
                        cells[(section, parts[0].strip('`'), col)] = text.replace('\\|', '|')
    return cells


def check_cell(key):
    knobs, want = CELLS[key]

    def check(log):
        bad = expectations(log, want, knobs)
        text, doc = cell_text(log, want), doc_cells()
        if doc.get(key) != text:
            bad.append('docs/matrix.md says %r here, this run %r: after a run of '
                       "`tests/e2e/e2e.py build matrix-`, regenerate it with "
                       '`tests/e2e/matrix.py build`' % (doc.get(key), text))
        if key == FIRST and set(doc) != set(CELLS):
            bad.append('docs/matrix.md has cells %s the matrix has not, and lacks %s' % (
                sorted(set(doc) - set(CELLS))[:3], sorted(set(CELLS) - set(doc))[:3]))
        return bad
    return check


FIRST = next(iter(CELLS))
TESTS = [
    Test(name(k), 'kernel', HASWELL, knobs='%s %s' % (FLOW_KNOBS[k[2]], v[0]),
         verdict='pass' if v[1][0] == 'up' else 'fail', timeout=60,
         checks=[lambda log, w=v[1][0]: ktap_complete(log, w == 'up'), check_cell(k)],
         retry_if=late_checkins)
    if k[2] != BOCHS else
    # Bochs runs on its own clock: host load does not move its timeouts.
    Test(name(k), 'bochs', '8', verdict='fail', timeout=300, timing=False,
         args=['--knobs', '%s %s' % (FLOW_KNOBS['parallel'], v[0])],
         checks=[lambda log: ktap_complete(log, False), check_cell(k)])
    for k, v in CELLS.items()]


def render(texts):
    out = ['# The fault matrix', '',
           '<!-- Generated by tests/e2e/matrix.py from the logs of the matrix-* e2e tests: '
           'do not edit; each test compares its cell with this file. -->', '',
           'Each cell is one boot of the image at 28 CPUs (`-smp %s`) under QEMU TCG with '
           'qboot, with `timeout_ms=300` and the fault of its row; early-kick and '
           'kick-before-prepare run with `ap_wait=hlt`. A cell shows what the log said: for '
           'a CPU the BSP gave up on, its `ev=timeout` (the CPU, the wait that ran out, the '
           'last step it reached, and `inferred=` when that step came from the kick order, '
           'the CPUID ID real mode left, or the counters, docs/flows.md "Attribution"); then '
           '`ev=bringup cpus=`. Its test also checks that only the CPUs aimed at failed and '
           'that the run ended: nothing hangs. `tests/e2e/e2e.py build matrix-` runs them '
           '(docs/testing.md).' % HASWELL, '']
    notes = {'Stops': 'fault=stop:<step>@%s: the AP stops there for good (cli; hlt).'
                      % TARGET,
             'Exceptions': 'fault=exception:<step>@%s: #UD at that step; before longmode '
                           'the fault is refused (no IDT yet).' % TARGET,
             'Kick, BSP and target faults': 'The fault of the row (docs/knobs.md, "Faults").'}
    for section in dict.fromkeys(k[0] for k in CELLS):
        cols = list(dict.fromkeys(k[2] for k in CELLS if k[0] == section))
        out += ['## ' + section, '', notes[section], '',
                '| %s | %s |' % ('step' if section in ('Stops', 'Exceptions') else 'fault',
                                 ' | '.join(cols)),
                '|---|%s' % ''.join('---|' for _ in cols)]
        for row in dict.fromkeys(k[1] for k in CELLS if k[0] == section):
            out.append('| `%s` | %s |' % (row, ' | '.join(
                texts.get((section, row, c), '').replace('|', '\\|') for c in cols)))
        out.append('')
    return '\n'.join(out)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    texts, missing = {}, []
    for key, (knobs, want) in CELLS.items():
        path = os.path.join(build, 'e2e', name(key) + '.log')
        if not os.path.exists(path):
            missing.append(name(key))
            continue
        texts[key] = cell_text(Log(open(path, errors='replace').read()), want)
    if missing:
        sys.exit('matrix: no log for %d cells (%s ...): run tests/e2e/e2e.py %s matrix- first'
                 % (len(missing), ' '.join(missing[:3]), build))
    doc = render(texts)
    if '--check' in sys.argv:
        same = open(DOC, encoding='utf-8').read() == doc
        print('docs/matrix.md %s the logs' % ('matches' if same else 'differs from'))
        return 0 if same else 1
    with open(DOC, 'w', encoding='utf-8') as f:
        f.write(doc)
    print('wrote %s: %d cells' % (DOC, len(texts)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
