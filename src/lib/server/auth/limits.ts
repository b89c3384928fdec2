import type { RequestEvent } from '@sveltejs/kit';
import type { Backoff } from './rateLimit.ts';

const MIN = 60 * 1000;

/**
 * Wrong passwords for one email from one address. Keyed on the pair, so an attacker's guesses
 * never lock the owner out at their own address; 5 free, then 1, 2, 4, 5, 5… minutes apart.
 */
export const SIGN_IN_PER_EMAIL_AND_ADDRESS: Backoff = { free: 5, baseMs: MIN, maxMs: 5 * MIN, forgetAfterMs: 15 * MIN };
/** Wrong passwords from one address, whatever the email (credential stuffing). */
export const SIGN_IN_PER_ADDRESS: Backoff = { free: 30, baseMs: MIN, maxMs: 15 * MIN, forgetAfterMs: 15 * MIN };
/** Sign-up attempts from one address (each one costs an argon2 hash and may probe an email). */
export const SIGN_UP_PER_ADDRESS: Backoff = { free: 10, baseMs: MIN, maxMs: 60 * MIN, forgetAfterMs: 60 * MIN };

/**
 * The client's address as adapter-node reports it: the socket's peer, or, behind a proxy, the
 * header named by ADDRESS_HEADER (with XFF_DEPTH for X-Forwarded-For). Without those settings
 * behind a proxy every visitor shares the proxy's address. Reduced by `limiterAddress`.
 */
export function clientAddress(event: RequestEvent): string {
	let address: string;
	try {
		address = event.getClientAddress();
	} catch {
		// ADDRESS_HEADER set but absent from this request, or an adapter without addresses.
		return 'unknown';
	}
	return limiterAddress(address);
}

/**
 * The unit limits count against: an IPv4 address as it is, an IPv6 address by its /64 (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would not limit anyone).
 */
export function limiterAddress(address: string): string {
	const a = address.trim().toLowerCase().replace(/%.*$/, '');
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
	if (mapped) return mapped[1];
	if (!a.includes(':')) return a;
	const [head, tail] = a.split('::');
	const left = head ? head.split(':') : [];
	const right = tail === undefined ? [] : tail ? tail.split(':') : [];
	const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
	if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return a;
	return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export function retryMessage(what: string, ms: number): string {
	const m = Math.max(1, Math.ceil(ms / MIN));
	return `Too many ${what}. Try again in ${m} minute${m === 1 ? '' : 's'}.`;
}
