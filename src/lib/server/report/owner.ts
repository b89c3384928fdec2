import type { Principal } from '../access.ts';

/** The person behind a session, as report jobs record their owner. */
export const principalId = (p: Principal): string => (p.kind === 'user' ? `user:${p.userId}` : `guest:${p.guestId}`);
