"""case=probe under each loader and firmware: every CPU QEMU or Bochs was given, at its APIC ID
and place (tests/e2e/harness/topology.py), the loader that booted the image, the probe's facts,
the APIC-ID truth table, the exit, and the footprint in RAM."""
from harness.checks import (cpus_match, exit_is, footprint_in_ram, ktap_complete, loader_is,
                            ovmf_nvs_low, probe_facts, truth_rows)
from harness.record import HASWELL, Test
from harness.shapes import probe

GROUP = {
    'order': 10,
    'covers': 'case=probe under qboot, SeaBIOS, OVMF and Bochs: CPUs, places, loader, facts',
    'docs': 'docs/hardware.md',
    'timing': False,
}

TESTS = [
    probe('mb1-qboot-smp1', 'kernel', '1', [loader_is('multiboot1', '0')]),
    probe('mb1-qboot-smp2', 'kernel', '2'),
    probe('mb1-qboot-haswell28', 'kernel', HASWELL),
    probe('mb1-qboot-2sockets', 'kernel', '16,sockets=2,cores=4,threads=2'),
    probe('mb1-qboot-smp255', 'kernel', '255', timeout=120),
    probe('mb1-qboot-maxcpus8', 'kernel', '4,maxcpus=8'),
    probe('iso-seabios-q35', 'iso', HASWELL, [loader_is('multiboot2', '0')], 180,
          args=['--machine', 'q35']),
    probe('iso-seabios-pc', 'iso', HASWELL, [loader_is('multiboot2', '0')], 180,
          args=['--machine', 'pc']),
    probe('iso-ovmf-q35', 'iso', HASWELL, [loader_is('multiboot2', '1'), ovmf_nvs_low], 300,
          args=['--machine', 'q35', '--fw', 'uefi']),
    Test('iso-bochs-8cpu', 'bochs', '8', timeout=300,
         checks=[lambda log: ktap_complete(log), cpus_match('8'), probe_facts, truth_rows,
                 loader_is('multiboot2', '0'), exit_is('port', 'bochs'),
                 footprint_in_ram]),
]
