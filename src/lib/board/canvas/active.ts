// The open canvas's viewport, for the board's chrome (FollowMenu: "bring everyone here" brings them
// to this spot too) without importing the canvas chunk.

export interface CanvasSpot {
	page: string;
	x: number;
	y: number;
	z: number;
}

let current: (() => CanvasSpot | null) | null = null;

export function setActiveCanvas(spot: (() => CanvasSpot | null) | null): void {
	current = spot;
}

export const activeCanvasSpot = (): CanvasSpot | null => current?.() ?? null;
