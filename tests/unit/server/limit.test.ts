import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from '../../../src/lib/server/limit.ts';

/** A task that runs until released by hand. */
function gated(log: string[], name: string) {
	let release!: () => void;
	const gate = new Promise<void>((r) => (release = r));
	return {
		task: async () => {
			log.push(`start ${name}`);
			await gate;
			log.push(`end ${name}`);
			return name;
		},
		release
	};
}

const turn = () => new Promise((r) => setImmediate(r));

describe('concurrencyLimit', () => {
	it('runs at most n at once, the rest in the order asked, each as soon as a slot frees', async () => {
		const log: string[] = [];
		const limit = concurrencyLimit(2);
		const t = ['a', 'b', 'c', 'd'].map((n) => gated(log, n));
		const results = t.map((x) => limit(x.task));
		await turn();
		expect(log).toEqual(['start a', 'start b']);
		t[1].release();
		await turn();
		expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
		t[0].release();
		await turn();
		expect(log.slice(4)).toEqual(['end a', 'start d']);
		t[2].release();
		t[3].release();
		expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
	});

	it('a failing task frees its slot and its caller gets the error', async () => {
		const limit = concurrencyLimit(1);
		const failed = limit(async () => {
			throw new Error('no');
		});
		const next = limit(async () => 'next');
		await expect(failed).rejects.toThrow('no');
		expect(await next).toBe('next');
		// Nothing left running: a new task starts at once.
		const log: string[] = [];
		const g = gated(log, 'e');
		const e = limit(g.task);
		await turn();
		expect(log).toEqual(['start e']);
		g.release();
		expect(await e).toBe('e');
	});
});
