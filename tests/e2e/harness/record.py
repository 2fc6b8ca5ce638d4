"""One e2e test: a keyed record instead of a tuple, so a field is named where it is set."""
import dataclasses
import os

import names
from harness.checks import late_checkins

NAMES = names.load()
HASWELL = '28,sockets=1,cores=14,threads=2'


@dataclasses.dataclass
class Test:
    name: str
    boot: str                  # kernel (multiboot1 under qboot), iso (GRUB) or bochs (ISO)
    smp: str                   # QEMU's -smp spec, or Bochs's CPU count or topology
    knobs: str = None          # the kernel command line; Bochs takes its knobs in args
    verdict: str = 'pass'      # what the runner's exit status must say: pass, fail, none
    checks: list = dataclasses.field(default_factory=list)  # log -> [what was wrong]
    timeout: int = 60          # seconds the emulator may run (the harness adds its own margin)
    args: list = dataclasses.field(default_factory=list)    # more runner arguments
    requires: frozenset = frozenset()  # 'kvm': skipped without a usable /dev/kvm
    # The verdict depends on how fast the host runs the guest (a measured frequency, a loop's
    # length, a kill that must land inside a wait): the test runs alone, never beside another.
    # None: as its group says (GROUP['timing'], tests/e2e/harness/groups.py).
    timing: bool = None
    # smpscope-report must also find every CPU online and no timeouts (a bringup that passes).
    all_up: bool = False
    # log -> a reason or None: when a failed run shows the host was too slow for it (the image's
    # own evidence, e.g. an AP that checked in after its timeout), it is run once more and the
    # retry is reported in its line. An image that is wrong fails the second run as well.
    # None: never retried.
    retry_if: object = late_checkins
    # The log holds a boot a reset cut short, then the boot after it: the verdict and
    # smpscope-report's check are the last boot's (tests/e2e/cmos.py).
    after_reset: bool = False
    # No serial port: the verdict and the checks come from the screen read back through QMP
    # (tests/e2e/harness/boot.py); LOG holds port 0xE9's text, LOG.screen the screen's rows.
    screen: bool = False
    # drive(qmp, log, deadline): run beside the boot through QMP (tests/e2e/harness/boot.py):
    # monitor commands at points of the log (a machine check injected into an AP, a reset).
    # The runner's exit status is the verdict, as for any boot; drive may quit QEMU itself.
    drive: object = None
    # (build, test, log) -> (log, verdict, error, text): a test that boots the machine itself,
    # several times on one QEMU (tests/e2e/stick.py); None: tests/e2e/harness/boot.py does.
    driver: object = None
    group: str = None          # the module it came from (tests/e2e/<group>.py), set on discovery


def available(requires):
    """Why a test cannot run here, or None."""
    if 'kvm' in requires and not os.access('/dev/kvm', os.R_OK | os.W_OK):
        return 'no usable /dev/kvm (KVM is optional here)'
    return None
