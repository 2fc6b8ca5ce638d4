"""The framebuffer console (docs/screen.md), read back from pixels: QEMU's screendump once the
verdict is out (tools/qemu-run.sh --until-verdict --screendump), each 8x16 cell matched against
the font's glyphs (tests/e2e/screen.py). Under OVMF GRUB hands over the GOP framebuffer; under
SeaBIOS a VBE mode asked for through /smpscope.knobs (--gfxpayload) gives the other depths.
The machine of issue 13 has no serial port: -serial none, the log on port 0xE9 only to know
when the verdict is out."""
import os
import re

from checks import ktap_complete, loader_is
from exits import exit_is
from record import HASWELL, Test
from screen import screen_cells, screen_text, text_unwrapped
from screens import CELL


def _build(log):
    return os.path.dirname(os.path.dirname(log.path))


def _screen(log):
    return screen_text(log.path + '.ppm', _build(log))


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


def screen_shows(*patterns):
    """Each regex matches a line of the decoded screen (rows joined where they wrapped)."""
    def check(log):
        rows = _screen(log)
        cols = max(len(r) for r in rows) if rows else 0
        lines = text_unwrapped(rows, cols) + rows
        return ['the screen shows no line matching %r; its last rows: %r' % (p, rows[-6:])
                for p in patterns if not any(re.search(p, x) for x in lines)]
    return check


def names_stopped_cpu(apic, step):
    """A line of the screen names the CPU (by APIC ID or number) and the step it stopped at:
    the diagnosis the screen layout pins (docs/screen.md)."""
    cpu = re.compile(r'(?<![\w.])(%s|cpu[=# ]?%d)(?!\w)' % (apic, int(apic, 16)), re.I)

    def check(log):
        rows = _screen(log)
        lines = text_unwrapped(rows, max(len(r) for r in rows)) + rows
        if any(step in x and cpu.search(x) for x in lines):
            return []
        return ['no screen line names APIC %s and %s; its rows: %r' % (apic, step, rows)]
    return check


def fb_panel(n, online, failed=None):
    """The panel on the framebuffer, read from pixels: n cells with distinct APIC IDs, `online`
    of them on green, and the failed one's (APIC ID, step) on red (docs/screen.md)."""
    def check(log):
        cells = screen_cells(log.path + '.ppm', _build(log))
        text = [''.join(c[0] for c in row) for row in cells]
        title = [r for r, row in enumerate(text) if row.startswith('CPUs ')]
        ids, green, bad = {}, 0, []
        for r in range(title[0] + 1 if title else len(text), len(text)):
            found = list(CELL.finditer(text[r]))
            if not found:
                break
            for m in found:
                ids[m.group(1)] = ids.get(m.group(1), 0) + 1
                bg = cells[r][m.start()][2]
                green += bg == 'green'
                if failed and m.group(1) == failed[0] and (m.group(2), bg) != (failed[1], 'red'):
                    bad.append('cell %s: %r on %s, expected %s on red' %
                               (failed[0], m.group(0), bg, failed[1]))
        if len(ids) != n or any(v != 1 for v in ids.values()):
            bad.append('%d panel cells with distinct APIC IDs, expected %d' % (len(ids), n))
        if green != online:
            bad.append('%d cells on green (online), expected %d' % (green, online))
        if failed and failed[0] not in ids:
            bad.append('no cell for APIC ID %s' % failed[0])
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


UEFI = ['--machine', 'q35', '--fw', 'uefi']
SHOT = ['--until-verdict', '--screendump', '{log}.ppm']
NO_SERIAL = ['--no-serial'] + SHOT
STOP_KNOBS = 'case=serial fault=stop:longmode@0x5 timeout_ms=300 on_exit=halt console=e9 console=fb'


def vbe(bpp, mode):
    """A probe under SeaBIOS in a VBE mode of the given depth, read back from pixels."""
    return Test('fb-bios-vbe-%dbpp' % bpp, 'iso', '2', timeout=180,
                knobs='case=probe on_exit=halt console=e9 console=fb',
                args=NO_SERIAL + ['--gfxpayload', mode],
                checks=[lambda log: ktap_complete(log), loader_is('multiboot2', '0'),
                        fb_console(bpp), screen_shows(r'^ok 1 probe$')])


FB_TESTS = [
    # UEFI with the default consoles: ttyS0 and, with no VGA text, the framebuffer.
    Test('fb-ovmf-probe', 'iso', HASWELL, knobs='case=probe on_exit=halt',
         timeout=300, args=UEFI + SHOT,
         checks=[lambda log: ktap_complete(log), loader_is('multiboot2', '1'),
                 exit_is('halt', 'qemu', 'on_exit'), fb_console(),
                 screen_shows(r'^ok 1 probe$')]),
    # Issue 13's machine: no serial port, 28 CPUs, CPU 5 (APIC 0x5) stopped at longmode.
    Test('fb-ovmf-stop-longmode', 'iso', HASWELL, knobs=STOP_KNOBS,
         verdict='fail', timeout=300, timing=True, args=UEFI + NO_SERIAL,
         checks=[lambda log: ktap_complete(log, False), log_names_timeout('0x5', 'longmode'),
                 fb_console(), screen_shows(r'^not ok 1 serial$'),
                 names_stopped_cpu('0x5', 'longmode'),
                 fb_panel(28, 26, ('05', 'longmode'))]),
    vbe(16, '1024x768x16'),
    vbe(32, '800x600x32'),
    Test('fb-bios-text-stays', 'iso', '2', knobs='case=probe', timeout=180,
         checks=[lambda log: ktap_complete(log), vga_text_stays]),
]
