"""The checks more than one group asks of an smpscope serial log. Each returns a list of what was
wrong (empty: it held). A check only one group asks lives in that group's module; a group never
imports a check from another group (docs/testing.md, "The e2e harness")."""
import re

import names
from harness.logfacts import Log
from harness.topology import expected_cpus

NAMES = names.load()
# Every step an AP that came online has a breadcrumb for: all but "none", the step before any.
STEPS = [s for s in NAMES.steps if s != 'none']


def ktap_complete(log, want_pass=True):
    bad = []
    if not log.has_line('KTAP version 1'):
        bad.append('no "KTAP version 1" line at column 0')
    if not log.has_line('1..1'):
        bad.append('no top-level plan 1..1')
    tops = log.top_results()
    if len(tops) != 1:
        bad.append('%d top-level results, expected 1' % len(tops))
    elif tops[0].ok != want_pass:
        bad.append('top-level result is %s' % ('ok' if tops[0].ok else 'not ok'))
    if want_pass and log.failed():
        bad.append('not ok: ' + '; '.join('%s # %s' % (r.name, r.message) for r in log.failed()))
    return bad


def cpus_match(smp):
    def check(log):
        # A hotpluggable CPU that QEMU lists neither Enabled nor Online Capable is no CPU
        # (docs/hardware.md, "The MADT"): probe logs it as ev=madt-ignored, not ev=cpu.
        want = [w for w in expected_cpus(smp) if w[4]]
        got = [(int(e['apic'], 16), int(e['pkg']), int(e['core']), int(e['smt']),
                int(e['enabled'])) for e in log.ev('cpu')]
        bad = []
        unusable = sorted(w[0] for w in expected_cpus(smp) if not w[4])
        ignored = sorted(int(e['apic'], 16) for e in log.ev('madt-ignored') if 'apic' in e)
        if log.ev('madt') and ignored != unusable:
            bad.append('ev=madt-ignored lists APIC IDs %s, -smp %s leaves %s unusable'
                       % (ignored[:4], smp, unusable[:4]))
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


def truth_rows(log):
    """probe's APIC-ID truth table: a row (ev=apicid) for every usable CPU when identify=on
    (the default), for the BSP alone when identify=off; every AP's row has its own ticket."""
    knobs = log.ev('knobs')
    identify = not knobs or knobs[0].get('identify', 'on') == 'on'
    listed = sorted(int(e['cpu']) for e in log.ev('cpu') if e.get('enabled') == '1')
    want = listed if identify else [0]
    got = sorted(int(e['cpu']) for e in log.ev('apicid') if e.get('cpu', 'none') != 'none')
    bad = []
    if got != want:
        bad.append('ev=apicid rows for CPUs %s, expected %s (identify=%s)'
                   % (got[:8], want[:8], 'on' if identify else 'off'))
    tickets = [e.get('ticket') for e in log.ev('apicid') if e.get('cpu') != '0']
    if len(set(tickets)) != len(tickets):
        bad.append('an AP ticket appears twice in ev=apicid')
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


def knob_errors(log):
    """Each ev=knob-error's msg, joined with the '# <what>: ...' list lines after it."""
    starts = [i for i, line in enumerate(log.lines) if line.startswith('# ev=knob-error ')]
    texts = []
    for e, i in zip(log.ev('knob-error'), starts):
        more = []
        for line in log.lines[i + 1:]:
            if not line.startswith('# ') or line.startswith('# ev='):
                break
            more.append(line[2:].strip())
        texts.append(' '.join([e.get('msg', '')] + more))
    return texts


def knob_error(knob, allowed):
    def check(log):
        msgs = knob_errors(log)
        fails = [r for r in log.failed() if r.indent > 0]
        bad = []
        if not any(m.startswith(knob + '=') and allowed in m for m in msgs):
            bad.append('no ev=knob-error naming %s with %r: %s' % (knob, allowed, msgs))
        if not any(r.name == 'knob_' + knob and r.message.startswith(knob + '=') for r in fails):
            bad.append('no KTAP "not ok knob_%s" naming %s=' % (knob, knob))
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
        if not any(r.name == 'exception' and 'vector %d' % vector in r.message
                   for r in log.failed()):
            bad.append('no KTAP "not ok ... exception" with the vector')
        return bad
    return check


