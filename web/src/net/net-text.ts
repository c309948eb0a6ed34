/** The network panel's words, Korean and English: kept beside the panel so it reads its own. */
import type { Lang } from '../lib/i18n.svelte';
import type { Hop } from './packet-path';

export const NET_TEXT = {
  title: { en: 'Network', ko: '네트워크' },
  enlarge: { en: 'Enlarge', ko: '크게 보기' },
  shrink: { en: 'Back', ko: '돌아가기' },
  host: { en: 'host (network namespace of the lab)', ko: '호스트 (실습의 네트워크 네임스페이스)' },
  hostMode: { en: 'host mode', ko: 'host 모드' },
  shares: { en: 'shares this namespace', ko: '이 네임스페이스를 함께 씀' },
  bridge: { en: 'bridge', ko: '브리지' },
  down: { en: 'down', ko: '꺼짐' },
  follow: { en: 'Follow a packet', ko: '패킷 따라가기' },
  noRules: { en: 'No published ports yet: publish one with -p to follow a packet.', ko: '아직 게시된 포트가 없습니다: -p로 게시하면 패킷을 따라갈 수 있습니다.' },
  broken: { en: 'The path stops here: the kernel reported no next hop.', ko: '길이 여기서 끊깁니다: 커널이 다음 단계를 보여 주지 않았습니다.' },
  proxy: {
    en: 'Connections to 127.0.0.1, and from containers on the bridge, skip the rule: the userland proxy listening on {listen} accepts them and opens its own connection to {target}, which then follows the route, bridge and veth above.',
    ko: '127.0.0.1로 오는 연결과 브리지 위 컨테이너에서 오는 연결은 이 규칙을 지나지 않습니다: {listen}에서 듣는 userland proxy가 받아 {target}으로 자기 연결을 새로 열고, 그 연결이 위의 경로, 브리지, veth를 따라갑니다.',
  },
  warnings: { en: 'Could not read', ko: '읽지 못함' },
  empty: { en: 'No network observed yet: run a step.', ko: '아직 관찰한 네트워크가 없습니다: 단계를 실행하세요.' },
  dnsTitle: { en: 'Embedded DNS answers', ko: '내장 DNS의 답' },
  dnsHelp: {
    en: 'Each A answer in turn: who asked, and the containers its addresses belong to, in the order sent. A client taking the first address goes to the first one.',
    ko: '답마다 차례로: 누가 물었고, 돌려준 주소가 어느 컨테이너의 것인지 보낸 순서대로 보여 줍니다. 첫 주소를 쓰는 클라이언트는 맨 앞 컨테이너로 갑니다.',
  },
  dnsAlias: { en: 'alias of {n} containers', ko: '컨테이너 {n}개의 별칭' },
  dnsQuery: { en: 'query {n}', ko: '{n}번째 질의' },
  dnsThen: { en: 'then', ko: '다음' },
  dnsGone: { en: 'not running now', ko: '지금은 없음' },
} as const satisfies Record<string, Record<Lang, string>>;

export function netText(key: keyof typeof NET_TEXT, lang: Lang): string {
  return NET_TEXT[key][lang];
}

/** One sentence per hop of "follow a packet", from the facts the path found. */
export function hopSentence(h: Hop, lang: Lang): string {
  const f = h.facts;
  switch (h.kind) {
    case 'entry':
      if (f.address) return lang === 'ko' ? `${f.proto} 패킷이 호스트의 ${f.address}:${f.port}로 들어온다` : `a ${f.proto} packet arrives for the host's ${f.address}:${f.port}`;
      return lang === 'ko'
        ? `${f.proto} 패킷이 호스트의 아무 주소(예: ${f.example})의 ${f.port}번 포트로 들어온다`
        : `a ${f.proto} packet arrives for port ${f.port} on any of the host's addresses (such as ${f.example})`;
    case 'dnat': return lang === 'ko'
      ? `nat 규칙(${f.table}, 체인 ${f.chain})이 목적지를 ${f.to}로 바꾼다: ${f.rule}`
      : `a nat rule (${f.table}, chain ${f.chain}) rewrites the destination to ${f.to}: ${f.rule}`;
    case 'route': return lang === 'ko'
      ? `호스트의 경로표: ${f.route} → ${f.dev}로 나간다`
      : `the host's routing table: ${f.route} → out through ${f.dev}`;
    case 'bridge': return lang === 'ko'
      ? `브리지 ${f.bridge}가 프레임을 포트 ${f.port}로 보낸다`
      : `the bridge ${f.bridge} switches the frame to its port ${f.port}`;
    case 'veth': return lang === 'ko'
      ? `veth 쌍: ${f.hostEnd}에 들어간 프레임이 컨테이너의 ${f.peer}에서 나온다`
      : `the veth pair: what enters ${f.hostEnd} comes out of the container's ${f.peer}`;
    case 'interface': return lang === 'ko'
      ? `${f.ifname}(${f.address})의 ${f.port}번 포트에서 서버가 받는다`
      : `the server receives it on ${f.ifname} (${f.address}), port ${f.port}`;
  }
}
