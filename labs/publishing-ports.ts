import type { Lab, L10n } from './lab-types.js';

const t = (ko: string, en: string): L10n => ({ ko, en });

/** A one-page web server: busybox httpd serving a file that names the container. */
const server = (name: string, publish: string) =>
  `docker run -d --name ${name} ${publish} busybox sh -c 'mkdir -p /www && echo hello from ${name} > /www/index.html && exec httpd -f -p 80 -h /www'`;

/** The default bridge's gateway: an address of the host, where published ports are DNATed. */
const GATEWAY = '10.87.0.1';

/**
 * Lab 5: publishing a container's port on the host — -p HOST:CTR, -p CTR
 * with a port the engine picks, -P for every exposed port — and what makes
 * it work: a DNAT rule on the host, read back from the live nft ruleset.
 */
export const publishingPortsLab: Lab = {
  id: 'publishing-ports',
  chapter: '05-publishing-ports',
  title: t('포트 게시', 'Publishing ports'),
  intro: t(
    '브리지 네트워크의 컨테이너는 사설 주소를 가지므로 호스트 바깥에서는 보이지 않습니다. -p로 포트를 게시하면 엔진은 호스트의 포트로 들어온 연결을 컨테이너의 주소와 포트로 바꿔 보내는 DNAT 규칙을 호스트에 씁니다. 규칙을 nft에서 직접 읽고, 그 길을 따라 페이지를 받아 봅니다.',
    'A container on a bridge network has a private address that nothing outside the host can see. Publishing a port with -p makes the engine write a DNAT rule on the host that rewrites connections to a host port into the container\'s address and port. You will read the rule back from nft and fetch a page along that path.',
  ),
  setup: [],
  steps: [
    {
      title: t('-p 호스트포트:컨테이너포트', '-p HOST:CONTAINER'),
      commands: [server('web', '-p 8080:80'), 'docker port web'],
      explanation: t(
        '-p 8080:80은 "호스트의 8080번으로 온 TCP 연결을 이 컨테이너의 80번으로"라는 뜻입니다. 주소를 주지 않았으므로 호스트의 모든 주소(0.0.0.0)에서 받습니다. `docker port`는 게시된 포트를 보여 줍니다. 엔진은 nftables의 nat 테이블에 DNAT 규칙을 하나 씁니다(Docker는 iptables의 DOCKER 체인에 같은 일을 합니다). 네트워크 패널의 "패킷 따라가기"가 이 규칙을 따라 그립니다.',
        '-p 8080:80 means "TCP connections to port 8080 of the host go to port 80 of this container". No address was given, so every host address (0.0.0.0) takes them. `docker port` lists what is published. The engine writes one DNAT rule into an nftables nat table (Docker does the same in iptables\' DOCKER chain). The network panel\'s "follow a packet" draws the path from that rule.',
      ),
      predict: {
        kind: 'short',
        question: t('`docker port web`은 어떤 줄을 출력할까요? (컨테이너포트/프로토콜 -> 주소:포트)', 'What line does `docker port web` print? (containerPort/proto -> address:port)'),
        accept: ['80/tcp -> 0.0.0.0:8080'],
        reveal: t('80/tcp -> 0.0.0.0:8080. 프로토콜을 주지 않으면 tcp이고, 주소를 주지 않으면 0.0.0.0입니다.', '80/tcp -> 0.0.0.0:8080. The protocol defaults to tcp and the address to 0.0.0.0.'),
      },
      observe: [{ kind: 'netTopology' }],
      checks: [
        { kind: 'output', command: 1, matches: '^80/tcp -> 0\\.0\\.0\\.0:8080$', text: t('`docker port web`: 80/tcp -> 0.0.0.0:8080', '`docker port web`: 80/tcp -> 0.0.0.0:8080') },
        { kind: 'dnat', container: 'web', hostPort: 8080, toPort: 80, text: t('호스트의 DNAT 규칙이 8080번을 web의 주소:80으로 보낸다', 'a DNAT rule on the host sends port 8080 to web\'s address, port 80') },
      ],
    },
    {
      title: t('페이지 받아 오기', 'Fetch the page'),
      commands: [`docker run --rm --network host busybox wget -qO- http://${GATEWAY}:8080/`, 'docker run --rm --network host busybox wget -qO- http://127.0.0.1:8080/'],
      explanation: t(
        `host 모드 컨테이너는 호스트의 네트워크 네임스페이스에서 돌므로 여기서는 "호스트에서 실행한 wget"과 같습니다. ${GATEWAY}는 브리지에 붙은 호스트 자신의 주소입니다. 호스트가 자기 주소의 8080번으로 보내는 패킷은 nat output 훅에서 DNAT 규칙을 만나 목적지가 web의 주소:80으로 바뀌고, 경로표를 따라 브리지로 나가 veth를 지나 web의 eth0에 닿습니다. 127.0.0.1:8080은 이 규칙을 거치지 않습니다. 루프백으로 온 연결은 userland proxy(Docker의 docker-proxy, 이 엔진에서는 엔진 프로세스 안의 프록시)가 호스트 포트에서 받아 컨테이너로 넘겨 줍니다. 두 번째 명령이 그 길입니다.`,
        `A host-mode container runs in the host's network namespace, so here it is the same as running wget on the host. ${GATEWAY} is the host's own address on the bridge. A packet the host sends to port 8080 of its own address meets the DNAT rule in the nat output hook, gets web's address and port 80 as its destination, follows the routing table out through the bridge, across the veth, into web's eth0. 127.0.0.1:8080 does not go through that rule: connections over loopback are accepted on the host port and passed on by the userland proxy (Docker's docker-proxy; here a proxy inside the engine's process). The second command takes that path.`,
      ),
      observe: [{ kind: 'netTopology' }],
      settleMs: 3000,
      checks: [
        { kind: 'output', command: 0, matches: '^hello from web$', text: t('브리지 주소로 받은 페이지는 web이 보낸 것이다(DNAT 규칙)', 'the page fetched from the bridge address comes from web (the DNAT rule)') },
        { kind: 'output', command: 1, matches: '^hello from web$', text: t('127.0.0.1로 받은 페이지도 web이 보낸 것이다(userland proxy)', 'the page fetched from 127.0.0.1 comes from web too (the userland proxy)') },
      ],
    },
    {
      title: t('-p 컨테이너포트: 호스트 포트는 엔진이 고른다', '-p CONTAINER: the engine picks the host port'),
      commands: [server('web2', '-p 80'), 'docker port web2 80'],
      explanation: t(
        '호스트 포트를 적지 않으면 엔진이 임시 포트 범위(리눅스의 ip_local_port_range, 보통 32768–60999)에서 빈 포트를 고릅니다. 같은 이미지를 여러 개 띄워도 호스트 포트가 부딪히지 않습니다. 어떤 포트가 골라졌는지는 `docker port`로 확인합니다.',
        'Without a host port the engine picks a free one from the ephemeral range (Linux\'s ip_local_port_range, usually 32768–60999), so many copies of one image never clash on the host. `docker port` tells which port was chosen.',
      ),
      observe: [{ kind: 'netTopology' }],
      checks: [
        { kind: 'output', command: 1, matches: '^0\\.0\\.0\\.0:(3[2-9]\\d{3}|[4-5]\\d{4}|60\\d{3})$', text: t('호스트 포트는 임시 포트 범위에서 골라졌다', 'the host port was picked from the ephemeral range') },
        { kind: 'dnat', container: 'web2', toPort: 80, text: t('web2의 80번으로 가는 DNAT 규칙이 있다', 'a DNAT rule leads to web2\'s port 80') },
      ],
    },
    {
      title: t('-P: 노출된 포트를 모두', '-P: every exposed port'),
      commands: [server('web3', '--expose 80 --expose 8443 -P'), 'docker port web3'],
      explanation: t(
        '-P(--publish-all)는 이미지의 EXPOSE와 --expose로 노출된 포트 전부를 임의의 호스트 포트에 게시합니다. EXPOSE 자체는 문서일 뿐 아무것도 열지 않습니다. 게시해야 DNAT 규칙이 생깁니다.',
        '-P (--publish-all) publishes every port exposed by the image\'s EXPOSE or by --expose, each on a random host port. EXPOSE alone is documentation and opens nothing; only publishing writes a DNAT rule.',
      ),
      observe: [{ kind: 'netTopology' }],
      checks: [
        { kind: 'output', command: 1, matches: '^80/tcp -> 0\\.0\\.0\\.0:\\d+$', text: t('80/tcp가 게시되었다', '80/tcp is published') },
        { kind: 'output', command: 1, matches: '^8443/tcp -> 0\\.0\\.0\\.0:\\d+$', text: t('8443/tcp도 게시되었다', '8443/tcp is published too') },
        { kind: 'dnat', container: 'web3', toPort: 8443, text: t('web3의 8443번으로 가는 DNAT 규칙이 있다', 'a DNAT rule leads to web3\'s port 8443') },
      ],
    },
    {
      title: t('컨테이너를 지우면 규칙도 사라진다', 'Removing the container removes its rule'),
      commands: ['docker rm -f web2 web3', 'docker port web'],
      explanation: t(
        '엔진은 게시된 포트를 모두 모아 nat 테이블을 한 번에 다시 씁니다. 컨테이너가 사라지면 그 규칙도 사라지고 호스트 포트는 다시 비게 됩니다. web의 규칙은 그대로입니다.',
        'The engine rewrites its nat table from every published port in one transaction. When a container goes, so do its rules, and its host ports are free again. web\'s rule stays.',
      ),
      observe: [{ kind: 'netTopology' }],
      checks: [
        { kind: 'output', command: 1, matches: '^80/tcp -> 0\\.0\\.0\\.0:8080$', text: t('web은 여전히 8080번에 게시되어 있다', 'web is still published on 8080') },
        { kind: 'dnat', container: 'web', hostPort: 8080, toPort: 80, text: t('web의 DNAT 규칙은 남아 있다', 'web\'s DNAT rule is still there') },
      ],
    },
  ],
  teardown: ['docker rm -f web web2 web3'],
  hostChanges: [
    t('DNAT 규칙은 실습용 네트워크 네임스페이스의 nft 테이블에 쓰이고, 네임스페이스와 함께 사라집니다. 호스트 자신의 방화벽 규칙은 건드리지 않습니다.', 'The DNAT rules go into an nft table in the lab\'s own network namespace and vanish with it; your host\'s own firewall rules are not touched.'),
    t('브리지와 veth도 그 네임스페이스 안에 있습니다.', 'The bridge and the veths live in that namespace too.'),
  ],
};
