// Probe: the sync server's check of one canvas drag update on a canvas of 2,000 shapes (µs per update).
import * as Y from 'yjs';
import { inspectUpdate } from '../../server/sync/updateGuard.ts';
import { decodeIncomingUpdate, hasNewContent } from '../../server/sync/updateContent.ts';
import { canvasMap } from '../../src/lib/board/canvas/binding.ts';
import { geo } from '../fixtures/canvas.ts';

const doc = new Y.Doc();
const map = canvasMap(doc);
doc.transact(() => {
	for (let i = 0; i < 2000; i++) map.set(`shape:s${i}`, geo(`s${i}`, (i % 50) * 40, Math.floor(i / 50) * 40, 'page:page', 30));
	map.set('shape:drag', geo('drag', 100, 300));
});
const sender = new Y.Doc();
Y.applyUpdate(sender, Y.encodeStateAsUpdate(doc));
const updates: Uint8Array[] = [];
sender.on('update', (u: Uint8Array) => updates.push(u));
for (let i = 0; i < 2000; i++) canvasMap(sender).set('shape:drag', { ...(canvasMap(sender).get('shape:drag') as object), x: 100 + i });
console.log(`update bytes: ${updates[0].byteLength}`);
const access = { role: 'participant', side: 'supplier' } as const;
let t = 0;
const n = updates.length;
for (let i = 0; i < n; i++) {
	const t0 = performance.now();
	const d = decodeIncomingUpdate(updates[i]);
	hasNewContent(doc, d);
	const v = inspectUpdate(doc, 'shared', d, access);
	t += performance.now() - t0;
	if (!v.ok) throw new Error(JSON.stringify(v));
	Y.applyUpdate(doc, updates[i]);
}
console.log(`decode + check: ${((t / n) * 1000).toFixed(0)} µs per update (mean of ${n})`);
