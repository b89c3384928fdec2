import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A form's "working…" state for `use:enhance`: disables the button while the action runs and
 * keeps what the person typed when the server answers with errors.
 */
export class Submitting {
	busy = $state(false);
	enhance: SubmitFunction = () => {
		this.busy = true;
		return async ({ update }) => {
			await update({ reset: false });
			this.busy = false;
		};
	};
}
