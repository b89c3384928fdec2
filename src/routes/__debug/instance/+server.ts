import { error, json } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { INSTANCE_ID } from '$lib/server/instance.ts';

// Off unless TANDEM_DEBUG_METRICS=1: which copy of the server modules the routes run on.
export function GET(): Response {
	if (env.TANDEM_DEBUG_METRICS !== '1') error(404, 'Not Found');
	return json({ instance: INSTANCE_ID });
}
