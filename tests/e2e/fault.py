"""Faults aimed at the BSP and faults the image refuses (docs/knobs.md, "Faults"): a #UD and an
NMI on the BSP reported with vector, RIP and step (the NMI while the BSP holds the log's lock:
the report goes around the lock, in QEMU's xAPIC and Bochs's x2APIC), and a fault the case
cannot inject refused. The faults aimed at APs are the fault matrix (tests/e2e/matrix.py)."""
from harness.checks import exception_report, fault_refused, ktap_complete, log_went_around
from harness.record import Test
from harness.shapes import refused

GROUP = {
    'order': 40,
    'covers': 'BSP exceptions (#UD, an NMI under the log lock) reported; a fault refused',
    'docs': 'docs/knobs.md',
    'timing': False,
}

TESTS = [
    refused('fault-bsp-ud2', 'kernel', 'case=probe fault=bsp-ud2', [exception_report(6)]),
    # An NMI while the BSP holds the log's lock: the report comes out instead of a silent hang.
    refused('fault-bsp-nmi', 'kernel', 'case=serial fault=bsp-nmi',
            [exception_report(2), log_went_around]),
    Test('fault-bsp-nmi-bochs4-x2apic', 'bochs', '4', verdict='fail', timeout=300,
         args=['--knobs', 'case=serial apic=x2apic fault=bsp-nmi'],
         checks=[lambda log: ktap_complete(log, False), exception_report(2), log_went_around]),
    refused('fault-not-injectable', 'kernel', 'case=probe identify=off fault=nosipi@1',
            [fault_refused('nosipi')]),
]
