"""The image's footprint against its own memory map (docs/layout.md, "Memory"): a machine too
small for the image is refused before the case runs. That every region a boot logs as
ev=footprint lies in RAM of the map it logged (ev=memmap), no placed buffer sharing a byte with
another region, every probe and bringup boot checks (footprint_in_ram in
tests/e2e/harness/checks.py); the OVMF probe also that the map has OVMF's low ACPI NVS."""
from harness.checks import ktap_complete, regions
from harness.record import Test

GROUP = {
    'order': 130,
    'covers': 'a machine too small for the image (-m 8) refused before the case runs',
    'docs': 'docs/layout.md',
    'timing': False,
}


def refused_8m(log):
    """-m 8: 7 MiB above 1 MiB cannot hold 8 MiB of AP stacks. The refusal names the region and
    the largest RAM entry, and the case never starts (no ev=madt, no probe result)."""
    bad = []
    stacks = [r for name, _, _, _, r in regions(log) if name == 'ap-stacks']
    if not stacks or stacks[0].get('ok') != '0':
        bad.append('ev=footprint region=ap-stacks is not ok=0')
    want = 'the largest RAM entry is 0x100000-0x800000'
    if not [r for r in log.failed() if r.name == 'ap_stacks' and want in r.message]:
        bad.append('no "not ok ap_stacks" naming %s' % want)
    if [r for r in log.top_results() if r.name != 'footprint']:
        bad.append('a top-level result other than footprint: the case ran')
    if log.ev('madt') or log.ev('knobs'):
        bad.append('the case started (ev=knobs or ev=madt) after the refusal')
    return bad


TESTS = [
    Test('probe-footprint-refused-8m', 'kernel', '2', knobs='case=probe', verdict='fail',
         args=['--mem', '8'], checks=[lambda log: ktap_complete(log, False), refused_8m]),
]
