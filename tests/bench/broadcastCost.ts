// `node tests/bench/broadcastCost.ts [root] [rounds]`: the server's CPU for one document update sent
// to 60 sockets through Connection (the sync server's per-recipient path: cork, ws frame, one write
// per socket per tick), µs per broadcast; `root` may be another checkout (A/B). The 60 clients live in
// a child process that only reads; CPU is this process's (process.cpuUsage), wall includes the writes.
import { fork } from 'node:child_process';
import path from 'node:path';
import { WebSocketServer, WebSocket } from 'ws';

const N = 60;
if (process.argv[2] === 'clients') {
	const port = Number(process.argv[3]);
	let got = 0;
	for (let i = 0; i < N; i++) {
		const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
		ws.on('message', () => got++);
	}
	setInterval(() => process.send!({ got }), 200);
} else {
	const root = process.argv[2] ?? path.resolve(import.meta.dirname, '../..');
	const { Connection } = await import(path.join(root, 'server/sync/connection.ts'));
	const { updateMessage } = await import(path.join(root, 'server/sync/protocol.ts'));
	const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
	await new Promise((r) => wss.once('listening', r));
	const conns: Array<{ send(m: Uint8Array): void }> = [];
	const all = new Promise<void>((resolve) =>
		wss.on('connection', (ws) => {
			conns.push(new Connection({ ws, token: 't', boardId: 'b', kind: 'shared', person: { kind: 'user', id: 'u', name: 'u' }, access: { boardId: 'b', role: 'participant', side: 'supplier' }, maxBufferedBytes: 1 << 26 }));
			if (conns.length === N) resolve();
		})
	);
	const child = fork(import.meta.filename, ['clients', String((wss.address() as { port: number }).port)]);
	await all;
	const payload = new Uint8Array(89).fill(3);
	const rounds = Number(process.argv[3] ?? 3000);
	const run = async (n: number) => {
		const c0 = process.cpuUsage();
		const t0 = performance.now();
		for (let i = 0; i < n; i++) {
			const m = updateMessage(payload);
			for (const c of conns) c.send(m);
			await new Promise((r) => setImmediate(r));
		}
		const c = process.cpuUsage(c0);
		return { cpuPerBroadcast: (c.user + c.system) / n, wallPerBroadcast: ((performance.now() - t0) * 1000) / n };
	};
	await run(500); // warm up
	const r = await run(rounds);
	console.log(JSON.stringify({ root, ...r }));
	child.kill();
	wss.close();
	process.exit(0);
}
