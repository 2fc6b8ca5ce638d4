"""The screen (docs/screen.md) of a machine without a serial port, read back from QEMU: the VGA
text memory through QMP (Test.screen, tests/e2e/harness/boot.py), and the framebuffer console
from pixels, QEMU's screendump once the verdict is out (tools/qemu-run.sh --until-verdict
--screendump). Under OVMF GRUB hands over the GOP framebuffer; under SeaBIOS a VBE mode asked
for through /smpscope.knobs (--gfxpayload) gives the other depths. Both are read by
tests/e2e/harness/screen.py, so one check reads either: the CPU panel, the stopped CPU and its
step on one line, the verdict."""
import re

from harness.boot import RESULT, exit_on_e9
from harness.checks import exit_is, ktap_complete, loader_is
from harness.record import HASWELL, Test
from harness.screen import of_test, panel

GROUP = {
    'order': 140,
    'covers': 'no serial port: the VGA text screen and the framebuffer read back, panel, verdict',
    'docs': 'docs/screen.md',
    'timing': False,
}


def panel_cells(n, online=None, failed=None):
    """The panel shows n cells, each with its APIC ID once; with online, that many on green;
    with failed (APIC ID, step), that cell shows the step on red."""
    def check(log):
        cells = panel(of_test(log))
        ids = {}
        for apic, *_ in cells:
            ids[apic] = ids.get(apic, 0) + 1
        bad = [] if len(ids) == n and all(v == 1 for v in ids.values()) else \
            ['%d panel cells with distinct APIC IDs, expected %d: %s' % (len(ids), n, ids)]
        green = sum(1 for *_, bg in cells if bg == 'green')
        if online is not None and green != online:
            bad.append('%d cells on green (online), expected %d' % (green, online))
        if failed:
            got = [(step, bg) for apic, step, _, bg in cells if apic == failed[0]]
            if not got:
                bad.append('no cell for APIC ID %s' % failed[0])
            elif got[0] != (failed[1], 'red'):
                bad.append('cell %s: %s on %s, expected %s on red' % ((failed[0],) + got[0] +
                                                                      (failed[1],)))
        return bad
    return check


def one_line(*words):
    """Some row holds every word: the CPU and its step on one line."""
    def check(log):
        text = of_test(log).text
        if any(all(re.search(r'(?<![\w.])%s(?![\w.])' % re.escape(w), row) for w in words)
               for row in text):
            return []
        return ['no row names %s together:\n%s' % (', '.join(words), '\n'.join(text))]
    return check


def shows(*patterns):
    """Each regex matches a line of the screen (a row, or rows joined where a line wrapped)."""
    def check(log):
        screen = of_test(log)
        lines = screen.lines()
        return ['the screen shows no line matching %r; its rows:\n%s' % (p, '\n'.join(screen.text))
                for p in patterns if not any(re.search(p, x) for x in lines)]
    return check


def no_panel(log):
    text = of_test(log).text
    bad = [r for r in text if r.startswith('CPUs ') or r.startswith('smpscope ')]
    return ['a panel or header row on a screen without a panel: %r' % bad[0]] if bad else []


def untouched(log):
    """screen=off: nothing of the image's on the screen (the log reached port 0xE9, LOG,
    instead)."""
    bad = [r for r in of_test(log).text if '# ev=' in r or 'KTAP' in r or RESULT.match(r)]
    if bad:
        return ['screen=off, yet the screen shows %r' % bad[0]]
    return [] if exit_on_e9(log.path) else ['LOG (port 0xE9) has no ev=exit: the run did not end']


def late_on_screen(log):
    """The retry reason (Test.retry_if) read off the screen: a CPU that came up after its
    timeout, or diagnosis lines the screen had no room for (which may be such CPUs)."""
    try:
        text = of_test(log).text
    except OSError:
        return None
    if any('came up after its timeout' in r or re.match(r'and \d+ more: ', r) for r in text):
        return 'a CPU came up after its timeout: the host ran the guest too slowly'
    return None


def fb_console(bpp=None):
    """One ev=console kind=fb present=1 whose mode agrees with ev=boot's fb=WxHxBPP."""
    def check(log):
        fbs = [e for e in log.ev('console') if e.get('kind') == 'fb']
        boot = log.ev('boot')
        if len(fbs) != 1 or fbs[0].get('present') != '1':
            return ['ev=console kind=fb: %r, expected one with present=1' % fbs]
        fb, bad = fbs[0], []
        mode = '%sx%sx%s' % (fb.get('width'), fb.get('height'), fb.get('bpp'))
        if not boot or boot[0].get('fb') != mode or boot[0].get('fb_type') != '1':
            bad.append('ev=boot fb=%s fb_type=%s, ev=console says %s' % (
                boot[0].get('fb') if boot else None, boot[0].get('fb_type') if boot else None,
                mode))
        if bpp is not None and fb.get('bpp') != str(bpp):
            bad.append('bpp=%s, expected %s' % (fb.get('bpp'), bpp))
        return bad
    return check


