import { describe, expect, it } from 'vitest';
import { parsePrintRoute, printRouteHash } from '../core/pdf/print-route';

describe('print route', () => {
  it('carries the year and the layout to the page, and back', () => {
    expect(printRouteHash()).toBe('print');
    expect(printRouteHash(2024)).toBe('print?year=2024');
    // the default layout is not spelled out
    expect(printRouteHash(2024, 'official')).toBe('print?year=2024');
    expect(printRouteHash(2024, 'report')).toBe('print?year=2024&layout=report');
    expect(parsePrintRoute(`#${printRouteHash(2024, 'report')}`)).toEqual({ year: 2024, layout: 'report' });
    expect(parsePrintRoute('#print')).toEqual({});
    expect(parsePrintRoute('#print?layout=official-gb2312')).toEqual({ layout: 'official-gb2312' });
  });

  it('is not the print route for anything else (unknown layout or key, bad year, other routes)', () => {
    expect(parsePrintRoute('')).toBeNull();
    expect(parsePrintRoute('#grid')).toBeNull();
    expect(parsePrintRoute('#print?layout=fancy')).toBeNull();
    expect(parsePrintRoute('#print?year=24')).toBeNull();
    expect(parsePrintRoute('#print?year=2024&x=1')).toBeNull();
    expect(parsePrintRoute('#printer')).toBeNull();
  });
});
