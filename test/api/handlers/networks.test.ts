import { describe, expect, it } from 'vitest';
import { parseFilters } from '../../../core/api/handlers/networks.js';

describe('network list filters', () => {
  it('reads both shapes docker clients send: the old map of booleans and the newer list', () => {
    expect(parseFilters('{"name":{"web":true},"driver":{"bridge":true}}')).toEqual({ name: ['web'], driver: ['bridge'] });
    expect(parseFilters('{"name":["web","db"]}')).toEqual({ name: ['web', 'db'] });
    expect(parseFilters(undefined)).toEqual({});
  });

  it('refuses text that is not JSON with a clear error', () => {
    expect(() => parseFilters('name=web')).toThrow(/invalid filter: name=web/);
  });
});
