import type { CheckSpec, Lab, L10n, NsOwner } from './lab-types.js';

const t = (ko: string, en: string): L10n => ({ ko, en });

/** The engine's default bridge and its subnet (Docker's are docker0 and 172.17.0.0/16). */
const BRIDGE = 'dockbook0';
const SUBNET = '10.87.0.0/16';

const onBridge = (container: string): CheckSpec => ({
  kind: 'veth-on-bridge', container, bridge: BRIDGE,
  text: t(`${container}의 eth0는 veth 한쪽 끝이고, 다른 끝은 호스트의 ${BRIDGE}에 꽂혀 있다`, `${container}'s eth0 is one end of a veth pair whose other end is plugged into ${BRIDGE} on the host`),
});

const addressed = (container: string): CheckSpec => ({
  kind: 'net-interface', owner: { container }, ifname: 'eth0', exists: true, linkKind: 'eth0', addressIn: SUBNET,
  text: t(`${container}의 eth0 주소는 브리지 서브넷 ${SUBNET} 안에 있다`, `${container}'s eth0 has an address in the bridge's subnet ${SUBNET}`),
});

const c = (container: string): NsOwner => ({ container });

/** A user-defined network with a subnet of the lab's choosing, so addresses are known in advance. */
const USER_PREFIX = '10.90.0.';
const USER_SUBNET = `${USER_PREFIX}0/24`;
/** The macvlan "LAN": a veth end the lab makes in its host namespace stands in for a NIC. */
const LAN_PARENT = 'lan0';
const LAN_PREFIX = '192.168.77.';
const LAN_SUBNET = `${LAN_PREFIX}0/24`;
const reEscape = (text: string) => text.replace(/\./g, '\\.');

/**
 * Lab 6: where a container's packets go in each network mode — the default
 * bridge with a veth pair per container, host, none and container: — read
 * from the links, addresses and routes of each namespace after each step.
 */
