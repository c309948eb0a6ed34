import type { CheckSpec, Lab, NsOwner } from './lab-types.js';
import type { NamespaceKind } from '../core/kernel/types.js';

const WHAT: Record<'mnt' | 'uts' | 'ipc' | 'pid' | 'net', { ko: string; en: string }> = {
  mnt: { ko: '마운트 테이블', en: 'the mount table' },
  uts: { ko: '호스트 이름', en: 'the hostname' },
  ipc: { ko: 'System V IPC와 POSIX 메시지 큐', en: 'System V IPC and POSIX message queues' },
  pid: { ko: '프로세스 번호', en: 'process ids' },
  net: { ko: '네트워크 장치, 주소, 라우팅, 포트', en: 'network devices, addresses, routes and ports' },
};

const owner = (o: NsOwner) => (o === 'host' ? { ko: '호스트', en: 'the host' } : { ko: o.container, en: o.container });

function differ(ns: keyof typeof WHAT, a: NsOwner, b: NsOwner): CheckSpec {
  const [x, y] = [owner(a), owner(b)];
  return {
    kind: 'namespace', ns, a, b, same: false,
    text: { ko: `${x.ko}와(과) ${y.ko}의 ${ns} 네임스페이스(${WHAT[ns].ko})가 다르다`, en: `${x.en} and ${y.en} have different ${ns} namespaces (${WHAT[ns].en})` },
  };
}

function shared(ns: NamespaceKind, a: NsOwner, b: NsOwner, why: { ko: string; en: string }): CheckSpec {
  const [x, y] = [owner(a), owner(b)];
  return { kind: 'namespace', ns, a, b, same: true, text: { ko: `${x.ko}와(과) ${y.ko}는 ${ns} 네임스페이스를 공유한다: ${why.ko}`, en: `${x.en} and ${y.en} share the ${ns} namespace: ${why.en}` } };
}

const A = { container: 'ns-a' } as const;
const B = { container: 'ns-b' } as const;
const C = { container: 'ns-c' } as const;
const KINDS = ['mnt', 'uts', 'ipc', 'pid', 'net'] as const;

