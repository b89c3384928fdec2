import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/index.ts';
import { canWrite } from '$lib/board/model/roles.ts';
import { addNote, callerOf, deleteNote, ownNotes, readJson, refuse } from '$lib/server/votes.ts';

// Private writing: always the session's own person's notes, never another's (no person in the URL).

export const GET: RequestHandler = async (event) => {
	const c = await callerOf(event, event.params.id);
	if (c instanceof Response) return c;
	return json({ notes: await ownNotes(getDb(), event.params.id, c.personKey) });
};

/** { text }: adds a private note. */
export const POST: RequestHandler = async (event) => {
	const c = await callerOf(event, event.params.id);
	if (c instanceof Response) return c;
	if (!canWrite(c.access)) return refuse(403, 'Observers do not write notes.');
	const body = await readJson(event.request);
	if (!body || typeof body.text !== 'string') return refuse(400, 'Send { text }.');
	const db = getDb();
	const note = await addNote(db, c, event.params.id, body.text);
	if (typeof note === 'string') return refuse(422, note);
	return json({ note, notes: await ownNotes(db, event.params.id, c.personKey) });
};

/** { id }: deletes one of one's own waiting notes. */
export const DELETE: RequestHandler = async (event) => {
	const c = await callerOf(event, event.params.id);
	if (c instanceof Response) return c;
	if (!canWrite(c.access)) return refuse(403, 'Observers do not write notes.');
	const body = await readJson(event.request);
	if (!body || typeof body.id !== 'string') return refuse(400, 'Send { id }.');
	const db = getDb();
	await deleteNote(db, c, event.params.id, body.id);
	return json({ notes: await ownNotes(db, event.params.id, c.personKey) });
};
