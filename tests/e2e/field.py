"""The field's failures replayed (docs/field.md): MADTs real firmware wrote, given to the image as
a loader module in place of QEMU's (tools/qemu-run.sh --module compiles tests/data/field/*.dsl
with iasl), firmware-left x2APIC states (fw_sim=, Bochs), a gated PIT without an HPET through
GRUB, and a fault aimed at one CPU across the ladder. Each test reads the log and the screen:
the VGA text memory saved once the verdict is in (--vgadump under SeaBIOS, whose VGA BIOS sets
up text mode; qboot leaves it blank), or OVMF's framebuffer (--screendump).

Module tables boot with QEMU -kernel (multiboot1, the module is -initrd); the two GRUB tests boot
the ISO with the table on a second drive whose /smpscope.knobs adds the entry a user's `e` edit
makes (multiboot2 and module2 lines), so the ISO is the one users get."""
import os
import re
import subprocess

from harness.checks import all_online, cmos_restored, ktap_complete, late_checkins, never_answers
from harness.record import NAMES, Test
from harness.screen import of_test, panel

GROUP = {
    'order': 75,
    'covers': 'a MADT from a module (multiboot1 and GRUB module2, BIOS and UEFI) replaying nine '
              'field reports, a refused module, fw_sim= x2APIC states in Bochs, the ladder '
              'with a fault at one CPU',
    'docs': 'docs/field.md',
    'timing': False,
}

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    'tests', 'data', 'field')
SCREEN = ['--until-verdict', '--vgadump', '{log}.vga']


def table(name):
    return os.path.join(DATA, name)


# ---- the log ----

def from_module(name, changes=None):
    """ev=madt source=module names the file; with changes, ev=madt-diff lists those, as
    'apic:change'."""
    def check(log):
        m = log.ev('madt')
        if not m or m[0].get('source') != 'module' or \
                not m[0].get('name', '').endswith(name):
            return ['ev=madt %r, expected source=module name=...%s' % (m[:1], name)]
        got = ['%s:%s' % (e.get('apic'), e.get('change')) for e in log.ev('madt-diff')]
        if changes is not None and got != changes:
            return ['ev=madt-diff %s, expected %s' % (got, changes)]
        if not [r for r in log.named('madt_module') if r.ok and 'SKIP' not in r.message]:
            return ['no "ok madt_module"']
        return []
    return check


def finding(kind, apic, linux, count=None):
    """ev=madt-finding of that kind at that APIC ID, carrying Linux's line."""
    def check(log):
        f = [e for e in log.ev('madt-finding') if e.get('kind') == kind]
        if not f:
            return ['no ev=madt-finding kind=%s' % kind]
        bad = [] if f[0].get('apic') == apic else ['%s at apic %s' % (kind, f[0].get('apic'))]
        if linux not in f[0].get('linux', ''):
            bad.append('%s: linux=%r lacks %r' % (kind, f[0].get('linux'), linux))
        if count is not None and f[0].get('count') != str(count):
            bad.append('%s: count=%s, expected %d' % (kind, f[0].get('count'), count))
        return bad
    return check


def notes(want):
    """ev=madt-note kinds and counts: {kind: count}."""
    def check(log):
        got = {e.get('kind'): int(e.get('count', 0)) for e in log.ev('madt-note')}
        return [] if got == want else ['ev=madt-note %s, expected %s' % (got, want)]
    return check


def ignored(want):
    """ev=madt-ignored as sorted (apic, reason) pairs."""
    def check(log):
        got = sorted((e.get('apic'), e.get('reason')) for e in log.ev('madt-ignored'))
        return [] if got == sorted(want) else ['ev=madt-ignored %s, expected %s' % (got, want)]
    return check


def never_kicked(apic):
    """No IPI went to that APIC ID: an INIT to the BSP's ID, or 0xFF, would reset the machine."""
    def check(log):
        sent = [e for e in log.ev('ipi') if e.get('apic') == apic]
        return ['%d IPIs to APIC %s: %s' % (len(sent), apic, sent[0])] if sent else []
    return check


def kicked_once(apic):
    def check(log):
        n = len([e for e in log.ev('ipi') if e.get('apic') == apic and
                 e.get('kind') == 'init-assert'])
        return [] if n == 1 else ['%d INITs to APIC %s, expected 1' % (n, apic)]
    return check


def problem(text):
    def check(log):
        return [] if any(text in e.get('msg', '') for e in log.ev('acpi-error')) else \
            ['no ev=acpi-error with %r' % text]
    return check


# ---- the screen ----

