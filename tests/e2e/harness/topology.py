"""The CPUs QEMU creates for an -smp spec: APIC IDs and places, as QEMU 7.2 numbers them.

QEMU packs an APIC ID as package | die | core | thread with each field
ceil(log2(count)) bits wide; with only a CPU count given, machine types since
6.2 put all CPUs in one socket as cores (prefer-cores).
"""


def bits(n):
    b = 0
    while (1 << b) < n:
        b += 1
    return b


def parse_smp(spec):
    parts = spec.split(',')
    opts = dict(p.split('=') for p in parts[1:])
    cpus = int(parts[0])
    maxcpus = int(opts.get('maxcpus', cpus))
    sockets = int(opts.get('sockets', 0))
    cores = int(opts.get('cores', 0))
    threads = int(opts.get('threads', 0))
    threads = threads or 1
    sockets = sockets or (1 if not cores else maxcpus // (cores * threads))
    cores = cores or maxcpus // (sockets * threads)
    return cpus, maxcpus, sockets, cores, threads


def expected_cpus(spec):
    """[(apic, pkg, core, smt, enabled)] in CPU index order."""
    cpus, maxcpus, sockets, cores, threads = parse_smp(spec)
    tb, cb = bits(threads), bits(cores)
    out = []
    for i in range(maxcpus):
        smt, core, pkg = i % threads, (i // threads) % cores, i // (threads * cores)
        apic = (pkg << (tb + cb)) | (core << tb) | smt
        out.append((apic, pkg, core, smt, int(i < cpus)))
    return out
