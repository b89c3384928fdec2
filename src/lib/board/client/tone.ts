// A short, soft chime made with the Web Audio API (no audio files): two sine notes, faded in and out.

let ctx: AudioContext | null = null;

export function playTone(volume = 0.25): void {
	try {
		ctx ??= new AudioContext();
		void ctx.resume();
		const t = ctx.currentTime;
		for (const [freq, at] of [
			[660, 0],
			[880, 0.18]
		] as const) {
			const osc = ctx.createOscillator();
			const gain = ctx.createGain();
			osc.type = 'sine';
			osc.frequency.value = freq;
			gain.gain.setValueAtTime(0, t + at);
			gain.gain.linearRampToValueAtTime(volume, t + at + 0.03);
			gain.gain.exponentialRampToValueAtTime(0.0001, t + at + 0.5);
			osc.connect(gain).connect(ctx.destination);
			osc.start(t + at);
			osc.stop(t + at + 0.55);
		}
	} catch {
		// no audio on this device: the visual cue remains
	}
}
