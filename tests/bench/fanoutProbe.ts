// `node --import=./tests/bench/fanoutProbe.ts <server>` with FANOUT_PROBE=<file>: in ANY server
// process (ours or a reference; it patches only net.Socket), the wall µs from the TCP read that
// carried a client's document update (a masked binary frame whose payload starts 0, 2: sync update)
// to the first and to the last of the socket writes that follow, until FANOUT_PROBE_PEERS distinct
// sockets have been written. The workshop load sends one update every 33 ms, so what is written in
// between is that update's fan-out. Also the µs from that read to the end of its macrotask (a
// setImmediate queued at the read runs after it). Every second the samples so far go to <file>.
import fs from 'node:fs';
import net from 'node:net';

const file = process.env.FANOUT_PROBE;
const peers = Number(process.env.FANOUT_PROBE_PEERS ?? 59);
interface Sample {
	first: number;
	last: number;
	/** Read → the setImmediate queued at the read (the poll phase's other callbacks, then this one). */
	turn: number;
	/** Writes (socket write calls) until `peers` sockets were written. */
	writes: number;
}
const samples: Sample[] = [];
let current: { t0: number; first: number; sockets: Set<net.Socket>; writes: number; sample: Sample } | null = null;

function isUpdate(chunk: Buffer): boolean {
	if (chunk.length < 8 || (chunk[0] & 0x0f) !== 2 || (chunk[1] & 0x80) === 0) return false;
	const len = chunk[1] & 0x7f;
	const maskAt = len === 126 ? 4 : len === 127 ? 10 : 2;
	const at = maskAt + 4;
	if (chunk.length < at + 2) return false;
	return (chunk[at] ^ chunk[maskAt]) === 0 && (chunk[at + 1] ^ chunk[maskAt + 1]) === 2;
}

if (file) {
	const proto = net.Socket.prototype as unknown as { emit: (...a: unknown[]) => boolean; _writeGeneric: (...a: unknown[]) => unknown };
	const emit = proto.emit;
	proto.emit = function (this: net.Socket, event: unknown, chunk?: unknown) {
		if (event === 'data' && Buffer.isBuffer(chunk) && isUpdate(chunk)) {
			const t0 = performance.now();
			const sample: Sample = { first: NaN, last: NaN, turn: NaN, writes: 0 };
			current = { t0, first: NaN, sockets: new Set(), writes: 0, sample };
			setImmediate(() => (sample.turn = (performance.now() - t0) * 1000));
		}
		return emit.apply(this, arguments as unknown as unknown[]);
	};
	const writeGeneric = proto._writeGeneric;
	proto._writeGeneric = function (this: net.Socket) {
		const c = current;
		if (c) {
			const now = performance.now();
			if (c.writes++ === 0) c.sample.first = (now - c.t0) * 1000;
			c.sockets.add(this);
			if (c.sockets.size >= peers) {
				c.sample.last = (now - c.t0) * 1000;
				c.sample.writes = c.writes;
				samples.push(c.sample);
				current = null;
			}
		}
		return writeGeneric.apply(this, arguments as unknown as unknown[]);
	};
	setInterval(() => fs.writeFileSync(file, JSON.stringify(samples)), 1000).unref();
}
