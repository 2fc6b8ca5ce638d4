"""The machines the bench boots: smpscope and Linux in the same QEMU TCG configuration, and
smpscope in Bochs. Every boot has a timeout; a boot that runs out is a missing sample, named."""
import json
import os
import re
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HASWELL_SMP = '28,sockets=1,cores=14,threads=2'
# tools/qemu-run.sh's defaults: the one QEMU configuration both sides run in.
QEMU_CPU = 'Haswell,-pcid,-x2apic,-tsc-deadline,-hle,-invpcid,-rtm'
QEMU_MEM = '512'


def qemu_args(smp, machine='q35'):
    return ['qemu-system-x86_64', '-M', machine, '-accel', 'tcg', '-cpu', QEMU_CPU, '-smp', smp,
            '-m', QEMU_MEM, '-bios', '/usr/share/qemu/qboot.rom', '-no-reboot',
            '-display', 'none', '-nic', 'none', '-monitor', 'none']


class Sample:
    def __init__(self, us=None, cycles=None, why='', log=None, facts=None):
        self.us, self.cycles, self.why, self.log, self.facts = us, cycles, why, log, facts


def report_json(build, log):
    p = subprocess.run([os.path.join(build, 'smpscope-report'), 'json', log],
                       capture_output=True, text=True, timeout=60)
    boots = json.loads(p.stdout)['boots'] if p.stdout else []
    return boots[-1] if boots else None


def smpscope_qemu(build, out, name, smp, knobs, timeout=300):
    """One smpscope boot (multiboot1 on qboot, as `make check` runs it); the run's facts."""
    log = os.path.join(out, name + '.log')
    cmd = [os.path.join(ROOT, 'tools/qemu-run.sh'), '--kernel',
           os.path.join(build, 'smpscope.elf'), '--smp', smp, '--knobs', knobs, '--log', log,
           '--timeout', str(timeout)]
    return smpscope_sample(build, log, runner(cmd, timeout))


def runner(cmd, timeout):
    """Runs tools/qemu-run.sh or tools/bochs-run.sh; they bound the emulator themselves, this
    bounds them."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout + 30).returncode
    except subprocess.TimeoutExpired:
        return 'harness timeout'


def smpscope_bochs(build, out, name, cpus, knobs, ips, timeout=600):
    log = os.path.join(out, name + '.log')
    cmd = [os.path.join(ROOT, 'tools/bochs-run.sh'), '--iso',
           os.path.join(build, 'smpscope.iso'), '--cpus', str(cpus), '--ips', str(ips),
           '--knobs', knobs, '--log', log, '--timeout', str(timeout)]
    return smpscope_sample(build, log, runner(cmd, timeout))


def smpscope_sample(build, log, status):
    run = report_json(build, log) if os.path.exists(log) else None
    if status != 0 or not run or not run.get('bringup'):
        return Sample(why='no verdict or failed (runner status %s): %s' % (status, log), log=log)
    if run['online'] != run['enabled']:
        return Sample(why='%d/%d online: %s' % (run['online'], run['enabled'], log), log=log)
    return Sample(us=run['us'], cycles=run['cycles'], log=log, facts=run)


BRINGING_UP = re.compile(r'^\[\s*(\d+\.\d+)\] smp: Bringing up secondary CPUs', re.M)
BROUGHT_UP = re.compile(r'^\[\s*(\d+\.\d+)\] smp: Brought up \d+ nodes?, (\d+) CPUs', re.M)


def linux_qemu(vmlinuz, out, name, smp, cmdline, want_cpus, timeout=300):
    """Boots a distribution kernel with no root disk: bringup is over long before the root mount,
    so QEMU is stopped as soon as Linux says "smp: Brought up". Linux's own printk timestamps
    bound the window, as smpscope's TSC stamps bound its own."""
    log = os.path.join(out, name + '.log')
    cmd = qemu_args(smp) + ['-kernel', vmlinuz, '-append',
                            'console=ttyS0 panic=-1 ' + cmdline, '-serial', 'file:' + log]
    with open(log, 'w'):
        pass
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = time.time() + timeout
    text = ''
    try:
        while time.time() < deadline and p.poll() is None:
            with open(log, encoding='latin-1') as f:
                text = f.read()
            if BROUGHT_UP.search(text):
                break
            time.sleep(0.2)
    finally:
        p.kill()
        p.wait()
    with open(log, encoding='latin-1') as f:
        text = f.read()
    a, b = BRINGING_UP.search(text), BROUGHT_UP.search(text)
    if not a or not b:
        why = 'timed out after %ds' % timeout if time.time() >= deadline else 'QEMU ended'
        return Sample(why='no "smp: Brought up" (%s): %s' % (why, log), log=log)
    if int(b.group(2)) != want_cpus:
        return Sample(why='Linux brought up %s CPUs, not %d: %s' % (b.group(2), want_cpus, log),
                      log=log)
    us = round((float(b.group(1)) - float(a.group(1))) * 1e6)
    return Sample(us=us, log=log)
