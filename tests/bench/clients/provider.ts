import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Target } from './target.ts';
import type { FanoutTracker } from './tracker.ts';
import { firstStructIdOf } from './protocol.ts';
import { now } from '../stats.ts';

/** The `ws` class with the upgrade headers a browser would send (Origin, session cookie). */
function socketClassWith(headers: Record<string, string>): new (url: string | URL, protocols?: string | string[]) => WebSocket {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers, perMessageDeflate: false });
		}
	};
}

/** A real Yjs client: y-websocket's WebsocketProvider on its own Y.Doc, as the browser runs it. */
export class ProviderClient {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly synced: Promise<number>;

	constructor(target: Target, room: string, user: number, tracker?: FanoutTracker) {
		if (target.framing !== 'y-websocket') throw new Error(`${target.kind} does not speak the y-websocket protocol`);
		const started = now();
		this.provider = new WebsocketProvider(target.providerBase, room, this.doc, {
			WebSocketPolyfill: socketClassWith(target.headers(user)) as unknown as typeof globalThis.WebSocket,
			disableBc: true,
			maxBackoffTime: 2500
		});
		this.synced = new Promise((resolve) => {
			const onSync = (isSynced: boolean) => {
				if (!isSynced) return;
				this.provider.off('sync', onSync);
				resolve(now() - started);
			};
			this.provider.on('sync', onSync);
		});
		if (tracker) {
			this.doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin !== this.provider) return;
				const id = firstStructIdOf(update);
				if (id) tracker.received(id.client, id.clock, false);
			});
		}
	}

	write(change: (doc: Y.Doc) => void, receivers: number, tracker?: FanoutTracker): void {
		if (!this.provider.wsconnected) return;
		tracker?.sent(this.doc.clientID, Y.getState(this.doc.store, this.doc.clientID), receivers);
		this.doc.transact(() => change(this.doc));
	}

	setAwareness(state: Record<string, unknown>): void {
		this.provider.awareness.setLocalState(state);
	}

	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}
