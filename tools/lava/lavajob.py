"""LAVA job and device definitions for smpscope (docs/lab.md), written from the case table in
BUILD/names.json, stdlib only (the YAML is written by hand: it is small and fixed in shape).

    python3 tools/lava/lavajob.py job [--build B] [--iso URL] [--knobs K] [--case NAME]
                                      [--target qemu|x86]
    python3 tools/lava/lavajob.py device qemu
    python3 tools/lava/lavajob.py dict qemu|x86-grub
    python3 tools/lava/lavajob.py device-type x86-grub

`job` without --case is the ladder in one boot (case=all: plan 1..7, one top-level KTAP result
per rung); with --case it boots that case alone. Both read results through one `monitors`
entry whose pattern is RESULT below. `device qemu` is the device file lava-run reads;
lava-server takes a device dictionary instead (`dict`), a jinja2 file that extends the device
type's template and renders to the device file (docs/lab.md): LAVA's `qemu` for QEMU, and for
a real PC `x86-grub`, our own template over LAVA's base-grub.jinja2, whose boot methods hold
the `minimal` boot that `--target x86` uses (LAVA's own `x86` type boots iPXE only).
"""
import json
import os
import sys

# A top-level KTAP result: `ok N name`, `not ok N name` or `ok N name # SKIP why` at column 0
# (after a newline: indented subtests never match). `result` is `ok`, `not ok` or `SKIP`
# (FIXUP maps them to LAVA's words): the lookahead at the start either steps over
# `ok N name # ` when SKIP follows, or over nothing. The name and its comment must run to the
# line's end (a lookahead, so the newline stays for the next line's match): on a slow serial
# line pexpect sees `ok 6 para` long before `llel\r\n`, and must not take `para` as the name.
RESULT = (r'\n(?=(?:ok [0-9]+ [^\s#]+ # (?=SKIP)|)(?P<result>SKIP|not ok|ok))'
          r'(?:not )?ok [0-9]+ (?P<test_case_id>[^\s#]+)(?: #[^\r\n]*)?(?=\r*\n)')
FIXUP = {'ok': 'pass', 'not ok': 'fail', 'SKIP': 'skip'}
# The top-level KTAP header (the first one: every subtest's header is indented), and the
# image's last line (docs/log-format.md).
START = 'KTAP version 1'
END = '# ev=exit '

# The machine tools/qemu-run.sh boots by default: q35, the 28-thread Haswell (TCG emulates no
# PCID, x2APIC, TSC deadline, TSX or INVPCID), isa-debug-exit at 0xf4 so the verdict ends QEMU.
# QEMU_MEMORY and `-monitor none` are apart: LAVA's qemu.jinja2 writes them itself.
QEMU_OPTIONS = ['-M q35', '-accel tcg',
                '-cpu Haswell,-pcid,-x2apic,-tsc-deadline,-hle,-invpcid,-rtm',
                '-smp 28,sockets=1,cores=14,threads=2',
                '-device isa-debug-exit,iobase=0xf4,iosize=0x04', '-no-reboot',
                '-display none', '-nic none', '-serial stdio']
QEMU_MEMORY = 512
# The placeholders of a real PC's dictionary (docs/lab.md, "A real machine"): the lab's own.
X86_COMMANDS = ['connection_command', 'hard_reset_command', 'power_off_command',
                'power_on_command']


def load_cases(build):
    with open(os.path.join(build, 'names.json')) as f:
        cases = json.load(f)['cases']
    return [c['name'] for c in cases]


def q(s):
    """A YAML single-quoted scalar."""
    return "'" + str(s).replace("'", "''") + "'"


def cdrom_args(iso, knobs):
    """QEMU's arguments that boot ISO with KNOBS. grub.cfg reads the knobs from the SMBIOS OEM
    string `smpscope:KNOBS`; QEMU wants a comma in the value written twice, and LAVA's command
    line is split like a shell's."""
    return "-cdrom %s -boot d -smbios '%s'" % (iso, 'type=11,value=smpscope:' +
                                                knobs.replace(',', ',,'))


def job(cases, iso, knobs, case=None, minutes=15, target='qemu'):
    """The job for case=all (case None) or one case, as YAML text. target x86: a real machine
    (device_x86_grub), which boots what it holds: the knobs are then the lab's to put in
    /smpscope.knobs or grub.cfg (docs/lab.md), and the job only powers it on and reads."""
    if case is not None and case not in cases:
        raise SystemExit('lavajob: no case %r in the table (%s)' % (case, ' '.join(cases)))
    knobs = ('case=%s %s' % (case or 'all', knobs)).strip()
    image_arg = cdrom_args('{cdrom}', knobs)
    name = 'smpscope-' + (case or 'all')
    if target == 'x86':
        deploy = ['- boot:', '    method: minimal', '    timeout: {minutes: 5}']
    else:
        deploy = ['- deploy:', '    to: tmpfs', '    timeout: {minutes: 2}', '    images:',
                  '      cdrom:', '        url: %s' % q(iso),
                  '        image_arg: %s' % q(image_arg),
                  '- boot:', '    method: qemu', '    media: tmpfs', '    timeout: {minutes: 2}']
    return '\n'.join([
        'device_type: %s' % ('x86-grub' if target == 'x86' else target),
        'job_name: %s' % q('%s %s' % (name, knobs)),
        'visibility: public',
        'priority: medium',
        'timeouts:',
        '  job: {minutes: %d}' % minutes,
        '  action: {minutes: %d}' % minutes,
        'context:',
        '  arch: x86_64',
        'actions:'] + deploy + [
        '- test:',
        '    timeout: {minutes: %d}' % (minutes - 2),
        '    monitors:',
        '    - name: %s' % name,
        '      start: %s' % q(START),
        '      end: %s' % q(END),
        '      pattern: %s' % q(RESULT),
        '      fixupdict: {%s}' % ', '.join('%s: %s' % (q(k), v) for k, v in FIXUP.items()),
        ''])


