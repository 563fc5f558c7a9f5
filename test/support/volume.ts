/** Edition-volume sources for the charts' tests: a question of the volume's codebook on a scale of its own, with one band. */
import type { VolumeQuestion } from '../../src/tree/types.js';

export function volumeQuestion(id: string, indicator: string, scaleMin: number, scaleMax: number): VolumeQuestion {
  return { id, indicator, text: `How well does ${indicator} work?`, scale: `s${String(scaleMax)}`, scaleMin, scaleMax, bands: [{ high: scaleMax, low: scaleMin, description: 'All of it.' }] };
}
