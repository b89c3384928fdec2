import type { Principal } from '../access.ts';
import type { SessionValidation } from './session.ts';

export function principalOf(v: SessionValidation): Principal | null {
	if (v.user) return { kind: 'user', userId: v.user.id, name: v.user.name };
	if (v.guest)
		return {
			kind: 'guest',
			guestId: v.guest.id,
			name: v.guest.displayName,
			boardId: v.guest.boardId,
			role: v.guest.role,
			side: v.guest.side,
			removed: v.guest.removedAt !== null
		};
	return null;
}
