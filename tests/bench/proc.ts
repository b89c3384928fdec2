import fs from 'node:fs';

// Readings of another process from /proc (Linux only). Clock ticks are 100 per second on Linux
// x86-64 unless the kernel was built otherwise; `getconf CLK_TCK` said 100 on these machines.
const CLK_TCK = 100;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name (field 2) may contain spaces: count fields after its closing parenthesis.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	return (utime + stime) / CLK_TCK;
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
	return m ? Number(m[1]) * 1024 : NaN;
}

/** Bytes the process caused to be written to the block layer (page-cache pages it dirtied). */
export function writeBytes(pid: number): number {
	const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
	const m = /^write_bytes:\s+(\d+)/m.exec(io);
	return m ? Number(m[1]) : NaN;
}

/** The CPUs this process may run on, from `taskset`-style affinity in /proc. */
export function allowedCpus(pid: number | 'self' = 'self'): string {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return /^Cpus_allowed_list:\s+(\S+)/m.exec(status)?.[1] ?? '?';
}

/** CPU seconds all processes of the machine spent busy so far (every core, from /proc/stat). */
export function machineBusySeconds(): number {
	const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
	// cpu user nice system idle iowait irq softirq steal …
	const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
	return (user + nice + system + irq + softirq + steal) / CLK_TCK;
}

/** The process and all its descendants (PostgreSQL's postmaster and its backends, walwriter, …). */
export function processTree(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
		} catch {
			// the process ended while we looked
		}
	}
	const out: number[] = [];
	for (const queue = [root]; queue.length; ) {
		const pid = queue.pop()!;
		out.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return out;
}

/**
 * CPU seconds of a process tree: every live process, plus what the root's children that already
 * exited used (cutime + cstime of the root), so a backend that ends inside a window still counts.
 */
export function treeCpuSeconds(root: number): number {
	let total = 0;
	for (const pid of processTree(root)) {
		try {
			const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
			total += (Number(fields[11]) + Number(fields[12]) + (pid === root ? Number(fields[13]) + Number(fields[14]) : 0)) / CLK_TCK;
		} catch {
			// ended meanwhile: its time moves to the root's cutime
		}
	}
	return total;
}

/** write_bytes of every live process of a tree (a process that exited takes its count with it). */
export function treeWriteBytes(root: number): number {
	let total = 0;
	for (const pid of processTree(root)) {
		try {
			total += writeBytes(pid);
		} catch {
			// ended meanwhile
		}
	}
	return total;
}
