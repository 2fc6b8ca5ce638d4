"""How the image leaves the machine (docs/hardware.md, "Exit"): the emulator it finds, the exit
port it writes only there, and the bare-metal path forced under QEMU with on_exit=halt (and
reboot), where QEMU must not end through isa-debug-exit, the verdict must be on every console
before the halt, and a QEMU trace of every port write must show neither 0xF4 nor 0x8900."""
import re

from harness.checks import exit_is, ktap_complete
from harness.logfacts import Log
from harness.record import Test
from harness.screen import VGA_COLS, VGA_ROWS, VGA_TEXT, from_vga
from harness.trace import TRACE, trace_writes

GROUP = {
    'order': 110,
    'covers': 'on_exit=: the emulator found and its port, halt and reboot on the bare-metal path',
    'docs': 'docs/hardware.md',
    'timing': False,
}

# isa-debug-exit takes 4 ports from 0xF4 (tools/qemu-run.sh); Bochs's shutdown port.
EXIT_PORTS = set(range(0xf4, 0xf8)) | {0x8900}


def verdict_last(text, where):
    """The case's result, then ev=exit as the last line: nothing came after the verdict."""
    lines = [x for x in Log(text).lines if x.strip()]
    tops = [i for i, x in enumerate(lines) if re.match(r'(not )?ok 1 ', x)]
    if not lines or not lines[-1].startswith('# ev=exit '):
        return ['%s: the last line is %r, not ev=exit' % (where, lines[-1] if lines else None)]
    if not tops or tops[-1] != len(lines) - 2:
        return ['%s: the top-level result is not right before ev=exit' % where]
    return []


def verdict_on(suffix):
    """The verdict reached the console captured in LOG<suffix>, last."""
    def check(log):
        try:
            with open(log.path + suffix, encoding='utf-8', errors='replace') as f:
                return verdict_last(f.read(), 'LOG' + suffix)
        except OSError:
            return ['nothing captured in %s%s' % (log.path, suffix)]
    return check


def serial_verdict_last(log):
    return verdict_last('\n'.join(log.lines), 'serial')


def no_exit_port_writes(log):
    writes = trace_writes(log)
    if not any(region == 'serial' for _, _, _, region in writes):
        return ['the trace holds no serial write: QEMU traced nothing']
    hits = ['%#x <- %#x (%s)' % (a, v, r) for a, v, _, r in writes if a in EXIT_PORTS]
    return ['the image wrote an exit port: ' + ', '.join(hits[:4])] if hits else []


def screen_shows_verdict(log):
    """The VGA text screen, as the trace's writes left it, ends with the serial log's verdict
    (a line longer than the screen wraps onto the next row, so the rows are read joined)."""
    cells = bytearray(b' \x07' * (VGA_COLS * VGA_ROWS))
    for addr, value, size, _ in trace_writes(log):
        for i in range(size):
            if 0 <= addr + i - VGA_TEXT < len(cells):
                cells[addr + i - VGA_TEXT] = (value >> (8 * i)) & 0xff
    screen = from_vga(cells).flat()
    exits = [x for x in log.lines if x.startswith('# ev=exit ')]
    at = screen.rfind(exits[-1]) if exits else -1
    if at < 0 or screen[at + len(exits[-1]):].strip() or 'ok 1 probe' not in screen[:at]:
        return ['the screen does not end with "ok 1 probe" and ev=exit: ...%r' % screen[-240:]]
    return []


def qemu_ended(what):
    """How tools/qemu-run.sh --until-verdict saw QEMU end (its last line in LOG.qemu)."""
    def check(log):
        with open(log.path + '.qemu', encoding='utf-8', errors='replace') as f:
            ends = [x for x in f.read().split('\n') if x.startswith('qemu-run: QEMU ')]
        if not ends or what not in ends[-1]:
            return ['QEMU ended: %r, expected %r' % (ends[-1] if ends else None, what)]
        return []
    return check


# The reset paths as QEMU names their regions in the trace (docs/hardware.md, "Exit").
RESET_REGIONS = ('lpc-reset-control', 'piix3-reset-control', 'reset-control', 'i8042-cmd')


def reset_first(plan, region, value):
    """on_exit=reboot in Linux's order: ev=exit reset= names the plan, and the first write to
    any reset path is the plan's first step, the one that reset the machine (nothing after)."""
    def check(log):
        exits = log.ev('exit')
        got = exits[-1].get('reset') if exits else None
        if got != plan:
            return ['ev=exit reset=%s, expected %s' % (got, plan)]
        writes = [(r, v) for _, v, _, r in trace_writes(log) if r in RESET_REGIONS]
        if writes != [(region, value)]:
            return ['writes to the reset paths: %s, expected only %s <- %#x' % (
                ['%s <- %#x' % w for w in writes[:4]], region, value)]
        return []
    return check


HALT_KNOBS = 'case=probe on_exit=halt console=ttyS0 console=vga console=e9'

TESTS = [
    # The bare-metal path under QEMU: a halt, QEMU still running when the harness stops it.
    # Booted from the ISO, so SeaBIOS's VGA BIOS sets up the text mode the screen is read in.
    Test('exit-halt-qemu', 'iso', '2', knobs=HALT_KNOBS, timeout=180,
         args=['--until-verdict', '--', '-debugcon', 'file:{log}.e9'] + TRACE,
         checks=[lambda log: ktap_complete(log), exit_is('halt', 'qemu', 'on_exit'),
                 serial_verdict_last, verdict_on('.e9'), screen_shows_verdict,
                 no_exit_port_writes, qemu_ended('QEMU stopped')]),
    # A reset: QEMU's -no-reboot turns it into QEMU's own exit with status 0.
    # q35's FADT has a reset register (I/O 0xCF9, value 0xF): it goes first, alone.
    Test('exit-reboot-qemu', 'kernel', '2', knobs='case=probe on_exit=reboot',
         args=['--until-verdict', '--'] + TRACE,
         checks=[lambda log: ktap_complete(log), exit_is('reboot', 'qemu', 'on_exit'),
                 serial_verdict_last, no_exit_port_writes, qemu_ended('ended by itself'),
                 reset_first('acpi:io:0xcf9=0xf,kbd,cf9,triple', 'lpc-reset-control', 0xf)]),
    # pc's FADT (QEMU 7.2) offers none: the 8042's pulse is the first.
    Test('exit-reboot-qemu-pc', 'kernel', '2', knobs='case=probe on_exit=reboot',
         args=['--machine', 'pc', '--until-verdict', '--'] + TRACE,
         checks=[lambda log: ktap_complete(log), exit_is('reboot', 'qemu', 'on_exit'),
                 qemu_ended('ended by itself'),
                 reset_first('kbd,cf9,triple', 'i8042-cmd', 0xfe)]),
    # on_exit=auto finds each emulator and takes its port (the exit status says QEMU's was).
    Test('exit-auto-qemu', 'kernel', '2', knobs='case=probe',
         checks=[lambda log: ktap_complete(log), exit_is('port', 'qemu', 'fw_cfg'),
                 serial_verdict_last]),
    Test('exit-auto-bochs', 'bochs', '2', timeout=300, args=['--knobs', 'case=probe'],
         checks=[lambda log: ktap_complete(log), exit_is('port', 'bochs', 'smbios'),
                 serial_verdict_last]),
]
