import type { ServerKind } from '../servers.ts';

/** How a client reaches one room on one server: URL, upgrade headers, and message framing. */
export interface Target {
	kind: ServerKind;
	/** The WebSocket URL of `room` (`<boardId>/shared`). */
	url(room: string): string;
	/** The y-websocket provider's base URL; it appends `/<room>` itself. */
	providerBase: string;
	headers(user: number): Record<string, string>;
	/** Hocuspocus prefixes every message with the document name and wants an auth message first. */
	framing: 'y-websocket' | 'hocuspocus';
	/** Sends several clients' updates merged into one message (Hocuspocus 4 batches per event-loop turn). */
	mergesUpdates: boolean;
}

export function targetOf(kind: ServerKind, port: number, tokens: string[] = []): Target {
	const base = `ws://127.0.0.1:${port}`;
	switch (kind) {
		case 'tandem':
			return {
				kind,
				url: (room) => `${base}/sync/${room}`,
				providerBase: `${base}/sync`,
				headers: (user) => ({
					Origin: `http://127.0.0.1:${port}`,
					Cookie: `tandem_session=${tokens[user % tokens.length]}`
				}),
				framing: 'y-websocket',
				mergesUpdates: false
			};
		case 'y-websocket':
			return { kind, url: (room) => `${base}/${room}`, providerBase: base, headers: () => ({}), framing: 'y-websocket', mergesUpdates: false };
		case 'hocuspocus':
			return { kind, url: () => base, providerBase: base, headers: () => ({}), framing: 'hocuspocus', mergesUpdates: true };
	}
}
