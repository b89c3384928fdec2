import { Server } from '@hocuspocus/server';

// Hocuspocus with no extensions: documents live in memory, as in the y-websocket reference.
const server = new Server({ port: Number(process.env.PORT), address: '127.0.0.1', quiet: true });
await server.listen();

async function stop(): Promise<void> {
	await server.destroy();
	process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
