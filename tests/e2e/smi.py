"""SMIs inside the BSP's timed windows (docs/hardware.md, "SMIs"): under SeaBIOS on q35, whose
SMI handler returns, fault=smi has the BSP raise one through port 0xB2 inside CPU 1's alive
window; MSR_SMI_COUNT puts it in that phase (ev=phase smi=), in ev=ap smi= and as a mark after
the "CPU#1 up in" line, whose shape stays the seed's. Under qboot, which has no SMI handler, the
fault is refused before anything is raised."""
import re

from harness.checks import fault_refused, ktap_complete
from harness.record import Test

GROUP = {
    'order': 75,
    'covers': 'MSR_SMI_COUNT around each window, fault=smi under SeaBIOS, refused under qboot',
    'docs': 'docs/hardware.md',
    'timing': False,
}

UP_IN = re.compile(r'# CPU#(\d+) up in (\d+), (\d+), (\d+), (\d+) \( (\d+)\)(.*)$')


def smi_in(cpu, phase):
    """CPU cpu's SMIs: one in phase, none in its other phases and none in the other CPUs'."""
    def check(log):
        bad = []
        for e in log.ev('phase'):
            want = '1' if (e['cpu'], e['phase']) == (cpu, phase) else '0'
            if e.get('smi') != want:
                bad.append('ev=phase cpu=%s phase=%s smi=%s, expected %s' % (
                    e['cpu'], e['phase'], e.get('smi'), want))
        for e in log.ev('ap'):
            want = '1' if e['cpu'] == cpu else '0'
            if e.get('smi') != want:
                bad.append('ev=ap cpu=%s smi=%s, expected %s' % (e['cpu'], e.get('smi'), want))
        return bad
    return check


def marked(cpu):
    """The seed's "CPU#n up in" shape read by its old pattern; only cpu's line has " smi=1"."""
    def check(log):
        lines = [m for m in map(UP_IN.match, log.lines) if m]
        if not lines:
            return ['no "# CPU#n up in" line']
        return ['CPU#%s line ends %r' % (m.group(1), m.group(7)) for m in lines
                if m.group(7) != (' smi=1' if m.group(1) == cpu else '')]
    return check


TESTS = [
    Test('smi-seabios-q35-alive', 'iso', '4', knobs='case=serial fault=smi:alive',
         all_up=True, checks=[ktap_complete, smi_in('1', 'alive'), marked('1')]),
    Test('smi-refused-qboot', 'kernel', '2', knobs='case=serial fault=smi:alive',
         verdict='fail',
         checks=[lambda log: ktap_complete(log, False), fault_refused('smi'),
                 lambda log: [] if any('MSR_SMI_COUNT is 0' in r.message
                                       for r in log.failed()) else
                 ['the refusal does not say the firmware took no SMI']]),
]
