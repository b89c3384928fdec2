import { afterAll, afterEach, beforeAll } from 'vitest';
import * as Y from 'yjs';
import { ServerProcess } from './server.ts';
import { World } from './seed.ts';
import { openClient, type TestClient } from './clients.ts';
import type { Db } from '../../../src/lib/server/db/index.ts';
import { appendUpdate, loadDoc } from '../../../src/lib/server/docStore.ts';

/** What a spec against the real server shares: the process, its seeded world and open clients. */
export interface Live {
	readonly server: ServerProcess;
	readonly world: World;
	/** A real y-websocket client, destroyed after each test. */
	open(room: string, token: string): TestClient;
	/** The document as stored on disk right now. */
	stored(room: string): Y.Doc;
}

/** Starts a server process for this spec file (beforeAll) and cleans up after each test and at the end. */
export function liveServer(): Live {
	let server: ServerProcess;
	let world: World;
	const clients: TestClient[] = [];
	beforeAll(async () => {
		server = new ServerProcess();
		await server.start();
		world = new World(server.dbPath);
	});
	afterEach(() => {
		for (const c of clients.splice(0)) c.destroy();
	});
	afterAll(async () => {
		world?.close();
		await server?.dispose();
	});
	return {
		get server() {
			return server;
		},
		get world() {
			return world;
		},
		open(room, token) {
			const c = openClient(server, room, token);
			clients.push(c);
			return c;
		},
		stored(room) {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, loadDoc(world.db, room)!);
			return doc;
		}
	};
}

/** Writes `change` into the stored document before any client opens it: a board's earlier state. */
export function seedStored(db: Db, room: string, change: (doc: Y.Doc) => void): void {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, loadDoc(db, room)!);
	const before = Y.encodeStateVector(doc);
	change(doc);
	appendUpdate(db, room, Y.encodeStateAsUpdate(doc, before));
}
