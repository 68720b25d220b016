import { v5 } from 'uuid';
import { nameBasedUuid } from '../../src/model/identity';

describe('nameBasedUuid', () => {
  const namespaces = ['3f9d6c1e-5b0a-4c57-9a8e-2d41c7e0b6a4', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '00000000-0000-0000-0000-000000000000'];
  const names = [
    '',
    '{8B3A1D2C-0000-4000-8000-000000000001}/{C6D2A1B0-1111-4222-8333-444455556666}',
    '/Package\\Foreach Extract File 1',
    '{A}/Package\\Lädt Daten © 2024/2',
    'Zoë 😀 — 日本語 \t\r\n',
    'x'.repeat(10_000),
  ];

  test.each(namespaces.flatMap((namespace) => names.map((name) => [namespace, name.slice(0, 40), name] as const)))(
    'is what the uuid package gives: namespace %s, name %j',
    (namespace, _shown, name) => {
      expect(nameBasedUuid(name, namespace)).toBe(v5(name, namespace));
    },
  );

  test('is a version 5 UUID of the RFC variant', () => {
    expect(nameBasedUuid('a', namespaces[0])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
