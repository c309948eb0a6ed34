import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { isRootLinux } from '../helpers/host.js';
import { openLabUi, useStaticUi, type LabUi } from '../helpers/lab-ui.js';

interface IpLink { ifindex: number; ifname: string; address?: string; master?: string; link_index?: number; link_type?: string; addr_info?: { family: string; local: string; prefixlen: number }[] }

/** The lab server's sandbox namespace: the one holding a link whose name (a hash of ids) only this run has. */
function sandboxHolding(ifname: string): string | undefined {
  const holds = (n: string) => {
    try {
      return execFileSync('ip', ['-n', n, '-j', 'link'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes(`"ifname":"${ifname}"`);
    } catch {
      return false; // another run's sandbox, deleted between the listing and the look
    }
  };
  return readdirSync('/run/netns').filter((n) => n.startsWith('dockbook-lab-')).find(holds);
}

/**
 * Closing a lab tears it down in the background; the next lab opens after its sandbox is gone.
 * Called from `finally`: when the test already failed, that failure is the one to report.
 */
async function closeLab(page: Page, sandbox: string | undefined, failed = false): Promise<void> {
  if (failed) {
    await page.getByTestId('close-lab').click().catch(() => {});
    return;
  }
  await page.getByTestId('close-lab').click().catch(() => {});
  if (sandbox) await expect.poll(() => existsSync(`/run/netns/${sandbox}`), { timeout: 60_000 }).toBe(false);
}

/** `ip -j addr` read inside the net namespace of a process: what the kernel says, beside what the panel drew. */
function ipIn(pid: number): IpLink[] {
  return JSON.parse(execFileSync('nsenter', [`--net=/proc/${pid}/ns/net`, 'ip', '-j', 'addr'], { encoding: 'utf8' })) as IpLink[];
}

function linkIn(pid: number): IpLink[] {
  return JSON.parse(execFileSync('nsenter', [`--net=/proc/${pid}/ns/net`, 'ip', '-j', 'link'], { encoding: 'utf8' })) as IpLink[];
}

const v4 = (l: IpLink) => (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`);

async function waitStep(page: Page, index: number): Promise<void> {
  const step = page.getByTestId('step').nth(index);
  await expect.poll(() => step.getAttribute('data-state'), { timeout: 60_000 }).toMatch(/passed|failed/);
  expect(await step.getAttribute('data-state'), await step.innerText()).toBe('passed');
}

/**
 * Runs a step of network-modes one held kernel call at a time, pressing
 * Continue until the panel draws a veth it did not have before (a host end,
 * veth…), and says whether the step was still running, paused at a call, then.
 */
async function stepThroughUntilVethDrawn(page: Page, step: number): Promise<{ veth: string; running: boolean; paused: boolean; visible: boolean }> {
  const vethIds = () => page.locator('[data-testid=net-iface][data-id^="host/veth"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  const before = new Set(await vethIds());
  const fresh = async () => (await vethIds()).find((id) => !before.has(id));
  await page.getByTestId('step-through').nth(step).click();
  const cont = page.getByTestId('continue');
  for (let presses = 0; presses < 5000; presses++) {
    await expect.poll(async () => (await fresh()) !== undefined || (await cont.count()) > 0, { timeout: 30_000 }).toBe(true);
    if (await fresh()) break;
    await cont.click({ timeout: 2000 }).catch(() => { /* the call was let through meanwhile */ });
  }
  const veth = (await fresh()) ?? '';
  // The engine has gone on to its next call and waits there, the veth on screen.
  await expect.poll(() => cont.count(), { timeout: 30_000 }).toBeGreaterThan(0);
  const running = (await page.getByTestId('step').nth(step).getAttribute('data-state')) === 'running';
  const paused = (await cont.count()) > 0;
  // The panel eases each change in (350 ms): the screenshots that follow show the settled picture.
  await page.waitForTimeout(800);
  // Drawn where it can be seen: inside the picture, not past its edge.
  const chip = await page.locator(`[data-testid=net-iface][data-id="${veth}"] rect`).boundingBox();
  const canvas = await page.locator('[data-testid=network-panel] svg').boundingBox();
  const visible = !!chip && !!canvas && chip.x >= canvas.x && chip.x + chip.width <= canvas.x + canvas.width + 1;
  return { veth, running, paused, visible };
}

interface Drawn { id: string; kind: string; lines: string }

async function drawnInterfaces(page: Page): Promise<Drawn[]> {
  return page.locator('[data-testid=net-iface]').evaluateAll((els) => els.map((e) => ({
    id: e.getAttribute('data-id') ?? '', kind: e.getAttribute('data-kind') ?? '', lines: e.getAttribute('data-lines') ?? '',
  })));
}

describe.skipIf(!hasChromium || !isRootLinux)('the network panel in Chromium, against ip -j in the same run', () => {
  let ui: LabUi;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    ui = await openLabUi();
    ({ browser, url } = ui);
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('draws two bridge containers and a host-mode one with the boxes, addresses, MACs and veth links the kernel reports, then a macvlan child on its parent', async () => {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1500, height: 1100 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    await page.getByTestId('lang-en').click();
    await page.locator('[data-testid=open-lab][data-lab=network-modes]').click();
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe('network-modes');
    let sandbox: string | undefined;
    let failed = true;
    try {
      await page.getByTestId('run-step').nth(0).click();
      await waitStep(page, 0);
      await page.getByTestId('run-step').nth(1).click();
      await waitStep(page, 1);
      await page.screenshot({ path: artifactPath('network-panel-after-step-2.png'), fullPage: true });
      await expect.poll(() => page.locator('[data-testid=net-host]').getAttribute('data-containers'), { timeout: 10_000 }).toBe('net-host');
      await page.screenshot({ path: artifactPath('network-panel-modes.png'), fullPage: true });

      // One box per container namespace, named after its container.
      const boxes = await page.locator('[data-testid=net-namespace]').evaluateAll((els) => els.map((e) => ({
        ns: e.getAttribute('data-ns') ?? '', containers: e.getAttribute('data-containers') ?? '', pids: (e.getAttribute('data-pids') ?? '').split(' ').map(Number),
      })));
      expect(boxes.map((b) => b.containers).sort()).toEqual(['net-a', 'net-b']);
      const drawn = await drawnInterfaces(page);

      // Inside each container: exactly the links `ip -j addr` lists there, with their addresses and MACs.
      const eth0Index = new Map<string, number>();
      for (const box of boxes) {
        const real = ipIn(box.pids[0]!);
        const mine = drawn.filter((d) => d.id.startsWith(`${box.ns}/`));
        expect(mine.map((d) => d.id.slice(box.ns.length + 1)).sort()).toEqual(real.map((l) => l.ifname).sort());
        const eth0 = real.find((l) => l.ifname === 'eth0')!;
        eth0Index.set(box.ns, eth0.ifindex);
        const chip = mine.find((d) => d.id === `${box.ns}/eth0`)!;
        expect(chip.kind).toBe('eth0');
        for (const a of v4(eth0)) expect(chip.lines).toContain(a);
        expect(chip.lines).toContain(eth0.address!);
      }

      // The host: the host-mode container lives in the lab's host namespace, so its links are the host's.
      const hostPid = Number((await page.locator('[data-testid=net-host]').getAttribute('data-pids'))!.split(' ')[0]);
      const hostLinks = linkIn(hostPid);
      const hostAddrs = ipIn(hostPid);
      const hostDrawn = drawn.filter((d) => d.id.startsWith('host/'));
      expect(hostDrawn.map((d) => d.id.slice('host/'.length)).sort()).toEqual(hostLinks.map((l) => l.ifname).sort());
      const bridge = hostAddrs.find((l) => l.ifname === 'dockbook0')!;
      expect(hostDrawn.find((d) => d.id === 'host/dockbook0')?.lines).toContain(v4(bridge)[0]!);
      expect(await page.locator('[data-testid=net-bridge]').getAttribute('data-id')).toBe('host/dockbook0');

      // Each veth line joins a host end whose master is the bridge to the eth0 whose ifindex is that end's peer.
      // (The lab's lan0 pair, both ends on the host, is a veth line too; the containers' pairs reach into their boxes.)
      const wires = (await page.locator('[data-testid=net-veth]').evaluateAll((els) => els.map((e) => ({ from: e.getAttribute('data-from') ?? '', to: e.getAttribute('data-to') ?? '' }))))
        .filter((w) => !w.to.startsWith('host/'));
      expect(wires).toHaveLength(2);
      sandbox = sandboxHolding(wires[0]!.from.slice('host/'.length));
      for (const w of wires) {
        const hostEnd = hostLinks.find((l) => `host/${l.ifname}` === w.from)!;
        expect(hostEnd.master).toBe('dockbook0');
        const ns = w.to.slice(0, w.to.lastIndexOf('/'));
        expect(w.to).toBe(`${ns}/eth0`);
        expect(hostEnd.link_index).toBe(eth0Index.get(ns));
      }

      expect(pageErrors).toEqual([]);

      // Korean labels for the same picture.
      await page.getByTestId('lang-ko').click();
      await expect.poll(() => page.getByTestId('net-title').textContent()).toBe('네트워크');
      await page.screenshot({ path: artifactPath('network-panel-modes-ko.png'), fullPage: true });
      await page.getByTestId('lang-en').click();

      // The remaining steps: none, container:, a removal, a user network, aliases, then macvlan on the lab's lan0.
      const steps = await page.getByTestId('step').count();
      for (let i = 2; i < steps; i++) {
        await page.getByTestId('run-step').nth(i).click();
        await waitStep(page, i);
        // container: mode draws net-side in net-a's box.
        if (i === 3) await expect.poll(() => page.locator('[data-testid=net-namespace][data-ns="ns:net-a"]').getAttribute('data-containers')).toBe('net-a net-side');
        if (i === 6) await aliasAnswersMatchNslookup(page, i);
      }
      await page.screenshot({ path: artifactPath('network-panel-macvlan.png'), fullPage: true });
      await page.getByTestId('net-enlarge').click();
      await page.getByTestId('network-panel').screenshot({ path: artifactPath('network-panel-macvlan-enlarged.png') });
      await page.getByTestId('net-enlarge').click();
      const parent = page.locator('[data-testid=net-parent]');
      await expect.poll(() => parent.count(), { timeout: 10_000 }).toBe(1);
      expect(await parent.getAttribute('data-from')).toBe('ns:net-mac/eth0');
      expect(await parent.getAttribute('data-to')).toBe('host/lan0');
      // The kernel's word: net-mac's eth0 is a macvlan whose link is lan0's ifindex in the host namespace.
      const macPid = Number((await page.locator('[data-testid=net-namespace][data-containers=net-mac]').getAttribute('data-pids'))!.split(' ')[0]);
      const child = (JSON.parse(execFileSync('nsenter', [`--net=/proc/${macPid}/ns/net`, 'ip', '-d', '-j', 'link', 'show', 'eth0'], { encoding: 'utf8' })) as (IpLink & { linkinfo?: { info_kind?: string } })[])[0]!;
      expect(child.linkinfo?.info_kind).toBe('macvlan');
      expect(child.link_index).toBe(linkIn(hostPid).find((l) => l.ifname === 'lan0')!.ifindex);
      expect(pageErrors).toEqual([]);
      failed = false;
    } finally {
      await closeLab(page, sandbox, failed);
      await page.close();
    }
  }, 240_000);

  /**
   * The alias step: net-client asked for `search` twice. The panel lists the
   * two answers in order, each led by the container nslookup's first address
   * belongs to (read from that container's own eth0), in its box's colour.
   */
  async function aliasAnswersMatchNslookup(page: Page, step: number): Promise<void> {
    const answers = page.locator('[data-testid=dns-name][data-name=search] [data-testid=dns-answer]');
    await expect.poll(() => answers.count(), { timeout: 10_000 }).toBe(2);
    await page.getByTestId('dns-answers').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('network-panel-dns-answers.png'), fullPage: true });
    await page.getByTestId('dns-answers').screenshot({ path: artifactPath('network-panel-dns-answers-close.png') });
    const listed = await answers.evaluateAll((els) => els.map((e) => ({
      n: e.getAttribute('data-n'), asker: e.getAttribute('data-asker'), first: e.getAttribute('data-first') ?? '', order: e.getAttribute('data-order') ?? '',
      firstStyle: e.querySelector('.who.first')?.getAttribute('style') ?? '',
    })));
    // nslookup prints the addresses in the order of the answer: the first it prints is the one a client would use.
    const out = (await page.getByTestId('step-output').nth(step).textContent()) ?? '';
    const firsts = out.split('$ docker exec net-client nslookup search').slice(1).map((run) => /Name:\s+search\s*\nAddress:?\s+(\d+\.\d+\.\d+\.\d+)/.exec(run)?.[1]);
    expect(firsts).toHaveLength(2);
    expect(firsts[0]).not.toBe(firsts[1]);
    const addressOf = async (container: string): Promise<string> => {
      const pid = Number((await page.locator(`[data-testid=net-namespace][data-containers=${container}]`).getAttribute('data-pids'))!.split(' ')[0]);
      return v4(ipIn(pid).find((l) => l.ifname === 'eth0')!)[0]!.split('/')[0]!;
    };
    for (const [k, a] of listed.entries()) {
      expect([a.n, a.asker]).toEqual([String(k + 1), 'net-client']);
      expect(await addressOf(a.first)).toBe(firsts[k]);
      expect(a.order.split(' ').sort()).toEqual(['net-s1', 'net-s2']);
      const box = await page.locator(`[data-testid=net-namespace][data-containers=${a.first}]`).getAttribute('data-colour');
      // Painted, not just named: the style the browser applied is the box's colour.
      expect(a.firstStyle).toContain(`background: rgb(${[1, 3, 5].map((i) => parseInt(box!.slice(i, i + 2), 16)).join(', ')})`);
    }
    expect(listed[0]!.first).not.toBe(listed[1]!.first);
  }

  it('redraws mid-step: in step-through, a new veth is drawn while the step waits at a held kernel call', async () => {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1500, height: 1100 } });
    await page.goto(url);
    await page.getByTestId('lang-en').click();
    await page.locator('[data-testid=open-lab][data-lab=network-modes]').click();
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe('network-modes');
    let sandbox: string | undefined;
    try {
      // Step 1 whole (it builds the busybox image, hundreds of calls); then step 6, a new network and a container on it, call by call.
      await page.getByTestId('run-step').nth(0).click();
      await waitStep(page, 0);
      const seen = await stepThroughUntilVethDrawn(page, 5);
      await page.screenshot({ path: artifactPath('network-panel-mid-step.png'), fullPage: true });
      expect(seen).toMatchObject({ running: true, paused: true, visible: true });
      expect(seen.veth).toMatch(/^host\/veth/);
      // The drawn veth is really there, in the lab's host namespace, before the step has finished.
      sandbox = sandboxHolding(seen.veth.slice('host/'.length));
      expect(sandbox).toBeTruthy();
      await page.getByTestId('finish-step').click();
      await waitStep(page, 5);
    } finally {
      await closeLab(page, sandbox);
      await page.close();
    }
  }, 240_000);

  it('follows a packet for -p 8080:80 along the DNAT rule, route, bridge and veth that nft and ip report', async () => {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1500, height: 1100 } });
    await page.goto(url);
    await page.getByTestId('lang-en').click();
    await page.locator('[data-testid=open-lab][data-lab=publishing-ports]').click();
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe('publishing-ports');
    let sandbox: string | undefined;
    try {
      await page.getByTestId('run-step').nth(0).click();
      await waitStep(page, 0);
      const rule = page.getByTestId('follow-rule');
      await expect.poll(() => rule.count(), { timeout: 10_000 }).toBe(1);
      await rule.click();
      const hops = page.locator('[data-testid=packet-hops] li');
      await expect.poll(() => hops.count()).toBe(6);
      expect(await hops.evaluateAll((els) => els.map((e) => e.getAttribute('data-hop')))).toEqual(['entry', 'dnat', 'route', 'bridge', 'veth', 'interface']);
      // The engine's userland proxy is the other door to the same port.
      await expect.poll(() => page.getByTestId('packet-proxy').textContent()).toMatch(/userland proxy listening on 0\.0\.0\.0:8080 .* 10\.87\.0\.\d+:80/);
      await page.screenshot({ path: artifactPath('network-panel-follow-packet.png'), fullPage: true });
      const text = (await hops.allInnerTexts()).join('\n');

      // web's own namespace: its eth0 address is where the rule leads.
      const web = await page.locator('[data-testid=net-namespace][data-containers=web]').getAttribute('data-pids');
      const eth0 = ipIn(Number(web!.split(' ')[0])).find((l) => l.ifname === 'eth0')!;
      const webIp = v4(eth0)[0]!.split('/')[0]!;
      expect(text).toContain(`dnat to ${webIp}:80`);

      // The lab's host namespace is the one holding the veth the path names; nft and ip there agree with the hops.
      const vethName = /the veth pair: what enters (\S+) comes out/.exec(text)?.[1];
      expect(vethName).toMatch(/^veth/);
      sandbox = sandboxHolding(vethName!);
      expect(sandbox).toBeTruthy();
      const ruleset = execFileSync('ip', ['netns', 'exec', sandbox!, 'nft', '-j', 'list', 'ruleset'], { encoding: 'utf8' });
      expect(ruleset).toMatch(new RegExp(`"dnat":\\s*\\{"addr":\\s*"${webIp.replace(/\./g, '\\.')}",\\s*"port":\\s*80`));
      expect(ruleset).toMatch(/"right":\s*8080/);
      const routes = JSON.parse(execFileSync('ip', ['-n', sandbox!, '-j', 'route'], { encoding: 'utf8' })) as { dst: string; dev: string }[];
      const route = routes.find((r) => r.dev === 'dockbook0')!;
      expect(text).toContain(`${route.dst} dev dockbook0`);
      const hostEnd = (JSON.parse(execFileSync('ip', ['-n', sandbox!, '-j', 'link'], { encoding: 'utf8' })) as IpLink[]).find((l) => l.ifname === vethName)!;
      expect(hostEnd.master).toBe('dockbook0');
      expect(hostEnd.link_index).toBe(eth0.ifindex);
    } finally {
      await closeLab(page, sandbox);
      await page.close();
    }
  }, 240_000);
});

describe.skipIf(!hasChromium)('the network panel in the static build (the simulator in a worker)', () => {
  const ui = useStaticUi();

  it('redraws mid-step too: in step-through, the veth appears while the step waits at a held call', async () => {
    const page = await ui.browser.newPage({ locale: 'ko-KR', viewport: { width: 1500, height: 1100 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(ui.url);
    await page.getByTestId('lang-ko').click();
    await page.locator('[data-testid=open-lab][data-lab=network-modes]').click();
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe('network-modes');
    const seen = await stepThroughUntilVethDrawn(page, 0);
    await page.screenshot({ path: artifactPath('network-panel-mid-step-worker-ko.png'), fullPage: true });
    expect(seen).toMatchObject({ running: true, paused: true, visible: true });
    expect(seen.veth).toMatch(/^host\/veth/);
    await page.getByTestId('finish-step').click();
    await waitStep(page, 0);
    expect(errors).toEqual([]);
    await page.getByTestId('close-lab').click();
    await page.close();
  }, 180_000);
});
