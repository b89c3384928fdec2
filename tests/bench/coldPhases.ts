// `node tests/bench/coldPhases.ts <seed.db> <boardId> [room|decode-first|baseline <state.bin>]`:
// where a cold load's time goes, in one fresh process on a copy of the bench's seeded database.
// room: the server's load (Room.load, then the first sync step 2); decode-first: the same parts
// applied the way loads did before (each decoded, then applied); baseline: the final state applied
// to a fresh Y.Doc and encoded (the bench's in-process floor). Prints wall and CPU ms (CPU time is
// what to compare on a shared machine). Run with --cpu-prof for the profile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { openDb } from '../../src/lib/server/db/index.ts';
import { logRows } from '../../src/lib/server/docStore.ts';
import { Room } from '../../server/sync/room.ts';

const [file, boardId, mode = 'room', stateFile] = process.argv.slice(2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cold-phases-'));
const copy = path.join(dir, 'c.db');
fs.copyFileSync(file, copy);
const db = openDb(copy, path.resolve('server/migrations'));
const name = `${boardId}/shared`;
const clock = () => ({ wall: performance.now(), cpu: process.cpuUsage() });
const since = (a: ReturnType<typeof clock>) => {
	const c = process.cpuUsage(a.cpu);
	return { wallMs: Math.round(performance.now() - a.wall), cpuMs: Math.round((c.user + c.system) / 1000) };
};
const t0 = clock();
let bytes = 0;
if (mode === 'room') {
	const room = new Room(boardId, 'shared', { db, compactAfterBytes: 1 << 30, log: () => {} });
	await room.load();
	bytes = room.syncStep2(Y.encodeStateVector(new Y.Doc())).byteLength;
	room.destroy();
} else if (mode === 'decode-first') {
	const snap = db.$client.prepare<[string], { data: Buffer; up_to_seq: number }>('SELECT data, up_to_seq FROM doc_snapshots WHERE doc_name = ?').get(name)!;
	const parts = [snap.data, ...logRows(db, name).filter((r) => r.seq > snap.up_to_seq).map((r) => r.data)];
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const p of parts) {
			Y.decodeUpdate(p);
			Y.applyUpdate(doc, p);
		}
	});
	bytes = Y.encodeStateAsUpdate(doc).byteLength;
} else if (mode === 'split') {
	// The trusted apply in steps: the snapshot, then the log rows after it, then the encoding.
	const snap = db.$client.prepare<[string], { data: Buffer; up_to_seq: number }>('SELECT data, up_to_seq FROM doc_snapshots WHERE doc_name = ?').get(name)!;
	const rows = logRows(db, name).filter((r) => r.seq > snap.up_to_seq);
	const doc = new Y.Doc();
	const steps: Record<string, number> = {};
	let at = clock();
	doc.transact(() => {
		Y.applyUpdate(doc, snap.data);
		steps.snapshotCpuMs = since(at).cpuMs;
		at = clock();
		for (const r of rows) Y.applyUpdate(doc, r.data);
		steps.rowsCpuMs = since(at).cpuMs;
		at = clock();
	});
	steps.cleanupCpuMs = since(at).cpuMs;
	at = clock();
	bytes = Y.encodeStateAsUpdate(doc).byteLength;
	steps.encodeCpuMs = since(at).cpuMs;
	console.log(JSON.stringify({ rows: rows.length, ...steps }));
} else {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, new Uint8Array(fs.readFileSync(stateFile)));
	bytes = Y.encodeStateAsUpdate(doc).byteLength;
}
console.log(JSON.stringify({ mode, ...since(t0), bytes }));
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });
