import { describe, expect, it } from 'vitest';
import { StopStringMatcher } from './stop-strings.js';

function feed(stops: string[], pieces: string[]): { released: string[]; stopped: boolean; output: string } {
  const m = new StopStringMatcher(stops);
  const released: string[] = [];
  for (const piece of pieces) {
    const r = m.push(piece);
    released.push(r.text);
    if (r.stopped) return { released, stopped: true, output: m.output };
  }
  released.push(m.flush());
  return { released, stopped: false, output: m.output };
}

describe('StopStringMatcher', () => {
  it('finds a stop string spanning pieces and excludes it', () => {
    const r = feed(['###'], ['Hello #', '#', '# tail']);
    expect(r).toEqual({ released: ['Hello ', '', ''], stopped: true, output: 'Hello ' });
  });
  it('releases a held-back prefix once it cannot become a stop string', () => {
    const r = feed(['\n\n'], ['a\n', 'b', '\n']);
    expect(r.released).toEqual(['a', '\nb', '', '\n']);
    expect(r.output).toBe('a\nb\n');
    expect(r.stopped).toBe(false);
  });
  it('cuts at the earliest of several stop strings', () => {
    expect(feed(['cd', 'bcdx'], ['abcdx']).output).toBe('a');
    expect(feed(['cd', 'bcdy'], ['abcdx']).output).toBe('ab');
    expect(feed(['END', 'D'], ['xyEN', 'D']).output).toBe('xy');
  });
  it('agrees with cutting the whole text at the first occurrence', () => {
    const text = 'the quick brown fox. jumps. over';
    for (let size = 1; size <= 5; size++) {
      const pieces = text.match(new RegExp(`[^]{1,${size}}`, 'g')) ?? [];
      expect(feed(['. j', 'fox!'], pieces).output).toBe('the quick brown fox');
    }
  });
});
