/**
 * Labs the simulator cannot run yet, and what they wait for. The end-to-end
 * test still runs each in sim mode and requires it to fail there, so an
 * entry is removed the day the simulator catches up; the agreement test
 * leaves them out until then.
 */
export const SIM_WAITS_FOR: Readonly<Record<string, string>> = {};