def log_names_timeout(apic, step):
    def check(log):
        t = [e for e in log.ev('timeout') if e.get('apic') == apic]
        if not t or t[0].get('step') != step:
            return ['ev=timeout for apic=%s: %r, expected step=%s' % (apic, t, step)]
        return []
    return check


def vga_text_stays(log):
    """Under BIOS with the ISO's grub.cfg, GRUB keeps VGA text mode though the image asks for a
    framebuffer (optionally): ev=boot fb_type=2 and the VGA console."""
    boot = log.ev('boot')
    vga = [e for e in log.ev('console') if e.get('kind') == 'vga']
    bad = []
    if not boot or boot[0].get('fb_type') != '2' or boot[0].get('fb') != '80x25x16':
        bad.append('ev=boot %r, expected fb_type=2 fb=80x25x16 (EGA text)' % boot[:1])
    if len(vga) != 1 or vga[0].get('present') != '1':
        bad.append('ev=console kind=vga: %r' % vga)
    return bad


STOP = 'case=serial fault=stop:longmode@0x5 timeout_ms=500 on_exit=halt'
UEFI = ['--machine', 'q35', '--fw', 'uefi']
SHOT = ['--until-verdict', '--screendump', '{log}.ppm']
NO_SERIAL = ['--no-serial'] + SHOT
FB_STOP = 'case=serial fault=stop:longmode@0x5 timeout_ms=300 on_exit=halt console=e9 console=fb'
# The stopped CPU, named with its step on one line (docs/screen.md pins the diagnosis).
STOPPED = one_line('CPU 5', 'APIC 0x5', 'longmode')


def vbe(bpp, mode):
    """A probe under SeaBIOS in a VBE mode of the given depth, read back from pixels."""
    return Test('fb-bios-vbe-%dbpp' % bpp, 'iso', '2', timeout=180,
                knobs='case=probe on_exit=halt console=e9 console=fb',
                args=NO_SERIAL + ['--gfxpayload', mode],
                checks=[lambda log: ktap_complete(log), loader_is('multiboot2', '0'),
                        fb_console(bpp), shows(r'^ok 1 probe$')])


TESTS = [
    # The machine of issue 13: no serial port, 28 CPUs, one stopped at longmode. The panel,
    # the CPU and its step on one line, and the failing verdict are on the last screen.
    Test('screen-vga-stop-longmode', 'iso', HASWELL, knobs=STOP, verdict='fail', timeout=240,
         screen=True, retry_if=late_on_screen,
         checks=[panel_cells(28, online=26, failed=('05', 'longmode')), STOPPED,
                 shows(r'^not ok 1 serial\b',
                       r'^smpscope serial \| case=serial fault=stop:longmode@0x5 ')]),
    Test('screen-vga-pass', 'iso', HASWELL, knobs='case=serial on_exit=halt', timeout=240,
         screen=True, retry_if=late_on_screen,
         checks=[panel_cells(28, online=27),
                 shows(r'^ok 1 serial\b', r'^diagnosis: no CPU has failed')]),
    # screen=log: the plain mirror, every line of the log, no panel; it ends with the verdict.
    Test('screen-vga-log', 'iso', '4', knobs='case=serial screen=log on_exit=halt', timeout=180,
         screen=True, checks=[no_panel, shows(r'^# ev=exit result=pass', r'^ok 1 serial')]),
    # screen=off: the screen is left as the loader left it; the log goes to port 0xE9 only.
    Test('screen-vga-off', 'iso', '2',
         knobs='case=probe identify=off screen=off on_exit=halt console=vga console=e9',
         timeout=180, screen=True, checks=[untouched]),
    # UEFI with the default consoles: ttyS0 and, with no VGA text, the framebuffer.
    Test('fb-ovmf-probe', 'iso', HASWELL, knobs='case=probe on_exit=halt',
         timeout=300, args=UEFI + SHOT,
         checks=[lambda log: ktap_complete(log), loader_is('multiboot2', '1'),
                 exit_is('halt', 'qemu', 'on_exit'), fb_console(), shows(r'^ok 1 probe$')]),
    # Issue 13's machine on the framebuffer: no serial port, 28 CPUs, CPU 5 stopped at longmode.
    Test('fb-ovmf-stop-longmode', 'iso', HASWELL, knobs=FB_STOP,
         verdict='fail', timeout=300, timing=True, args=UEFI + NO_SERIAL,
         checks=[lambda log: ktap_complete(log, False), log_names_timeout('0x5', 'longmode'),
                 fb_console(), shows(r'^not ok 1 serial$'), STOPPED,
                 panel_cells(28, online=26, failed=('05', 'longmode'))]),
    vbe(16, '1024x768x16'),
    vbe(32, '800x600x32'),
    Test('fb-bios-text-stays', 'iso', '2', knobs='case=probe', timeout=180,
         checks=[lambda log: ktap_complete(log), vga_text_stays]),
]
