import type { AppDb } from '../../src/lib/server/db/index.ts';
import { validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { principalOf } from '../../src/lib/server/auth/principal.ts';
import { boardExists, resolveBoardAccess } from '../../src/lib/server/access.ts';
import { canReadDoc, type BoardAccess } from '../../src/lib/board/model/roles.ts';
import type { DocName } from '../../src/lib/board/model/docNames.ts';
import { CLOSE } from './closeCodes.ts';
import type { Person } from './connection.ts';

export type Denial = 'unauthenticated' | 'not-found' | 'forbidden';

export type AccessVerdict = { ok: true; person: Person; access: BoardAccess } | { ok: false; denial: Denial };

/** Who holds `token` and what they may do with one document. Used at the upgrade and on every re-check. */
export async function resolveDocAccess(db: AppDb, token: string, boardId: string, kind: DocName): Promise<AccessVerdict> {
	const validation = await validateSessionToken(db, token);
	const principal = validation ? principalOf(validation) : null;
	if (!principal) return { ok: false, denial: 'unauthenticated' };
	// "No such board" and "not yours" look the same, so board ids cannot be probed.
	const access = await resolveBoardAccess(db, principal, boardId);
	if (!access) return { ok: false, denial: 'not-found' };
	if (!canReadDoc(access, kind)) return { ok: false, denial: 'forbidden' };
	const person: Person =
		principal.kind === 'user'
			? { kind: 'user', id: principal.userId, name: principal.name }
			: { kind: 'guest', id: principal.guestId, name: principal.name };
	return { ok: true, person, access };
}

export const HTTP_STATUS_OF: Record<Denial, number> = { unauthenticated: 401, 'not-found': 404, forbidden: 403 };

/** The close code and reason for an open socket that lost access. */
export async function closeFor(db: AppDb, denial: Denial, boardId: string): Promise<{ code: number; reason: string }> {
	if (denial === 'unauthenticated') return { code: CLOSE.sessionEnded, reason: 'session ended' };
	if (denial === 'not-found' && !(await boardExists(db, boardId))) return { code: CLOSE.boardDeleted, reason: 'board deleted' };
	return { code: CLOSE.accessRevoked, reason: 'access revoked' };
}