def device_qemu():
    return '\n'.join([
        '# smpscope under QEMU TCG on the worker itself (tools/lava/lavajob.py, docs/lab.md).',
        'device_type: qemu',
        'available_architectures: [x86_64]',
        'constants:',
        '  shutdown-message: "The system is going down for reboot NOW"',
        '  kernel-start-message: ""',
        '  failure_retry: 1',
        '  boot_retry: 1',
        '  spawn_maxread: 4092',
        'actions:',
        '  deploy:',
        '    methods:',
        '      image:',
        '        parameters: {}',
        '  boot:',
        '    connections: {serial: null}',
        '    methods:',
        '      qemu:',
        '        parameters:',
        '          command: qemu-system-x86_64',
        '          options:'] + ['          - %s' % o for o in QEMU_OPTIONS + [
            '-m %d' % QEMU_MEMORY, '-monitor none']] + [
        'timeouts:',
        '  actions: {}',
        '  connections: {}',
        ''])


def jinja(s):
    """A jinja2 string literal."""
    return "'" + str(s).replace('\\', '\\\\').replace("'", "\\'") + "'"


def dict_qemu():
    """The QEMU device for lava-server: LAVA's qemu.jinja2 with device_qemu's machine. The
    template adds `-nographic` and a virtio NIC of its own (the image has no PCI driver);
    `no_kvm` keeps it from adding `-cpu host -enable-kvm`. The binary follows the job's
    context: `arch: x86_64`."""
    return '\n'.join([
        '{# smpscope under QEMU TCG on the worker (tools/lava/lavajob.py, docs/lab.md) #}',
        "{% extends 'qemu.jinja2' %}",
        '{% set no_kvm = True %}',
        '{%% set memory = %d %%}' % QEMU_MEMORY,
        "{% set kernel_start_message = '' %}",
        '{% set boot_retry = 1 %}',
        '{% set extra_options = [' + ', '.join(jinja(o) for o in QEMU_OPTIONS) + '] %}',
        ''])


def device_type_x86_grub():
    """A PC that boots what its firmware finds first through GRUB: LAVA's base-grub.jinja2,
    whose boot methods are `minimal` and `grub` over the serial connection."""
    return '\n'.join([
        '{# device_type: x86-grub. A PC that boots through GRUB from a stick or the network',
        '   (tools/lava/lavajob.py, docs/lab.md, "A real machine") #}',
        "{% extends 'base-grub.jinja2' %}",
        ''])


def dict_x86_grub():
    """A real PC; every ${...} is the lab's to fill in (docs/lab.md lists them). The serial
    console at 115200 8N1 (smpscope programs the UART itself), through ser2net, conmux or a
    BMC's serial-over-LAN, as a command that connects to it; the power commands of its PDU or
    BMC. Nothing to deploy: the machine boots smpscope from a USB stick holding
    build/smpscope.iso or GRUB over the network."""
    return '\n'.join([
        '{# A real x86 machine that boots smpscope through GRUB (tools/lava/lavajob.py,',
        '   docs/lab.md, "A real machine"). Replace every ${...}: they are the lab\'s. #}',
        "{% extends 'x86-grub.jinja2' %}"] + [
        '{%% set %s = %s %%}' % (k, jinja('${%s}' % k.upper())) for k in X86_COMMANDS] + [
        "{% set kernel_start_message = 'smpscope: loading' %}",
        '{% set boot_retry = 1 %}',
        ''])


def main(argv):
    args = dict(build='build', iso=None, knobs='', case=None, target='qemu')
    if not argv:
        raise SystemExit(__doc__)
    what, rest = argv[0], argv[1:]
    files = {('device', 'qemu'): device_qemu, ('dict', 'qemu'): dict_qemu,
             ('dict', 'x86-grub'): dict_x86_grub,
             ('device-type', 'x86-grub'): device_type_x86_grub}
    if what in ('device', 'dict', 'device-type'):
        kind = (what, rest[0] if rest else '')
        if kind not in files:
            raise SystemExit(__doc__)
        sys.stdout.write(files[kind]())
        return
    if what != 'job':
        raise SystemExit(__doc__)
    while rest:
        key = rest[0].lstrip('-')
        if key not in args or len(rest) < 2:
            raise SystemExit(__doc__)
        args[key], rest = rest[1], rest[2:]
    iso = args['iso'] or 'file://' + os.path.abspath(os.path.join(args['build'],
                                                                   'smpscope.iso'))
    if args['target'] not in ('qemu', 'x86'):
        raise SystemExit('lavajob: --target qemu|x86')
    sys.stdout.write(job(load_cases(args['build']), iso, args['knobs'], args['case'],
                         target=args['target']))


if __name__ == '__main__':
    main(sys.argv[1:])
