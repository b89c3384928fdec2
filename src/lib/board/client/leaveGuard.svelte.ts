import { goto } from '$app/navigation';
import type { BeforeNavigate } from '@sveltejs/kit';
import type { BoardConnection } from './connection.svelte.ts';
import { LEAVE_WAIT_MS, leaveDecision, leavesBoard } from './leaveDecision.ts';

/** Leaving to another page (a link, back, a search) or signing out (or, for a guest, leaving for good). */
export type LeaveKind = 'navigate' | 'signout';

/** The open board's guard, for the sign-out form in the layout (it posts before any navigation starts). */
let current: LeaveGuard | null = null;

/** Whether leaving may go on: true at once with no board open or nothing unsaved; else after the board's wait or dialog. */
export function mayLeave(kind: LeaveKind): Promise<boolean> {
	return current ? current.request(kind) : Promise.resolve(true);
}

/**
 * Holds back leaving a board while changes are not yet saved (saveTracker.ts): waits briefly for
 * a save in flight, then, or at once when offline, asks (LeaveUnsavedDialog). Closing or
 * reloading the tab gets the browser's own prompt instead: a page that unloads cannot wait.
 */
export class LeaveGuard {
	/** A leave held back: waiting for the server (`asking` false) or shown in the dialog. */
	pending = $state<{ kind: LeaveKind; asking: boolean } | null>(null);
	readonly #connection: BoardConnection;
	#resolve: ((leave: boolean) => void) | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** The next navigation is the one the person already let go (redone after a wait or "Leave anyway"). */
	#letThrough = false;
	/** Signed out: whatever navigation follows goes. */
	#left = false;
	readonly #stopWatching: () => void;

	constructor(connection: BoardConnection) {
		this.#connection = connection;
		current = this;
		// A save confirmed (or the connection lost) while waiting: go, or ask now.
		this.#stopWatching = $effect.root(() => {
			$effect(() => {
				const p = this.pending;
				const { state, unsynced } = this.#connection;
				if (!p || p.asking) return;
				const decision = leaveDecision(state, unsynced, 0);
				if (decision === 'go') this.#finish(true);
				else if (decision === 'ask') this.pending = { ...p, asking: true };
			});
		});
	}

	/** Resolves true to leave, false to stay. A newer request ends an older one (it stays). */
	request(kind: LeaveKind): Promise<boolean> {
		const decision = this.#left ? 'go' : leaveDecision(this.#connection.state, this.#connection.unsynced, 0);
		if (decision === 'go') return Promise.resolve(true);
		this.#finish(false);
		return new Promise((resolve) => {
			this.#resolve = (leave) => {
				if (leave && kind === 'signout') this.#left = true;
				resolve(leave);
			};
			this.pending = { kind, asking: decision === 'ask' };
			if (decision === 'wait') {
				this.#timer = setTimeout(() => {
					if (this.pending && !this.pending.asking) this.pending = { ...this.pending, asking: true };
				}, LEAVE_WAIT_MS);
			}
		});
	}

	stay() {
		this.#finish(false);
	}

	leave() {
		this.#finish(true);
	}

	#finish(leave: boolean) {
		clearTimeout(this.#timer);
		const resolve = this.#resolve;
		this.#resolve = null;
		this.pending = null;
		resolve?.(leave);
	}

	/** For SvelteKit's beforeNavigate: holds back a navigation off this board and redoes it once it may go. */
	beforeNavigate(nav: BeforeNavigate) {
		if (this.#letThrough || this.#left) {
			this.#letThrough = false;
			return;
		}
		if (!nav.from || !leavesBoard(nav.from.url, nav.to?.url)) return;
		// A link off the site unloads the page: its beforeunload ('leave') prompts, not this.
		if (nav.willUnload && nav.type !== 'leave') return;
		if (leaveDecision(this.#connection.state, this.#connection.unsynced, 0) === 'go') return;
		nav.cancel(); // on unload: the browser's own "Leave site?" prompt
		if (nav.willUnload || !nav.to) return;
		const to = nav.to.url;
		const delta = nav.type === 'popstate' ? nav.delta : undefined;
		void this.request('navigate').then((leave) => {
			if (!leave) return;
			this.#letThrough = true;
			if (delta !== undefined) history.go(delta);
			else void goto(to);
		});
	}

	destroy() {
		this.#finish(false);
		this.#stopWatching();
		if (current === this) current = null;
	}
}
