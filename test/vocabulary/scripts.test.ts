/**
 * Which text is right to left, and which of Word's font slots a text's letters need: the pieces the
 * DOCX writer makes its runs of.
 */
import { describe, expect, it } from 'vitest';
import { scriptPieces, startsRightToLeft } from '../../src/vocabulary/scripts.js';

describe('a paragraph’s direction', () => {
  it('is right to left when its first letter is', () => {
    expect(startsRightToLeft('مجلس الوزراء ينسق (2024) with the ministries')).toBe(true);
    expect(startsRightToLeft('«2024» — הממשלה')).toBe(true);
    expect(startsRightToLeft('The summary: مجلس الوزراء')).toBe(false);
    expect(startsRightToLeft('内閣府 مجلس')).toBe(false);
    expect(startsRightToLeft('2024 (12)')).toBe(false);
  });
});

describe('a text cut by font slot', () => {
  it('puts East Asian, right-to-left and other complex-script words in runs of their own', () => {
    expect(scriptPieces('The Cabinet Office (内閣府、内閣官房) and مجلس الوزراء, then हिन्दी पाठ.')).toEqual([
      { text: 'The Cabinet Office (', slot: 'latin', rightToLeft: false },
      { text: '内閣府、内閣官房', slot: 'eastAsia', rightToLeft: false },
      { text: ') and ', slot: 'latin', rightToLeft: false },
      { text: 'مجلس الوزراء', slot: 'complex', rightToLeft: true },
      { text: ', then ', slot: 'latin', rightToLeft: false },
      { text: 'हिन्दी पाठ', slot: 'complex', rightToLeft: false },
      { text: '.', slot: 'latin', rightToLeft: false },
    ]);
  });

  it('leaves Latin, Greek and Cyrillic text whole', () => {
    expect(scriptPieces('συντονισμός and координация')).toEqual([{ text: 'συντονισμός and координация', slot: 'latin', rightToLeft: false }]);
  });

  it('keeps Korean with its East Asian neighbours', () => {
    expect(scriptPieces('정부 조정 (政府)')).toEqual([
      { text: '정부 조정', slot: 'eastAsia', rightToLeft: false },
      { text: ' (', slot: 'latin', rightToLeft: false },
      { text: '政府', slot: 'eastAsia', rightToLeft: false },
      { text: ')', slot: 'latin', rightToLeft: false },
    ]);
  });
});
