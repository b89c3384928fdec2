const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", "yesterday": for last-activity columns. */
export function ago(ms: number, now = Date.now()): string {
	const s = Math.round((ms - now) / 1000);
	const abs = Math.abs(s);
	if (abs < 45) return 'just now';
	if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
	if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
	if (abs < 86400 * 30) return rtf.format(Math.round(s / 86400), 'day');
	return dayFormat.format(ms);
}

// One formatter each, made once: toLocaleString with options builds a new one per call (issue #15).
const dayFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function dateTime(ms: number): string {
	return dateTimeFormat.format(ms);
}

/** 0.734 → "73%"; null (undefined measure) → "—". */
export const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)}%`);

/** "Clara Chief" → "CC": for avatars and cell cursors. */
export const initials = (name: string): string =>
	name
		.split(/\s+/)
		.filter(Boolean)
		.slice(0, 2)
		.map((w) => w[0]!.toUpperCase())
		.join('');

/** "an" before "observer", "a" before "participant": by the word's first letter (enough for our role words). */
export const articleFor = (word: string): 'a' | 'an' => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** "an observer", "a participant". */
export const withArticle = (word: string): string => `${articleFor(word)} ${word}`;
