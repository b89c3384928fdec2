import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * A PDF's pages and text, read with pdf.js (what a reader's viewer would show). `flat` is the text
 * without any white space, so a word the layout wrapped across lines ("ZQX-INTER-\nNAL") is still found.
 */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string; flat: string }> {
	const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: true });
	const pdf = await task.promise;
	const parts: string[] = [];
	for (let i = 1; i <= pdf.numPages; i++) {
		const page = await pdf.getPage(i);
		const content = await page.getTextContent();
		parts.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
	}
	const pages = pdf.numPages;
	await task.destroy();
	const text = parts.join('\n');
	return { pages, text, flat: text.replace(/\s+/g, '') };
}

/** How many pages pdf.js can turn into drawing operations with something drawn (a page that renders). */
export async function pdfPagesDraw(bytes: Uint8Array): Promise<number> {
	const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: true });
	const pdf = await task.promise;
	let drawn = 0;
	for (let i = 1; i <= pdf.numPages; i++) {
		const ops = await (await pdf.getPage(i)).getOperatorList();
		if (ops.fnArray.length > 0) drawn++;
	}
	await task.destroy();
	return drawn;
}
