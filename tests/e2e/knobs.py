"""Knobs the image refuses (docs/knobs.md): an unknown case and a bad number, on the kernel
command line and from GRUB's menu, each named with what is allowed, and nothing run."""
from harness.checks import knob_error
from harness.record import NAMES
from harness.shapes import refused

GROUP = {
    'order': 20,
    'covers': 'refused knobs: an unknown case, a bad number, named with what is allowed',
    'docs': 'docs/knobs.md',
    'timing': False,
}

LOOP = NAMES.knob('tsc_loop_ms')
LOOP_RANGE = 'a number from %d to %d' % (LOOP['min'], LOOP['max'])

TESTS = [
    refused('knob-unknown-case', 'kernel', 'case=nosuch', [knob_error('case', 'allowed: probe')]),
    refused('knob-bad-number', 'kernel', 'case=probe tsc_loop_ms=abc',
            [knob_error('tsc_loop_ms', LOOP_RANGE)]),
    refused('knob-bad-number-iso', 'iso', 'tsc_loop_ms=abc',
            [knob_error('tsc_loop_ms', LOOP_RANGE)], 180),
]
