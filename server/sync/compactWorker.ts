// The compaction thread: its own SQLite connection, one document at a time (see compactor.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../../src/lib/server/db/sqlite.ts';
import { compactStored } from '../../src/lib/server/docStore.ts';

const { file, migrationsFolder } = workerData as { file: string; migrationsFolder: string };
const db = openDb(file, migrationsFolder);

parentPort!.on('message', ({ id, docName }: { id: number; docName: string }) => {
	try {
		const bytes = compactStored(db, docName);
		parentPort!.postMessage({ id, ok: true, bytes });
	} catch (err) {
		parentPort!.postMessage({ id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
	}
});
