import type { SessionGuest, SessionUser } from '$lib/server/auth/session.ts';
import type { Principal } from '$lib/server/access.ts';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			guest: SessionGuest | null;
			sessionId: string | null;
			principal: Principal | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
