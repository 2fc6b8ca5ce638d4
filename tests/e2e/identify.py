"""The APIC-ID truth table (ev=apicid) and the disagreements it names: Linux's FW_BUG words
for a CPU whose IDs differ, and the 6.5-vs-6.4 slot lookup of apicid_source= on the AMD
family 15h story, reproduced with fault=apicid (docs/hardware.md, docs/knobs.md)."""
from harness.checks import ktap_complete, fault_refused, truth_rows
from harness.record import Test

GROUP = {
    'order': 100,
    'covers': 'the APIC-ID truth table, FW_BUG mismatches, apicid_source=, mixed APIC modes',
    'docs': 'docs/hardware.md',
    'timing': False,
}

RENUMBER = 'case=broadcast apic=xapic fault=apicid:1=0x11 apicid_source=%s'
MISMATCH = '# [Firmware Bug]: CPU   1: APIC ID mismatch. CPUID: 0x0001 APIC: 0x0011'


def rows(log):
    return {e['cpu']: e for e in log.ev('apicid')}


def table_agrees(ncpus):
    """Every CPU has its row, and its MADT, CPUID and register IDs agree."""
    def check(log):
        r, bad = rows(log), []
        for cpu in map(str, range(ncpus)):
            e = r.get(cpu)
            if not e:
                bad.append('no ev=apicid for cpu=%s' % cpu)
            elif not e['madt'] == e['cpuid1'] == e['reg'] or e['cpuid_x2'] not in (e['reg'],
                                                                                  'none'):
                bad.append('cpu=%s: IDs disagree: %s' % (cpu, e))
        if not r.get('0') or r['0'].get('bsp') != '1':
            bad.append('the BSP row (cpu=0) does not have bsp=1')
        if any('[Firmware Bug]' in line for line in log.lines):
            bad.append('a [Firmware Bug] line where the IDs agree')
        return bad
    return check


def result(name, ok):
    def check(log):
        got = log.named(name)
        if not got or got[0].ok != ok:
            return ['expected %s %s, got %s' % ('ok' if ok else 'not ok', name, got)]
        return []
    return check


def line(text):
    def check(log):
        return [] if log.has_line(text) else ['no line %r' % text]
    return check


def row_is(cpu, **want):
    def check(log):
        e = rows(log).get(cpu, {})
        bad = {k: e.get(k) for k, v in want.items() if e.get(k) != v}
        return ['ev=apicid cpu=%s: %s, expected %s' % (cpu, bad, want)] if bad else []
    return check


