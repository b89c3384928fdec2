import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { openDb, type Db } from '../../src/lib/server/db/index.ts';
import { accounts, boards as boardRows, sessions, users, workspaceMembers, workspaces } from '../../src/lib/server/db/schema.ts';
import { generateSessionToken, sessionRow } from '../../src/lib/server/auth/session.ts';
import { newId } from '../../src/lib/server/ids.ts';
import { initialDocuments } from '../../src/lib/board/doc/templates.ts';
import { appendUpdate, compact, seedDoc } from '../../src/lib/server/docStore.ts';
import { loadConfig } from '../../src/lib/server/config.ts';
import { goalsMap } from '../../src/lib/board/doc/schema.ts';
import { addStakeholder } from '../../src/lib/board/doc/stakeholders.ts';
import { setPriority } from '../../src/lib/board/doc/matrix.ts';
import type { Priority } from '../../src/lib/board/views/types.ts';
import { REPO } from './servers.ts';
import { docName } from '../../src/lib/board/model/docNames.ts';

// One database is seeded per bench run through the app's own storage functions, then copied for
// every Tandem start so that each run begins from the same bytes on disk.

export interface SeedPlan {
	users: number;
	/** Named groups of boards: how many, how many goals each starts with, and client stakeholders (matrix rows). */
	boards: Record<string, { count: number; items: number; stakeholders?: number }>;
	/** The cold-load board: items and total updates in its history. */
	cold: { items: number; updates: number };
}

export interface Seeded {
	file: string;
	/** Session tokens of workspace members (each may open every board). */
	tokens: string[];
	boards: Record<string, string[]>;
	cold: {
		/** Stored as the server writes it: log compacted every SYNC_COMPACT_AFTER_BYTES, and at unload. */
		compacted: string;
		/** The same history as an uncompacted log of one row per update. */
		rawLog: string;
		/** The final state as one update, for the in-process baseline. */
		stateFile: string;
		updateBytes: number;
		stateBytes: number;
	};
}

// Seeding the cold-load history takes about 15 s, so the result is kept under bench-results/ and
// reused while the plan and the storage code are unchanged.
const CACHE_INPUTS = [
	'tests/bench/seed.ts',
	'src/lib/server/docStore.ts',
	'src/lib/server/db/schema.ts',
	'src/lib/server/boards.ts',
	'src/lib/server/auth/session.ts',
	'src/lib/board/doc/templates.ts',
	'src/lib/board/doc/stakeholders.ts',
	'src/lib/board/model/order.ts',
	'src/lib/board/doc/matrix.ts',
	'server/migrations/0000_init.sql'
];

/** A blank board as the app creates one (boards.ts createBoard), written synchronously into the seed database. */
function blankBoard(db: Db, input: { accountId: string; name: string; template: 'blank'; createdBy: string }, now: number): string {
	const id = newId();
	const docs = initialDocuments('blank', now);
	db.insert(boardRows).values({ id, ...input, createdAt: now, lastActivityAt: now }).run();
	seedDoc(db, docName(id, 'shared'), Y.encodeStateAsUpdate(docs.shared));
	seedDoc(db, docName(id, 'internal'), Y.encodeStateAsUpdate(docs.internal));
	return id;
}

export function seedCached(cacheRoot: string, plan: SeedPlan): Seeded & { cached: boolean } {
	const hash = createHash('sha256').update(JSON.stringify(plan));
	for (const f of CACHE_INPUTS) hash.update(fs.readFileSync(path.join(REPO, f)));
	const dir = path.join(cacheRoot, hash.digest('hex').slice(0, 16));
	const index = path.join(dir, 'seeded.json');
	if (fs.existsSync(index)) return { ...(JSON.parse(fs.readFileSync(index, 'utf8')) as Seeded), cached: true };
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const seeded = seedDatabase(dir, plan);
	fs.writeFileSync(index, JSON.stringify(seeded));
	return { ...seeded, cached: false };
}

export function seedDatabase(dir: string, plan: SeedPlan): Seeded {
	const file = path.join(dir, 'seed.db');
	const db = openDb(file, path.join(REPO, 'server/migrations'));
	const now = Date.now();
	const ownerId = 'bench-owner';
	db.insert(users).values({ id: ownerId, email: 'owner@bench.invalid', name: 'Bench owner', passwordHash: 'x', createdAt: now }).run();
	db.insert(workspaces).values({ id: 'bench-ws', name: 'Bench', createdAt: now }).run();
	db.insert(workspaceMembers).values({ workspaceId: 'bench-ws', userId: ownerId, role: 'admin', joinedAt: now }).run();
	db.insert(accounts).values({ id: 'bench-acc', workspaceId: 'bench-ws', name: 'Bench account', ownerId, createdAt: now }).run();

	const tokens: string[] = [];
	db.transaction((tx) => {
		for (let i = 0; i < plan.users; i++) {
			const id = `bench-user-${i}`;
			tx.insert(users).values({ id, email: `u${i}@bench.invalid`, name: `User ${i}`, passwordHash: 'x', createdAt: now }).run();
			tx.insert(workspaceMembers).values({ workspaceId: 'bench-ws', userId: id, role: 'member', joinedAt: now }).run();
			const token = generateSessionToken();
			tx.insert(sessions).values(sessionRow(token, { userId: id }, now)).run();
			tokens.push(token);
		}
	});

	const itemsUpdates: Record<number, Uint8Array> = {};
	const boards: Record<string, string[]> = {};
	for (const [group, { count, items, stakeholders }] of Object.entries(plan.boards)) {
		const update = items > 0 ? (itemsUpdates[items] ??= goalsUpdate(items)) : null;
		const matrix = stakeholders ? matrixUpdate(stakeholders, items) : null;
		boards[group] = [];
		for (let i = 0; i < count; i++) {
			const id = blankBoard(db, { accountId: 'bench-acc', name: `${group} ${i}`, template: 'blank', createdBy: ownerId }, now);
			if (update) compact(db, docName(id, 'shared'), update);
			if (matrix) compact(db, docName(id, 'shared'), matrix);
			boards[group].push(id);
		}
	}

	const cold = seedColdBoards(db, dir, ownerId, plan.cold, now);
	db.$client.pragma('wal_checkpoint(TRUNCATE)');
	db.$client.close();
	return { file, tokens, boards, cold };
}

