import type { LearnProgress } from '../../core/model';

/**
 * The stderr line of one step of learning or of a check, which share their copies and their search:
 * only what the first copy's objects are for and why copies are ended differ.
 */
export function searchStepLine(p: LearnProgress, purpose: 'learn' | 'check'): string {
  switch (p.step) {
    case 'starting':
      return `starting ${p.what === 'first' ? 'the first copy' : 'a trial copy'}${p.pid ? ` (PID ${p.pid})` : ''}`;
    case 'collected':
      return `${p.candidates} named object(s) ${purpose === 'learn' ? 'to try' : 'found'}`;
    case 'refused':
      return purpose === 'learn' ? 'a second copy is refused, as expected' : 'a second copy is still refused; looking for what else guards it';
    case 'closing':
      return `trying ${p.index}/${p.total}: ${p.candidate.type}:${p.candidate.name}`;
    case 'survived':
      return 'a second copy started';
    case 'minimizing':
      return `checking whether ${p.guard.type}:${p.guard.name} is needed`;
    case 'cleaning-up':
      return `ending the ${p.processes} process(es) started for the ${purpose === 'learn' ? 'test' : 'check'}`;
  }
}
