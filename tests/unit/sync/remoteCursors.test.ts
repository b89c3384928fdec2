import { describe, expect, it } from 'vitest';
import { RemoteCursors } from '../../../server/sync/remoteCursors.ts';
import { awarenessUpdate } from './helpers.ts';

describe('cursors relayed by a node that died', () => {
	it('are reported once the node has been silent for the limit, and only then', () => {
		const c = new RemoteCursors(10_000);
		c.track('A', 'b1/shared', awarenessUpdate(1, 1, { cursor: 1 }, 2, 1, { cursor: 2 }), 0);
		c.track('A', 'b2/shared', awarenessUpdate(3, 1, { cursor: 3 }), 1_000);
		c.heard('B', 5_000);
		expect(c.gone(10_999)).toEqual([]);
		expect(c.gone(11_000)).toEqual([
			{ room: 'b1/shared', ids: [1, 2] },
			{ room: 'b2/shared', ids: [3] }
		]);
		// Reported once; B, heard at 5 s, goes at 15 s with nothing to remove.
		expect(c.gone(14_000)).toEqual([]);
		expect(c.gone(15_000)).toEqual([]);
	});

	it('a node heard again (any message) is not gone', () => {
		const c = new RemoteCursors(10_000);
		c.track('A', 'b1/shared', awarenessUpdate(1, 1, { cursor: 1 }), 0);
		c.heard('A', 9_000);
		expect(c.gone(18_000)).toEqual([]);
		expect(c.gone(19_000)).toEqual([{ room: 'b1/shared', ids: [1] }]);
	});

	it('leaves out ids the node removed itself and ids heard from another node since', () => {
		const c = new RemoteCursors(10_000);
		c.track('A', 'b1/shared', awarenessUpdate(1, 1, { cursor: 1 }, 2, 1, { cursor: 2 }, 3, 1, { cursor: 3 }), 0);
		c.track('A', 'b1/shared', awarenessUpdate(2, 2, null), 100);
		// Person 3 reconnected through the balancer to node B.
		c.track('B', 'b1/shared', awarenessUpdate(3, 2, { cursor: 3 }), 200);
		c.heard('B', 20_000);
		expect(c.gone(10_100)).toEqual([{ room: 'b1/shared', ids: [1] }]);
	});

	it('forgets the cursors of a room this node left', () => {
		const c = new RemoteCursors(10_000);
		c.track('A', 'b1/shared', awarenessUpdate(1, 1, { cursor: 1 }), 0);
		c.forgetRoom('b1/shared');
		expect(c.gone(10_000)).toEqual([]);
	});
});
