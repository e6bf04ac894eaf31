import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING, scoreUnits, weighCues, type Unit } from '../../src/domain/sentiment-scoring.js';

const cue = (text: string, score: number, extra: Partial<Extract<Unit, { k: 'cue' }>> = {}): Unit => ({ k: 'cue', text, score, ...extra });
const word: Unit = { k: 'word' };
const opts = { ...DEFAULT_SCORING, danglingNegation: 0 };

describe('sentiment scoring over units', () => {
  it('flips a negated positive to negative and a negated negative to mildly positive', () => {
    expect(weighCues([{ k: 'neg', text: 'not' }, cue('good', 2)], opts).cues[0].score).toBeCloseTo(-1.6);
    expect(weighCues([{ k: 'neg', text: 'not' }, cue('bad', -2)], opts).cues[0].score).toBeCloseTo(0.6);
  });

  it('limits negation to its scope and its clause, and leaves fixed cues alone', () => {
    expect(weighCues([{ k: 'neg', text: 'not' }, word, word, word, cue('good', 2)], opts).cues[0].score).toBe(2);
    expect(weighCues([{ k: 'neg', text: 'not' }, { k: 'break', punct: ',' }, cue('good', 2)], opts).cues[0].score).toBe(2);
    expect(weighCues([{ k: 'neg', text: '没' }, cue('没收到', -2, { fixed: true })], opts).cues[0].score).toBe(-2);
  });

  it('scores a negator that reaches no cue as a small negative when asked to', () => {
    const { cues } = weighCues([{ k: 'neg', text: '没' }, word, word, word], { ...DEFAULT_SCORING, danglingNegation: 0.4 });
    expect(cues).toEqual([{ text: '没…', score: -0.4, negated: false }]);
  });

  it('applies intensifiers to the next cue only', () => {
    const { cues } = weighCues([{ k: 'mod', text: 'very', factor: 1.5 }, cue('good', 2), cue('nice', 2)], opts);
    expect(cues.map((c) => c.score)).toEqual([3, 2]);
  });

  it('halves what came before a contrast and weights what follows', () => {
    const { cues } = weighCues([cue('cheap', 2), { k: 'but', text: 'but' }, cue('broken', -2)], opts);
    expect(cues.map((c) => c.score)).toEqual([1, -3]);
    expect(scoreUnits([cue('cheap', 2), { k: 'but', text: 'but' }, cue('broken', -2)], opts).sentiment).toBe('negative');
  });

  it('halves a conceded clause', () => {
    const { cues } = weighCues([{ k: 'concede', text: 'although' }, cue('slow', -2), { k: 'break', punct: ',' }, cue('great', 2)], opts);
    expect(cues.map((c) => c.score)).toEqual([-1, 2]);
  });

  it('boosts an exclamation and damps praise in a question', () => {
    expect(weighCues([cue('great', 2), { k: 'break', punct: '!' }], opts).cues[0].score).toBeCloseTo(2.5);
    expect(weighCues([cue('best', 2), { k: 'break', punct: '?' }], opts).cues[0].score).toBeCloseTo(0.7);
  });

  it('decides neutral below the threshold, and picks an emotion matching the polarity', () => {
    expect(scoreUnits([], opts)).toMatchObject({ sentiment: 'neutral', emotion: 'neutral', sentimentScore: 0 });
    expect(scoreUnits([cue('ok', 0.5)], opts).sentiment).toBe('neutral');
    const angry = scoreUnits([cue('furious', -3, { emotion: 'angry' }), cue('worried', -1, { emotion: 'anxious' })], opts);
    expect(angry).toMatchObject({ sentiment: 'negative', emotion: 'angry' });
    // Negative with no emotion cue: the configured default.
    expect(scoreUnits([cue('broken', -2)], { ...opts, defaultNegativeEmotion: 'sad' }).emotion).toBe('sad');
    expect(scoreUnits([cue('wow', 0, { emotion: 'surprised' })], opts).emotion).toBe('surprised');
  });
});
