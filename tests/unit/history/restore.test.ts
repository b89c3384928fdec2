import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { restoreInto } from '../../../src/lib/board/history/restore.ts';

function board(): Y.Doc {
	const doc = new Y.Doc();
	const g = new Y.Map<unknown>();
	g.set('text', new Y.Text('Grow revenue'));
	g.set('kind', 'goal');
	doc.getMap('goals').set('G1', g);
	doc.getMap('matrix').set('a|G1', { priority: 3 });
	doc.getMap('session').set('current', 'step1');
	return doc;
}

describe('restoreInto', () => {
	it('brings back the checkpoint content as a forward change that peers receive', () => {
		const doc = board();
		const checkpoint = Y.encodeStateAsUpdate(doc);
		const peer = new Y.Doc();
		Y.applyUpdate(peer, checkpoint);
		doc.on('update', (u: Uint8Array) => Y.applyUpdate(peer, u));
		// Changes after the checkpoint: renamed, a new goal, a cell changed, the session moved on.
		doc.transact(() => {
			const t = (doc.getMap('goals').get('G1') as Y.Map<unknown>).get('text') as Y.Text;
			t.insert(t.length, ' fast');
			const g2 = new Y.Map<unknown>();
			g2.set('text', new Y.Text('Cut cost'));
			doc.getMap('goals').set('G2', g2);
			doc.getMap('matrix').set('a|G1', { priority: 1 });
			doc.getMap('session').set('current', 'step2');
		});
		const sv = Y.encodeStateVector(doc);
		expect(restoreInto(doc, 'shared', checkpoint, 'restore')).toBe(true);
		expect(((doc.getMap('goals').get('G1') as Y.Map<unknown>).get('text') as Y.Text).toString()).toBe('Grow revenue');
		expect([...doc.getMap('goals').keys()]).toEqual(['G1']);
		expect(doc.getMap('matrix').get('a|G1')).toEqual({ priority: 3 });
		// Running the session is not content: it stays where it is.
		expect(doc.getMap('session').get('current')).toBe('step2');
		// Forward: the state vector grew (nothing rewound), and the peer has the same content.
		expect(Y.encodeStateVector(doc)).not.toEqual(sv);
		expect(peer.getMap('goals').toJSON()).toEqual(doc.getMap('goals').toJSON());
	});
	it('changes nothing when the content is already the checkpoint', () => {
		const doc = board();
		expect(restoreInto(doc, 'shared', Y.encodeStateAsUpdate(doc), 'restore')).toBe(false);
	});
});
