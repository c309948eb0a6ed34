import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../core/cli/docker/go-template.js';

const data = { State: { Status: 'running', ExitCode: 0 }, Config: { Env: ['A=1', 'B=2'], Labels: { k: 'v' } }, Nothing: null };

describe('renderTemplate (docker inspect --format)', () => {
  it('follows field paths and keeps the text around them', () => {
    expect(renderTemplate('{{.State.Status}} ({{ .State.ExitCode }})', data)).toBe('running (0)');
  });

  it('prints lists, maps and missing values the way Go does', () => {
    expect(renderTemplate('{{.Config.Env}}', data)).toBe('[A=1 B=2]');
    expect(renderTemplate('{{.Config.Labels}}', data)).toBe('map[k:v]');
    expect(renderTemplate('{{.Missing.Field}}', data)).toBe('<no value>');
    expect(renderTemplate('{{.Nothing}}', data)).toBe('<nil>');
  });

  it('prints JSON with the json function', () => {
    expect(renderTemplate('{{json .Config.Labels}}', data)).toBe('{"k":"v"}');
  });

  it('refuses actions it does not know', () => {
    expect(() => renderTemplate('{{range .Config.Env}}x{{end}}', data)).toThrow(/unsupported action/);
  });
});