def screen_cells(n, failed=None):
    """The panel has n cells, the BSP's 'bsp', every other online in green, but failed: an
    (apic, step) pair shown in red."""
    def check(log):
        cells = panel(of_test(log))
        bad = [] if len(cells) == n else ['%d panel cells, expected %d: %s' % (len(cells), n,
                                                                               cells)]
        for apic, step, _, bg in cells:
            if (apic, step) == failed:
                if bg != 'red':
                    bad.append('cell %s %s in %s, expected red' % (apic, step, bg))
            elif step != 'bsp' and (step, bg) != ('online', 'green'):
                bad.append('cell %s: %s in %s, expected online in green' % (apic, step, bg))
        if failed and failed not in [(a, s) for a, s, _, _ in cells]:
            bad.append('no cell %s %s' % failed)
        return bad
    return check


def screen_shows(pattern):
    def check(log):
        s = of_test(log)
        return [] if any(re.search(pattern, row) for row in s.lines()) else \
            ['no screen row matches %r:\n%s' % (pattern, '\n'.join(s.text))]
    return check


# ---- the tests ----

def field(name, dsl, knobs, checks, smp='4', verdict='pass', module=True, **kw):
    """QEMU -kernel under SeaBIOS with the table as a multiboot1 module; log and screen read."""
    args = ['--fw', 'seabios'] + SCREEN + (['--module', table(dsl)] if module else [])
    base = [lambda log: ktap_complete(log, verdict == 'pass'), cmos_restored]
    return Test('field-' + name, 'kernel', smp, knobs=knobs + ' on_exit=halt', verdict=verdict,
                args=args + kw.pop('more_args', []), checks=base + checks,
                all_up=verdict == 'pass', **kw)


def dead_core(flow):
    return field('dead-core-' + flow, 'dead-core.dsl', 'case=%s timeout_ms=300' % flow,
                 [from_module('dead-core.aml', ['0x4:added']),
                  never_answers('0x4', 'none', flow),
                  screen_cells(5, ('04', 'none')),
                  screen_shows(r'CPU 4 \(APIC 0x4\) never started: no breadcrumb'),
                  screen_shows(r'^smpscope %s \| MADT module dead-core\.aml \|' % flow)],
                 verdict='fail', timing=True, retry_if=late_checkins)


BSP_NOT_FIRST = 'CPU topo: [Firmware Bug]: APIC enumeration order not specification compliant'
HOTPLUG = 'CPU topo: Ignoring hot-pluggable APIC ID %x in present package.'

TESTS = [dead_core(f) for f in ('serial', 'parallel', 'broadcast')] + [
    field('bsp-not-first', 'bsp-not-first.dsl', 'case=parallel',
          [from_module('bsp-not-first.aml', ['0x1:order', '0x2:order', '0x0:order']),
           finding('bsp-not-first', '0x0', BSP_NOT_FIRST), all_online(),
           lambda log: [] if [(e['cpu'], e['apic']) for e in log.ev('cpu') if e['bsp'] == '1']
           == [('0', '0x0')] else ['the BSP is not cpu=0 apic=0x0'],
           screen_cells(4), screen_shows(r'^00 bsp ')]),
    field('disabled-bsp-id', 'disabled-bsp-id.dsl', 'case=serial',
          [from_module('disabled-bsp-id.aml'), all_online(), never_kicked('0x0'),
           ignored([('0x0', 'unusable')] * 4), finding('hotplug-in-present-package', '0x0',
                                                       HOTPLUG, 4),
           screen_cells(4), screen_shows(r'^00 bsp ')]),
    field('placeholders', 'placeholders.dsl', 'case=serial',
          [from_module('placeholders.aml'), all_online(), never_kicked('0xff'),
           never_kicked('0xffffffff'),
           ignored([('0xff', 'invalid-id'), ('0xff', 'unusable'), ('0xffffffff', 'invalid-id'),
                    ('0xffffffff', 'unusable')] + [('0x%x' % i, 'repeat') for i in range(4)]),
           notes({'invalid-id-usable': 2, 'both-types': 4}), screen_cells(4)]),
    field('duplicate-id', 'duplicate-id.dsl', 'case=serial',
          [from_module('duplicate-id.aml'), all_online(), kicked_once('0x2'),
           problem('APIC ID 0x2 is already listed'), ignored([('0x2', 'repeat')]),
           screen_cells(4)]),
    field('hotplug-package', 'hotplug-package.dsl', 'case=parallel',
          [from_module('hotplug-package.aml', []), all_online(),
           finding('hotplug-in-present-package', '0x8', HOTPLUG, 24),
           lambda log: [] if [(e['pkg'], e['core']) for e in log.ev('cpu')] ==
           [('0', str(i)) for i in range(8)] else
           ['ev=cpu places %s, expected package 0, cores 0-7 (CPUID\'s)' %
            [(e['pkg'], e['core']) for e in log.ev('cpu')]],
           screen_cells(8)],
          smp='8,sockets=1,cores=32,threads=1,maxcpus=32'),
    field('bad-checksum', 'bad-checksum.dat', 'case=serial',
          [lambda log: [] if [(e.get('used'), 'checksum is wrong' in e.get('reason', ''))
                              for e in log.ev('madt-module')] == [('0', True)] else
           ['ev=madt-module %s, expected one refused for its checksum' % log.ev('madt-module')],
           lambda log: [] if [r for r in log.named('madt_module') if 'SKIP' in r.message and
                              'the firmware\'s MADT is used' in r.message] else
           ['no "ok madt_module # SKIP ... the firmware\'s MADT is used"'],
           lambda log: [] if [e.get('source') for e in log.ev('madt')] == ['firmware'] else
           ['ev=madt source %s' % [e.get('source') for e in log.ev('madt')]],
           all_online(), screen_cells(4),
           screen_shows(r'^smpscope serial \| MADT firmware, module bad-checksum\.dat refused \|')]),
]


