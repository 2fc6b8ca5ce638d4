"""QEMU's trace of every write it dispatches to a device or to an unassigned port (its trace
event memory_region_ops_write), with address, value and size, in LOG.trace: a test asks for it
with TRACE among its runner arguments."""
import re

TRACE = ['-d', 'trace:memory_region_ops_write', '-D', '{log}.trace']
TRACE_RE = re.compile(r"^memory_region_ops_write .* addr (0x[0-9a-f]+) value (0x[0-9a-f]+) "
                      r"size (\d+) name '([^']*)'")


def trace_writes(log):
    """[(addr, value, size, region)] from LOG.trace, in order."""
    with open(log.path + '.trace', encoding='utf-8', errors='replace') as f:
        return [(int(m.group(1), 16), int(m.group(2), 16), int(m.group(3)), m.group(4))
                for m in map(TRACE_RE.match, f) if m]
