import { describe, expect, it } from 'vitest';
import { geo } from '../../fixtures/canvas.ts';
import { checkCanvasRecord } from '../../../src/lib/board/canvas/records.ts';
import { canvasSchema } from '../../../src/lib/board/canvas/schema.ts';

// Tandem stores no uploaded files and fetches nothing from elsewhere: the server (and every browser
// reading a peer's writes) refuses asset records and the shapes that show a file or another site.
const shape = (type: string, props: Record<string, unknown>) => ({ ...geo(`m-${type}`, 0, 0), type, props });

describe('a canvas holds no media', () => {
	it('accepts a drawn shape', () => {
		expect(checkCanvasRecord(geo('ok', 0, 0))).toBeNull();
	});

	it('refuses asset records (an uploaded image, a bookmark preview)', () => {
		const asset = { id: 'asset:a1', typeName: 'asset', type: 'image', props: { name: 'x.png', src: 'data:image/png;base64,AAAA', w: 10, h: 10, mimeType: 'image/png', isAnimated: false }, meta: {} };
		expect(checkCanvasRecord(asset)).toMatch(/not a stored canvas record type/);
	});

	it.each([
		['image', { w: 100, h: 100, assetId: null, playing: true, url: '', crop: null, flipX: false, flipY: false, altText: '' }],
		['video', { w: 100, h: 100, assetId: null, autoplay: true, url: '', altText: '', time: 0, playing: true }],
		['bookmark', { url: 'https://example.com/', w: 300, h: 320, assetId: null }],
		['embed', { w: 300, h: 300, url: 'https://www.youtube.com/embed/x' }]
	])('refuses %s shapes, valid as tldraw has them', (type, props) => {
		const record = shape(type, props);
		// tldraw's own validators take it: only Tandem's rule refuses it.
		expect(() => canvasSchema.validateRecord(null as never, record as never, 'initialize', null)).not.toThrow();
		expect(checkCanvasRecord(record)).toMatch(/no media/);
	});
});
