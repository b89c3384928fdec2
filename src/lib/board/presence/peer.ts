import { BOARD_ROLES, SIDES, type BoardRole, type Side } from '../model/roles.ts';
import { safeColor, type PaletteColor } from './palette.ts';

// What the browser takes from another client's awareness state. The server sets `user` to who
// the socket is; this is the browser's own check, so a state that got past no server (or an older
// one) can still not put anything but a palette colour into a style attribute.
export interface PeerUser {
	id: string;
	name: string;
	side: Side;
	role?: BoardRole;
	color: PaletteColor;
}

export interface PeerState {
	clientId: number;
	user: PeerUser;
	focus: string | null;
	/** The view (tab id) they are on, for following them. */
	view: string | null;
}

const MAX_NAME = 200;

export function peerFromState(clientId: number, state: Record<string, unknown>): PeerState | null {
	const u = state.user as Record<string, unknown> | null | undefined;
	if (!u || typeof u !== 'object' || typeof u.id !== 'string' || typeof u.name !== 'string') return null;
	if (!(SIDES as readonly unknown[]).includes(u.side)) return null;
	const user: PeerUser = { id: u.id, name: u.name.slice(0, MAX_NAME), side: u.side as Side, color: safeColor(u.color) };
	if ((BOARD_ROLES as readonly unknown[]).includes(u.role)) user.role = u.role as BoardRole;
	const view = typeof state.view === 'string' && /^[a-z-]{1,40}$/.test(state.view) ? state.view : null;
	return { clientId, user, focus: typeof state.focus === 'string' ? state.focus : null, view };
}
