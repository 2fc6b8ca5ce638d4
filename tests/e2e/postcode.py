"""Port 0x80 codes (postcode=on), captured by QEMU's isa-debugcon put at port 0x80: every byte
written there lands in LOG.post. The codes come from build/postcode.json, which the build
writes from the image's own lists (its table is the one on the group's docs page)."""
import json
import os

from harness.record import Test

GROUP = {
    'order': 150,
    'covers': 'postcode=on: every AP\'s steps and phases on port 0x80 in order, the verdict last',
    'docs': 'docs/postcode.md',
    'timing': False,
}

# isa-debugcon on port 0x80 instead of 0xE9: a file of every byte the image wrote there.
CAPTURE = ['--', '-chardev', 'file,id=post,path={log}.post',
           '-device', 'isa-debugcon,iobase=0x80,chardev=post']


def table(log):
    build = os.path.dirname(os.path.dirname(log.path))
    with open(os.path.join(build, 'postcode.json')) as f:
        return json.load(f)['codes']


def one_ap(group, code, steps, phases, stopped_at):
    """What is wrong with one AP's codes: its steps and phases each once, in order, a phase
    after the step of its name; all of them, or (stopped_at) the steps up to that one, the
    kick and the timeout code."""
    kind = {v: {'kind': k, 'name': n} for (k, n), v in code.items()}
    got_steps = [kind[b]['name'] for b in group if kind[b]['kind'] == 'step']
    got_phases = [kind[b]['name'] for b in group if kind[b]['kind'] == 'phase']
    want_steps = steps if stopped_at is None else steps[:steps.index(stopped_at) + 1]
    want_phases = phases if stopped_at is None else phases[:1]
    bad = []
    if got_steps != want_steps:
        bad.append('steps %s, expected %s' % (got_steps, want_steps))
    if got_phases != want_phases:
        bad.append('phases %s, expected %s' % (got_phases, want_phases))
    for p in got_phases:
        if p in steps and code[('step', p)] in group and \
                group.index(code[('step', p)]) > group.index(code[('phase', p)]):
            bad.append('phase %s written before the step %s' % (p, p))
    timeouts = group.count(code[('fixed', 'timeout')])
    if timeouts != (stopped_at is not None):
        bad.append('%d timeout codes' % timeouts)
    return bad


def bringup_codes(aps, verdict, stopped=None):
    """The capture holds knobs, consoles and case; then one group a started AP, from its kick
    code on, in the order the serial flow starts them (AP number `stopped` stopped at its
    step); and the pass or fail code last."""
    def check(log):
        codes = table(log)
        code = {(c['kind'], c['name']): c['code'] for c in codes}
        known = {c['code'] for c in codes}
        steps = [c['name'] for c in codes if c['kind'] == 'step']
        phases = [c['name'] for c in codes if c['kind'] == 'phase']
        with open(log.path + '.post', 'rb') as f:
            # Firmware may write its own POST codes before the image: only the table's count.
            seq = [b for b in f.read() if b in known]
        if not seq:
            return ['nothing captured in LOG.post']
        bad = []
        if seq[-1] != code[('fixed', verdict)]:
            bad.append('the last code is %#x, expected %s (%#x)' %
                       (seq[-1], verdict, code[('fixed', verdict)]))
        kick = code[('phase', 'kick')]
        first = seq.index(kick) if kick in seq else len(seq)
        start = [code[('fixed', n)] for n in ('knobs', 'consoles', 'case')]
        if [b for b in seq[:first] if b in start] != start:
            bad.append('before the first kick: %s, expected knobs, consoles, case' %
                       ['%#x' % b for b in seq[:first]])
        groups, at = [], first
        while at < len(seq):
            nxt = seq.index(kick, at + 1) if kick in seq[at + 1:] else len(seq)
            groups.append([b for b in seq[at:nxt] if b < code[('fixed', 'exception')] or
                           b == code[('fixed', 'timeout')]])
            at = nxt
        if len(groups) != aps:
            return bad + ['%d APs kicked, expected %d: %s' % (len(groups), aps,
                                                             ['%#x' % b for b in seq])]
        for n, g in enumerate(groups, 1):
            bad += ['AP %d: %s' % (n, b) for b in one_ap(g, code, steps, phases,
                                                        'longmode' if n == stopped else None)]
        return bad
    return check


TESTS = [
    Test('postcode-serial', 'kernel', '4', knobs='case=serial postcode=on', args=CAPTURE,
         checks=[bringup_codes(3, 'pass')]),
    # The second AP stops at longmode: its codes end there, then the timeout code; fail last.
    Test('postcode-serial-stop', 'kernel', '4', verdict='fail',
         knobs='case=serial postcode=on fault=stop:longmode@0x2 timeout_ms=300', args=CAPTURE,
         checks=[bringup_codes(3, 'fail', stopped=2)]),
    # Parallel: the BSP writes each AP's codes at the boundary after its wave, AP by AP.
    Test('postcode-parallel', 'kernel', '4', knobs='case=parallel postcode=on', args=CAPTURE,
         checks=[bringup_codes(3, 'pass')]),
]
