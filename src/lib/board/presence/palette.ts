// Shared by server and browser: a person's presence colour. The server puts it into awareness
// (a client's own claim is overwritten) and the browser renders only colours from this list, so
// nothing a peer sends ever reaches a style attribute. Each colour has at least 4.5:1 contrast
// with the white initials drawn on it (tests/unit/board/palette.test.ts checks).
export const PALETTE = ['#b3261e', '#00707a', '#8a5a00', '#2f7d4f', '#7b4397', '#2e4057', '#c2185b', '#1565c0'] as const;
export type PaletteColor = (typeof PALETTE)[number];

/** Deterministic per person: the same id gets the same colour on every server and browser. */
export function colorFor(id: string): PaletteColor {
	let h = 0;
	for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
	return PALETTE[Math.abs(h) % PALETTE.length];
}

export function isPaletteColor(x: unknown): x is PaletteColor {
	return typeof x === 'string' && (PALETTE as readonly string[]).includes(x);
}

/** For style attributes: a palette colour as is, anything else as the neutral last one. */
export function safeColor(x: unknown): PaletteColor {
	return isPaletteColor(x) ? x : PALETTE[5];
}
