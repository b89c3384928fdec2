import type { Component } from 'svelte';
import GoalsPanel from './GoalsPanel.svelte';

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
}

export const TABS: BoardTab[] = [{ id: 'goals', label: 'Goals & CSFs', component: GoalsPanel }];
