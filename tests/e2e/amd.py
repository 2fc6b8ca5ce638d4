"""AMD CPU models: every CPU at the package, core and thread its CPUID says, and the microcode
patch level read the AMD way (docs/hardware.md, "AMD").

What CPUID says depends on the model and the emulator:
- QEMU's EPYC has leaf 0xB (max leaf 0xD): the places are -smp's (tests/e2e/harness/topology.py).
- With leaf 0xB hidden (level=0xa), only 0x80000008 is left: QEMU 7.2 TCG drops
  TopologyExtensions, so 0x8000001E is absent and CPUID does not tell a core's threads apart;
  each of -smp's threads is a core of its package.
- Bochs 2.7's AMD models (the cpudb/amd folder of its source) number CPUs 0, 1, 2, ... in
  order, set 0x80000008 ECX to cores - 1 with ApicIdCoreIdSize 0, and, where they have
  0x8000001E (ryzen, zambezi, trinity_apu), its threads-per-core field to cores - 1 as well:
  so the CPUs Bochs calls the cores of a package are, by CPUID, the threads of one core.
"""
from harness.checks import all_online, ktap_complete, probe_facts, truth_rows
from harness.record import Test
from harness.shapes import ok
from harness.topology import bits, expected_cpus, parse_smp

GROUP = {
    'order': 90,
    'covers': 'AMD models in QEMU and Bochs: every CPU at the place its CPUID says, microcode',
    'docs': 'docs/hardware.md',
    'timing': False,
}

# QEMU's microcode revision for AMD models when none is set (its ucode-rev CPU property).
QEMU_AMD_UCODE = '0x1000065'
BOCHS_TOPOEXT = ('ryzen', 'zambezi', 'trinity_apu')


def qemu_no_smt(spec):
    """-smp's places as 0x80000008 alone tells them: all of a package's CPUs are its cores."""
    _, _, _, cores, threads = parse_smp(spec)
    below_pkg = (1 << (bits(cores) + bits(threads))) - 1
    return [(apic, pkg, apic & below_pkg, 0, en) for apic, pkg, _, _, en in expected_cpus(spec)]


def bochs_places(model, count):
    """[(apic, pkg, core, smt, enabled)] for Bochs's --cpus P:C:T under an AMD model."""
    p, c, t = (int(n) for n in count.split(':'))
    pkg_shift = bits(c)
    smt_bits = bits(c) if model in BOCHS_TOPOEXT else 0
    pkg_shift = max(pkg_shift, smt_bits)
    out = []
    for apic in range(p * c * t):
        out.append((apic, apic >> pkg_shift, (apic & ((1 << pkg_shift) - 1)) >> smt_bits,
                    apic & ((1 << smt_bits) - 1), 1))
    return out


def cpus_at(want, what):
    def check(log):
        got = [(int(e['apic'], 16), int(e['pkg']), int(e['core']), int(e['smt']),
                int(e['enabled'])) for e in log.ev('cpu')]
        if sorted(got) == sorted(want):
            return []
        return ['ev=cpu differs from %s: missing %s, unexpected %s' % (
            what, sorted(set(want) - set(got))[:4], sorted(set(got) - set(want))[:4])]
    return check


def topology_from(source):
    def check(log):
        t = log.ev('topology')
        got = t[0].get('source') if t else None
        return [] if got == source else ['topology source=%s, expected %s' % (got, source)]
    return check


def microcode_is(rev):
    """The patch level rev in the BSP's ev=microcode (probe) or each AP's ucode= (a bringup)."""
    def check(log):
        seen = [('BSP', e.get('rev')) for e in log.ev('microcode')] + \
               [('CPU %s' % e['cpu'], e.get('ucode')) for e in log.ev('ap')]
        if not seen:
            return ['no ev=microcode and no ev=ap line']
        return ['%s microcode %s, expected %s' % (who, got, rev)
                for who, got in seen if got != rev][:4]
    return check


def amd(name, boot, smp, places, source, args, case='probe', more=()):
    """probe lists the CPUs; parallel (Linux 6.5's flow) brings them up, each AP checking its
    own CPUID APIC ID's place against its MADT entry's and reading its own microcode."""
    checks = [places] + list(more)
    checks += [probe_facts, truth_rows, topology_from(source)] if case == 'probe' else [all_online()]
    if boot == 'bochs':
        args = args + ['--knobs', 'case=' + case]
    return Test(name, boot, smp, knobs='case=' + case if boot != 'bochs' else None,
                timeout=120 if boot != 'bochs' else 300, args=args, all_up=case != 'probe',
                checks=ok(checks) if case != 'probe' else
                [lambda log: ktap_complete(log)] + checks)


EPYC_SMP = '8,sockets=2,cores=2,threads=2'
OPTERON_SMP = '8,sockets=2,cores=4'
TESTS = []
# QEMU boots are cheap: each model both listed (probe) and brought up (parallel).
for case in ('probe', 'parallel'):
    TESTS += [
        amd('amd-%s-qemu-epyc-leaf-b' % case, 'kernel', EPYC_SMP,
            cpus_at(expected_cpus(EPYC_SMP), '-smp'), 'cpuid-b', ['--cpu', 'EPYC'], case,
            [microcode_is(QEMU_AMD_UCODE)]),
        amd('amd-%s-qemu-epyc-80000008' % case, 'kernel', EPYC_SMP,
            cpus_at(qemu_no_smt(EPYC_SMP), '-smp with threads as cores'), 'cpuid-80000008',
            ['--cpu', 'EPYC,level=0xa'], case, [microcode_is(QEMU_AMD_UCODE)]),
        amd('amd-%s-qemu-opteron-g5' % case, 'kernel', OPTERON_SMP,
            cpus_at(expected_cpus(OPTERON_SMP), '-smp'), 'cpuid-80000008',
            ['--cpu', 'Opteron_G5,level=0xa'], case),
    ]
# Two Bochs boots (10-50 s each): a Zen model with 0x8000001E brought up, a family 10h one
# without it probed.
TESTS += [
    amd('amd-parallel-bochs-ryzen', 'bochs', '2:2:1',
        cpus_at(bochs_places('ryzen', '2:2:1'), 'ryzen'), 'cpuid-8000001e',
        ['--model', 'ryzen'], 'parallel'),
    amd('amd-probe-bochs-phenom', 'bochs', '1:3:1',
        cpus_at(bochs_places('phenom_8650_toliman', '1:3:1'), 'phenom_8650_toliman'),
        'cpuid-80000008', ['--model', 'phenom_8650_toliman']),
]
