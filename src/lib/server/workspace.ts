import { and, eq, isNull, desc } from 'drizzle-orm';
import type { Db } from './db/index.ts';
import { users, workspaceInvites, workspaceMembers, workspaces } from './db/schema.ts';
import { hashToken, newId, randomToken } from './ids.ts';

export function workspaceOf(db: Db, userId: string) {
	return (
		db
			.select({ id: workspaces.id, name: workspaces.name, role: workspaceMembers.role })
			.from(workspaceMembers)
			.innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
			.where(eq(workspaceMembers.userId, userId))
			.get() ?? null
	);
}

export function createWorkspace(db: Db, userId: string, name: string, now = Date.now()) {
	const id = newId();
	db.transaction((tx) => {
		tx.insert(workspaces).values({ id, name, createdAt: now }).run();
		tx.insert(workspaceMembers).values({ workspaceId: id, userId, role: 'admin', joinedAt: now }).run();
	});
	return id;
}

export function listWorkspaceMembers(db: Db, workspaceId: string) {
	return db
		.select({ id: users.id, name: users.name, email: users.email, role: workspaceMembers.role, joinedAt: workspaceMembers.joinedAt })
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.where(eq(workspaceMembers.workspaceId, workspaceId))
		.orderBy(users.name)
		.all();
}

/** Returns the clear-text token once; only its hash is stored. */
export function createWorkspaceInvite(db: Db, workspaceId: string, createdBy: string, ttlMs: number | null, now = Date.now()) {
	const token = randomToken(20);
	db.insert(workspaceInvites)
		.values({ id: newId(), workspaceId, tokenHash: hashToken(token), createdBy, createdAt: now, expiresAt: ttlMs ? now + ttlMs : null })
		.run();
	return token;
}

export function listWorkspaceInvites(db: Db, workspaceId: string, now = Date.now()) {
	return db
		.select()
		.from(workspaceInvites)
		.where(and(eq(workspaceInvites.workspaceId, workspaceId), isNull(workspaceInvites.revokedAt)))
		.orderBy(desc(workspaceInvites.createdAt))
		.all()
		.map((i) => ({ id: i.id, createdAt: i.createdAt, expiresAt: i.expiresAt, expired: i.expiresAt !== null && i.expiresAt <= now }));
}

/** Returns false (and changes nothing) unless the invite is an unrevoked one of this workspace. */
export function revokeWorkspaceInvite(db: Db, workspaceId: string, inviteId: string, now = Date.now()): boolean {
	const r = db
		.update(workspaceInvites)
		.set({ revokedAt: now })
		.where(and(eq(workspaceInvites.id, inviteId), eq(workspaceInvites.workspaceId, workspaceId), isNull(workspaceInvites.revokedAt)))
		.run();
	return r.changes === 1;
}

export type InviteLookup = { ok: true; workspaceId: string; workspaceName: string } | { ok: false; reason: string };

export function findWorkspaceInvite(db: Db, token: string, now = Date.now()): InviteLookup {
	const row = db
		.select({ invite: workspaceInvites, name: workspaces.name })
		.from(workspaceInvites)
		.innerJoin(workspaces, eq(workspaces.id, workspaceInvites.workspaceId))
		.where(eq(workspaceInvites.tokenHash, hashToken(token)))
		.get();
	if (!row) return { ok: false, reason: 'This invite link is not valid. Ask a colleague for a new one.' };
	if (row.invite.revokedAt !== null) return { ok: false, reason: 'This invite link was revoked. Ask a colleague for a new one.' };
	if (row.invite.expiresAt !== null && row.invite.expiresAt <= now)
		return { ok: false, reason: 'This invite link has expired. Ask a colleague for a new one.' };
	return { ok: true, workspaceId: row.invite.workspaceId, workspaceName: row.name };
}

export function joinWorkspace(db: Db, userId: string, workspaceId: string, now = Date.now()): { ok: true } | { ok: false; reason: string } {
	const current = workspaceOf(db, userId);
	if (current?.id === workspaceId) return { ok: true };
	if (current) return { ok: false, reason: `You already belong to the workspace "${current.name}".` };
	db.insert(workspaceMembers).values({ workspaceId, userId, role: 'member', joinedAt: now }).run();
	return { ok: true };
}
