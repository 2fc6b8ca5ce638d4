"""Consoles (docs/knobs.md, "Consoles"): the run's KTAP on every console= named (port 0xE9,
ttyS0, ttyS1) and nothing on the ones not named; a UART that is absent; the firmware's divisor
kept when console= gives no baud rate, and MMIO UARTs. QEMU 7.2 offers no MMIO 16550 on x86
(docs/testing.md, "MMIO UART"), so the MMIO path is tested where nothing answers: each such UART
is reported absent with the reason, and the run goes on, never hanging, on the console that
works."""
import re

from harness.checks import ktap_complete, side_console, side_log, silent
from harness.record import Test
from harness.shapes import probe
from harness.trace import TRACE, trace_writes

GROUP = {
    'order': 30,
    'covers': 'console=: e9, ttyS0, ttyS1, an absent UART, the UART line kept or set, MMIO UARTs',
    'docs': 'docs/knobs.md',
    'timing': False,
}

COM1 = 0x3f8
UART_THR, UART_IER, UART_LCR, UART_SCR = 0, 1, 3, 7
LCR_DLAB = 0x80


def uart_line(want, port='0x3f8'):
    """The ev=console line of the UART at port has every key=value of want."""
    def check(log):
        got = [e for e in log.ev('console') if e.get('port') == port]
        if len(got) != 1:
            return ['%d ev=console lines for port %s, expected 1' % (len(got), port)]
        return ['ev=console port=%s %s=%s, expected %s' % (port, k, got[0].get(k), v)
                for k, v in want.items() if got[0].get(k) != v]
    return check


def divisor_writes(log, base=COM1):
    """The divisor bytes written to the UART at base after the image's scratch register test
    (the last 0x5a, 0xa5 pair: GRUB probes the same way before it), from LOG.trace."""
    writes = [(a - base, v) for a, v, _, r in trace_writes(log) if r == 'serial'
              and base <= a < base + 8]
    starts = [i for i in range(1, len(writes))
              if writes[i - 1] == (UART_SCR, 0x5a) and writes[i] == (UART_SCR, 0xa5)]
    if not starts:
        return None
    lcr, out = 0, []
    for reg, v in writes[starts[-1]:]:
        if reg == UART_LCR:
            lcr = v
        elif reg in (UART_THR, UART_IER) and lcr & LCR_DLAB:
            out.append((reg, v))
    return out


def divisor_written(want):
    """After its scratch test the image wrote exactly these (register, value) divisor bytes."""
    def check(log):
        got = divisor_writes(log)
        if got is None:
            return ['no scratch register test of the UART in the trace']
        return [] if got == want else ['divisor writes %s, expected %s' % (got, want)]
    return check


def mmio_absent(suffix, want):
    """In the console captured in LOG<suffix>, each MMIO UART of want ({addr: why}) is
    reported present=0 for that reason."""
    def check(log):
        side = side_log(log, suffix)
        if side is None:
            return ['nothing captured in %s%s' % (log.path, suffix)]
        bad = []
        for addr, why in want.items():
            got = [e for e in side.ev('console') if e.get('addr') == addr]
            if len(got) != 1 or got[0].get('present') != '0' or got[0].get('why') != why:
                bad.append('ev=console for the MMIO UART at %s: %s, expected present=0 why=%s'
                           % (addr, got, why))
        return bad
    return check


# QEMU's -d guest_errors names each access to an address nothing decodes, with its width.
UNDECODED = ['-d', 'guest_errors', '-D', '{log}.trace']
UNDECODED_RE = re.compile(r'^Invalid (read|write) at addr (0x[0-9A-Fa-f]+), size (\d+)')


def undecoded_accesses(want):
    """The accesses that reached no device, in order, are want [(kind, addr, size)]: the
    scratch register of each absent MMIO UART at its stride and width, and nothing more."""
    def check(log):
        with open(log.path + '.trace', encoding='utf-8', errors='replace') as f:
            got = [(m.group(1), int(m.group(2), 16), int(m.group(3)))
                   for m in map(UNDECODED_RE.match, f) if m]
        return [] if got == want else ['undecoded accesses %s, expected %s' % (
            [(k, hex(a), n) for k, a, n in got][:8], [(k, hex(a), n) for k, a, n in want])]
    return check


# Under q35 with 512 MiB: above 4 GiB with nothing there (a page directory made for it), below
# 4 GiB outside RAM and the PCI hole (made uncached), RAM (refused unread), and past the 512 GiB
# the page tables cover.
MMIO_KNOBS = ('case=probe console=uart,mmio32,0x4000000000 console=uart,mmio,0x40000000 '
              'console=uart,mmio32,0x10000000,115200 console=uart,mmio,0x8000000000 console=e9')

TESTS = [
    probe('console-e9-and-ttyS0', 'kernel', '2', [side_console('.e9')],
          knobs='case=probe console=e9 console=ttyS0', args=['--', '-debugcon', 'file:{log}.e9']),
    Test('console-ttyS1-only', 'kernel', '2', knobs='case=probe console=ttyS1,9600',
         checks=[silent, side_console('.ttyS1')], args=['--', '-serial', 'file:{log}.ttyS1']),
    Test('console-absent-uart', 'kernel', '2', knobs='case=probe console=uart,io,0x2e8 console=e9',
         checks=[silent, side_console('.e9', want_uart_absent='0x2e8')],
         args=['--', '-debugcon', 'file:{log}.e9']),
    # GRUB sets COM1 to 115200 8N1 (tools/gen-grubcfg.c); console=ttyS0 keeps that, unwritten.
    Test('console-ttyS0-kept-iso', 'iso', '2', knobs='case=probe console=ttyS0', timeout=180,
         args=['--'] + TRACE,
         checks=[lambda log: ktap_complete(log),
                 uart_line({'baud': 'firmware', 'divisor': '1', 'lcr': '0x03', 'line': 'kept',
                            'present': '1'}),
                 divisor_written([])]),
    # qboot leaves COM1 as reset does (line control 0: 5-bit words): nothing to keep, so 115200.
    Test('console-ttyS0-unconfigured', 'kernel', '2', knobs='case=probe console=ttyS0',
         args=['--'] + TRACE,
         checks=[lambda log: ktap_complete(log),
                 uart_line({'baud': '115200', 'divisor': '1', 'lcr': '0x03',
                            'line': 'set-unconfigured', 'present': '1'}),
                 divisor_written([(UART_THR, 1), (UART_IER, 0)])]),
    Test('console-ttyS0-baud', 'kernel', '2', knobs='case=probe console=ttyS0,9600n8',
         args=['--'] + TRACE,
         checks=[lambda log: ktap_complete(log),
                 uart_line({'baud': '9600', 'divisor': '12', 'lcr': '0x03', 'line': 'set'}),
                 divisor_written([(UART_THR, 12), (UART_IER, 0)])]),
    Test('console-mmio-absent', 'kernel', '2', knobs=MMIO_KNOBS,
         args=['--', '-debugcon', 'file:{log}.e9'] + UNDECODED,
         checks=[silent, side_console('.e9'),
                 mmio_absent('.e9', {'0x4000000000': 'no-scratch', '0x40000000': 'no-scratch',
                                     '0x10000000': 'memory-map', '0x8000000000': 'unmappable'}),
                 # Scratch (register 7) at 0x4000000000 + 7 * 4, dword; at 0x40000000 + 7, byte.
                 undecoded_accesses([('write', 0x400000001c, 4), ('read', 0x400000001c, 4),
                                     ('write', 0x40000007, 1), ('read', 0x40000007, 1)])]),
]