# ---- case 9 and the module2 line: GRUB under SeaBIOS and OVMF, no PIT, no HPET ----

def legacy_free(log):
    """The TSC from the PM timer, the PIT and the HPET named as absent, and no poll that waited
    for seconds: the TSC's sources took under a second together, the bringup too."""
    src = {e.get('name'): e for e in log.ev('tsc-source')}
    t = log.ev('tsc')
    bad = [] if t and t[0].get('source') == 'pmtimer' else ['TSC source %s, expected pmtimer' %
                                                           (t[0].get('source') if t else None)]
    if 'OUT2 was high' not in src.get('pit', {}).get('why', ''):
        bad.append('pit: %s' % src.get('pit'))
    if 'no HPET table' not in src.get('hpet', {}).get('why', ''):
        bad.append('hpet: %s' % src.get('hpet'))
    if not t or int(t[0].get('took_us', 10 ** 9)) > 1000000:
        bad.append('the TSC sources took %s us' % (t[0].get('took_us') if t else None))
    b = log.ev('bringup')
    if not b or int(b[0].get('us', 10 ** 9)) > 2000000:
        bad.append('the bringup took %s us' % (b[0].get('us') if b else None))
    return bad


def loader(proto, efi):
    def check(log):
        b = log.ev('boot')
        return [] if b and (b[0].get('proto'), b[0].get('efi')) == (proto, efi) else \
            ['ev=boot %s, expected proto=%s efi=%s' % (b[:1], proto, efi)]
    return check


def grub(name, machine, fw, efi, shot):
    return Test('field-grub-%s-module2-nopit-nohpet' % name, 'iso', '4',
                knobs='case=parallel on_exit=halt', timeout=240,
                args=['--machine', machine, '--fw', fw, '--module', table('bsp-not-first.dsl'),
                      '--until-verdict'] + shot + ['--', '-M', machine + ',pit=off,hpet=off'],
                checks=[lambda log: ktap_complete(log), cmos_restored, loader('multiboot2', efi),
                        from_module('bsp-not-first.aml'), legacy_free, all_online(),
                        finding('bsp-not-first', '0x0', BSP_NOT_FIRST), screen_cells(4),
                        screen_shows(r'^smpscope parallel \| MADT module bsp-not-first\.aml \|')],
                all_up=True)


TESTS += [
    grub('bios', 'pc', 'bios', '0', ['--vgadump', '{log}.vga']),
    grub('efi', 'q35', 'uefi', '1', ['--screendump', '{log}.ppm']),
]


# ---- cases 7 and 8: firmware-left x2APIC, in Bochs (QEMU 7.2's TCG has no x2APIC) ----

def apic_rows(bsp, aps):
    """ev=apicid: the BSP's row with EXTD as bsp says (x2apic 1, xapic 0), every AP's as aps."""
    def check(log):
        rows = log.ev('apicid')
        want = {'x2apic': ('1', 'x2apic'), 'xapic': ('0', 'xapic')}
        got_bsp = [(e.get('extd'), e.get('mode')) for e in rows if e.get('bsp') == '1']
        got_aps = [(e.get('extd'), e.get('mode')) for e in rows if e.get('bsp') == '0']
        bad = [] if got_bsp == [want[bsp]] else ['BSP row %s, expected %s' % (got_bsp, bsp)]
        if len(got_aps) != 3 or any(r != want[aps] for r in got_aps):
            bad.append('AP rows %s, expected 3 in %s' % (got_aps, aps))
        fw = log.ev('fw-sim')
        if not fw or fw[0].get('applied') != '1':
            bad.append('ev=fw-sim %s' % fw)
        return bad
    return check