TESTS = [
    # probe's identify pass gives every CPU's row; identify=off kicks no AP and gives the BSP's.
    Test('apicid-probe-qemu', 'kernel', '4', knobs='case=probe',
         checks=[ktap_complete, table_agrees(4), result('aps_identified', True),
                 result('apic_ids_agree', True), result('cmos_restored', True)]),
    Test('apicid-probe-identify-off', 'kernel', '4', knobs='case=probe identify=off',
         checks=[ktap_complete, table_agrees(1), truth_rows,
                 lambda log: ['an AP was kicked: %s' % log.ev('ipi')[:1]] if log.ev('ipi') or
                 any(e.get('cpu') != '0' for e in log.ev('apicid')) else []]),
    # An AP that never answers: named with its phase, the others identified, CMOS put back.
    Test('apicid-probe-nosipi', 'kernel', '4', verdict='fail',
         knobs='case=probe fault=nosipi@2 timeout_ms=300',
         checks=[lambda log: ktap_complete(log, False), result('aps_identified', False),
                 result('cmos_restored', True), result('apic_ids_agree', True),
                 lambda log: [] if [(e.get('cpu'), e.get('phase')) for e in log.ev('timeout')]
                 == [('2', 'alive')] else ['ev=timeout: %s' % log.ev('timeout')],
                 lambda log: [] if sorted(e['cpu'] for e in log.ev('apicid')) == ['0', '1', '3']
                 else ['rows: %s' % [e['cpu'] for e in log.ev('apicid')]]]),
    Test('apicid-probe-stop-refused', 'kernel', '2', verdict='fail',
         knobs='case=probe fault=stop:callin',
         checks=[lambda log: ktap_complete(log, False),
                 lambda log: [] if any(r.name == 'fault' and 'never reached' in r.message
                                       for r in log.failed()) else
                 ['no "not ok fault" saying stop:callin is never reached']]),
    Test('apicid-serial-qemu4', 'kernel', '4', knobs='case=serial',
         checks=[ktap_complete, table_agrees(4)]),
    # Linux 6.5's lookup: the register says 0x11 as the MADT does; the AP finds its slot and
    # CPUID's 0x1 is named. (Its own CPUID also places it elsewhere: ap_topology_matches fails.)
    Test('apicid-renumber-register', 'kernel', '3', knobs=RENUMBER % 'register', verdict='fail',
         checks=[lambda log: ktap_complete(log, False), line(MISMATCH),
                 result('cpus_online', True), result('no_parked_aps', True),
                 row_is('1', madt='0x11', cpuid1='0x1', reg='0x11', key='0x11', found='1')]),
    # The 6.5-rc lookup by CPUID.1: 0x1 is in no slot, the AP parks, and it is named.
    Test('apicid-renumber-cpuid1', 'kernel', '3', knobs=RENUMBER % 'cpuid1', verdict='fail',
         checks=[lambda log: ktap_complete(log, False), line(MISMATCH),
                 line('# CPU   1: looked its slot up by cpuid1 ID 0x1, which no CPU of the MADT '
                      'has; parked (APIC ID register 0x11, CPUID.1 0x1)'),
                 result('cpus_online', False), result('no_parked_aps', False),
                 row_is('1', madt='0x11', reg='0x11', key='0x1', found='0')]),
    # The same by leaf 0xB's x2APIC ID, which QEMU's Haswell model has: the lookup the knob
    # names is the one the AP made (key=), and it misses as CPUID.1's does.
    Test('apicid-renumber-cpuid-b', 'kernel', '3', knobs=RENUMBER % 'cpuid-b', verdict='fail',
         checks=[lambda log: ktap_complete(log, False), line(MISMATCH),
                 line('# CPU   1: looked its slot up by cpuid-b ID 0x1, which no CPU of the MADT '
                      'has; parked (APIC ID register 0x11, CPUID.1 0x1)'),
                 result('cpus_online', False),
                 row_is('1', cpuid_x2='0x1', reg='0x11', lookup='cpuid-b', key='0x1', found='0')]),
    # An exception on the renumbered AP lands in its slot: the exception path asks CPUID (0x1),
    # the table holds the register's 0x11, and the AP's handler falls back to the register.
    Test('apicid-renumber-exception', 'kernel', '3',
         knobs=RENUMBER % 'register' + ' timeout_ms=300 fault=exception:alive@0x11',
         verdict='fail', timing=True,
         checks=[lambda log: ktap_complete(log, False), result('no_ap_exceptions', False),
                 lambda log: [] if any(e.get('cpu') == '1' and e.get('apic') == '0x11' and
                                       e.get('vector') == '6' and e.get('step') == 'alive'
                                       for e in log.ev('exception')) else
                 ['no ev=exception cpu=1 apic=0x11 vector=6 step=alive: %s' % log.ev('exception')]]),
    # The T340's mixed state: the BSP in x2APIC, one AP left in xAPIC, caught and named in C.
    Test('apicid-apic-mode-bochs4', 'bochs', '4', verdict='fail', timeout=300,
         args=['--knobs', 'case=serial apic=x2apic fault=apic-mode:xapic@2'],
         checks=[lambda log: ktap_complete(log, False), result('cpus_online', False),
                 row_is('2', mode='xapic', mode_kept='xapic', found='1'),
                 line('# CPU   2: APIC mode mismatch: in xAPIC while the run is x2APIC; stopped '
                      'before its first APIC access (it would #GP)')]),
    # The same state found by probe: every AP gives its row, the xAPIC one is named.
    Test('apicid-probe-apic-mode-bochs4', 'bochs', '4', verdict='fail', timeout=300,
         args=['--knobs', 'case=probe apic=x2apic fault=apic-mode:xapic@2'],
         checks=[lambda log: ktap_complete(log, False), result('apic_modes_agree', False),
                 result('aps_identified', True), truth_rows,
                 row_is('2', mode='xapic', mode_kept='xapic', found='1'),
                 line('# CPU   2: APIC mode mismatch: in xAPIC while the run is x2APIC; stopped '
                      'before its first APIC access (it would #GP)')]),
    # A CPU listed above 0xFE in xAPIC mode (here a ghost MADT entry): named as a finding with
    # Linux's line, never kicked (no IPI to it, no truncated destination), the rest come up.
    Test('apicid-xapic-unreachable', 'kernel', '4', knobs='case=serial fault=ghost:0x100',
         checks=[ktap_complete, result('cpus_online', True),
                 lambda log: [] if [(e.get('kind'), e.get('apic'), e.get('linux'))
                                    for e in log.ev('madt-finding')] ==
                 [('xapic-unreachable', '0x100', 'ACPI: x2apic entry ignored')] else
                 ['ev=madt-finding: %s' % log.ev('madt-finding')],
                 lambda log: ['an IPI went to %s' % e['apic'] for e in log.ev('ipi')
                              if int(e.get('apic', '0'), 16) not in (1, 2, 3)]]),
    Test('apicid-fault-needs-broadcast', 'kernel', '2', verdict='fail',
         knobs='case=serial apic=xapic fault=apicid:1=0x11',
         checks=[lambda log: ktap_complete(log, False), fault_refused('apicid')]),
]