def log_went_around(log):
    """An exception that landed while the log's lock was held still reached serial: its text
    went around the lock (console/ring.h), and the image said how much."""
    around = [e for e in log.ev('lock-stuck') if e.get('lock') == 'ring']
    if not around:
        return ['no ev=lock-stuck lock=ring line: the lock was not held, or the line was lost']
    if around[0].get('timeouts') != '0' or around[0].get('bytes', '0') == '0':
        return ['ev=lock-stuck %s: expected timeouts=0 and bytes>0' % around[0]]
    return []


def side_log(log, suffix):
    """The second console captured in LOG<suffix>, as a Log; None when nothing was captured."""
    try:
        with open(log.path + suffix, encoding='utf-8', errors='replace') as f:
            return Log(f.read())
    except OSError:
        return None


def side_console(suffix, want_uart_absent=None):
    """The run's KTAP also reached a second console, captured in LOG<suffix>."""
    def check(log):
        side = side_log(log, suffix)
        if side is None:
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


def tsc_hz_within(reference, tolerance, what):
    """The image's TSC frequency against a reference (a number, or a function of nothing)."""
    def check(log):
        tsc = log.ev('tsc')
        if not tsc:
            return ['no ev=tsc line']
        want = reference() if callable(reference) else reference
        got = int(tsc[0].get('hz', '0'))
        if not want or abs(got - want) > want * tolerance:
            return ['TSC %d Hz (%s) vs %s %s Hz: more than %.1f%% apart' %
                    (got, tsc[0].get('source'), what, want, tolerance * 100)]
        return []
    return check


def fault_refused(kind):
    def check(log):
        if not any(r.name == 'fault' and 'fault=%s' % kind in r.message for r in log.failed()):
            return ['fault=%s was not refused with a KTAP not ok' % kind]
        return []
    return check


def late_checkins(log):
    """Evidence that the host, not the image, was too slow: APs that missed their timeout yet
    checked in during the second look (ev=timeout late=1). They ran the right code, only later
    than the bound, which under TCG is counted in host time. A reason for one retry, or None."""
    late = [e for e in log.ev('timeout') if e.get('late') == '1']
    if not late:
        return None
    return '%d CPU(s) checked in after their timeout (late=1: %s), the host was busy' % (
        len(late), ' '.join('%s in %s' % (e.get('apic'), e.get('phase')) for e in late[:3]))


# ---- a bringup: the CPUs it should bring up, and what it leaves behind ----

def enabled_aps(log):
    """slot -> ev=cpu facts, for the APs the case should bring up."""
    return {int(e['cpu']): e for e in log.ev('cpu') if e['enabled'] == '1' and e['bsp'] == '0'}


def cmos_restored(log):
    found = [e for e in log.ev('cmos') if e.get('when') == 'found']
    after = [e for e in log.ev('cmos') if e.get('when') == 'after']
    if not found or not after:
        return ['no ev=cmos when=found and when=after']
    f, a = found[0], after[-1]
    if (f['reg0f'], f['vector']) != (a['reg0f'], a['vector']):
        return ['CMOS not restored: found %s %s, after %s %s' % (f['reg0f'], f['vector'],
                                                                 a['reg0f'], a['vector'])]
    return []


def all_online(maxcpus=0):
    def check(log):
        aps = enabled_aps(log)
        want = len(aps) + 1 if not maxcpus else min(maxcpus, len(aps) + 1)
        bad = []
        b = log.ev('bringup')
        if not b or b[0].get('cpus') != '%d/%d' % (want, want):
            bad.append('ev=bringup cpus=%s, expected %d/%d' % (b[0].get('cpus') if b else None,
                                                               want, want))
        states = {int(e['cpu']): e for e in log.ev('ap')}
        steps = {int(e['cpu']): e for e in log.ev('ap-steps')}
        up = [s for s in sorted(aps) if s in states][:want - 1]
        if len(up) != want - 1:
            bad.append('%d ev=ap lines for %d APs' % (len(up), want - 1))
        for s in up:
            if states[s].get('state') != 'online':
                bad.append('CPU %d state=%s' % (s, states[s].get('state')))
            missing = [st for st in STEPS if st not in steps.get(s, {})]
            if missing:
                bad.append('CPU %d has no breadcrumb for %s' % (s, ' '.join(missing)))
        return bad[:6]
    return check


