"""The x86-grub device dictionary (tools/lava/lavajob.py: dict_x86_grub) with its
placeholders filled for a stand-in PC (docs/lab.md, "make lab"): the serial console is a QEMU
that boots the ISO through its own firmware and GRUB as a PC boots a stick, with the knobs in
the SMBIOS OEM string grub.cfg reads. Connecting starts that PC, so the power commands have
nothing left to do.

    python3 tools/lab/standin.py BUILD
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lava'))
import joblist  # noqa: E402
import lavajob  # noqa: E402

# The ladder in one boot, as make lava's all-pass job (tools/lava/joblist.py).
KNOBS = 'case=all ' + joblist.KNOBS


def standin(iso, knobs):
    qemu = ' '.join(['qemu-system-x86_64'] + lavajob.QEMU_OPTIONS +
                    ['-m %d' % lavajob.QEMU_MEMORY, '-monitor none',
                     lavajob.cdrom_args(iso, knobs)])
    # /bin/true, not true: the dictionary's values land unquoted in YAML, where true is a bool.
    fill = {'connection_command': qemu, 'hard_reset_command': '/bin/true',
            'power_off_command': '/bin/true', 'power_on_command': '/bin/true'}
    text = lavajob.dict_x86_grub()
    for key, value in fill.items():
        hole = lavajob.jinja('${%s}' % key.upper())
        if hole not in text:
            raise SystemExit('standin: no %s in the x86-grub dictionary' % hole)
        text = text.replace(hole, lavajob.jinja(value))
    return text.replace('Replace every ${...}: they are the lab\'s.',
                        'A stand-in written by tools/lab/standin.py.')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    sys.stdout.write(standin(os.path.abspath(os.path.join(sys.argv[1], 'smpscope.iso')), KNOBS))
