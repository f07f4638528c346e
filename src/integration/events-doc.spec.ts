import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVENT_TYPE_NAMES, isEventType } from './event-types';

/** docs/events.md (Jest runs in the project's folder) documents the whole catalogue: a type added to event-types.ts without its section fails here. */
describe('docs/events.md', () => {
  const doc = fs.readFileSync(path.join(process.cwd(), 'docs', 'events.md'), 'utf8');
  const sections = [...doc.matchAll(/^### `([a-z_.]+)`$/gm)].map((m) => m[1]);

  it.each(EVENT_TYPE_NAMES)('documents %s', (type) => {
    expect(sections).toContain(type);
  });

  it('documents no type outside the catalogue, and each once', () => {
    expect(sections.filter((s) => !isEventType(s))).toEqual([]);
    expect(new Set(sections).size).toBe(sections.length);
  });

  it('gives each type a fields table and an example whose keys are the fields documented', () => {
    for (const type of EVENT_TYPE_NAMES) {
      const start = doc.indexOf(`### \`${type}\``);
      const end = doc.indexOf('\n### ', start + 1);
      const section = doc.slice(start, end === -1 ? undefined : end);
      const fields = [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]);
      const example = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(section)![1]) as Record<string, unknown>;
      expect({ type, keys: Object.keys(example).sort() }).toEqual({ type, keys: [...fields].sort() });
    }
  });
});
