import type { Component } from 'svelte';
import type { LockKey } from '$lib/board/model/locks.ts';
import { PLANNING_TEMPLATES as PLANNING, type TemplateId } from '$lib/board/model/templates.ts';

/**
 * The board's views, in tab order. Each view is a component that takes no props and reads the
 * board through `useBoard()`. `supplierOnly` views are not offered to the client side (their data
 * never reaches a client-side browser anyway). Every view is a chunk of its own, loaded when first
 * shown, so a board opened on one view loads only that one (issue #10: the board page's JavaScript
 * without the canvas stays within 100 KB brotli).
 */
export interface BoardTab {
	id: string;
	label: string;
	/** The view, loaded when first shown (a chunk of its own), so the board page's JavaScript stays small. */
	load: () => Promise<{ default: Component }>;
	supplierOnly?: boolean;
	/** The templates whose boards show this view; every template when absent. */
	templates?: readonly TemplateId[];
	/** The sections a facilitator locks from this view (model/locks.ts); the whole board's lock applies to every view. */
	locks?: LockKey[];
}

export const TABS: BoardTab[] = [
	{ id: 'lists', label: 'Lists', load: () => import('./ListsPanel.svelte'), templates: ['advisory', 'soar', 'blank'], locks: ['lists'] },
	{ id: 'goals', label: 'Goals & CSFs', load: () => import('./GoalsPanel.svelte'), templates: PLANNING, locks: ['goals'] },
	{ id: 'stakeholders', label: 'Stakeholders', load: () => import('./StakeholdersPanel.svelte'), templates: PLANNING, locks: ['stakeholders'] },
	{ id: 'matrix', label: 'Positioning matrix', load: () => import('./MatrixPanel.svelte'), templates: PLANNING, locks: ['matrix'] },
	{ id: 'scorecard', label: 'Scorecard', load: () => import('./ScorecardPanel.svelte'), templates: PLANNING },
	// It starts initiatives from a point: closed with them.
	{ id: 'where-to-help', label: 'Where to help', load: () => import('./WhereToHelpPanel.svelte'), templates: PLANNING, locks: ['initiatives'] },
	{ id: 'initiatives', label: 'Initiatives', load: () => import('./InitiativesPanel.svelte'), locks: ['initiatives'] },
	{ id: 'actions', label: 'Actions', load: () => import('./ActionsPanel.svelte'), locks: ['initiatives'] },
	// Preferences lock with the stakeholders; the internal plan is never locked (like relations).
	{ id: 'engagement', label: 'Engagement', load: () => import('./EngagementPanel.svelte'), templates: PLANNING, locks: ['stakeholders'] },
	// ---- facilitation: on every board ----
	{ id: 'decisions', label: 'Decisions', load: () => import('./DecisionsPanel.svelte'), locks: ['decisions'] },
	{ id: 'parking-lot', label: 'Parking lot', load: () => import('./ParkingLotPanel.svelte'), locks: ['parkingLot'] },
	// Reads everything, writes only saved snapshots (facilitators): nothing to lock.
	{ id: 'summary', label: 'Summary', load: () => import('./SummaryPanel.svelte') },
	// Freeform drawing (tldraw, loaded only when opened); its supplier-only page stays on the supplier side.
	{ id: 'canvas', label: 'Canvas', load: () => import('../canvas/CanvasView.svelte'), locks: ['canvas'] }
];