def never_answers(apic, step, flow):
    """One CPU stays down: named with its last breadcrumb, the rest online, not ok."""
    def check(log):
        bad = []
        t = [e for e in log.ev('timeout') if e.get('apic') == apic and 'late' not in e]
        if not t:
            return ['no ev=timeout for apic %s' % apic]
        if t[0].get('step') != step:
            bad.append('timeout step=%s, expected %s' % (t[0].get('step'), step))
        aps = enabled_aps(log)
        b = log.ev('bringup')
        n = len(aps) + 1 + (1 if flow == 'ghost' else 0)
        if not b or b[0].get('cpus') != '%d/%d' % (n - 1, n):
            bad.append('ev=bringup cpus=%s, expected %d/%d' % (b[0].get('cpus') if b else None,
                                                               n - 1, n))
        if not any(r.name == 'cpus_online' and apic in r.message for r in log.failed()):
            bad.append('no "not ok cpus_online" naming %s' % apic)
        if not log.ev('grace'):
            bad.append('no second look (ev=grace)')
        return bad
    return check


# ---- how the image left the machine (docs/hardware.md, "Exit") ----

def exit_is(how, emulator, reason=None):
    """One ev=exit, saying how the image left and which emulator it found."""
    assert how in NAMES.exit_hows and emulator in NAMES.emulators, (how, emulator)

    def check(log):
        ex = log.ev('exit')
        if len(ex) != 1:
            return ['%d ev=exit lines, expected 1' % len(ex)]
        want = {'how': how, 'emulator': emulator, 'reason': reason}
        return ['ev=exit %s=%s, expected %s' % (k, ex[0].get(k), v)
                for k, v in want.items() if v is not None and ex[0].get(k) != v]
    return check


# ---- the image's footprint against its own memory map (docs/layout.md, "Memory") ----

RAM, NVS = 1, 4
# What every boot must log; the loader's own ranges (boot-info-*, module) vary by loader.
REGIONS = ('code', 'data', 'bss', 'page-tables', 'boot-stack', 'lastlog', 'ap-stacks', 'ring',
           'trampoline', 'boot-info')


def memmap(log):
    """[(base, end, type)] from the ev=memmap entry lines."""
    return [(int(e['base'], 16), int(e['base'], 16) + int(e['len'], 16), int(e['type']))
            for e in log.ev('memmap') if 'base' in e]


def not_ram(entries, start, end):
    """Why [start, end) is not RAM by the map (an entry of another type, or a hole), or None."""
    for base, stop, typ in entries:
        if typ != RAM and base < end and start < stop:
            return 'overlaps map entry %#x-%#x type %d' % (base, stop, typ)
    p = start
    while p < end:
        reach = max([stop for base, stop, typ in entries if typ == RAM and base <= p < stop],
                    default=p)
        if reach == p:
            return '%#x lies in no map entry' % p
        p = reach
    return None


def regions(log):
    return [(r['region'], r['how'], int(r['start'], 16), int(r['end'], 16), r)
            for r in log.ev('footprint')]


def footprint_in_ram(log):
    """Every region the image logs (ev=footprint) lies in RAM of the map it logged (ev=memmap),
    and no placed buffer shares a byte with another region."""
    entries, regs = memmap(log), regions(log)
    names_ = {name for name, *_ in regs}
    bad = ['no ev=footprint region=%s' % n for n in REGIONS if n not in names_]
    if not entries:
        bad.append('no ev=memmap entries to check the footprint against')
    for name, how, start, end, r in regs:
        if how == 'off':
            continue
        if r.get('ok') != '1' or r.get('map') != 'ram':
            bad.append('ev=footprint region=%s ok=%s map=%s' % (name, r.get('ok'), r.get('map')))
        trouble = not_ram(entries, start, end) if start < end else None
        if trouble:
            bad.append('%s %#x-%#x %s' % (name, start, end, trouble))
        if how != 'placed':
            continue
        for other, ohow, ostart, oend, _ in regs:
            if other != name and ohow != 'off' and ostart < end and start < oend:
                bad.append('placed %s %#x-%#x overlaps %s %#x-%#x' % (name, start, end, other,
                                                                      ostart, oend))
    return bad


def ovmf_nvs_low(log):
    """The map this check exists for: OVMF's ACPI NVS at 0x800000 and 0x810000, which the
    image's .bss covered before its buffers were placed from the map."""
    nvs = {base for base, _, typ in memmap(log) if typ == NVS}
    missing = [a for a in (0x800000, 0x810000) if a not in nvs]
    return ['the OVMF map has no ACPI NVS entry at %s' % ', '.join('%#x' % a for a in missing)] \
        if missing else []
