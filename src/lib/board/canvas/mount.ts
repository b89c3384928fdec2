// The canvas chunk: React and tldraw, loaded only when the Canvas view opens (CanvasView.svelte
// imports this module dynamically), so the board page without the canvas stays small.
import 'tldraw/tldraw.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { Tldraw, createTLStore, type Editor, type TLUiOverrides, type TLPageId } from 'tldraw';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import type { Awareness } from 'y-protocols/awareness';
import { canvasSchema } from './schema.ts';
import { customShapeUtils } from './customShapeUtils.ts';
import { CanvasBinding, type CanvasDocs } from './binding.ts';
import { canvasUserId, syncPeers, type CanvasPresence } from './presence.ts';
import { SUPPLIER_PAGE_ID } from './records.ts';
import { PlanContextMenu, addConvertAction } from './planUi.ts';

export interface MountOptions {
	docs: CanvasDocs;
	awareness: Awareness;
	/** The internal document's awareness (supplier side): where presence on the supplier-only page goes. */
	internalAwareness: Awareness | null;
	me: { id: string; name: string; color: string };
	origin: unknown;
	migrationOrigin: unknown;
	/** Whether I may change the canvas now (role, locks, archive). */
	mayWrite(): boolean;
	/** Whether I am on the supplier side (the supplier-only page is created for them). */
	supplier: boolean;
	/** The board's own undo (my changes only, in the board's step order). */
	undo(): void;
	redo(): void;
	/**
	 * A press on the canvas begins one undo step that lasts until the pointer is released (as in
	 * tldraw's own history), however slowly a busy laptop delivers the drag's frames.
	 */
	holdStep(): void;
	releaseStep(): void;
	onNewerSchema(): void;
	/** tldraw's production licence key (README: Canvas licence); empty in development. */
	licenseKey?: string;
	/** "Turn into plan item" was chosen for these sticky notes (planUi.ts: context menu, Alt+P). */
	onConvertNotes?(noteIds: string[]): void;
	/** Something was dropped or pasted that a canvas does not hold (a file, an image, an embed): why. */
	onRefused?(message: string): void;
	/** Every shape is in (the canvas opens with the first view's shapes, the rest follow in batches). */
	onLoaded?(): void;
}

/** Why a dropped or pasted file is not added (README: Canvas). */
export const NO_FILES_MESSAGE = 'Files and images cannot be added to a canvas: Tandem stores no uploads. Draw it, or add a sticky note with a link.';

export interface CanvasHandle {
	editor: Editor | null;
	binding: CanvasBinding;
	/** Re-reads mayWrite() (a lock, an archive, a role change). */
	refreshAccess(): void;
	/** Shows this spot (bring everyone here) or follows this person's viewport (null: stop). */
	goTo(spot: { page: string; x: number; y: number; z: number }): void;
	follow(personId: string | null): void;
	/** Where I look now, for "bring everyone here". */
	spot(): { page: string; x: number; y: number; z: number } | null;
	destroy(): void;
}

const AWARENESS_MS = 60;
/** tldraw's commands that add a file, a bookmark or an embed (main menu, context menu, shortcuts). */
const MEDIA_ACTIONS = ['insert-media', 'insert-embed', 'convert-to-bookmark', 'convert-to-embed'];

/** Dropped or pasted files, SVG and embeds are refused with a message; a link becomes text (no bookmark fetch). */
function refuseMedia(editor: Editor, refused: (message: string) => void) {
	const refuse = () => refused(NO_FILES_MESSAGE);
	editor.registerExternalContentHandler('files', refuse);
	editor.registerExternalContentHandler('file-replace', () => (refuse(), null as never));
	editor.registerExternalContentHandler('svg-text', refuse);
	editor.registerExternalContentHandler('embed', refuse);
	editor.registerExternalContentHandler('url', ({ url, point, sources }) => editor.putExternalContent({ type: 'text', text: url, point, sources }));
}

function pageNonce(): string | undefined {
	for (const s of document.querySelectorAll('script')) if (s.nonce) return s.nonce;
	return undefined;
}

/**
 * Runs a batch of the opening once the editor has mounted and a frame was painted since (so the
 * first view shows before the rest is put, and each batch gets a frame of its own).
 */
function afterPaint(mounted: Promise<void>) {
	return (fn: () => void) => {
		let cancelled = false;
		let frame = 0;
		let timer: ReturnType<typeof setTimeout> | undefined;
		void mounted.then(() => {
			if (!cancelled) frame = requestAnimationFrame(() => (timer = setTimeout(fn, 0)));
		});
		return () => {
			cancelled = true;
			cancelAnimationFrame(frame);
			clearTimeout(timer);
		};
	};
}

