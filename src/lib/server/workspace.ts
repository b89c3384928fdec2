import { and, eq, isNull, desc } from 'drizzle-orm';
import type { AppDb } from './db/index.ts';
import { one, q, transaction } from './db/query.ts';
import { hashToken, newId, randomToken } from './ids.ts';

export async function workspaceOf(db: AppDb, userId: string) {
	const { orm, t } = q(db);
	const { workspaces, workspaceMembers } = t;
	return one(
		orm
			.select({ id: workspaces.id, name: workspaces.name, role: workspaceMembers.role })
			.from(workspaceMembers)
			.innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
			.where(eq(workspaceMembers.userId, userId))
	);
}

export async function createWorkspace(db: AppDb, userId: string, name: string, now = Date.now()) {
	const id = newId();
	await transaction(db, async (tx) => {
		const { orm, t } = q(tx);
		await orm.insert(t.workspaces).values({ id, name, createdAt: now });
		await orm.insert(t.workspaceMembers).values({ workspaceId: id, userId, role: 'admin', joinedAt: now });
	});
	return id;
}

export async function listWorkspaceMembers(db: AppDb, workspaceId: string) {
	const { orm, t } = q(db);
	const { users, workspaceMembers } = t;
	return orm
		.select({ id: users.id, name: users.name, email: users.email, role: workspaceMembers.role, joinedAt: workspaceMembers.joinedAt })
		.from(workspaceMembers)
		.innerJoin(users, eq(users.id, workspaceMembers.userId))
		.where(eq(workspaceMembers.workspaceId, workspaceId))
		.orderBy(users.name);
}

/** Returns the clear-text token once; only its hash is stored. */
export async function createWorkspaceInvite(db: AppDb, workspaceId: string, createdBy: string, ttlMs: number | null, now = Date.now()) {
	const { orm, t } = q(db);
	const token = randomToken(20);
	await orm
		.insert(t.workspaceInvites)
		.values({ id: newId(), workspaceId, tokenHash: hashToken(token), createdBy, createdAt: now, expiresAt: ttlMs ? now + ttlMs : null });
	return token;
}

export async function listWorkspaceInvites(db: AppDb, workspaceId: string, now = Date.now()) {
	const { orm, t } = q(db);
	const { workspaceInvites } = t;
	const rows = await orm
		.select()
		.from(workspaceInvites)
		.where(and(eq(workspaceInvites.workspaceId, workspaceId), isNull(workspaceInvites.revokedAt)))
		.orderBy(desc(workspaceInvites.createdAt));
	return rows.map((i) => ({ id: i.id, createdAt: i.createdAt, expiresAt: i.expiresAt, expired: i.expiresAt !== null && i.expiresAt <= now }));
}

/** Returns false (and changes nothing) unless the invite is an unrevoked one of this workspace. */
export async function revokeWorkspaceInvite(db: AppDb, workspaceId: string, inviteId: string, now = Date.now()): Promise<boolean> {
	const { orm, t } = q(db);
	const { workspaceInvites } = t;
	const r = await orm
		.update(workspaceInvites)
		.set({ revokedAt: now })
		.where(and(eq(workspaceInvites.id, inviteId), eq(workspaceInvites.workspaceId, workspaceId), isNull(workspaceInvites.revokedAt)))
		.returning({ id: workspaceInvites.id });
	return r.length === 1;
}

export type InviteLookup = { ok: true; workspaceId: string; workspaceName: string } | { ok: false; reason: string };

export async function findWorkspaceInvite(db: AppDb, token: string, now = Date.now()): Promise<InviteLookup> {
	const { orm, t } = q(db);
	const { workspaceInvites, workspaces } = t;
	const row = await one(
		orm
			.select({ invite: workspaceInvites, name: workspaces.name })
			.from(workspaceInvites)
			.innerJoin(workspaces, eq(workspaces.id, workspaceInvites.workspaceId))
			.where(eq(workspaceInvites.tokenHash, hashToken(token)))
	);
	if (!row) return { ok: false, reason: 'This invite link is not valid. Ask a colleague for a new one.' };
	if (row.invite.revokedAt !== null) return { ok: false, reason: 'This invite link was revoked. Ask a colleague for a new one.' };
	if (row.invite.expiresAt !== null && row.invite.expiresAt <= now)
		return { ok: false, reason: 'This invite link has expired. Ask a colleague for a new one.' };
	return { ok: true, workspaceId: row.invite.workspaceId, workspaceName: row.name };
}

export async function joinWorkspace(db: AppDb, userId: string, workspaceId: string, now = Date.now()): Promise<{ ok: true } | { ok: false; reason: string }> {
	const current = await workspaceOf(db, userId);
	if (current?.id === workspaceId) return { ok: true };
	if (current) return { ok: false, reason: `You already belong to the workspace "${current.name}".` };
	const { orm, t } = q(db);
	await orm.insert(t.workspaceMembers).values({ workspaceId, userId, role: 'member', joinedAt: now });
	return { ok: true };
}
