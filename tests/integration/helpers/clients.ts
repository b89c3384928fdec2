import WebSocket from 'ws';
import * as Y from 'yjs';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import { cookieOf } from './seed.ts';
import { noteText, readNote } from '../../unit/sync/helpers.ts';

// Each y-websocket provider adds a process 'exit' listener; tests open a few dozen.
process.setMaxListeners(100);

export interface Target {
	origin: string;
	syncUrl: string;
}

/** A `ws` WebSocket that sends the headers a browser would (cookie, Origin). */
export function webSocketWith(headers: Record<string, string>): new (url: string | URL, protocols?: string | string[]) => WebSocket {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	};
}

const headersFor = (target: Target, token: string | null, origin = target.origin): Record<string, string> =>
	token === null ? { Origin: origin } : { Origin: origin, Cookie: cookieOf(token) };

export interface TestClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Goal `g-notes`'s text, created on first use (the server only stores content that fits the schema). */
	readonly text: Y.Text;
	/** That text's content, without creating anything. */
	note(): string;
	/** Close events the server sent, in order. */
	closes: { code: number; reason: string }[];
	/** Reasons of "permission denied" messages. */
	denied: string[];
	synced(): Promise<void>;
	destroy(): void;
}

/** The real y-websocket client on `room` (`<boardId>/<shared|internal>`). */
export function openClient(target: Target, room: string, token: string): TestClient {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(target.syncUrl, room, doc, {
		WebSocketPolyfill: webSocketWith(headersFor(target, token)) as unknown as typeof globalThis.WebSocket,
		// Node has BroadcastChannel: clients in this process would otherwise sync without the server.
		disableBc: true,
		maxBackoffTime: 300
	});
	const closes: TestClient['closes'] = [];
	const denied: string[] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	provider.messageHandlers[2] = (_encoder, decoder) => {
		authProtocol.readAuthMessage(decoder, doc, (_d, reason) => void denied.push(reason));
	};
	return {
		doc,
		provider,
		get text() {
			return noteText(doc);
		},
		note: () => readNote(doc),
		closes,
		denied,
		synced: () =>
			provider.synced ? Promise.resolve() : new Promise((resolve) => provider.once('sync', (s: boolean) => s && resolve())),
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** A raw socket, for sending bytes the y-websocket client never would. Resolves once open. */
export function openRaw(target: Target, room: string, token: string, options: { autoPong?: boolean } = {}): Promise<WebSocket> {
	const ws = new WebSocket(`${target.syncUrl}/${room}`, { headers: headersFor(target, token), ...options });
	return new Promise((resolve, reject) => {
		ws.once('open', () => resolve(ws));
		ws.once('error', reject);
	});
}

export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** The HTTP status of an upgrade attempt: 101 if it was accepted. */
export function upgradeStatus(target: Target, room: string, token: string | null, origin?: string): Promise<number> {
	const ws = new WebSocket(`${target.syncUrl}/${room}`, { headers: headersFor(target, token, origin) });
	return new Promise((resolve, reject) => {
		ws.once('unexpected-response', (req, res) => {
			resolve(res.statusCode ?? 0);
			req.destroy();
		});
		ws.once('open', () => {
			resolve(101);
			ws.close();
		});
		ws.on('error', (err) => reject(err));
	});
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