def mixed_named(log):
    """Each AP named with the mode it was found in, the BSP's beside it."""
    lines = [x for x in log.lines if re.match(r'# CPU +\d+: mixed APIC mode: firmware left the '
                                                r'BSP in x2APIC and this AP in xapic', x)]
    return [] if len(lines) == 3 else ['%d "mixed APIC mode" lines, expected 3' % len(lines)]


def refused_tcg(log):
    r = [x for x in log.failed() if x.name == 'fw_sim']
    return [] if r and 'has no x2APIC' in r[0].message else ['no "not ok fw_sim ... no x2APIC"']


TESTS += [
    Test('field-fw-sim-x2apic-all-bochs', 'bochs', '4', timeout=300, all_up=True,
         args=['--knobs', 'case=parallel fw_sim=x2apic-all'],
         checks=[lambda log: ktap_complete(log), all_online(), apic_rows('x2apic', 'x2apic'),
                 lambda log: [] if not [x for x in log.lines if 'mixed APIC mode' in x] else
                 ['a "mixed APIC mode" line where every CPU was in x2APIC']]),
    Test('field-fw-sim-x2apic-bsp-bochs', 'bochs', '4', timeout=300, all_up=True,
         args=['--knobs', 'case=parallel fw_sim=x2apic-bsp'],
         checks=[lambda log: ktap_complete(log), all_online(), apic_rows('x2apic', 'xapic'),
                 mixed_named]),
    Test('field-fw-sim-refused-tcg', 'kernel', '2', knobs='case=serial fw_sim=x2apic-all',
         verdict='fail', checks=[lambda log: ktap_complete(log, False), refused_tcg]),
]


# ---- the ladder with a fault at one CPU (issue 22): one-ap leaves 0x5 alone ----

LADDER_FAULT = 'case=all ladder=continue fault=stop:lme@0x5 timeout_ms=300'


def rung_of(log, case):
    """The lines from ev=rung case=CASE to the next ev=rung."""
    out, on = [], False
    for x in log.lines:
        if x.startswith('# ev=rung '):
            on = re.search(r'\bcase=%s\b' % re.escape(case), x) is not None
        if on:
            out.append(x)
    return out


def fault_waits(log):
    tops = [(r.name, r.ok) for r in log.top_results()]
    bad = [] if tops[:2] == [('one-ap', True), ('legacy-serial', False)] else \
        ['top-level results %s: one-ap should pass, legacy-serial fail' % tops]
    if not [x for x in rung_of(log, 'one-ap') if x.startswith('# fault=stop:lme@0x5: its CPU is '
                                                              'not brought up in rung one-ap')]:
        bad.append('rung one-ap has no note that the fault waits')
    t = [x for x in rung_of(log, 'legacy-serial') if x.startswith('# ev=timeout ')]
    if not t or 'apic=0x5' not in t[0] or 'step=lme' not in t[0]:
        bad.append('legacy-serial: ev=timeout %s, expected apic=0x5 step=lme' % t[:1])
    return bad


def bisect_names(log):
    build = os.path.dirname(os.path.dirname(log.path))
    p = subprocess.run([os.path.join(build, 'smpscope-report'), 'bisect', log.path],
                       capture_output=True, text=True, timeout=30)
    bad = [] if 'first failing: legacy-serial' in p.stdout else \
        ['bisect: no "first failing: legacy-serial":\n' + p.stdout]
    if not re.search(r'first failure: cpu 5 apic 0x5 .* at step lme', p.stdout):
        bad.append('bisect: no "first failure: cpu 5 apic 0x5 ... at step lme"')
    return bad


TESTS += [
    Test('field-ladder-fault-at-one-cpu', 'kernel', '8,sockets=1,cores=4,threads=2',
         knobs=LADDER_FAULT, verdict='fail', timeout=180, timing=True, retry_if=late_checkins,
         checks=[lambda log: [] if log.has_line('1..%d' % len(NAMES.ladder())) else
                 ['no plan 1..%d, one test a rung' % len(NAMES.ladder())], fault_waits,
                 bisect_names]),
]
