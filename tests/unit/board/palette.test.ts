import { describe, expect, it } from 'vitest';
import { PALETTE, colorFor, isPaletteColor, safeColor } from '../../../src/lib/board/presence/palette.ts';
import { peerFromState } from '../../../src/lib/board/presence/peer.ts';
import { cssPercent } from '../../../src/lib/board/presence/cssValues.ts';

// WCAG 2 relative luminance and contrast ratio.
function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrastWithWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('presence palette', () => {
	it('holds only #rrggbb colours with at least 4.5:1 contrast for white initials', () => {
		expect(PALETTE.length).toBeGreaterThanOrEqual(6);
		for (const c of PALETTE) {
			expect(c).toMatch(/^#[0-9a-f]{6}$/);
			expect(contrastWithWhite(c), c).toBeGreaterThanOrEqual(4.5);
		}
		expect(new Set(PALETTE).size).toBe(PALETTE.length);
	});

	it('gives each person one colour, the same everywhere', () => {
		expect(colorFor('abc')).toBe(colorFor('abc'));
		expect(isPaletteColor(colorFor('x'))).toBe(true);
		const spread = new Set(Array.from({ length: 200 }, (_, i) => colorFor(`person-${i}`)));
		expect(spread.size).toBe(PALETTE.length);
	});

	it('never passes anything but a palette colour on to a style attribute', () => {
		for (const bad of ['red;background:url(http://evil.test/x)', '#fff', 'red', '', null, 5, { toString: () => PALETTE[0] }]) {
			expect(PALETTE).toContain(safeColor(bad));
		}
		expect(safeColor('red;background:url(http://evil.test/x)')).not.toContain('url');
		expect(safeColor(PALETTE[2])).toBe(PALETTE[2]);
	});
});

describe('peers read from awareness', () => {
	it('keeps a well-formed peer and forces its colour into the palette', () => {
		const p = peerFromState(3, { user: { id: 'g1', name: 'Gus', side: 'client', role: 'participant', color: 'red;background:url(http://evil.test/x)' }, focus: 'cell:a|b' });
		expect(p).toEqual({ clientId: 3, user: { id: 'g1', name: 'Gus', side: 'client', role: 'participant', color: PALETTE[5] }, focus: 'cell:a|b', view: null });
	});

	it('keeps the view a peer is on only when it looks like a view id', () => {
		const user = { id: 'g1', name: 'Gus', side: 'client' };
		expect(peerFromState(3, { user, view: 'where-to-help' })?.view).toBe('where-to-help');
		expect(peerFromState(3, { user, view: 'x" onclick="alert(1)' })?.view).toBeNull();
		expect(peerFromState(3, { user, view: 7 })?.view).toBeNull();
	});

	it('ignores states without a usable identity', () => {
		for (const state of [{}, { user: null }, { user: { id: 1, name: 'x', side: 'client' } }, { user: { id: 'a', name: 'x', side: 'martian' } }]) {
			expect(peerFromState(1, state)).toBeNull();
		}
	});
});

describe('numbers in style attributes', () => {
	it('are finite and within 0–100 %', () => {
		expect(cssPercent(0.5)).toBe(50);
		expect(cssPercent(2)).toBe(100);
		expect(cssPercent(-1)).toBe(0);
		for (const bad of [NaN, Infinity, '50%;background:url(x)', null, undefined]) expect(cssPercent(bad)).toBe(0);
	});
});
