// Presentation mode for the projector: larger type, higher contrast and no chrome beyond the current
// view and the agenda/timer slot. Remembered per person in this browser (localStorage), never shared
// through the board: one person presenting does not change anyone else's screen.

const KEY = (personId: string) => `tandem:presentation:${personId}`;
/** The class on <html> that the global styles (app.css) key the whole mode on. */
export const PRESENTING_CLASS = 'presenting';

/** Alt+Shift+P toggles the mode (by key position, so it works whatever Alt makes of the P key). */
export function isPresentationShortcut(e: KeyboardEvent): boolean {
	return e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyP';
}

export class Presentation {
	on = $state(false);
	readonly #key: string;

	constructor(personId: string) {
		this.#key = KEY(personId);
		try {
			this.on = localStorage.getItem(this.#key) === '1';
		} catch {
			this.on = false; // storage blocked: the mode simply starts off
		}
	}

	toggle(): void {
		this.set(!this.on);
	}

	set(on: boolean): void {
		this.on = on;
		try {
			if (on) localStorage.setItem(this.#key, '1');
			else localStorage.removeItem(this.#key);
		} catch {
			// not remembered, still applied
		}
	}
}
