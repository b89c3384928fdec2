import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// The server's clock, for the shared timer: browsers sample it a few times and correct their own
// clock by the offset (src/lib/board/client/serverClock.ts). Public: the time is no secret.
export const GET: RequestHandler = () => json({ now: Date.now() }, { headers: { 'cache-control': 'no-store' } });
