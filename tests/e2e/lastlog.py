"""A hang, a reset and case=lastlog: the first boot stalls (a CPU stopped before callin, with a
10 s wait) and QEMU is killed under it; the second boot runs in the same RAM, as a reset would
leave it (a shared memory file stands in for the DIMMs), and must print the first boot's log.
smpscope-report must read that dump as an earlier boot of its own."""
import json
import os
import subprocess
import tempfile

from checks import ktap_complete
from record import Test

# One file per e2e run, so a stale one from another run is never read.
RAM = os.path.join(tempfile.gettempdir(), 'smpscope-e2e-ram-%d.img' % os.getpid())
SHARED_RAM = ['--', '-object', 'memory-backend-file,id=ram,size=512M,mem-path=%s,share=on' % RAM,
              '-machine', 'memory-backend=ram']
HUNG_KNOBS = 'case=serial fault=stop:callin@0x3 timeout_ms=10000'
FIRST_LOG = 'lastlog-1-hang'


def hung(log):
    """The first boot got as far as the stall and no further."""
    if not log.ev('knobs') or log.ev('exit'):
        return ['expected a log cut in the flow: knobs %d, exit %d' % (len(log.ev('knobs')),
                                                                    len(log.ev('exit')))]
    return []


def dump_is_first_boot(log):
    bad = []
    first = os.path.join(os.path.dirname(log.path), FIRST_LOG + '.log')
    with open(first, encoding='utf-8', errors='replace') as f:
        want = [x for x in f.read().split('\n')[:-1]]  # the last line may be cut by the kill
    got = [x[len('# lastlog: '):] for x in log.lines if x.startswith('# lastlog: ')]
    if not want or got[:len(want)] != want:
        bad.append('the dump (%d lines) does not start with the hung boot\'s %d lines' %
                   (len(got), len(want)))
    found = log.ev('lastlog')
    if not found or found[0].get('found') != '1':
        bad.append('ev=lastlog found=%s' % (found[0].get('found') if found else None))
    try:
        out = subprocess.run([os.path.join(os.path.dirname(os.path.dirname(log.path)),
                                           'smpscope-report'), 'json', log.path],
                             capture_output=True, text=True, timeout=30).stdout
        boots = json.loads(out)['boots']
        earlier = [b for b in boots if b['from_lastlog']]
        if len(boots) != 2 or len(earlier) != 1 or earlier[0]['case'] != 'serial' or \
                earlier[0]['result'] is not None or 'stop:callin@0x3' not in earlier[0]['knobs']:
            bad.append('smpscope-report does not read the dump as the hung serial boot: %s' %
                       [(b['case'], b['from_lastlog'], b['result']) for b in boots])
    except (ValueError, KeyError, subprocess.TimeoutExpired) as e:
        bad.append('smpscope-report json: %s' % e)
    if os.path.exists(RAM):
        os.remove(RAM)
    return bad


def hang_reached(log):
    """Evidence for a retry: the first boot had not printed its knobs when it was killed, so the
    host ran the guest too slowly to reach the stall within the runner's 8 s."""
    return None if log.ev('knobs') else 'the boot printed no knobs within 8 s (a slow host)'


# Both run alone and in this order: the second reads the RAM file the first left. The first is
# timed by construction: the runner kills QEMU at 8 s of host time, inside the BSP's 10 s wait,
# which the guest's TSC (the host's, under TCG) also measures in host time and which starts
# after QEMU did; only a host too slow to reach the stall in 8 s breaks it (hang_reached).
LASTLOG_TESTS = [
    Test(FIRST_LOG, 'kernel', '8', knobs=HUNG_KNOBS, verdict='none', checks=[hung], timeout=8,
         args=SHARED_RAM, timing=True, retry_if=hang_reached),
    Test('lastlog-2-after-reset', 'kernel', '8', knobs='case=lastlog', timeout=60,
         args=SHARED_RAM, timing=True, retry_if=None,
         checks=[lambda log: ktap_complete(log), dump_is_first_boot]),
]