export function mountCanvas(el: HTMLElement, opts: MountOptions, onReady: (editor: Editor) => void): CanvasHandle {
	const store = createTLStore({ schema: canvasSchema as never });
	let editorMounted!: () => void;
	const mounted = new Promise<void>((resolve) => (editorMounted = resolve));
	const binding = new CanvasBinding(store, opts.docs, {
		origin: opts.origin,
		migrationOrigin: opts.migrationOrigin,
		mayWrite: opts.mayWrite,
		onNewerSchema: opts.onNewerSchema,
		onInvalid: (key, reason) => console.warn(`canvas: ignored ${key.slice(0, 80)}: ${reason}`),
		// tldraw's first camera is at the page's origin, zoom 1: the first view is the host's size there.
		initialView: () => ({ x: 0, y: 0, w: el.clientWidth || window.innerWidth, h: el.clientHeight || window.innerHeight }),
		defer: afterPaint(mounted),
		onLoaded: () => opts.onLoaded?.()
	});
	binding.start();
	const stopPeers = syncPeers(store, opts.internalAwareness ? [opts.awareness, opts.internalAwareness] : [opts.awareness]);
	let editor: Editor | null = null;
	const cleanups: (() => void)[] = [];

	const overrides: TLUiOverrides = {
		// No uploads, bookmarks or embeds (records.ts MEDIA_SHAPES: the server refuses them too).
		tools(_editor, tools) {
			delete tools.asset;
			return tools;
		},
		actions(_editor, actions) {
			for (const id of MEDIA_ACTIONS) delete actions[id];
			// Undo on the canvas is the board's undo: only my own changes, in the board's step order.
			// tldraw takes Ctrl+Z while the canvas has focus (the board's own shortcut then never sees it).
			if (actions.undo) actions.undo = { ...actions.undo, onSelect: () => opts.undo() };
			if (actions.redo) actions.redo = { ...actions.redo, onSelect: () => opts.redo() };
			// ---- plan cards (issue #10 part 5) ----
			if (opts.onConvertNotes) addConvertAction(_editor, actions, opts.onConvertNotes);
			return actions;
		}
	};

	const publish = (() => {
		let timer: ReturnType<typeof setTimeout> | null = null;
		const send = () => {
			timer = null;
			if (!editor) return;
			const camera = editor.getCamera();
			const pointer = editor.inputs.getCurrentPagePoint?.() ?? (editor.inputs as unknown as { currentPagePoint: { x: number; y: number } }).currentPagePoint;
			const view = editor.getViewportPageBounds();
			const state: CanvasPresence = {
				page: editor.getCurrentPageId(),
				cursor: pointer ? { x: pointer.x, y: pointer.y } : null,
				selection: editor.getSelectedShapeIds().slice(0, 100),
				camera: { x: camera.x, y: camera.y, z: camera.z },
				view: { x: view.x, y: view.y, w: view.w, h: view.h }
			};
			// On the supplier-only page my cursor and selection go only to the internal document's
			// awareness (the supplier side); the shared one then carries no canvas position at all.
			const internal = state.page === SUPPLIER_PAGE_ID && opts.internalAwareness;
			(internal || opts.awareness).setLocalStateField('canvas', state);
			(internal ? opts.awareness : opts.internalAwareness)?.setLocalStateField('canvas', null);
		};
		return () => {
			timer ??= setTimeout(send, AWARENESS_MS);
		};
	})();

	const onMount = (e: Editor) => {
		editor = e;
		refuseMedia(e, (m) => opts.onRefused?.(m));
		e.updateInstanceState({ isReadonly: !opts.mayWrite() });
		if (opts.supplier && opts.mayWrite() && !e.getPage(SUPPLIER_PAGE_ID as TLPageId)) {
			e.createPage({ id: SUPPLIER_PAGE_ID as TLPageId, name: 'Supplier only' });
		}
		cleanups.push(store.listen(publish, { scope: 'session' }), store.listen(publish, { scope: 'document' }));
		publish();
		onReady(e);
		editorMounted();
	};

	const hold = () => opts.holdStep();
	const release = () => opts.releaseStep();
	el.addEventListener('pointerdown', hold, { capture: true });
	// Released anywhere: a drag may end outside the canvas.
	window.addEventListener('pointerup', release, { capture: true });
	window.addEventListener('pointercancel', release, { capture: true });
	cleanups.push(() => {
		el.removeEventListener('pointerdown', hold, { capture: true });
		window.removeEventListener('pointerup', release, { capture: true });
		window.removeEventListener('pointercancel', release, { capture: true });
		release();
	});

	const root = createRoot(el);
	root.render(
		createElement(Tldraw, {
			store,
			shapeUtils: customShapeUtils,
			assetUrls: getAssetUrlsByImport(),
			overrides,
			components: { ContextMenu: PlanContextMenu },
			onMount,
			// No uploads: a canvas stores drawings and text, not files (nothing but Tandem's server is reached).
			acceptedImageMimeTypes: [],
			acceptedVideoMimeTypes: [],
			licenseKey: opts.licenseKey || undefined,
			// The page's CSP nonce (SvelteKit's, on its start script): tldraw's own <style> elements
			// (the development licence badge, SVG export) carry it, so style-src stays 'self' + nonce.
			options: { nonce: pageNonce() }
		} as never)
	);

	return {
		get editor() {
			return editor;
		},
		binding,
		refreshAccess() {
			editor?.updateInstanceState({ isReadonly: !opts.mayWrite() });
		},
		goTo(spot) {
			if (!editor) return;
			if (editor.getPage(spot.page as TLPageId)) editor.setCurrentPage(spot.page as TLPageId);
			editor.setCamera({ x: spot.x, y: spot.y, z: spot.z });
		},
		follow(personId) {
			if (!editor) return;
			if (personId) editor.startFollowingUser(canvasUserId(personId));
			else editor.stopFollowingUser();
		},
		spot() {
			if (!editor) return null;
			const c = editor.getCamera();
			// The shared document never names the supplier-only page: from there, everyone comes to the first page.
			const page = editor.getCurrentPageId() === SUPPLIER_PAGE_ID ? (editor.getPages().find((p) => p.id !== SUPPLIER_PAGE_ID)?.id ?? 'page:page') : editor.getCurrentPageId();
			return { page, x: c.x, y: c.y, z: c.z };
		},
		destroy() {
			for (const f of cleanups.splice(0)) f();
			opts.awareness.setLocalStateField('canvas', null);
			opts.internalAwareness?.setLocalStateField('canvas', null);
			stopPeers();
			binding.destroy();
			root.unmount();
			editor = null;
		}
	};
}
