import type { Lab } from './lab-types.js';

/** Lab 1: an image is read-only, a container is a process made from it. */
export const imagesAndContainers: Lab = {
  id: 'images-and-containers',
  chapter: '01-images-and-containers',
  title: { ko: '이미지와 컨테이너', en: 'Images and containers' },
  intro: {
    ko: '이미지는 컨테이너를 만드는 데 필요한 파일과 설정을 담은 읽기 전용 묶음이고, 컨테이너는 그 이미지로 시작한 프로세스입니다. 컨테이너를 만들고, 목록을 보고, 멈추고, 지우면서 커널 안에서 무엇이 생기고 사라지는지 확인합니다.',
    en: 'An image is a read-only bundle of the files and settings a container needs; a container is a process started from that image. You will create, list, stop and remove containers and watch what appears and disappears in the kernel.',
  },
  setup: [],
  steps: [
    {
      title: { ko: '첫 컨테이너 실행', en: 'Run a first container' },
      commands: ['docker run --name hello busybox echo hello from a container'],
      explanation: {
        ko: '`docker run`은 이미지(busybox)로 컨테이너를 만들고 시작한 뒤, 그 출력이 끝날 때까지 기다립니다. echo가 끝나면 컨테이너의 유일한 프로세스가 끝났으므로 컨테이너도 종료(exited) 상태가 됩니다. 지우지 않았으니 기록은 남아 있습니다.',
        en: '`docker run` creates a container from an image (busybox), starts it and waits for its output to end. When echo returns, the container\'s only process has ended, so the container is exited. It was not removed, so its record stays.',
      },
      predict: {
        kind: 'choice',
        question: { ko: 'echo가 끝난 뒤 컨테이너는 어떤 상태일까요?', en: 'After echo returns, what state is the container in?' },
        choices: [
          { ko: '계속 실행 중(running)', en: 'Still running' },
          { ko: '종료(exited), 기록은 남음', en: 'Exited, but still listed' },
          { ko: '자동으로 삭제됨', en: 'Removed automatically' },
        ],
        answer: 1,
        reveal: {
          ko: '컨테이너는 그 안의 첫 프로세스가 살아 있는 동안만 실행됩니다. --rm을 주지 않았으므로 종료된 컨테이너는 `docker ps -a`에 남습니다.',
          en: 'A container runs only as long as its first process does. Without --rm, the exited container stays in `docker ps -a`.',
        },
      },
      observe: [{ kind: 'containers' }],
      checks: [
        { kind: 'output', matches: '^hello from a container$', text: { ko: '컨테이너의 출력이 터미널에 나타난다', en: 'the container\'s output reaches the terminal' } },
        { kind: 'container-state', container: 'hello', state: 'exited', exitCode: 0, text: { ko: 'hello 컨테이너는 종료 코드 0으로 끝났다', en: 'hello exited with code 0' } },
      ],
    },
    {
      title: { ko: '이미지 목록', en: 'List the images' },
      commands: ['docker images'],
      explanation: {
        ko: '이미지 이름은 [저장소/]이름[:태그] 형식이고 태그를 생략하면 latest입니다. 이 엔진에는 레지스트리가 없어서, busybox 이미지는 호스트의 정적 busybox로 처음 필요할 때 만들어집니다. 실제 Docker는 Docker Hub에서 내려받습니다.',
        en: 'An image name reads [repository/]name[:tag], and a missing tag means latest. This engine has no registry: busybox is built from the host\'s static busybox the first time it is needed. Real Docker would pull it from Docker Hub.',
      },
      observe: [],
      checks: [
        { kind: 'output', matches: '^busybox\\s+latest\\s', text: { ko: 'busybox:latest 이미지가 목록에 있다', en: 'busybox:latest is listed' } },
      ],
    },
    {
      title: { ko: '백그라운드 컨테이너와 PID 1', en: 'A background container and PID 1' },
      commands: ['docker run --name web -d busybox sleep 600'],
      explanation: {
        ko: '-d(detach)는 컨테이너를 백그라운드에서 실행하고 ID만 출력합니다. 호스트에서 보면 sleep은 평범한 프로세스 하나이지만, 자신만의 PID 네임스페이스 안에서는 PID 1입니다. 그 부모는 엔진이 아니라 shim입니다. 엔진이 재시작해도 컨테이너가 살아남는 이유입니다.',
        en: '-d (detach) runs the container in the background and prints only its id. Seen from the host, sleep is an ordinary process; inside its own PID namespace it is PID 1. Its parent is a shim, not the engine: that is why a container survives an engine restart.',
      },
      predict: {
        kind: 'choice',
        question: { ko: '컨테이너 안에서 sleep의 PID는 몇일까요?', en: 'What is sleep\'s PID inside the container?' },
        choices: [{ ko: '1', en: '1' }, { ko: '호스트에서와 같은 번호', en: 'The same number as on the host' }, { ko: '0', en: '0' }],
        answer: 0,
        reveal: {
          ko: '새 PID 네임스페이스에서 처음 생긴 프로세스는 PID 1입니다. 호스트는 같은 프로세스를 다른 번호로 봅니다(/proc/PID/status의 NSpid 줄).',
          en: 'The first process in a new PID namespace is PID 1 there. The host sees the same process under another number (the NSpid line of /proc/PID/status).',
        },
      },
      observe: [{ kind: 'containers' }, { kind: 'processTree', container: 'web' }],
      checks: [
        { kind: 'output', matches: '^[0-9a-f]{64}$', text: { ko: '-d는 컨테이너 ID 64자리만 출력한다', en: '-d prints only the 64-digit container id' } },
        { kind: 'container-state', container: 'web', state: 'running', text: { ko: 'web이 실행 중이다', en: 'web is running' } },
        { kind: 'pid-inside', container: 'web', equals: 1, text: { ko: 'sleep은 컨테이너 안에서 PID 1이고 호스트에서는 다른 PID다', en: 'sleep is PID 1 inside and another pid on the host' } },
        { kind: 'parent-is-shim', container: 'web', text: { ko: 'sleep의 부모는 shim이다', en: 'sleep\'s parent is the shim' } },
      ],
    },
    {
      title: { ko: 'ps와 ps -a', en: 'ps and ps -a' },
      commands: ['docker ps', 'docker ps -a'],
      explanation: {
        ko: '`docker ps`는 실행 중인 컨테이너만, `docker ps -a`는 종료된 것까지 모두 보여 줍니다.',
        en: '`docker ps` lists running containers only; `docker ps -a` lists exited ones too.',
      },
      observe: [{ kind: 'containers' }],
      checks: [
        { kind: 'output', command: 0, matches: '\\sweb$', notMatches: '\\shello$', text: { ko: 'ps에는 web만 있다', en: 'ps shows web only' } },
        { kind: 'output', command: 1, matches: '\\shello$', text: { ko: 'ps -a에는 종료된 hello도 있다', en: 'ps -a shows the exited hello too' } },
      ],
    },
    {
      title: { ko: '컨테이너의 호스트 이름', en: 'The container\'s own hostname' },
      commands: ['docker run --rm busybox hostname', 'docker run --rm --hostname lab busybox hostname', "docker run --rm busybox sh -c 'echo $$'"],
      explanation: {
        ko: '각 컨테이너는 자기 UTS 네임스페이스를 가지므로 호스트 이름을 따로 가집니다. Docker는 기본값으로 컨테이너 ID의 앞 12자리를 쓰고, --hostname으로 바꿀 수 있습니다. `echo $$`는 셸 자신의 PID를 출력합니다. 컨테이너의 첫 프로세스인 셸은 PID 1입니다. --rm은 끝난 컨테이너를 바로 지웁니다.',
        en: 'Each container has its own UTS namespace and so its own hostname. Docker uses the first 12 digits of the container id unless --hostname says otherwise. `echo $$` prints the shell\'s own PID: as the container\'s first process it is 1. --rm removes each container when it ends.',
      },
      observe: [{ kind: 'hostname', container: 'web' }, { kind: 'hostname' }],
      checks: [
        { kind: 'output', command: 0, matches: '^[0-9a-f]{12}$', text: { ko: '기본 호스트 이름은 ID 12자리다', en: 'the default hostname is a 12-digit id' } },
        { kind: 'output', command: 1, matches: '^lab$', text: { ko: '--hostname lab이 적용된다', en: '--hostname lab takes effect' } },
        { kind: 'output', command: 2, matches: '^1$', text: { ko: '컨테이너의 셸은 PID 1이다', en: 'the container\'s shell is PID 1' } },
        { kind: 'hostname', container: 'web', equals: 'short-id', text: { ko: 'web의 UTS 네임스페이스 안 호스트 이름은 web ID의 앞 12자리다', en: 'inside web\'s UTS namespace the hostname is web\'s short id' } },
        { kind: 'hostname', notEquals: 'lab', text: { ko: '호스트의 이름은 바뀌지 않았다', en: 'the host\'s own hostname is unchanged' } },
        { kind: 'container-state', container: 'web', state: 'running', text: { ko: '--rm 컨테이너들은 사라지고 web은 그대로다', en: 'the --rm containers are gone, web is still running' } },
      ],
    },
    {
      title: { ko: '컨테이너 정지', en: 'Stop the container' },
      commands: ['docker stop -t 1 web'],
      explanation: {
        ko: '`docker stop`은 먼저 SIGTERM을 보내고, 유예 시간(-t, 기본 10초) 안에 끝나지 않으면 SIGKILL을 보냅니다. 커널은 PID 1에게 처리기를 등록하지 않은 시그널을 전달하지 않으므로 sleep은 SIGTERM을 무시하고, 1초 뒤 SIGKILL로 끝납니다. 종료 코드 137 = 128 + 9(SIGKILL)입니다.',
        en: '`docker stop` sends SIGTERM, then SIGKILL if the process has not ended within the grace period (-t, 10 seconds by default). The kernel does not deliver to PID 1 a signal it has no handler for, so sleep ignores SIGTERM and is killed after one second. Exit code 137 = 128 + 9 (SIGKILL).',
      },
      predict: {
        kind: 'short',
        question: { ko: 'web의 종료 코드는 몇일까요?', en: 'What exit code will web have?' },
        accept: ['137'],
        reveal: {
          ko: '137입니다. PID 1인 sleep은 SIGTERM을 무시하므로 SIGKILL(9)로 끝났고, 시그널로 끝난 프로세스의 종료 코드는 128 + 시그널 번호로 보고됩니다.',
          en: '137. As PID 1, sleep ignored SIGTERM and was ended by SIGKILL (9); a process ended by a signal is reported as 128 + the signal number.',
        },
      },
      observe: [{ kind: 'containers' }, { kind: 'processTree', container: 'web' }],
      checks: [
        { kind: 'container-state', container: 'web', state: 'exited', exitCode: 137, text: { ko: 'web은 137로 종료되었다', en: 'web exited with 137' } },
      ],
    },
    {
      title: { ko: '컨테이너 삭제', en: 'Remove the containers' },
      commands: ['docker rm web hello', 'docker ps -a'],
      explanation: {
        ko: '`docker rm`은 종료된 컨테이너의 기록과 쓰기 가능한 레이어를 지웁니다. 이미지는 그대로 남아 다음 컨테이너에 다시 쓰입니다. 실행 중인 컨테이너는 -f 없이는 지울 수 없습니다.',
        en: '`docker rm` deletes an exited container\'s record and its writable layer. The image stays, ready for the next container. A running container cannot be removed without -f.',
      },
      observe: [{ kind: 'containers' }],
      checks: [
        { kind: 'container-state', container: 'web', state: 'absent', text: { ko: 'web이 사라졌다', en: 'web is gone' } },
        { kind: 'container-state', container: 'hello', state: 'absent', text: { ko: 'hello가 사라졌다', en: 'hello is gone' } },
        { kind: 'writable-layer-exists', container: 'web', exists: false, text: { ko: 'web의 쓰기 가능한 레이어도 지워졌다', en: 'web\'s writable layer is deleted too' } },
        { kind: 'output', command: 1, notMatches: '\\s(web|hello)$', text: { ko: 'ps -a에 아무것도 남지 않았다', en: 'ps -a lists neither' } },
      ],
    },
  ],
  teardown: ['docker rm -f web hello'],
  hostChanges: [
    { ko: '컨테이너 네 개(hello, web, --rm 두 개)가 생겼다가 모두 지워집니다. 각각 네임스페이스, cgroup(/dockbook/<ID>), overlay 마운트를 가졌습니다.', en: 'Four containers (hello, web and two --rm ones) are made and all removed; each had namespaces, a cgroup (/dockbook/<id>) and an overlay mount.' },
    { ko: 'busybox 이미지의 레이어가 엔진 상태 디렉터리에 남습니다. 실습용 상태 디렉터리는 실습이 끝나면 통째로 지워집니다.', en: 'The busybox image\'s layer stays in the engine\'s state directory; a lab\'s own state directory is deleted when the lab ends.' },
  ],
};
