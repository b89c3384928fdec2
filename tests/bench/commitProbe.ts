// `node tests/bench/commitProbe.ts [commits] [--busy]`: what one one-row commit of the update log costs
// (the quiet server's every commit), for several ways of issuing it, interleaved commit by commit in
// one process so that the machine's load hits every variant alike. Each commit follows a 3 ms sleep
// (as at 30 updates/s: a thread that just woke up), or with `--busy` the next turn. Prints the median
// and first quartile of the wall µs per commit (after the first 20). `current` is appendUpdates as the
// group commit calls it; `freshTx` is how it was until 2026-12-02 (better-sqlite3's transaction()
// built per commit); `explicitSeq` inserts a seq the caller computed (the seq's subqueries' share).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../../src/lib/server/db/index.ts';
import { appendUpdates } from '../../src/lib/server/docStore.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'commitprobe-'));
const db = openDb(path.join(dir, 't.db'), path.resolve('server/migrations'));
const client = db.$client;
const data = new Uint8Array(82).fill(7);
const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 300);
const busy = process.argv.includes('--busy');
const NEXT = 'max(coalesce((SELECT floor FROM doc_seq), 0), coalesce((SELECT max(seq) FROM doc_log), 0), coalesce((SELECT max(seq) FROM doc_updates), 0)) + 1';
const insertOne = client.prepare(`INSERT INTO doc_log (seq, doc_name, data, created_at) VALUES ((${NEXT}), ?, ?, ?)`);
const insertSeq = client.prepare('INSERT INTO doc_log (seq, doc_name, data, created_at) VALUES (?, ?, ?, ?)');
const begin = client.prepare('BEGIN IMMEDIATE');
const commit = client.prepare('COMMIT');
const buf = () => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
const insert = () => void insertOne.run('board0/shared', buf(), Date.now());
const cached = client.transaction(insert).immediate;
// Below every seq the others use, so that max(seq) stays theirs.
let low = -1;
const variants: Record<string, () => void> = {
	current: () => appendUpdates(db, [{ docName: 'board0/shared', data }]),
	autocommit: insert,
	beginInsertCommit: () => {
		begin.run();
		insert();
		commit.run();
	},
	cachedTx: () => cached(),
	freshTx: () => client.transaction(insert).immediate(),
	explicitSeq: () => void insertSeq.run(low--, 'board0/shared', buf(), Date.now()),
	nothing: () => {}
};
const names = Object.keys(variants);
const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (let i = 0; i < N * names.length; i++) {
	await new Promise((resolve) => (busy ? setImmediate(resolve) : setTimeout(resolve, 3)));
	const name = names[i % names.length];
	const t0 = process.hrtime.bigint();
	variants[name]();
	times[name].push(Number(process.hrtime.bigint() - t0) / 1000);
}
const at = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)];
console.log(`${busy ? 'busy' : 'a 3 ms sleep before each commit'}, ${N} commits per variant, load ${os.loadavg()[0].toFixed(2)}; wall µs`);
for (const n of names) {
	const xs = times[n].slice(20);
	console.log(`${n.padEnd(18)} median ${at(xs, 0.5).toFixed(1).padStart(6)}  p25 ${at(xs, 0.25).toFixed(1).padStart(6)}`);
}
client.close();
fs.rmSync(dir, { recursive: true, force: true });
