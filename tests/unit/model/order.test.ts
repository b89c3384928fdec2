import { describe, expect, it } from 'vitest';
import { generateKeyBetween } from 'fractional-indexing';
import { isOrderKey, keyAfter, keyBetween, keyForIndex } from '../../../src/lib/board/model/order.ts';

const TAG = '00ab12';
const ORDER_KEY = /^[0-9A-Za-z]{1,256}$/; // contentSchema.ts's check

describe('order keys', () => {
	it('appends after any last key, valid or not, with keys the schema and the library accept', () => {
		for (const last of [null, 'a0', 'a5', 'Zz', 'b1', 'a50', 'zz', '0', 'z'.repeat(27), 'a0' + TAG + 'a0V']) {
			const k = keyAfter(last, TAG);
			if (last !== null) expect(k > last, `${k} after ${last}`).toBe(true);
			expect(k).toMatch(ORDER_KEY);
			expect(isOrderKey(k)).toBe(true);
			expect(() => generateKeyBetween(k, null)).not.toThrow();
		}
	});

	it('continues my own run and stays short', () => {
		let k: string | null = null;
		for (let i = 0; i < 500; i++) {
			const next = keyAfter(k, TAG);
			if (k !== null) expect(next > k).toBe(true);
			k = next;
		}
		expect(k!.length).toBeLessThan(20);
	});

	it('puts a key between two neighbours, and after the first when they are out of order', () => {
		const k = keyBetween('a0', 'a1', TAG);
		expect(k > 'a0' && k < 'a1').toBe(true);
		expect(keyBetween('a2', 'a1', TAG) > 'a2').toBe(true);
		expect(keyForIndex([{ order: 'a0' }, { order: 'a1' }], 0, TAG) < 'a0').toBe(true);
		expect(keyForIndex([{ order: 'a0' }, { order: 'a1' }], 2, TAG) > 'a1').toBe(true);
	});
});
