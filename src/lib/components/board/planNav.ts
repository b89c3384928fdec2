import { goto } from '$app/navigation';

/** Shows one initiative in the Initiatives view (the board page reads `view` from the URL). */
export function openInitiative(id: string): void {
	const url = new URL(location.href);
	url.searchParams.set('view', 'initiatives');
	url.searchParams.set('initiative', id);
	void goto(url, { replaceState: false, noScroll: true, keepFocus: false });
}

/** The message of an error a domain function threw (they are written for people). */
export function messageOf(e: unknown): string {
	return e instanceof Error ? e.message : 'Something went wrong.';
}

