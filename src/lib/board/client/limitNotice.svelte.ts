/** A "limited to N characters" message that shows when a field refuses input, then fades. */
export class LimitNotice {
	shown = $state(false);
	#timer: ReturnType<typeof setTimeout> | undefined;

	show = (): void => {
		this.shown = true;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => (this.shown = false), 3000);
	};
}