/** A fresh copy of the seeded database for one server start. */
export function copyDatabase(seeded: Seeded, dir: string, name: string): string {
	const target = path.join(dir, `${name}.db`);
	fs.copyFileSync(seeded.file, target);
	return target;
}

export function removeDatabase(file: string): void {
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/** `n` goals in one update, written by one fixed client (same bytes for every board). */
export function goalsUpdate(n: number, clientID = 1): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	doc.transact(() => {
		let order: string | null = null;
		for (let i = 0; i < n; i++) {
			order = generateKeyBetween(order, null);
			goalsMap(doc).set(`g${i}`, goalItem(`Goal ${i}: grow share of wallet in the region`, order));
		}
	});
	return Y.encodeStateAsUpdate(doc);
}

/** `rows` client stakeholders scoring the goals g0…g(cols-1), about two cells in three filled. */
function matrixUpdate(rows: number, cols: number, clientID = 2): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	const stamp = { by: { id: 'bench-owner', name: 'Bench owner' }, sessionId: 'bench', now: 0 };
	for (let r = 0; r < rows; r++) {
		const sid = `s${r}`;
		addStakeholder(doc, sid, { name: `Stakeholder ${r}`, side: 'client', level: 'senior', function: 'operations' });
		for (let c = 0; c < cols; c++) if ((r + c) % 3) setPriority(doc, sid, `g${c}`, ((r * c) % 4) as Priority, stamp);
	}
	return Y.encodeStateAsUpdate(doc);
}

function goalItem(text: string, order: string): Y.Map<unknown> {
	const m = new Y.Map<unknown>();
	m.set('kind', 'goal');
	m.set('text', new Y.Text(text));
	m.set('order', order);
	m.set('processes', []);
	m.set('author', { id: 'bench-owner', name: 'Bench owner' });
	m.set('createdAt', 0);
	return m;
}

/**
 * The cold-load board: `items` goals created one update each, then typing into random goals until
 * the history holds `updates` updates. Stored twice: as Room.persist() stores it (append, compact
 * every SYNC_COMPACT_AFTER_BYTES, and once more as the room unloads) and as a raw log that was never
 * compacted.
 */
function seedColdBoards(db: Db, dir: string, ownerId: string, plan: SeedPlan['cold'], now: number): Seeded['cold'] {
	const compacted = blankBoard(db, { accountId: 'bench-acc', name: 'cold (compacted)', template: 'blank', createdBy: ownerId }, now);
	const rawLog = blankBoard(db, { accountId: 'bench-acc', name: 'cold (raw log)', template: 'blank', createdBy: ownerId }, now);
	const compactAfter = loadConfig({}).compactAfterBytes;
	const doc = new Y.Doc();
	let logBytes = 0;
	let updateBytes = 0;
	const rnd = mulberry32(42);
	const write = (update: Uint8Array) => {
		updateBytes += update.byteLength;
		appendUpdate(db, docName(rawLog, 'shared'), update, now);
		appendUpdate(db, docName(compacted, 'shared'), update, now);
		logBytes += update.byteLength;
		if (logBytes >= compactAfter) {
			compact(db, docName(compacted, 'shared'), doc, now);
			logBytes = 0;
		}
	};
	doc.on('update', write);
	db.$client.exec('BEGIN');
	let order: string | null = null;
	for (let i = 0; i < plan.items; i++) {
		order = generateKeyBetween(order, null);
		const item = goalItem(`Goal ${i}`, order);
		doc.transact(() => goalsMap(doc).set(`g${i}`, item));
	}
	const goals = goalsMap(doc);
	for (let i = plan.items; i < plan.updates; i++) {
		const text = goals.get(`g${Math.floor(rnd() * plan.items)}`)!.get('text') as Y.Text;
		doc.transact(() => text.insert(Math.floor(rnd() * (text.length + 1)), 'abcdefghij'[i % 10]));
	}
	// At rest: the room folds what is left of the log when it unloads (Room.flush), so a board
	// nobody has open is one snapshot, and that is what the first person of the day loads.
	if (logBytes > 0) compact(db, docName(compacted, 'shared'), doc, now);
	db.$client.exec('COMMIT');
	doc.off('update', write);
	const state = Y.encodeStateAsUpdate(doc);
	const stateFile = path.join(dir, 'cold-state.bin');
	fs.writeFileSync(stateFile, state);
	doc.destroy();
	return { compacted, rawLog, stateFile, updateBytes, stateBytes: state.byteLength };
}

function mulberry32(seed: number): () => number {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
