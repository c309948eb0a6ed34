import type { Lab, L10n } from './lab-types.js';
import { LAB_DIR } from '../core/labs/lab-dir.js';

const t = (ko: string, en: string): L10n => ({ ko, en });

/**
 * A host directory for the bind-mount steps, the run's own (inside a real
 * lab's sandbox, so it goes with it). Docker creates a missing `-v` source
 * itself.
 */
const HOST_DIR = `${LAB_DIR}/bind`;

/**
 * Lab 4: where data outlives a container. A bind mount is a host directory
 * seen inside; a named volume is a directory the engine manages and keeps
 * after the container goes; --volumes-from hands one container's mounts to
 * another. What is written anywhere else lives in the writable layer and
 * goes with the container.
 */
export const volumesLab: Lab = {
  id: 'volumes',
  chapter: '04-volumes',
  title: t('볼륨', 'Volumes'),
  intro: t(
    '컨테이너의 쓰기 가능한 레이어는 컨테이너와 함께 사라집니다. 남겨야 하는 데이터는 레이어 바깥에 둡니다. 호스트의 디렉터리를 그대로 붙이는 바인드 마운트, 엔진이 관리하는 이름 있는 볼륨, 그리고 다른 컨테이너의 볼륨을 물려받는 --volumes-from을 차례로 써 봅니다.',
    'A container\'s writable layer goes with the container. Data that must stay lives outside the layers: a bind mount puts a host directory inside as it is, a named volume is a directory the engine manages, and --volumes-from hands one container\'s volumes to another. You will use each in turn.',
  ),
  setup: [],
  steps: [
    {
      title: t('쓰기 가능한 레이어는 컨테이너와 함께 사라진다', 'The writable layer goes with the container'),
      commands: ["docker run --name vol-scratch busybox sh -c 'echo draft > /tmp/state.txt'", 'docker rm vol-scratch', "docker run --rm busybox sh -c 'cat /tmp/state.txt 2>/dev/null || echo no such file'"],
      explanation: t(
        '컨테이너가 쓴 파일은 그 컨테이너의 쓰기 가능한 레이어에 있습니다. 컨테이너를 지우면 레이어도 지워지고, 같은 이미지로 새 컨테이너를 띄우면 빈 레이어에서 다시 시작합니다. 그래서 컨테이너는 상태 없이(stateless) 쓰는 것이 기본이고, 상태는 볼륨에 둡니다.',
        'A file a container writes lives in its writable layer. Removing the container removes the layer, and a new container from the same image starts again from an empty one. So containers are meant to be stateless, with state kept in volumes.',
      ),
      predict: {
        kind: 'choice',
        question: t('마지막 명령은 무엇을 출력할까요?', 'What does the last command print?'),
        choices: [t('draft', 'draft'), t('no such file', 'no such file')],
        answer: 1,
        reveal: t('새 컨테이너는 자기 빈 레이어를 가지므로 /tmp/state.txt가 없습니다. cat이 실패해서 no such file이 출력됩니다.', 'The new container has an empty layer of its own, so there is no /tmp/state.txt: cat fails and "no such file" is printed.'),
      },
      observe: [],
      checks: [
        { kind: 'output', command: 2, matches: '^no such file$', notMatches: 'draft', text: t('새 컨테이너에는 /tmp/state.txt가 없다', 'the new container has no /tmp/state.txt') },
      ],
    },
    {
      title: t('바인드 마운트: 호스트의 디렉터리', 'Bind mount: a host directory'),
      commands: [
        `docker run --rm -v ${HOST_DIR}:/data busybox sh -c 'echo written inside > /data/note.txt'`,
        `docker run -d --name vol-bind -v ${HOST_DIR}:/data:ro busybox sleep 600`,
        "docker exec vol-bind sh -c 'touch /data/other 2>/dev/null; echo exit=$?'",
      ],
      explanation: t(
        `-v ${HOST_DIR}:/data는 호스트의 디렉터리를 컨테이너의 /data에 바인드 마운트합니다. 없으면 Docker가 만듭니다(--mount type=bind는 만들지 않고 오류를 냅니다). 컨테이너가 /data에 쓴 것은 곧바로 호스트의 파일이 되어 컨테이너가 사라져도 남습니다. 뒤에 :ro를 붙이면 읽기 전용으로 마운트되어 컨테이너는 읽기만 할 수 있습니다. 바인드 마운트는 호스트의 경로에 묶이므로 다른 호스트로 옮기기 어렵습니다. 여기서 쓰는 ${HOST_DIR}는 이번 실행만의 디렉터리(실습 샌드박스 안)라서, 두 실행이 서로 부딪히지 않고 실습이 끝나면 호스트에 아무것도 남지 않습니다.`,
        `-v ${HOST_DIR}:/data bind-mounts the host directory at /data in the container; Docker creates it when it is missing (--mount type=bind refuses instead). What the container writes in /data is at once a host file and stays after the container is gone. With :ro the mount is read-only and the container can only read. A bind mount ties the container to a path on this host, so it does not move to another host easily. The ${HOST_DIR} used here belongs to this run alone (inside the lab's sandbox): two runs cannot collide, and nothing of it stays on the host once the lab ends.`,
      ),
      predict: {
        kind: 'choice',
        question: t('읽기 전용(:ro)으로 붙인 vol-bind에서 /data/note.txt를 읽을 수 있을까요?', 'Can vol-bind, mounted read-only (:ro), read /data/note.txt?'),
        choices: [t('읽을 수 있다', 'Yes'), t('읽을 수 없다', 'No'), t('파일이 없다 (앞 컨테이너는 지워졌다)', 'No such file (the first container was removed)')],
        answer: 0,
        reveal: t('파일은 호스트 디렉터리에 있으므로 앞 컨테이너가 지워져도 남아 있고, :ro는 쓰기만 막습니다.', 'The file is in the host directory, so it outlived the first container, and :ro only stops writes.'),
      },
      observe: [{ kind: 'mounts', container: 'vol-bind' }],
      checks: [
        { kind: 'file', container: 'vol-bind', path: '/data/note.txt', exists: true, contains: 'written inside', text: t('vol-bind에서 /data/note.txt가 보인다', 'vol-bind sees /data/note.txt') },
        { kind: 'output', command: 2, matches: '^exit=1$', text: t('읽기 전용 마운트에는 쓸 수 없다', 'the read-only mount cannot be written') },
      ],
    },
    {
      title: t('이름 있는 볼륨은 컨테이너보다 오래 산다', 'A named volume outlives its container'),
      commands: [
        'docker volume create vol-notes',
        "docker run --name vol-writer -v vol-notes:/notes busybox sh -c 'echo kept > /notes/a.txt'",
        'docker rm vol-writer',
        'docker volume ls',
        'docker run --rm -v vol-notes:/notes busybox cat /notes/a.txt',
      ],
      explanation: t(
        '-v 이름:/경로는 이름 있는 볼륨을 붙입니다. 볼륨은 엔진의 상태 디렉터리 아래(Docker는 /var/lib/docker/volumes/이름/_data)에 있는 디렉터리이고, 컨테이너를 지워도 남습니다. 지우려면 `docker volume rm`이나 `docker volume prune`을 씁니다. 호스트의 경로를 몰라도 되므로 옮기기 쉽고, 데이터베이스처럼 상태를 가진(stateful) 컨테이너가 데이터를 두는 곳입니다.',
        '-v NAME:/path mounts a named volume: a directory under the engine\'s state (Docker: /var/lib/docker/volumes/NAME/_data) that stays when the container is removed, until `docker volume rm` or `docker volume prune`. No host path is involved, so it travels well; it is where stateful containers such as databases keep their data.',
      ),
      predict: {
        kind: 'choice',
        question: t('vol-writer를 지운 뒤 마지막 컨테이너는 무엇을 출력할까요?', 'After vol-writer is removed, what does the last container print?'),
        choices: [t('kept', 'kept'), t('아무것도', 'Nothing')],
        answer: 0,
        reveal: t('볼륨은 컨테이너와 따로 살아 있으므로, 새 컨테이너가 같은 볼륨을 붙이면 같은 파일이 보입니다.', 'The volume lives apart from the container, so a new container mounting it sees the same file.'),
      },
      observe: [],
      checks: [
        { kind: 'output', command: 3, matches: '^local\\s+vol-notes$', text: t('볼륨 vol-notes는 컨테이너가 지워진 뒤에도 있다', 'the volume vol-notes is still there after its container was removed') },
        { kind: 'output', command: 4, matches: '^kept$', text: t('새 컨테이너가 같은 데이터를 읽는다', 'a new container reads the same data') },
      ],
    },
    {
      title: t('--volumes-from: 다른 컨테이너의 볼륨 물려받기', '--volumes-from: taking over another container\'s volumes'),
      commands: [
        `docker run -d --name vol-data -v vol-notes:/notes -v ${HOST_DIR}:/data busybox sleep 600`,
        'docker run -d --name vol-app --volumes-from vol-data busybox sleep 600',
        "docker exec vol-app sh -c 'echo from app > /notes/b.txt'",
      ],
      explanation: t(
        '--volumes-from vol-data는 vol-data가 가진 볼륨과 바인드 마운트를 같은 경로, 같은 읽기/쓰기 모드로 vol-app에 붙입니다. 볼륨만 담아 두는 "데이터 컨테이너"를 만들고 여러 컨테이너가 그것을 물려받는 방식이 책에 나옵니다. 지금의 Docker에서는 이름 있는 볼륨을 각 컨테이너에 직접 붙이는 편이 더 흔합니다.',
        '--volumes-from vol-data mounts every volume and bind mount of vol-data into vol-app, at the same paths and with the same read/write modes. The books show a "data container" that only holds volumes, with others taking them over; in today\'s Docker, mounting a named volume into each container directly is the more common way.',
      ),
      observe: [{ kind: 'mounts', container: 'vol-app' }],
      checks: [
        { kind: 'file', container: 'vol-app', path: '/notes/a.txt', exists: true, contains: 'kept', text: t('vol-app은 vol-data의 볼륨을 본다', 'vol-app sees vol-data\'s volume') },
        { kind: 'file', container: 'vol-app', path: '/data/note.txt', exists: true, contains: 'written inside', text: t('바인드 마운트도 물려받았다', 'the bind mount came along too') },
        { kind: 'file', container: 'vol-data', path: '/notes/b.txt', exists: true, contains: 'from app', text: t('vol-app이 쓴 파일이 vol-data에서도 보인다: 같은 디렉터리다', 'what vol-app wrote shows up in vol-data: it is the same directory') },
      ],
    },
    {
      title: t('볼륨 지우기', 'Removing the volume'),
      commands: ['docker rm -f vol-app vol-data vol-bind', 'docker volume rm vol-notes', 'docker volume ls -q'],
      explanation: t(
        '볼륨은 쓰는 컨테이너가 하나도 없을 때만 지울 수 있습니다. `docker rm -v`는 컨테이너의 이름 없는(anonymous) 볼륨만 함께 지우고, 이름 있는 볼륨은 언제나 `docker volume rm`으로 따로 지워야 합니다.',
        'A volume can only be removed once no container uses it. `docker rm -v` removes a container\'s anonymous volumes with it; named volumes are always removed on their own, with `docker volume rm`.',
      ),
      observe: [],
      checks: [
        { kind: 'output', command: 2, notMatches: '^vol-notes$', text: t('vol-notes는 이제 없다', 'vol-notes is gone') },
      ],
    },
  ],
  teardown: [
    'docker rm -f vol-scratch vol-writer vol-bind vol-data vol-app',
    'docker volume rm -f vol-notes',
  ],
  hostChanges: [
    t(`바인드 마운트 단계는 호스트에 ${HOST_DIR} 디렉터리를 만듭니다. 이번 실행만의 디렉터리로 실습용 상태 디렉터리 안에 있어서, 실습이 끝나면 함께 지워집니다.`, `The bind-mount steps create ${HOST_DIR} on the host: a directory of this run's own inside the lab's state directory, removed with it when the lab ends.`),
    t('이름 있는 볼륨 vol-notes는 실습용 상태 디렉터리 아래에 만들어지고 함께 지워집니다.', 'The named volume vol-notes is made under the lab\'s own state directory and removed with it.'),
  ],
};
