import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/** 120 bits of randomness: an unguessable id or secret, URL- and cookie-safe. */
export function randomToken(bytes = 15): string {
	const b = new Uint8Array(bytes);
	crypto.getRandomValues(b);
	return encodeBase32LowerCaseNoPadding(b);
}

export const newId = (): string => randomToken(10);

/** Secrets (session tokens, invite tokens) are stored only as this hash. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