export const networkModesLab: Lab = {
  id: 'network-modes',
  chapter: '06-network-modes',
  title: t('네트워크 모드', 'Network modes'),
  intro: t(
    '컨테이너의 네트워크는 네트워크 네임스페이스 하나와 거기 놓인 인터페이스들입니다. --network 값에 따라 엔진은 새 네임스페이스에 veth를 꽂아 브리지에 잇거나(bridge), 호스트의 네임스페이스를 그대로 쓰거나(host), 루프백만 남기거나(none), 다른 컨테이너의 네임스페이스에 들어갑니다(container:). 단계마다 네트워크 패널이 호스트와 각 네임스페이스의 링크를 다시 읽어 그립니다.',
    'A container\'s network is a network namespace and the interfaces in it. Depending on --network, the engine plugs a veth into a fresh namespace and ties it to a bridge (bridge), uses the host\'s namespace as it is (host), leaves only loopback (none), or joins another container\'s namespace (container:). After each step the network panel reads the links of the host and of every namespace again and draws them.',
  ),
  setup: [],
  hostLinks: [{ kind: 'veth', name: LAN_PARENT, peer: 'lan0-peer' }],
  steps: [
    {
      title: t('기본 브리지에 컨테이너 둘', 'Two containers on the default bridge'),
      commands: ['docker run -d --name net-a busybox sleep 600', 'docker run -d --name net-b busybox sleep 600'],
      explanation: t(
        `--network를 주지 않으면 컨테이너는 기본 브리지 네트워크에 붙습니다. 엔진은 호스트에 리눅스 브리지 ${BRIDGE}(Docker의 docker0)를 한 번 만들고, 컨테이너마다 veth 쌍을 만들어 한쪽 끝은 ${BRIDGE}에 꽂고 다른 끝은 컨테이너의 네임스페이스로 옮겨 eth0라는 이름과 서브넷 안의 주소를 줍니다. 컨테이너의 기본 경로는 브리지의 주소(게이트웨이)를 향합니다.`,
        `Without --network, a container joins the default bridge network. The engine makes a Linux bridge ${BRIDGE} on the host once (Docker's docker0), then for each container a veth pair: one end plugged into ${BRIDGE}, the other moved into the container's namespace, renamed eth0 and given an address in the subnet. The container's default route points at the bridge's own address, the gateway.`,
      ),
      predict: {
        kind: 'choice',
        question: t('컨테이너 둘을 띄운 뒤 호스트에 생긴 veth 인터페이스는 몇 개일까요?', 'How many veth interfaces does the host have after starting the two containers?'),
        choices: [t('0개', 'None'), t('1개 (브리지가 하나이므로)', 'One (there is one bridge)'), t('2개 (컨테이너마다 하나)', 'Two (one per container)')],
        answer: 2,
        reveal: t(
          '컨테이너마다 veth 쌍이 하나씩 생기고, 호스트 쪽 끝이 각각 브리지의 포트가 됩니다. 나머지 끝은 컨테이너 안의 eth0입니다.',
          'Each container gets a veth pair of its own; each pair\'s host end becomes a port of the bridge, and the other end is the container\'s eth0.',
        ),
      },
      observe: [{ kind: 'netTopology' }],
      checks: [
        { kind: 'net-interface', owner: 'host', ifname: BRIDGE, exists: true, linkKind: 'bridge', addressIn: SUBNET, text: t(`호스트에 브리지 ${BRIDGE}가 있고 게이트웨이 주소를 가진다`, `the host has the bridge ${BRIDGE}, holding the gateway address`) },
        addressed('net-a'),
        addressed('net-b'),
        onBridge('net-a'),
        onBridge('net-b'),
        { kind: 'bridge-ports', bridge: BRIDGE, count: 2, text: t(`${BRIDGE}에 포트(veth 호스트 쪽 끝)가 둘 있다`, `${BRIDGE} has two ports (the host ends of the veths)`) },
        { kind: 'same-interfaces', a: c('net-a'), b: c('net-b'), same: false, text: t('net-a와 net-b는 서로 다른 인터페이스(다른 MAC, 다른 IP)를 가진다', 'net-a and net-b have interfaces of their own (other MACs, other addresses)') },
      ],
    },
    {
      title: t('host 모드: 호스트의 네트워크 그대로', 'host mode: the host\'s network as it is'),
      commands: ['docker run -d --name net-host --network host busybox sleep 600'],
      explanation: t(
        '--network host는 네트워크 네임스페이스를 새로 만들지 않습니다. 컨테이너는 호스트의 인터페이스, 주소, 경로, 포트를 그대로 보고 씁니다. 포트 게시(-p)가 필요 없고 NAT를 거치지 않아 빠르지만, 호스트의 포트와 부딪힐 수 있고 격리가 없습니다. 이 실습에서 "호스트"는 실습용 네트워크 네임스페이스이므로, 실제 호스트의 인터페이스는 그대로 둡니다.',
        '--network host creates no network namespace: the container sees and uses the host\'s interfaces, addresses, routes and ports. No publishing (-p) is needed and no NAT is in the way, so it is fast, but its ports can clash with the host\'s and nothing is isolated. In this lab "the host" is the lab\'s own network namespace, so your real host\'s interfaces are left alone.',
      ),
      predict: {
        kind: 'choice',
        question: t('net-host 안에서 `ip link`를 하면 무엇이 보일까요?', 'What does `ip link` show inside net-host?'),
        choices: [t('lo와 eth0', 'lo and eth0'), t(`호스트의 인터페이스 전부 (${BRIDGE}, veth…)`, `All of the host's interfaces (${BRIDGE}, the veths…)`), t('lo만', 'Only lo')],
        answer: 1,
        reveal: t(
          `호스트의 네임스페이스에 있으므로 호스트가 가진 인터페이스가 모두 보입니다: lo, ${BRIDGE}, 다른 컨테이너들의 veth 호스트 쪽 끝까지.`,
          `It lives in the host's namespace, so it sees every interface the host has: lo, ${BRIDGE}, even the host ends of the other containers' veths.`,
        ),
      },
      observe: [{ kind: 'netTopology' }],
      checks: [
        { kind: 'same-interfaces', a: 'host', b: c('net-host'), same: true, text: t('net-host는 호스트와 똑같은 인터페이스를 본다', 'net-host sees exactly the host\'s interfaces') },
        { kind: 'net-interface', owner: c('net-host'), ifname: BRIDGE, exists: true, linkKind: 'bridge', text: t(`net-host에서도 ${BRIDGE}가 보인다`, `${BRIDGE} is visible from net-host too`) },
        { kind: 'net-interface', owner: c('net-host'), ifname: 'eth0', exists: false, text: t('net-host에는 자기 eth0가 없다', 'net-host has no eth0 of its own') },
      ],
    },
    {
      title: t('none 모드: 루프백만', 'none mode: loopback only'),
      commands: ['docker run -d --name net-none --network none busybox sleep 600'],
      explanation: t(
        '--network none은 새 네트워크 네임스페이스를 만들되 아무것도 꽂지 않습니다. 남는 것은 lo 하나이고, 컨테이너는 자기 자신 외에는 누구와도 통신할 수 없습니다. 네트워크가 필요 없는 일괄 작업이나, 바깥과 닿으면 안 되는 작업에 씁니다.',
        '--network none creates a fresh network namespace and plugs nothing into it. Only lo is left, and the container can talk to no one but itself: for batch jobs that need no network, or work that must not reach out.',
      ),
      observe: [{ kind: 'netTopology' }],
      checks: [
        { kind: 'net-interfaces', owner: c('net-none'), equals: ['lo'], text: t('net-none에는 lo 하나뿐이다', 'net-none has lo and nothing else') },
        { kind: 'namespace', ns: 'net', a: c('net-none'), b: c('net-a'), same: false, text: t('net-none은 자기 네트워크 네임스페이스를 가진다', 'net-none has a network namespace of its own') },
      ],
    },
    {
      title: t('container: 모드: 다른 컨테이너의 네트워크에 들어가기', 'container: mode: joining another container\'s network'),
      commands: ['docker run -d --name net-side --network container:net-a busybox sleep 600'],
      explanation: t(
        '--network container:net-a는 net-a의 네트워크 네임스페이스에 들어갑니다. 새 veth도 새 주소도 없습니다. 두 컨테이너는 같은 eth0(같은 IP, 같은 MAC)와 같은 포트 공간을 쓰므로 localhost로 서로 닿고, 같은 포트를 둘 다 열 수는 없습니다. 쿠버네티스의 파드가 이 방식으로 컨테이너들을 묶습니다. 네트워크 패널에서 net-side는 net-a의 상자 안에 그려집니다.',
        '--network container:net-a joins net-a\'s network namespace: no new veth, no new address. The two share one eth0 (same IP, same MAC) and one port space, so they reach each other on localhost and cannot both listen on the same port. Kubernetes pods group containers this way. In the network panel net-side is drawn inside net-a\'s box.',
      ),
      predict: {
        kind: 'choice',
        question: t('net-side의 eth0 MAC 주소는?', 'What is the MAC address of net-side\'s eth0?'),
        choices: [t('새로 만든 MAC', 'A new one'), t('net-a의 eth0와 같다', 'The same as net-a\'s eth0'), t('eth0가 없다', 'It has no eth0')],
        answer: 1,
        reveal: t('같은 네임스페이스에 있으므로 같은 인터페이스입니다. IP도 MAC도 net-a의 것입니다.', 'Same namespace, so the very same interface: the IP and the MAC are net-a\'s.'),
      },
      observe: [{ kind: 'netTopology' }],
      checks: [
        { kind: 'same-interfaces', a: c('net-a'), b: c('net-side'), same: true, text: t('net-side와 net-a는 같은 eth0(IP와 MAC)를 본다', 'net-side and net-a see the same eth0 (IP and MAC)') },
        { kind: 'namespace', ns: 'net', a: c('net-a'), b: c('net-side'), same: true, text: t('둘의 net 네임스페이스 inode가 같다', 'their net namespace inodes are equal') },
        { kind: 'namespace', ns: 'uts', a: c('net-a'), b: c('net-side'), same: false, text: t('나머지 네임스페이스(uts 등)는 여전히 따로다', 'the other namespaces (uts and the rest) stay separate') },
      ],
    },
    {
      title: t('컨테이너가 떠나면 veth도 사라진다', 'When a container leaves, its veth goes too'),
      commands: ['docker rm -f net-b'],
      explanation: t(
        '컨테이너의 마지막 프로세스가 끝나면 커널은 그 네트워크 네임스페이스를 없애고, 그 안의 veth 끝이 사라지면 짝인 호스트 쪽 끝도 함께 사라집니다. 엔진은 주소를 IPAM에 돌려줍니다. net-a의 veth는 그대로입니다.',
        'When a container\'s last process ends the kernel frees its network namespace; a veth end vanishing takes its peer on the host with it. The engine gives the address back to IPAM. net-a\'s veth stays.',
      ),
      observe: [{ kind: 'netTopology' }],
      checks: [
        onBridge('net-a'),
        { kind: 'bridge-ports', bridge: BRIDGE, count: 1, text: t(`${BRIDGE}에는 net-a의 veth 하나만 남았다`, `only net-a's veth is left on ${BRIDGE}`) },
      ],
    },
    {
      title: t('사용자 정의 브리지와 이름 풀이', 'A user-defined bridge and its names'),
      commands: [
        `docker network create --subnet ${USER_SUBNET} labnet`,
        'docker run -d --name net-db --network labnet busybox sleep 600',
        'docker run --rm --network labnet busybox nslookup net-db',
      ],
      explanation: t(
        '`docker network create`는 자기 서브넷을 가진 브리지(br-로 시작하는 이름)를 하나 더 만듭니다. 사용자 정의 네트워크의 컨테이너는 엔진의 내장 DNS 서버(컨테이너 안에서 127.0.0.11)에게 같은 네트워크에 있는 다른 컨테이너의 이름을 물을 수 있습니다. 기본 브리지에는 이 DNS가 없어서, 예전에는 --link로 /etc/hosts에 이름을 적어 넣었습니다.',
        '`docker network create` makes another bridge (named br-…) with a subnet of its own. Containers on a user-defined network can ask the engine\'s embedded DNS server (127.0.0.11 inside each container) for the names of the other containers on that network. The default bridge has no such DNS; --link used to write names into /etc/hosts instead.',
      ),
      observe: [{ kind: 'netTopology' }],
      checks: [
        { kind: 'net-interface', owner: c('net-db'), ifname: 'eth0', exists: true, linkKind: 'eth0', addressIn: USER_SUBNET, text: t(`net-db의 eth0는 labnet의 서브넷 ${USER_SUBNET} 안에 있다`, `net-db's eth0 is in labnet's subnet ${USER_SUBNET}`) },
        { kind: 'output', command: 2, matches: `Address:?\\s+${reEscape(USER_PREFIX)}2$`, text: t('nslookup net-db는 net-db의 주소를 돌려준다', 'nslookup net-db answers with net-db\'s address') },
      ],
    },
    {
      title: t('--net-alias: 한 이름, 여러 컨테이너', '--net-alias: one name, several containers'),
      commands: [
        'docker run -d --name net-s1 --network labnet --net-alias search busybox sleep 600',
        'docker run -d --name net-s2 --network labnet --net-alias search busybox sleep 600',
        'docker run -d --name net-client --network labnet busybox sleep 600',
        'docker exec net-client nslookup search',
        'docker exec net-client nslookup search',
      ],
      explanation: t(
        '두 컨테이너가 같은 별칭 search를 가집니다. 내장 DNS에 search를 물으면 두 주소가 모두 돌아오는데, 이 엔진은 질의마다 목록을 한 칸씩 돌려서 답합니다(Docker는 무작위로 섞습니다). 첫 주소를 쓰는 클라이언트는 그래서 두 컨테이너로 번갈아 나뉩니다(라운드 로빈). net-client가 두 번 묻고, 네트워크 패널은 답마다 첫 주소가 어느 컨테이너였는지 차례대로 보여 줍니다. 로드 밸런서는 아니어서, 답을 캐시하는 클라이언트는 한 곳만 씁니다.',
        'Both containers carry the alias search. Asked for search, the embedded DNS returns both addresses; this engine turns the list by one place on every query (Docker shuffles it at random). Clients that take the first address are therefore sent to the two containers in turn (round robin). net-client asks twice, and the network panel lists, answer by answer, which container the first address belonged to. It is not a load balancer: a client that caches the answer keeps using one.',
      ),
      predict: {
        kind: 'choice',
        question: t('nslookup search는 주소를 몇 개 돌려줄까요?', 'How many addresses does nslookup search return?'),
        choices: [t('1개', 'One'), t('2개', 'Two'), t('0개 (이름이 아니라 별칭이므로)', 'None (it is an alias, not a name)')],
        answer: 1,
        reveal: t('별칭을 가진 컨테이너마다 하나씩, 두 개입니다. 두 번째 질의에서는 순서가 바뀌어 다른 컨테이너가 먼저 나옵니다.', 'Two, one per container with the alias. On the second query the order has turned: the other container comes first.'),
      },
      observe: [{ kind: 'netTopology' }, { kind: 'dnsAnswers' }],
      checks: [
        { kind: 'output', command: 3, matches: `Address:?\\s+${reEscape(USER_PREFIX)}4$`, text: t('답에 net-s1의 주소(.4: 앞 단계의 nslookup 컨테이너가 .3을 썼다)가 있다', 'the answer holds net-s1\'s address (.4: the nslookup container of the last step had .3)') },
        { kind: 'output', command: 3, matches: `Address:?\\s+${reEscape(USER_PREFIX)}5$`, text: t('답에 net-s2의 주소도 있다', 'and net-s2\'s address') },
        {
          kind: 'dns-round-robin', name: 'search', containers: ['net-s1', 'net-s2'], queries: 2,
          text: t('search에 대한 답은 질의마다 한 칸씩 돌아, 첫 주소가 net-s1과 net-s2로 번갈아 나온다', 'each answer for search is the one before turned by one place: the first address goes to net-s1 and net-s2 in turn'),
        },
      ],
    },
    {
      title: t('macvlan: 부모 인터페이스 위의 자식', 'macvlan: a child on a parent interface'),
      commands: [
        `docker network create -d macvlan --subnet ${LAN_SUBNET} --gateway ${LAN_PREFIX}1 -o parent=${LAN_PARENT} lan`,
        'docker run -d --name net-mac --network lan busybox sleep 600',
      ],
      explanation: t(
        `macvlan 네트워크는 컨테이너에게 호스트 NIC(부모)의 자식 인터페이스를 줍니다. 자기 MAC을 가지고 LAN 서브넷의 주소를 받으므로, LAN에서는 기계가 하나 더 있는 것처럼 보이고 NAT도 브리지도 거치지 않습니다. 이 실습은 실습용 호스트 네임스페이스에 veth 쌍 ${LAN_PARENT}를 만들어 NIC 대신 부모로 씁니다. 커널의 macvlan 구현 때문에 호스트는 부모를 통해 자기 macvlan 자식에 닿을 수 없습니다.`,
        `A macvlan network gives a container a child interface of a host NIC (the parent), with a MAC of its own and an address from the LAN's subnet: on the LAN it looks like one more machine, with no NAT and no bridge in the way. This lab made a veth pair ${LAN_PARENT} in its own host namespace to stand in for the NIC. By the way the kernel implements macvlan, the host cannot reach its macvlan children through the parent.`,
      ),
      observe: [{ kind: 'netTopology' }],
      checks: [
        { kind: 'net-interface', owner: c('net-mac'), ifname: 'eth0', exists: true, linkKind: 'macvlan', addressIn: LAN_SUBNET, text: t(`net-mac의 eth0는 macvlan이고 주소는 ${LAN_SUBNET} 안에 있다`, `net-mac's eth0 is a macvlan with an address in ${LAN_SUBNET}`) },
        { kind: 'macvlan-parent', container: 'net-mac', parent: LAN_PARENT, text: t(`그 부모는 호스트의 ${LAN_PARENT}다`, `its parent is the host's ${LAN_PARENT}`) },
        { kind: 'net-interface', owner: 'host', ifname: LAN_PARENT, exists: true, text: t(`호스트에는 부모 ${LAN_PARENT}가 그대로 있다(자식은 컨테이너 안에)`, `the host still has the parent ${LAN_PARENT} (the child is in the container)`) },
      ],
    },
  ],
  teardown: ['docker rm -f net-a net-b net-host net-none net-side net-db net-s1 net-s2 net-client net-mac', 'docker network rm labnet lan'],
  hostChanges: [
    t(`호스트 쪽 네트워크(브리지 ${BRIDGE}, veth 호스트 쪽 끝)는 실습용 네트워크 네임스페이스 안에 만들어지고 실습이 끝나면 함께 지워집니다.`, `The host side of networking (the bridge ${BRIDGE}, the host ends of the veths) is made inside the lab's own network namespace and deleted with it.`),
    t('컨테이너의 네트워크 네임스페이스는 마지막 프로세스와 함께 사라집니다.', 'Each container\'s network namespace goes with its last process.'),
    t('macvlan 단계의 부모 lan0(veth 쌍)는 실습용 호스트 네임스페이스에 만들어지고 정리 단계에서 지워집니다. 네트워크 labnet과 lan도 정리 단계에서 지워집니다.', 'The macvlan parent lan0 (a veth pair) is made in the lab\'s own host namespace and deleted at teardown, as are the networks labnet and lan.'),
  ],
};
