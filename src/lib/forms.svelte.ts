import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A form's "working…" state for `use:enhance`: disables the button while the action runs (a
 * double click submits once) and keeps what the person typed when the server answers with
 * errors. `reset: true` empties the form after a success (create forms that stay on the page).
 */
export class Submitting {
	busy = $state(false);
	private readonly reset: boolean;
	constructor(opts: { reset?: boolean } = {}) {
		this.reset = opts.reset ?? false;
	}
	enhance: SubmitFunction = () => {
		this.busy = true;
		return async ({ update }) => {
			try {
				await update({ reset: this.reset });
			} finally {
				this.busy = false;
			}
		};
	};
}
