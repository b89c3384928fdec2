// The PostgreSQL pool against a real server ending a connection (a restart, a fast shutdown, an
// administrator): a client checked out between two queries has no 'error' listener of the pool's,
// and the unhandled 'error' ended the whole node (seen in clusterFailures' "PostgreSQL stopped" on a
// loaded machine: the node died instead of closing its sockets with 1011).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closePgPools, getPgPool } from '../../src/lib/server/db/pgPool.ts';
import { startPostgres, type Service } from './helpers/services.ts';

let pgService: Service;
beforeAll(async () => {
	pgService = await startPostgres();
}, 60_000);
afterAll(async () => {
	if (!pgService) return;
	await closePgPools(pgService.url);
	await pgService.stop();
});

it('a checked-out client whose connection PostgreSQL ends between two queries: its next query fails, the process stays up, the pool connects again', async () => {
	const pool = getPgPool(pgService.url);
	const client = await pool.connect();
	const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
	const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
	// From another connection of the pool: the server sends the checked-out client a FATAL error
	// while it runs no query (which pg then emits as an 'error' event), then closes the connection.
	await pool.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
	await ended;
	await expect(client.query('SELECT 1')).rejects.toThrow();
	client.release();
	const again = await pool.query<{ one: number }>('SELECT 1 AS one');
	expect(again.rows[0].one).toBe(1);
});
