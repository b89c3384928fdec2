// The cold-load reference: y-websocket with its LevelDB persistence (y-leveldb, YPERSISTENCE)
// holding the same stored pieces as Tandem's database (the snapshot, then every log row after it).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { LeveldbPersistence } from 'y-leveldb';

/** Writes the pieces of `docName` from Tandem's seeded file into a fresh LevelDB at `dir`; returns how many. */
export async function seedLevelDb(sqliteFile: string, docName: string, dir: string): Promise<number> {
	const db = new Database(sqliteFile, { readonly: true });
	let parts: Buffer[];
	try {
		const snap = db.prepare<[string], { data: Buffer; up_to_seq: number }>('SELECT data, up_to_seq FROM doc_snapshots WHERE doc_name = ?').get(docName);
		const rows = db
			.prepare<[string, number, string, number], { data: Buffer }>('SELECT data FROM (SELECT seq, data FROM doc_updates WHERE doc_name = ? AND seq > ? UNION ALL SELECT seq, data FROM doc_log WHERE doc_name = ? AND seq > ?) ORDER BY seq')
			.all(docName, snap?.up_to_seq ?? 0, docName, snap?.up_to_seq ?? 0);
		parts = [...(snap ? [snap.data] : []), ...rows.map((r) => r.data)];
	} finally {
		db.close();
	}
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	const ldb = new LeveldbPersistence(dir);
	for (const part of parts) await ldb.storeUpdate(docName, new Uint8Array(part));
	await ldb.destroy();
	return parts.length;
}
