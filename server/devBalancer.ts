import net from 'node:net';

// A TCP load balancer for development and tests only (production: any HTTP load balancer with
// WebSocket support, see the README). 'first' (tests): each connection goes to the first backend
// that accepts it, in order, so while the first node runs everyone is on it, and once it is gone
// everyone who reconnects lands on the next. 'round-robin' (npm run cluster): the next backend in
// turn, skipping those that refuse. Connections are not moved: a node's death closes its sockets.

export interface Backend {
	host: string;
	port: number;
}

export interface DevBalancer {
	port: number;
	/** Routes new connections to these backends (in order of preference). */
	setBackends(backends: Backend[]): void;
	close(): Promise<void>;
}

export async function startBalancer(backends: Backend[], port = 0, host = '127.0.0.1', mode: 'first' | 'round-robin' = 'first'): Promise<DevBalancer> {
	let targets = backends;
	let turn = 0;
	const open = new Set<net.Socket>();
	const server = net.createServer((client) => {
		open.add(client);
		client.on('close', () => open.delete(client));
		client.on('error', () => {});
		client.pause();
		const first = mode === 'round-robin' ? turn++ : 0;
		const tryNext = (i: number) => {
			if (i >= targets.length || client.destroyed) return client.destroy();
			const target = targets[(first + i) % targets.length];
			const upstream = net.connect(target.port, target.host);
			// Refused (that node is down): the next one.
			upstream.once('error', () => tryNext(i + 1));
			upstream.once('connect', () => {
				open.add(upstream);
				upstream.on('close', () => {
					open.delete(upstream);
					client.destroy();
				});
				upstream.removeAllListeners('error');
				upstream.on('error', () => client.destroy());
				client.on('close', () => upstream.destroy());
				client.pipe(upstream);
				upstream.pipe(client);
				client.resume();
			});
		};
		tryNext(0);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	return {
		port: (server.address() as net.AddressInfo).port,
		setBackends(next) {
			targets = next;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of open) s.destroy();
				server.close(() => resolve());
			})
	};
}
