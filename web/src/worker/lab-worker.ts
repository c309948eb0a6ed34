/// <reference lib="webworker" />
// The whole engine and the simulator, running in the browser: what a static
// build uses when no dockbook server answers (a laptop, a Mac, a web page).
import { LabConductor } from '../../../core/labs/lab-conductor.js';
import { simLabHost } from '../../../core/labs/lab-host.js';
import type { LabClientMessage } from '../../../core/web-api/lab-protocol.js';

declare const self: DedicatedWorkerGlobalScope;

const conductor = new LabConductor({
  openHost: async () => simLabHost(1, 'real-time'),
  broadcast: (msg) => self.postMessage(msg),
});

self.postMessage(conductor.history());
self.postMessage(conductor.containers());
self.onmessage = (e: MessageEvent<LabClientMessage>) => conductor.receive(e.data);
