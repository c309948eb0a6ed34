import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, hasChromium } from '../helpers/browser.js';
import { isRootLinux } from '../helpers/host.js';
import { useLabUi } from '../helpers/lab-ui.js';

interface IpLink { ifindex: number; ifname: string; address?: string; master?: string; link_index?: number; link_type?: string; addr_info?: { family: string; local: string; prefixlen: number }[] }

/** The lab server's sandbox namespace: the one holding a link whose name (a hash of ids) only this run has. */
function sandboxHolding(ifname: string): string | undefined {
  return readdirSync('/run/netns').filter((n) => n.startsWith('dockbook-lab-'))
    .find((n) => execFileSync('ip', ['-n', n, '-j', 'link'], { encoding: 'utf8' }).includes(`"ifname":"${ifname}"`));
}

/** Closing a lab tears it down in the background; the next lab opens after its sandbox is gone. */
async function closeLab(page: Page, sandbox: string | undefined): Promise<void> {
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

interface Drawn { id: string; kind: string; lines: string }

async function drawnInterfaces(page: Page): Promise<Drawn[]> {
  return page.locator('[data-testid=net-iface]').evaluateAll((els) => els.map((e) => ({
    id: e.getAttribute('data-id') ?? '', kind: e.getAttribute('data-kind') ?? '', lines: e.getAttribute('data-lines') ?? '',
  })));
}

describe.skipIf(!hasChromium || !isRootLinux)('the network panel in Chromium, against ip -j in the same run', () => {
  const ui = useLabUi();

  it('draws two bridge containers and a host-mode one with the boxes, addresses, MACs and veth links the kernel reports, then a macvlan child on its parent', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1500, height: 1100 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(ui.url);
    await page.getByTestId('lang-en').click();
    await page.locator('[data-testid=open-lab][data-lab=network-modes]').click();
    await expect.poll(() => page.getByTestId('lab-player').getAttribute('data-lab'), { timeout: 30_000 }).toBe('network-modes');
    let sandbox: string | undefined;
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
    } finally {
      await closeLab(page, sandbox);
      await page.close();
    }
  }, 240_000);

  it('follows a packet for -p 8080:80 along the DNAT rule, route, bridge and veth that nft and ip report', async () => {
    const page = await ui.browser.newPage({ locale: 'en-US', viewport: { width: 1500, height: 1100 } });
    await page.goto(ui.url);
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
