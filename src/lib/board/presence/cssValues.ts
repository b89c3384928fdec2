// Numbers that go into style attributes come from documents anyone on the board can write:
// only a finite number leaves here, clamped to what the bar can show.

/** A fraction (0–1) as a percentage for `width:` / `height:` / `left:`; anything else is 0. */
export function cssPercent(fraction: unknown): number {
	if (typeof fraction !== 'number' || !Number.isFinite(fraction)) return 0;
	return Math.min(100, Math.max(0, fraction * 100));
}