/** Lab 3: what each namespace isolates, seen from inside and outside. */
export const namespacesLab: Lab = {
  id: 'namespaces',
  chapter: '03-namespaces',
  title: { ko: '네임스페이스', en: 'Namespaces' },
  intro: {
    ko: '네임스페이스는 커널 자원 하나(마운트, 호스트 이름, IPC, PID, 네트워크, 사용자, cgroup)에 대해 프로세스마다 다른 "보기"를 줍니다. /proc/PID/ns/의 링크가 가리키는 inode 번호가 같으면 같은 네임스페이스입니다. 호스트와 두 컨테이너의 번호를 비교합니다.',
    en: 'A namespace gives processes their own view of one kernel resource: mounts, hostname, IPC, PIDs, network, users, cgroups. The links in /proc/PID/ns/ name an inode: equal numbers mean the same namespace. You will compare them for the host and two containers.',
  },
  setup: [],
  steps: [
    {
      title: { ko: '컨테이너 두 개', en: 'Two containers' },
      commands: ['docker run --name ns-a -d busybox sleep 600', 'docker run --name ns-b -d busybox sleep 600'],
      explanation: {
        ko: 'Docker는 컨테이너마다 mnt, uts, ipc, pid, net 네임스페이스를 새로 만듭니다. 그래서 호스트와도, 서로와도 번호가 다릅니다. user 네임스페이스는 기본으로 쓰지 않습니다(노트의 "uid namespace"). 컨테이너의 root는 호스트의 root와 같은 UID 0이며, 이를 바꾸려면 dockerd에 userns-remap을 설정해야 합니다. cgroup 네임스페이스는 cgroup v2 호스트에서는 기본으로 따로 만들고, v1 호스트에서는 호스트의 것을 씁니다.',
        en: 'Docker creates new mnt, uts, ipc, pid and net namespaces for each container, so their numbers differ from the host\'s and from each other\'s. The user namespace (the notes\' "uid namespace") is not used by default: root in a container is UID 0 on the host too, unless dockerd is configured with userns-remap. The cgroup namespace is private by default on cgroup v2 hosts and the host\'s on v1.',
      },
      predict: {
        kind: 'choice',
        question: { ko: 'ns-a와 호스트의 user 네임스페이스 번호는?', en: 'Do ns-a and the host have the same user namespace number?' },
        choices: [{ ko: '같다', en: 'The same' }, { ko: '다르다', en: 'Different' }],
        answer: 0,
        reveal: {
          ko: '같습니다. Docker는 기본으로 user 네임스페이스를 만들지 않으므로 컨테이너의 UID 0은 호스트의 UID 0입니다. 격리는 capability와 seccomp 같은 다른 장치가 맡습니다.',
          en: 'The same. Docker does not create a user namespace by default, so UID 0 in the container is UID 0 on the host; other mechanisms (capabilities, seccomp) do the confining.',
        },
      },
      observe: [{ kind: 'namespaces' }, { kind: 'namespaces', container: 'ns-a' }, { kind: 'namespaces', container: 'ns-b' }],
      checks: [
        ...KINDS.map((k) => differ(k, 'host', A)),
        ...KINDS.map((k) => differ(k, A, B)),
        shared('user', 'host', A, { ko: 'Docker는 기본으로 user 네임스페이스를 쓰지 않는다', en: 'Docker uses no user namespace by default' }),
      ],
    },
    {
      title: { ko: 'PID 네임스페이스: 안에서 본 프로세스', en: 'PID namespace: the processes seen from inside' },
      commands: ['docker run --rm busybox ps'],
      explanation: {
        ko: '컨테이너 안의 ps는 자기 PID 네임스페이스의 프로세스만 봅니다. 그래서 자기 자신(PID 1) 하나뿐입니다. 호스트에서는 모든 컨테이너의 프로세스가 보이고, 각각 다른 번호를 가집니다. 네임스페이스는 보이는 것을 나눌 뿐, 같은 커널 위에서 돕니다.',
        en: 'ps inside a container sees only its own PID namespace: just itself, as PID 1. The host sees every container\'s processes, under other numbers. Namespaces split what can be seen; everything still runs on one kernel.',
      },
      observe: [{ kind: 'processTree', container: 'ns-a' }],
      checks: [
        { kind: 'output', matches: '^\\s*1\\s+\\S+(\\s+\\S+)?\\s+ps$', notMatches: 'sleep', text: { ko: 'ps에는 PID 1인 자기 자신만 보인다', en: 'ps sees only itself, as PID 1' } },
        { kind: 'pid-inside', container: 'ns-a', equals: 1, text: { ko: 'ns-a의 sleep도 안에서는 PID 1, 밖에서는 다른 번호다', en: 'ns-a\'s sleep is PID 1 inside, another pid outside' } },
      ],
    },
    {
      title: { ko: 'UTS 네임스페이스: 호스트 이름', en: 'UTS namespace: the hostname' },
      commands: ['docker run --rm --hostname inside busybox hostname'],
      explanation: {
        ko: '컨테이너가 자기 UTS 네임스페이스에서 호스트 이름을 바꿔도 호스트와 다른 컨테이너의 이름은 그대로입니다.',
        en: 'A container setting the hostname in its own UTS namespace leaves the host\'s and every other container\'s hostname as they were.',
      },
      observe: [{ kind: 'hostname' }, { kind: 'hostname', container: 'ns-a' }],
      checks: [
        { kind: 'output', matches: '^inside$', text: { ko: '컨테이너 안에서는 inside', en: 'inside, it is "inside"' } },
        { kind: 'hostname', notEquals: 'inside', text: { ko: '호스트 이름은 바뀌지 않았다', en: 'the host\'s hostname is unchanged' } },
        { kind: 'hostname', container: 'ns-a', equals: 'short-id', text: { ko: 'ns-a의 이름도 그대로다', en: 'ns-a\'s hostname is unchanged' } },
      ],
    },
    {
      title: { ko: '마운트 네임스페이스: 자기만의 /', en: 'Mount namespace: a / of its own' },
      commands: [],
      explanation: {
        ko: '컨테이너의 마운트 테이블은 호스트와 다릅니다. / 는 overlay이고, /proc은 컨테이너의 PID 네임스페이스를 보여 주는 새 proc입니다. 컨테이너 안에서 한 마운트는 호스트에 보이지 않습니다.',
        en: 'A container\'s mount table is not the host\'s: / is an overlay and /proc is a fresh proc showing the container\'s PID namespace. Mounts made inside are invisible to the host.',
      },
      observe: [{ kind: 'mounts', container: 'ns-a' }],
      checks: [
        { kind: 'mount', container: 'ns-a', mountPoint: '/', fstype: 'overlay', text: { ko: 'ns-a의 / 는 overlay다', en: 'ns-a\'s / is an overlay' } },
        { kind: 'mount', container: 'ns-a', mountPoint: '/proc', fstype: 'proc', text: { ko: 'ns-a는 자기 /proc을 가진다', en: 'ns-a has its own /proc' } },
      ],
    },
    {
      title: { ko: '네임스페이스 하나만 공유하기', en: 'Sharing just one namespace' },
      commands: ['docker run --name ns-c -d --network container:ns-a busybox sleep 600'],
      explanation: {
        ko: '--network container:ns-a는 새 네트워크 네임스페이스를 만들지 않고 ns-a의 것에 들어갑니다. 두 컨테이너는 같은 장치, IP, 포트를 쓰고(그래서 localhost로 서로 통신할 수 있습니다), 나머지 네임스페이스는 여전히 따로입니다. 네임스페이스는 종류별로 독립적입니다.',
        en: '--network container:ns-a joins ns-a\'s network namespace instead of creating one. The two containers share devices, addresses and ports (they can talk over localhost) while every other namespace stays separate: each kind is independent.',
      },
      observe: [{ kind: 'namespaces', container: 'ns-a' }, { kind: 'namespaces', container: 'ns-c' }],
      checks: [
        shared('net', A, C, { ko: '--network container:ns-a', en: '--network container:ns-a' }),
        differ('uts', A, C),
        differ('pid', A, C),
        differ('mnt', A, C),
      ],
    },
  ],
  teardown: ['docker rm -f ns-a ns-b ns-c'],
  hostChanges: [
    { ko: '컨테이너마다 새 네임스페이스가 만들어지고, 그 안의 마지막 프로세스가 끝나면 커널이 거둬 갑니다.', en: 'Each container gets new namespaces; the kernel frees them when their last process ends.' },
    { ko: '네트워크의 호스트 쪽(브리지, veth)은 실습용 네트워크 네임스페이스 안에 만들어지고 실습이 끝나면 함께 지워집니다.', en: 'The host side of networking (bridge, veths) is made inside the lab\'s own network namespace and deleted with it.' },
  ],
};
