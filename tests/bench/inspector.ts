import WebSocket from 'ws';
import { withTimeout } from './stats.ts';

/**
 * A minimal Chrome DevTools Protocol client for a server started with --inspect on loopback:
 * forces a full GC and reads the heap without any debug endpoint in the server itself.
 */
export class Inspector {
	private readonly ws: WebSocket;
	private nextId = 1;
	private readonly waiting = new Map<number, (result: unknown) => void>();

	private constructor(ws: WebSocket) {
		this.ws = ws;
		ws.on('message', (data: Buffer) => {
			const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown };
			if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg.result);
		});
	}

	static async connect(port: number): Promise<Inspector> {
		const res = await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(5000) });
		const [target] = (await res.json()) as Array<{ webSocketDebuggerUrl: string }>;
		const ws = new WebSocket(target.webSocketDebuggerUrl);
		await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
		return new Inspector(ws);
	}

	call<T>(method: string, params: object = {}): Promise<T> {
		const id = this.nextId++;
		const answer = new Promise<T>((resolve) => this.waiting.set(id, resolve as (r: unknown) => void));
		this.ws.send(JSON.stringify({ id, method, params }));
		return withTimeout(method, 60_000, answer).finally(() => this.waiting.delete(id));
	}

	/** Used heap bytes after two full collections (the second frees what finalizers released). */
	async heapAfterGc(): Promise<number> {
		await this.call('HeapProfiler.collectGarbage');
		await this.call('HeapProfiler.collectGarbage');
		const { usedSize } = await this.call<{ usedSize: number }>('Runtime.getHeapUsage');
		return usedSize;
	}

	close(): void {
		this.ws.close();
	}
}
