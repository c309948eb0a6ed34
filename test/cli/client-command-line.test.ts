import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../core/node/dockbook.js';
import { OWN_COMMANDS, clientCommandLine } from '../../core/node/client-command-line.js';

describe("the dockbook command's front door", () => {
  it("sends docker's command lines to the small client bundle, keeping --debug", () => {
    expect(clientCommandLine(['run', '--rm', 'busybox', 'true'])).toEqual({ argv: ['run', '--rm', 'busybox', 'true'], debug: false });
    expect(clientCommandLine(['--debug', 'container', 'ls'])).toEqual({ argv: ['container', 'ls'], debug: true });
  });

  it("leaves dockbook's own commands, help, flags and unknown words to the full bundle", () => {
    for (const argv of [['daemon'], ['serve', '--port', '0'], ['lab', 'list'], ['doctor'], ['help'], ['--help'], ['--version'], [], ['nosuch'], ['-D']]) {
      expect(clientCommandLine(argv), argv.join(' ')).toBeNull();
    }
  });

  it("knows every one of dockbook's own commands", () => {
    for (const name of Object.keys(COMMANDS)) expect(OWN_COMMANDS.has(name), name).toBe(true);
  });
});
