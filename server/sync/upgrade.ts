import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { AppDb } from '../../src/lib/server/db/index.ts';
import { sessionTokenFromCookieHeader } from '../../src/lib/server/auth/session.ts';
import { isDocName, type DocName } from '../../src/lib/board/model/docNames.ts';
import type { BoardAccess } from '../../src/lib/board/model/roles.ts';
import { HTTP_STATUS_OF, resolveDocAccess } from './access.ts';
import type { Person } from './connection.ts';

export interface SyncTarget {
	boardId: string;
	kind: DocName;
}

const PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})\/([a-z]+)\/?$/;

/** `/sync/<boardId>/<shared|internal>`; the y-websocket client appends the room name to our URL. */
export function parseSyncPath(url: string | undefined): SyncTarget | null {
	const m = PATH.exec((url ?? '').split('?')[0]);
	if (!m || !isDocName(m[2])) return null;
	return { boardId: m[1], kind: m[2] };
}

export type UpgradeDecision =
	| { ok: true; target: SyncTarget; token: string; person: Person; access: BoardAccess }
	| { ok: false; status: number; message: string };

/** Decides on an upgrade request before any socket or document exists. */
export async function authorizeUpgrade(db: AppDb, origin: string, req: IncomingMessage): Promise<UpgradeDecision> {
	// Browsers send cookies on cross-site WebSocket requests: Origin is the only CSRF defence here.
	if (req.headers.origin !== origin) return { ok: false, status: 403, message: 'origin not allowed' };
	const target = parseSyncPath(req.url);
	if (!target) return { ok: false, status: 404, message: 'no such document' };
	const token = sessionTokenFromCookieHeader(req.headers.cookie);
	if (!token) return { ok: false, status: 401, message: 'sign in first' };
	const verdict = await resolveDocAccess(db, token, target.boardId, target.kind);
	if (!verdict.ok) {
		const status = HTTP_STATUS_OF[verdict.denial];
		return { ok: false, status, message: status === 401 ? 'sign in first' : status === 404 ? 'no such document' : 'not allowed' };
	}
	return { ok: true, target, token, person: verdict.person, access: verdict.access };
}

/** Answers a refused upgrade with a plain HTTP response on the raw socket, then drops it. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
	if (socket.destroyed) return;
	const body = `${message}\n`;
	socket.once('finish', () => socket.destroy());
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
			'Connection: close\r\n' +
			'Content-Type: text/plain; charset=utf-8\r\n' +
			`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
			body
	);
}
