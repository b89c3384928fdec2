/**
 * Where to send someone after signing in or up: a path on this site, or `fallback`.
 *
 * Browsers strip tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.test` or `/\evil.test`
 * in a Location header lands on another host; a newline also makes the header itself invalid (a
 * 500 after the account was created). So: one leading `/`, no backslash, no control character or
 * whitespace (before or after percent-decoding), and the parsed URL must stay on the same origin.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	if (!next || next.length > 2000) return fallback;
	let decoded: string;
	try {
		decoded = decodeURIComponent(next);
	} catch {
		return fallback;
	}
	for (const s of [next, decoded]) {
		if (!s.startsWith('/') || s.startsWith('//') || s.includes('\\')) return fallback;
		// C0 controls, DEL, C1 controls and any Unicode whitespace.
		if (/[\u0000-\u0020\u007f-\u009f\s]/u.test(s)) return fallback;
	}
	const base = 'http://same.invalid';
	let url: URL;
	try {
		url = new URL(next, base);
	} catch {
		return fallback;
	}
	if (url.origin !== base) return fallback;
	return url.pathname + url.search + url.hash;
}
