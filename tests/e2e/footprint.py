"""The image's footprint against its own memory map (docs/layout.md, "Memory"): every region it
logs as ev=footprint lies in RAM that the map it logged (ev=memmap) gives, no placed buffer
shares a byte with another region, and a machine too small for the image is refused before the
case runs. The map is read from the image's own output, not from what the test expects."""
from checks import ktap_complete
from record import Test

RAM = 1
NVS = 4
# What every boot must log; the loader's own ranges (boot-info-*, module) vary by loader.
REGIONS = ('code', 'data', 'bss', 'page-tables', 'boot-stack', 'lastlog', 'ap-stacks', 'ring',
           'trampoline', 'boot-info')


def memmap(log):
    """[(base, end, type)] from the ev=memmap entry lines."""
    return [(int(e['base'], 16), int(e['base'], 16) + int(e['len'], 16), int(e['type']))
            for e in log.ev('memmap') if 'base' in e]


def not_ram(entries, start, end):
    """Why [start, end) is not RAM by the map (an entry of another type, or a hole), or None."""
    for base, stop, typ in entries:
        if typ != RAM and base < end and start < stop:
            return 'overlaps map entry %#x-%#x type %d' % (base, stop, typ)
    p = start
    while p < end:
        reach = max([stop for base, stop, typ in entries if typ == RAM and base <= p < stop],
                    default=p)
        if reach == p:
            return '%#x lies in no map entry' % p
        p = reach
    return None


def regions(log):
    return [(r['region'], r['how'], int(r['start'], 16), int(r['end'], 16), r)
            for r in log.ev('footprint')]


def footprint_in_ram(log):
    entries, regs = memmap(log), regions(log)
    names = {name for name, *_ in regs}
    bad = ['no ev=footprint region=%s' % n for n in REGIONS if n not in names]
    if not entries:
        bad.append('no ev=memmap entries to check the footprint against')
    for name, how, start, end, r in regs:
        if how == 'off':
            continue
        if r.get('ok') != '1' or r.get('map') != 'ram':
            bad.append('ev=footprint region=%s ok=%s map=%s' % (name, r.get('ok'), r.get('map')))
        trouble = not_ram(entries, start, end) if start < end else None
        if trouble:
            bad.append('%s %#x-%#x %s' % (name, start, end, trouble))
        if how != 'placed':
            continue
        for other, ohow, ostart, oend, _ in regs:
            if other != name and ohow != 'off' and ostart < end and start < oend:
                bad.append('placed %s %#x-%#x overlaps %s %#x-%#x' % (name, start, end, other,
                                                                      ostart, oend))
    return bad


def ovmf_nvs_low(log):
    """The map this test exists for: OVMF's ACPI NVS at 0x800000 and 0x810000, which the image's
    .bss covered before its buffers were placed from the map."""
    nvs = {base for base, _, typ in memmap(log) if typ == NVS}
    missing = [a for a in (0x800000, 0x810000) if a not in nvs]
    return ['the OVMF map has no ACPI NVS entry at %s' % ', '.join('%#x' % a for a in missing)] \
        if missing else []


def refused_8m(log):
    """-m 8: 7 MiB above 1 MiB cannot hold 8 MiB of AP stacks. The refusal names the region and
    the largest RAM entry, and the case never starts (no ev=madt, no probe result)."""
    bad = []
    stacks = [r for name, _, _, _, r in regions(log) if name == 'ap-stacks']
    if not stacks or stacks[0].get('ok') != '0':
        bad.append('ev=footprint region=ap-stacks is not ok=0')
    want = 'the largest RAM entry is 0x100000-0x800000'
    if not [r for r in log.failed() if r[3] == 'ap_stacks' and want in r[4]]:
        bad.append('no "not ok ap_stacks" naming %s' % want)
    if [r for r in log.top_results() if r[3] != 'footprint']:
        bad.append('a top-level result other than footprint: the case ran')
    if log.ev('madt') or log.ev('knobs'):
        bad.append('the case started (ev=knobs or ev=madt) after the refusal')
    return bad


FOOTPRINT_TESTS = [
    Test('probe-footprint-refused-8m', 'kernel', '2', knobs='case=probe', verdict='fail',
         args=['--mem', '8'], checks=[lambda log: ktap_complete(log, False), refused_8m]),
]
