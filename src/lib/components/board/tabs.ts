import type { Component } from 'svelte';
import GoalsPanel from './GoalsPanel.svelte';
import StakeholdersPanel from './StakeholdersPanel.svelte';
import MatrixPanel from './MatrixPanel.svelte';
import ScorecardPanel from './ScorecardPanel.svelte';
import WhereToHelpPanel from './WhereToHelpPanel.svelte';
import InitiativesPanel from './InitiativesPanel.svelte';
import ActionsPanel from './ActionsPanel.svelte';
import ListsPanel from './ListsPanel.svelte';
import DecisionsPanel from './DecisionsPanel.svelte';
import ParkingLotPanel from './ParkingLotPanel.svelte';
import SummaryPanel from './SummaryPanel.svelte';
import EngagementPanel from './EngagementPanel.svelte';
import CanvasView from '../canvas/CanvasView.svelte';
import type { LockKey } from '$lib/board/model/locks.ts';
import { PLANNING_TEMPLATES as PLANNING, type TemplateId } from '$lib/board/model/templates.ts';

/**
 * The board's views, in tab order. Each view is a component that takes no props and reads the
 * board through `useBoard()`. `supplierOnly` views are not offered to the client side (their data
 * never reaches a client-side browser anyway).
 */
export interface BoardTab {
	id: string;
	label: string;
	component: Component;
	supplierOnly?: boolean;
	/** The templates whose boards show this view; every template when absent. */
	templates?: readonly TemplateId[];
	/** The sections a facilitator locks from this view (model/locks.ts); the whole board's lock applies to every view. */
	locks?: LockKey[];
}

export const TABS: BoardTab[] = [
	{ id: 'lists', label: 'Lists', component: ListsPanel, templates: ['advisory', 'soar', 'blank'], locks: ['lists'] },
	{ id: 'goals', label: 'Goals & CSFs', component: GoalsPanel, templates: PLANNING, locks: ['goals'] },
	{ id: 'stakeholders', label: 'Stakeholders', component: StakeholdersPanel, templates: PLANNING, locks: ['stakeholders'] },
	{ id: 'matrix', label: 'Positioning matrix', component: MatrixPanel, templates: PLANNING, locks: ['matrix'] },
	{ id: 'scorecard', label: 'Scorecard', component: ScorecardPanel, templates: PLANNING },
	// It starts initiatives from a point: closed with them.
	{ id: 'where-to-help', label: 'Where to help', component: WhereToHelpPanel, templates: PLANNING, locks: ['initiatives'] },
	{ id: 'initiatives', label: 'Initiatives', component: InitiativesPanel, locks: ['initiatives'] },
	{ id: 'actions', label: 'Actions', component: ActionsPanel, locks: ['initiatives'] },
	// Preferences lock with the stakeholders; the internal plan is never locked (like relations).
	{ id: 'engagement', label: 'Engagement', component: EngagementPanel, templates: PLANNING, locks: ['stakeholders'] },
	// ---- facilitation: on every board ----
	{ id: 'decisions', label: 'Decisions', component: DecisionsPanel, locks: ['decisions'] },
	{ id: 'parking-lot', label: 'Parking lot', component: ParkingLotPanel, locks: ['parkingLot'] },
	// Reads everything, writes only saved snapshots (facilitators): nothing to lock.
	{ id: 'summary', label: 'Summary', component: SummaryPanel },
	// Freeform drawing (tldraw, loaded only when opened); its supplier-only page stays on the supplier side.
	{ id: 'canvas', label: 'Canvas', component: CanvasView, locks: ['canvas'] }
];
