/** A board name as a file name's start: letters, digits, spaces, _ and - only (as the JSON export does). */
export const fileBase = (name: string): string => name.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().slice(0, 60) || 'board';
