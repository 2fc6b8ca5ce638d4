"""The shapes of test more than one group builds: a probe, a bringup that must pass with every
CPU online, one that must fail, and a run the image refuses."""
from harness.checks import (cmos_restored, cpus_match, exit_is, footprint_in_ram, ktap_complete,
                            late_checkins, probe_facts, truth_rows)
from harness.record import Test


def probe(name, boot, smp, checks=(), timeout=60, knobs='case=probe', **kw):
    """A QEMU boot of case=probe that passes: every CPU of -smp listed at its place, the probe's
    facts, the APIC-ID truth table, the exit through QEMU's port, the footprint in RAM."""
    return Test(name, boot, smp, knobs=knobs, timeout=timeout,
                checks=[lambda log: ktap_complete(log), cpus_match(smp), probe_facts, truth_rows,
                        exit_is('port', 'qemu'), footprint_in_ram] + list(checks), **kw)


def ok(checks):
    """A passing bringup's checks: KTAP complete, CMOS put back, the footprint in RAM, and more."""
    return [lambda log: ktap_complete(log), cmos_restored, footprint_in_ram] + checks


def up(name, boot, smp, knobs, checks, timeout, **kw):
    """A bringup that must pass with every CPU online."""
    return Test(name, boot, smp, knobs=knobs, checks=ok(checks), timeout=timeout, all_up=True,
                **kw)


# A fault test bounds every wait at 300 ms (timeout_ms=300) so that its one silent CPU costs
# little. Healthy APs answer in under 10 ms of host time on an idle 2-core host (the alive
# column of the logs), so the bound holds with a margin of 30; under a busy host a healthy AP
# that misses it checks in late (ev=timeout late=1) and the test is run once more
# (checks.late_checkins). The tests run alone (timing=True), so no other boot adds to the load.
def down(name, smp, knobs, checks, timeout=60, **kw):
    """A bringup that must fail: KTAP complete and not ok, CMOS put back, plus checks."""
    return Test(name, 'kernel', smp, knobs=knobs, verdict='fail', timeout=timeout,
                checks=[lambda log: ktap_complete(log, False), cmos_restored] + checks,
                timing='timeout_ms=300' in knobs, retry_if=late_checkins, **kw)


def refused(name, boot, knobs, checks, timeout=60):
    """A run the image refuses (a bad knob, an exception): KTAP complete and not ok."""
    return Test(name, boot, '2', knobs=knobs, verdict='fail', timeout=timeout,
                checks=[lambda log: ktap_complete(log, False)] + checks)
