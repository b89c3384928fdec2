// `node tests/bench/walCost.ts`: what one commit of the update log costs on disk, by layout.
// Facts behind the disk budget (tests/bench/README.md): SQLite in WAL mode appends every page a
// transaction changed as a whole frame (page size + 24 bytes), so a commit costs pages, not bytes.
// Each case: a fresh database, 2,000 rows of warm-up, then `commits` transactions of `perCommit`
// 45-byte rows spread over `docs` documents; write_bytes of this process over the update bytes.
import Database from 'better-sqlite3';
import { openDb } from '../../src/lib/server/db/index.ts';
import { appendUpdates, foldLogIfFull } from '../../src/lib/server/docStore.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const writeBytes = () => Number(/write_bytes:\s+(\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);

type Layout = 'current' | 'no-autoincrement' | 'no-doc-index' | 'without-rowid';

function run(layout: Layout, pageSize: number, docs: number, perCommit: number, commits: number) {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'walcost-')), 't.db');
	const db = new Database(file);
	db.pragma(`page_size = ${pageSize}`);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	const auto = layout === 'no-autoincrement' ? '' : 'AUTOINCREMENT';
	if (layout === 'without-rowid')
		db.exec('CREATE TABLE u (doc_name text NOT NULL, seq integer NOT NULL, data blob NOT NULL, created_at integer NOT NULL, PRIMARY KEY (doc_name, seq)) WITHOUT ROWID');
	else db.exec(`CREATE TABLE u (seq integer PRIMARY KEY ${auto} NOT NULL, doc_name text NOT NULL, data blob NOT NULL, created_at integer NOT NULL)`);
	if (layout === 'current' || layout === 'no-autoincrement') db.exec('CREATE INDEX ui ON u (doc_name, seq)');
	const names = Array.from({ length: docs }, () => `${crypto.randomUUID()}/shared`);
	const withSeq = db.prepare('INSERT INTO u (doc_name, seq, data, created_at) VALUES (?, ?, ?, ?)');
	const plain = db.prepare('INSERT INTO u (doc_name, data, created_at) VALUES (?, ?, ?)');
	const data = Buffer.alloc(45, 7);
	let seq = 0;
	let k = 0;
	let bytes = 0;
	const tx = db.transaction((n: number) => {
		for (let i = 0; i < n; i++) {
			const doc = names[k++ % names.length];
			if (layout === 'without-rowid') withSeq.run(doc, ++seq, data, Date.now());
			else plain.run(doc, data, Date.now());
			bytes += data.byteLength;
		}
	});
	for (let i = 0; i < 200; i++) tx.immediate(10);
	db.pragma('wal_checkpoint(TRUNCATE)');
	const w0 = writeBytes();
	bytes = 0;
	for (let c = 0; c < commits; c++) tx.immediate(perCommit);
	db.close();
	const written = writeBytes() - w0;
	fs.rmSync(path.dirname(file), { recursive: true, force: true });
	return { layout, pageSize, docs, perCommit, bytesPerCommit: Math.round(written / commits), perUpdateByte: Number((written / bytes).toFixed(1)) };
}

/** The same load through the real store, as the group commit drives it (append, then fold when due). */
function runStore(docs: number, perCommit: number, commits: number, size = 45) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walcost-'));
	const db = openDb(path.join(dir, 't.db'), path.resolve('server/migrations'));
	const names = Array.from({ length: docs }, () => `${crypto.randomUUID()}/shared`);
	const data = Buffer.alloc(size, 7);
	let k = 0;
	const batch = () => Array.from({ length: perCommit }, () => ({ docName: names[k++ % names.length], data }));
	const commit = () => {
		appendUpdates(db, batch());
		foldLogIfFull(db);
	};
	for (let i = 0; i < 200; i++) commit();
	db.$client.pragma('wal_checkpoint(TRUNCATE)');
	const w0 = writeBytes();
	for (let c = 0; c < commits; c++) commit();
	db.$client.close();
	const written = writeBytes() - w0;
	fs.rmSync(dir, { recursive: true, force: true });
	const bytes = commits * perCommit * size;
	return { layout: `docStore (hot log), ${size}-byte rows`, pageSize: 4096, docs, perCommit, bytesPerCommit: Math.round(written / commits), perUpdateByte: Number((written / bytes).toFixed(1)) };
}

const cases: Array<[Layout, number, number, number, number]> = [
	['current', 4096, 1, 1, 3000],
	['no-autoincrement', 4096, 1, 1, 3000],
	['no-doc-index', 4096, 1, 1, 3000],
	['without-rowid', 4096, 1, 1, 3000],
	['current', 1024, 1, 1, 3000],
	['current', 4096, 50, 1, 3000],
	['current', 4096, 50, 10, 1000],
	['current', 4096, 50, 50, 300],
	['current', 4096, 50, 500, 50],
	['no-doc-index', 4096, 50, 10, 1000],
	['no-doc-index', 4096, 50, 50, 300],
	['without-rowid', 4096, 50, 50, 300],
	['current', 1024, 50, 50, 300]
];
// Long enough that several folds (every FOLD_ROWS rows) fall inside the measurement.
const storeCases: Array<[number, number, number, number?]> = [
	[1, 1, 3000],
	[50, 1, 3000],
	[50, 10, 2000],
	[50, 50, 600],
	[50, 500, 60],
	[50, 10, 2000, 82],
	[50, 50, 600, 82],
	[50, 200, 200, 82]
];
console.table([...cases.map((c) => run(...c)), ...storeCases.map((c) => runStore(...c))]);
