const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", "yesterday": for last-activity columns. */
export function ago(ms: number, now = Date.now()): string {
	const s = Math.round((ms - now) / 1000);
	const abs = Math.abs(s);
	if (abs < 45) return 'just now';
	if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
	if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
	if (abs < 86400 * 30) return rtf.format(Math.round(s / 86400), 'day');
	return new Date(ms).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
}

export function dateTime(ms: number): string {
	return new Date(ms).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}
