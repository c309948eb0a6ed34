import type { CheckSpec, Lab, L10n } from './lab-types.js';

/** The line the learner appends to /etc/passwd: easy to find again in every later step. */
const LEARNER = 'learner:x:1000:1000::/tmp:/bin/sh';
const IMAGE = 'lab/cow:v1';

/** `docker diff` prints nothing the engine made for itself (hosts, hostname, resolv.conf live in the init layer). */
const noInitFiles = (command: number): CheckSpec => ({
  kind: 'output', command, notMatches: '/etc/(hosts|hostname|resolv\\.conf)$',
  text: { ko: 'diff에 /etc/hosts, /etc/hostname, /etc/resolv.conf는 나오지 않는다(init 레이어에 있다)', en: 'diff does not list /etc/hosts, /etc/hostname or /etc/resolv.conf (they live in the init layer)' },
});

const t = (ko: string, en: string): L10n => ({ ko, en });

/**
 * Lab 2: read-only image layers, one writable layer per container, copy-up
 * and whiteouts; then `docker diff`, `commit` and `history`, a container
 * from the committed image, size against virtual size, and what `rmi -f`
 * and `image prune` do to an image a container still uses.
 */
export const layersAndCopyOnWrite: Lab = {
  id: 'layers-and-copy-on-write',
  chapter: '02-layers-and-copy-on-write',
  title: t('레이어와 copy-on-write', 'Layers and copy-on-write'),
  intro: t(
    '이미지는 읽기 전용 레이어를 쌓은 것이고, 컨테이너는 그 위에 자기만의 쓰기 가능한 레이어를 하나 얹습니다. overlayfs가 이들을 하나의 루트 파일 시스템으로 합쳐 보여 줍니다. 컨테이너 안에서 파일을 만들고, 고치고, 지운 뒤 각 변경이 어느 레이어에 남는지 보고, `docker diff`로 변경 목록을 읽고, `docker commit`으로 그 변경을 새 이미지 레이어로 굳힙니다. 마지막으로 이름 없는(dangling) 이미지가 어떻게 생기고 어떻게 정리되는지 확인합니다.',
    'An image is a stack of read-only layers; a container puts one writable layer of its own on top, and overlayfs shows them merged as one root filesystem. You will create, modify and delete files inside a container, see which layer each change lands in, read the list of changes with `docker diff`, and freeze them into a new image layer with `docker commit`. Last, you will see how a nameless (dangling) image comes about and how it is cleaned up.',
  ),
  setup: [],
  steps: [
    {
      title: t('깨끗한 컨테이너의 레이어', 'The layers of a fresh container'),
      commands: ['docker run --name cow -d busybox sleep 600', 'docker diff cow'],
      explanation: t(
        '컨테이너의 / 는 overlay 마운트입니다. lowerdir는 이미지의 레이어(읽기 전용), upperdir는 이 컨테이너만의 쓰기 가능한 레이어입니다. 둘 사이에는 Docker처럼 "init" 레이어가 하나 더 있습니다. 엔진이 컨테이너마다 바인드 마운트하는 /etc/hosts, /etc/hostname, /etc/resolv.conf의 자리가 거기에 만들어지므로, 쓰기 가능한 레이어는 아직 비어 있고 `docker diff`도 아무것도 출력하지 않습니다.',
        'A container\'s / is an overlay mount: lowerdir is the image\'s layers (read-only), upperdir is this container\'s own writable layer. Between them sits one more layer, the "init" layer, as in Docker: the mount points for /etc/hosts, /etc/hostname and /etc/resolv.conf, which the engine bind-mounts into every container, are made there. So the writable layer is still empty and `docker diff` prints nothing.',
      ),
      predict: {
        kind: 'choice',
        question: t('아무것도 쓰지 않은 컨테이너에 `docker diff`를 하면?', 'What does `docker diff` print for a container that has written nothing?'),
        choices: [t('아무것도 출력하지 않는다', 'Nothing'), t('이미지의 파일 전부', 'Every file of the image'), t('/etc/hosts 같은 엔진이 넣은 파일', 'The files the engine put in, such as /etc/hosts')],
        answer: 0,
        reveal: t(
          '`docker diff`는 쓰기 가능한 레이어만 읽습니다. 엔진이 넣은 파일의 자리는 init 레이어에 있으므로, 컨테이너가 직접 바꾼 것이 없으면 목록은 비어 있습니다.',
          '`docker diff` reads the writable layer only. The places for the engine\'s own files are in the init layer, so until the container itself changes something the list is empty.',
        ),
      },
      observe: [{ kind: 'layers', container: 'cow', paths: ['/etc/passwd', '/etc/hostname'] }, { kind: 'mounts', container: 'cow' }],
      checks: [
        { kind: 'output', command: 1, notMatches: '\\S', text: t('`docker diff cow`는 아무것도 출력하지 않는다', '`docker diff cow` prints nothing') },
        { kind: 'mount', container: 'cow', mountPoint: '/', fstype: 'overlay', text: t('컨테이너의 / 는 overlay다', 'the container\'s / is an overlay mount') },
        { kind: 'image-layer', container: 'cow', path: '/etc/passwd', present: true, text: t('/etc/passwd는 이미지 레이어에 있다', '/etc/passwd comes from an image layer') },
        { kind: 'writable-layer', container: 'cow', path: '/etc/passwd', entry: 'absent', text: t('쓰기 가능한 레이어에는 /etc/passwd가 없다', 'the writable layer has no /etc/passwd') },
        { kind: 'writable-layer', container: 'cow', path: '/etc/hostname', entry: 'absent', text: t('/etc/hostname의 자리도 쓰기 가능한 레이어가 아니라 init 레이어에 있다', 'the place for /etc/hostname is in the init layer, not the writable layer') },
      ],
    },
    {
      title: t('새 파일 쓰기', 'Write a new file'),
      commands: ["docker exec cow sh -c 'echo hello > /tmp/new'", 'docker diff cow'],
      explanation: t(
        '`docker exec`는 실행 중인 컨테이너 안에서 명령을 하나 더 실행합니다. 새 파일 /tmp/new는 쓰기 가능한 레이어에 곧바로 만들어집니다. overlayfs가 그 파일을 담으려면 위층에도 /tmp 디렉터리가 있어야 하므로 /tmp 디렉터리(내용이 아니라 디렉터리 자체)가 먼저 위로 복사됩니다. /tmp의 항목 목록이 바뀌었으므로 `docker diff`는 A /tmp/new(추가)와 함께 C /tmp(변경)를 보여 줍니다.',
        '`docker exec` runs one more command inside a running container. The new file /tmp/new is created straight in the writable layer. To hold it, overlayfs needs a /tmp directory in the upper layer as well, so the directory itself (not its contents) is copied up first. The list of entries in /tmp has changed, so `docker diff` shows C /tmp (changed) next to A /tmp/new (added).',
      ),
      observe: [{ kind: 'layers', container: 'cow', paths: ['/tmp/new', '/tmp'] }],
      checks: [
        { kind: 'output', command: 1, matches: '^A /tmp/new$', text: t('diff에 A /tmp/new가 있다', 'diff lists A /tmp/new') },
        { kind: 'output', command: 1, matches: '^C /tmp$', notMatches: '/etc', text: t('diff에 C /tmp가 있고 /etc는 아직 없다', 'diff lists C /tmp and nothing under /etc yet') },
        { kind: 'writable-layer', container: 'cow', path: '/tmp/new', entry: 'file', text: t('새 파일은 쓰기 가능한 레이어에 있다', 'the new file is in the writable layer') },
        { kind: 'writable-layer', container: 'cow', path: '/tmp', entry: 'dir', text: t('/tmp 디렉터리가 쓰기 가능한 레이어에 생겼다', 'a /tmp directory now exists in the writable layer') },
        { kind: 'image-layer', container: 'cow', path: '/tmp/new', present: false, text: t('이미지 레이어에는 새 파일이 없다', 'no image layer has the new file') },
        { kind: 'file', container: 'cow', path: '/tmp/new', exists: true, contains: 'hello', text: t('컨테이너 안에서 /tmp/new를 읽을 수 있다', 'inside, /tmp/new reads "hello"') },
      ],
    },
    {
      title: t('이미지의 파일 고치기: copy-up', 'Modify a file of the image: copy-up'),
      commands: [`docker exec cow sh -c 'echo ${LEARNER} >> /etc/passwd'`, 'docker diff cow'],
      explanation: t(
        '/etc/passwd는 이미지 레이어에 있고 그 레이어는 읽기 전용입니다. 여기에 한 줄을 덧붙이면 overlayfs는 먼저 파일 전체를 쓰기 가능한 레이어로 복사(copy-up)하고, 그 복사본을 고칩니다. 이것이 copy-on-write입니다. 복사본을 담으려고 /etc 디렉터리도 위층에 생기지만, /etc 안의 항목은 그대로이므로 `docker diff`는 C /etc/passwd만 보여 주고 /etc는 보여 주지 않습니다. 한 줄만 바꿔도 파일 전체가 복사되므로, 큰 파일을 자주 고치는 작업(데이터베이스 등)은 볼륨에 두는 것이 좋습니다. 노트에는 "임시 파일을 만들어 실행한 뒤 원본을 대체한다"고 되어 있지만, 원본 레이어는 절대 바뀌지 않습니다. 위의 복사본이 아래의 원본을 가릴 뿐입니다.',
        '/etc/passwd lives in an image layer, and that layer is read-only. Appending a line makes overlayfs first copy the whole file up into the writable layer, then change the copy: that is copy-on-write. An /etc directory appears in the upper layer to hold the copy, but the entries in /etc are the same as before, so `docker diff` shows C /etc/passwd and not /etc. Even a one-line change copies the whole file, which is why data that is rewritten often (a database, say) belongs in a volume. One of the notes says the copy finally "replaces the original"; it never does. The image layer is never written; the copy above simply hides the original below.',
      ),
      predict: {
        kind: 'choice',
        question: t('고친 /etc/passwd는 어디에 있을까요?', 'Where is the modified /etc/passwd now?'),
        choices: [t('이미지 레이어에서 고쳐졌다', 'Changed in place in the image layer'), t('쓰기 가능한 레이어에 통째로 복사된 뒤 고쳐졌다', 'Copied whole into the writable layer, then changed'), t('바뀐 한 줄만 쓰기 가능한 레이어에 있다', 'Only the changed line is in the writable layer')],
        answer: 1,
        reveal: t(
          'overlayfs는 파일 단위로 복사합니다. 쓰기 가능한 레이어에는 새 줄이 포함된 파일 전체가 있고, 이미지 레이어의 원본은 그대로 남아 다른 컨테이너가 계속 씁니다.',
          'overlayfs copies whole files. The writable layer now holds the complete file with the new line, and the original stays in the image layer for every other container.',
        ),
      },
      observe: [{ kind: 'layers', container: 'cow', paths: ['/etc/passwd', '/tmp/new'] }, { kind: 'file', container: 'cow', path: '/etc/passwd' }],
      checks: [
        { kind: 'output', command: 1, matches: '^C /etc/passwd$', text: t('diff에 C /etc/passwd가 있다', 'diff lists C /etc/passwd') },
        { kind: 'output', command: 1, notMatches: '^C /etc$', text: t('/etc는 diff에 나오지 않는다: 항목 목록이 바뀌지 않았다', 'diff does not list /etc: its list of entries did not change') },
        { kind: 'writable-layer', container: 'cow', path: '/etc', entry: 'dir', text: t('그래도 /etc 디렉터리는 passwd를 담으려고 위로 복사되었다', 'yet the /etc directory was copied up to hold passwd') },
        noInitFiles(1),
        { kind: 'writable-layer', container: 'cow', path: '/etc/passwd', entry: 'file', text: t('고친 /etc/passwd가 쓰기 가능한 레이어로 복사되었다(copy-up)', 'the modified /etc/passwd was copied up into the writable layer') },
        { kind: 'image-layer', container: 'cow', path: '/etc/passwd', present: true, text: t('이미지 레이어의 /etc/passwd 원본도 그대로 있다', 'the original /etc/passwd is still in the image layer') },
        { kind: 'file', container: 'cow', path: '/etc/passwd', exists: true, contains: LEARNER, text: t('컨테이너 안에서는 고친 내용이 보인다', 'inside, the container sees the modified file') },
      ],
    },
    {
      title: t('이미지의 파일 지우기: whiteout', 'Delete a file of the image: whiteout'),
      commands: ['docker exec cow rm /etc/group', 'docker diff cow'],
      explanation: t(
        '이미지에 있던 /etc/group을 지워도 이미지 레이어의 파일은 그대로입니다. 대신 쓰기 가능한 레이어에 같은 이름의 whiteout(장치 번호 0/0인 문자 장치)이 생기고, overlayfs는 이것을 보면 아래 레이어의 파일을 감춥니다. `docker diff`는 이를 D(삭제)로 보여 주고, 이번에는 /etc의 항목이 하나 줄었으므로 C /etc도 나옵니다. 이제 목록에는 이 컨테이너가 한 일만 다섯 줄로 남아 있습니다.',
        'Deleting the image\'s /etc/group leaves the file in the image layer untouched. Instead a whiteout of the same name (a character device numbered 0/0) appears in the writable layer, and overlayfs hides the lower file wherever it sees one. `docker diff` shows it as D (deleted), and since /etc has lost an entry, C /etc appears this time. The list now holds exactly what this container did, in five lines.',
      ),
      predict: {
        kind: 'choice',
        question: t('rm /etc/group 뒤에 이미지 레이어의 /etc/group은?', 'After rm /etc/group, what happens to /etc/group in the image layer?'),
        choices: [t('지워진다', 'It is deleted'), t('그대로 있고 위에서 가려진다', 'It stays, hidden from above'), t('쓰기 가능한 레이어로 옮겨진다', 'It moves to the writable layer')],
        answer: 1,
        reveal: t(
          '이미지 레이어는 같은 이미지로 만든 모든 컨테이너가 함께 쓰므로 바뀌지 않습니다. 쓰기 가능한 레이어의 whiteout이 그 파일을 이 컨테이너에서만 보이지 않게 합니다.',
          'Image layers are shared by every container made from the image, so they never change. A whiteout in the writable layer hides the file from this container only.',
        ),
      },
      observe: [{ kind: 'layers', container: 'cow', paths: ['/etc/group', '/etc/passwd', '/tmp/new'] }],
      checks: [
        { kind: 'output', command: 1, matches: '^C /etc\\nD /etc/group\\nC /etc/passwd\\nC /tmp\\nA /tmp/new$', text: t('diff는 정확히 C /etc, D /etc/group, C /etc/passwd, C /tmp, A /tmp/new다', 'diff is exactly C /etc, D /etc/group, C /etc/passwd, C /tmp, A /tmp/new') },
        noInitFiles(1),
        { kind: 'writable-layer', container: 'cow', path: '/etc/group', entry: 'whiteout', text: t('지운 /etc/group은 whiteout으로 남는다', 'the deleted /etc/group is a whiteout') },
        { kind: 'image-layer', container: 'cow', path: '/etc/group', present: true, text: t('이미지 레이어의 /etc/group은 지워지지 않았다', 'the image layer still has /etc/group') },
        { kind: 'file', container: 'cow', path: '/etc/group', exists: false, text: t('컨테이너 안에서 /etc/group은 없다', 'inside, /etc/group is gone') },
      ],
    },
    {
      title: t('이미지는 그대로다', 'The image is untouched'),
      commands: ['docker run --name other -d busybox sleep 600', 'docker exec other cat /etc/group', 'docker exec other ls /tmp'],
      explanation: t(
        '같은 이미지로 만든 두 번째 컨테이너는 같은 이미지 레이어 디렉터리를 lowerdir로 씁니다. 복사본이 아니라 같은 디렉터리입니다. cow가 바꾼 것은 cow의 쓰기 가능한 레이어에만 있으므로 other에는 원래의 /etc/group이 보이고 /tmp/new는 없습니다.',
        'A second container from the same image uses the very same image layer directories as its lowerdir: shared, not copied. What cow changed lives only in cow\'s writable layer, so other still sees the original /etc/group and has no /tmp/new.',
      ),
      observe: [{ kind: 'layers', container: 'other', paths: ['/etc/group', '/tmp/new'] }],
      checks: [
        { kind: 'output', command: 1, matches: '^root:', text: t('other에서는 /etc/group을 읽을 수 있다', 'other can read /etc/group') },
        { kind: 'output', command: 2, notMatches: '\\bnew\\b', text: t('other의 /tmp에는 new가 없다', 'other\'s /tmp has no new') },
        { kind: 'same-image-layers', a: 'cow', b: 'other', text: t('두 컨테이너는 같은 이미지 레이어를 공유한다', 'both containers share the same image layers') },
        { kind: 'writable-layer', container: 'other', path: '/etc/group', entry: 'absent', text: t('other의 쓰기 가능한 레이어에는 whiteout이 없다', 'other\'s writable layer has no whiteout') },
        { kind: 'file', container: 'other', path: '/tmp/new', exists: false, text: t('other에는 cow의 새 파일이 없다', 'other does not have cow\'s new file') },
      ],
    },
    {
      title: t('size와 virtual size', 'Size and virtual size'),
      commands: ['docker images'],
      explanation: t(
        '컨테이너의 size는 쓰기 가능한 레이어에 있는 데이터의 크기이고, virtual size는 거기에 이미지의 읽기 전용 레이어 크기를 더한 값입니다. `docker images`의 SIZE는 그 이미지 부분입니다. 같은 이미지로 만든 컨테이너 여러 개가 디스크에서 차지하는 양은 이미지 하나에 각 컨테이너의 size를 더한 것, 즉 (virtual size − size) + 모든 컨테이너 size의 합입니다. Docker에서는 `docker ps -s`(SIZE 열의 "virtual")나 `docker inspect -s`(SizeRw, SizeRootFs)로 봅니다. 여기서는 레이어 패널이 같은 두 값을 그래프 드라이버에서 직접 읽습니다.',
        'A container\'s size is the data in its writable layer; its virtual size adds the image\'s read-only layers. The SIZE column of `docker images` is that image part. N containers from one image take one image plus their sizes on disk: (virtual size − size) + the sum of every container\'s size. Docker shows the two numbers with `docker ps -s` (the "virtual" in its SIZE column) and `docker inspect -s` (SizeRw and SizeRootFs); here the layers panel reads the same two values straight from the graph driver.',
      ),
      predict: {
        kind: 'choice',
        question: t('cow와 other 중 size가 더 큰 것은?', 'Which has the larger size, cow or other?'),
        choices: [t('cow', 'cow'), t('other', 'other'), t('같다', 'The same')],
        answer: 0,
        reveal: t(
          'cow입니다. cow의 쓰기 가능한 레이어에는 새 파일과 복사된 /etc/passwd가 있지만 other는 아무것도 쓰지 않았습니다. virtual size의 이미지 부분은 둘이 같고, 디스크에는 한 번만 있습니다.',
          'cow. Its writable layer holds the new file and the copied-up /etc/passwd, while other wrote nothing. The image part of their virtual sizes is the same, and it is on disk only once.',
        ),
      },
      observe: [{ kind: 'layers', container: 'cow' }, { kind: 'layers', container: 'other' }],
      checks: [
        { kind: 'output', matches: '^busybox\\s+latest\\s+[0-9a-f]{12}\\s', text: t('이미지 목록에 busybox:latest가 있다', 'busybox:latest is listed') },
        { kind: 'sizes', container: 'cow', sizeAtLeast: LEARNER.length + 6, text: t('cow의 size는 쓴 만큼(새 파일 + 복사된 passwd) 이상이고 virtual size = 이미지 + size다', 'cow\'s size holds what it wrote (the new file and the copied passwd); virtual size = image + size') },
        { kind: 'sizes', container: 'other', sizeAtLeast: 0, text: t('other의 virtual size도 이미지 + size다', 'other\'s virtual size is image + size too') },
      ],
    },
    {
      title: t('변경을 이미지로: docker commit', 'Changes into an image: docker commit'),
      commands: [`docker commit -m 'add learner' cow ${IMAGE}`, 'docker images'],
      explanation: t(
        '`docker commit`은 컨테이너의 쓰기 가능한 레이어를 묶어 새 읽기 전용 레이어로 만들고, 원래 이미지의 레이어 위에 얹은 새 이미지를 만듭니다. 파일 시스템 전체가 아니라 diff에 나온 변경만 들어갑니다. 지운 파일도 whiteout으로 레이어에 담깁니다. 실행 중인 컨테이너를 commit하면 Docker는 기본으로 잠시 멈춘(pause) 뒤 레이어를 만듭니다. 실무에서는 어떻게 만들었는지가 남지 않는 commit보다 Dockerfile을 씁니다.',
        '`docker commit` packs the container\'s writable layer into a new read-only layer and makes a new image: the original image\'s layers with that one on top. Only the changes that diff listed go in, not the whole filesystem; a deleted file goes in as its whiteout. When the container is running, Docker pauses it by default while the layer is made. In practice a Dockerfile is preferred, because a commit keeps no record of how the change was made.',
      ),
      predict: {
        kind: 'choice',
        question: t('새 이미지에는 무엇이 새로 들어갈까요?', 'What does the new image add?'),
        choices: [t('컨테이너 파일 시스템 전체의 복사본', 'A copy of the container\'s whole filesystem'), t('변경만 담은 레이어 하나', 'One layer holding only the changes'), t('busybox 레이어를 고친 것', 'A modified busybox layer')],
        answer: 1,
        reveal: t(
          '레이어 하나가 더해질 뿐입니다. busybox의 레이어는 그대로 공유되므로 새 이미지가 더 쓰는 디스크는 그 작은 레이어 크기뿐입니다.',
          'Just one more layer. The busybox layers are shared as they are, so the new image costs only that small layer on disk.',
        ),
      },
      observe: [{ kind: 'layers', container: 'cow' }],
      checks: [
        { kind: 'output', command: 0, matches: '^sha256:[0-9a-f]{64}$', text: t('commit은 새 이미지의 ID를 출력한다', 'commit prints the new image\'s id') },
        { kind: 'output', command: 1, matches: '^lab/cow\\s+v1\\s+[0-9a-f]{12}\\s', text: t(`${IMAGE}이 이미지 목록에 있다`, `${IMAGE} is listed`) },
        { kind: 'output', command: 1, matches: '^busybox\\s+latest\\s', text: t('busybox:latest도 그대로 있다', 'busybox:latest is still there') },
        { kind: 'container-state', container: 'cow', state: 'running', text: t('commit 뒤에도 cow는 계속 실행 중이다', 'cow is still running after the commit') },
      ],
    },
    {
      title: t('레이어 하나 더: docker history', 'One more layer: docker history'),
      commands: [`docker history ${IMAGE}`, 'docker history busybox'],
      explanation: t(
        '`docker history`는 이미지를 이루는 레이어를 위에서부터 한 줄씩 보여 줍니다. CMD처럼 설정만 바꾼 단계는 크기 0B의 빈 줄로 나오고, 로컬에서 만들지 않은 아래층의 ID는 <missing>으로 표시됩니다. 새 이미지는 busybox의 줄을 모두 그대로 가지고, 맨 위에 commit이 만든 줄 하나(컨테이너의 명령과 -m 메시지)가 더 있습니다. 크기도 변경분만큼입니다.',
        '`docker history` lists the layers an image is made of, top first, one line each. A step that only changed settings, like CMD, shows as an empty 0B line, and lower layers that were not built locally show <missing> as their id. The new image has every line busybox has, plus one on top from the commit (the container\'s command and the -m message), whose size is just the changes.',
      ),
      predict: {
        kind: 'short',
        question: t(`${IMAGE}의 history는 busybox보다 몇 줄 더 길까요? (숫자)`, `How many more lines does the history of ${IMAGE} have than busybox's? (a number)`),
        accept: ['1', 'one', '하나', '한 줄', '1줄'],
        reveal: t('한 줄입니다. commit은 레이어를 하나만 더합니다.', 'One: a commit adds exactly one layer.'),
      },
      observe: [],
      checks: [
        { kind: 'output', command: 0, matches: '^IMAGE[^\\n]*\\n[0-9a-f]{12}\\s[^\\n]*\\s\\d+(\\.\\d+)?k?B\\s+add learner$', text: t('맨 윗줄이 commit의 레이어다(메시지 add learner, 크기는 B나 kB 단위)', 'the top line is the commit\'s layer (comment "add learner", a size in B or kB)') },
        { kind: 'output', command: 1, notMatches: 'add learner', text: t('busybox의 history에는 그 줄이 없다', 'busybox\'s history has no such line') },
        { kind: 'output', command: 1, matches: '#\\(nop\\)\\s+CMD \\["sh"\\]\\s+0B', text: t('CMD처럼 설정만 바꾼 줄은 0B다', 'a line that only set CMD is 0B') },
      ],
    },
    {
      title: t('새 이미지로 컨테이너 실행', 'Run a container from the new image'),
      commands: [`docker run --name fromimg -d ${IMAGE} sleep 600`, 'docker exec fromimg grep learner /etc/passwd', 'docker diff fromimg'],
      explanation: t(
        '새 이미지로 만든 컨테이너에는 cow에서 한 변경이 처음부터 들어 있습니다. 덧붙인 줄이 보이고, /etc/group은 commit된 whiteout 때문에 보이지 않습니다. 이 변경들은 이제 이미지 레이어에 있으므로 fromimg의 쓰기 가능한 레이어는 비어 있고 `docker diff`도 아무것도 출력하지 않습니다.',
        'A container from the new image starts with cow\'s changes already in place: the appended line is there, and /etc/group is hidden by the committed whiteout. Those changes now live in an image layer, so fromimg\'s writable layer is empty and `docker diff` prints nothing.',
      ),
      predict: {
        kind: 'choice',
        question: t('fromimg 안에 /etc/group이 있을까요?', 'Does fromimg have /etc/group?'),
        choices: [t('있다: busybox 레이어에 있으니까', 'Yes: the busybox layer has it'), t('없다: 삭제도 레이어에 기록되었으니까', 'No: the deletion was recorded in the layer too')],
        answer: 1,
        reveal: t(
          '없습니다. commit된 레이어에 whiteout이 들어 있어서, 그 레이어를 위에 둔 모든 컨테이너에서 busybox 레이어의 /etc/group이 가려집니다.',
          'No. The committed layer carries the whiteout, so the /etc/group of the busybox layer is hidden in every container that has that layer above it.',
        ),
      },
      observe: [{ kind: 'layers', container: 'fromimg', paths: ['/etc/passwd', '/tmp/new', '/etc/group'] }],
      checks: [
        { kind: 'output', command: 1, matches: `^${LEARNER}$`, text: t('새 컨테이너에서도 덧붙인 줄이 보인다', 'the new container sees the appended line') },
        { kind: 'output', command: 2, notMatches: '\\S', text: t('fromimg의 diff는 비어 있다', 'fromimg\'s diff is empty') },
        { kind: 'image-layer', container: 'fromimg', path: '/tmp/new', present: true, text: t('/tmp/new는 이제 이미지 레이어에 있다', '/tmp/new is now in an image layer') },
        { kind: 'writable-layer', container: 'fromimg', path: '/etc/passwd', entry: 'absent', text: t('fromimg는 /etc/passwd를 복사할 필요가 없었다', 'fromimg had no need to copy /etc/passwd up') },
        { kind: 'file', container: 'fromimg', path: '/etc/group', exists: false, text: t('fromimg 안에도 /etc/group은 없다', 'fromimg has no /etc/group either') },
      ],
    },
    {
      title: t('쓰이는 이미지에 rmi -f: dangling 이미지', 'rmi -f on an image in use: a dangling image'),
      commands: [`docker rmi -f ${IMAGE}`, 'docker images'],
      explanation: t(
        '이미지를 쓰는 컨테이너가 있으면 `docker rmi`는 거부합니다. -f를 주면 이름(태그)만 떼고 이미지 자체는 남겨 둡니다. 컨테이너의 파일 시스템이 그 레이어 위에 있기 때문입니다. 이름을 잃은 이미지는 `<none>:<none>`으로 보이며, 이런 이미지를 dangling 이미지라고 합니다. 노트에는 "컨테이너를 stop한 뒤에는 정상적으로 삭제된다"고 되어 있지만 Docker에서는 멈춘 컨테이너도 이미지를 쓰는 것으로 셉니다. -f 없이 지우려면 컨테이너를 먼저 `docker rm` 해야 합니다.',
        'While a container uses an image, `docker rmi` refuses. With -f it takes the name (the tag) away but keeps the image itself, because the container\'s filesystem sits on its layers. An image that has lost its name shows as `<none>:<none>` and is called a dangling image. One of the notes says that once the container is stopped the image is removed normally; in Docker a stopped container still counts as using its image, so without -f you must `docker rm` the container first.',
      ),
      predict: {
        kind: 'choice',
        question: t('fromimg가 실행 중일 때 `docker rmi -f lab/cow:v1`은?', 'With fromimg running, what does `docker rmi -f lab/cow:v1` do?'),
        choices: [t('이미지와 fromimg를 함께 지운다', 'Removes the image and fromimg with it'), t('이름만 떼고 이미지는 <none>으로 남긴다', 'Removes only the name; the image stays as <none>'), t('-f가 있어도 거부한다', 'Refuses, even with -f')],
        answer: 1,
        reveal: t(
          '"Untagged"만 출력되고 "Deleted"는 없습니다. 이미지는 이름 없이 남아 fromimg가 계속 씁니다.',
          'It prints "Untagged" and no "Deleted": the image stays, nameless, and fromimg goes on using it.',
        ),
      },
      observe: [{ kind: 'containers' }],
      checks: [
        { kind: 'output', command: 0, matches: '^Untagged: lab/cow:v1$', notMatches: '^Deleted', text: t('이름만 떼어졌고 아무것도 지워지지 않았다', 'only the name was removed; nothing was deleted') },
        { kind: 'output', command: 1, matches: '^<none>\\s+<none>\\s+[0-9a-f]{12}\\s', notMatches: '^lab/cow\\s', text: t('이미지는 <none>:<none>으로 남았다', 'the image remains as <none>:<none>') },
        { kind: 'container-state', container: 'fromimg', state: 'running', text: t('fromimg는 계속 실행 중이다', 'fromimg keeps running') },
        { kind: 'file', container: 'fromimg', path: '/etc/passwd', exists: true, contains: LEARNER, text: t('fromimg는 여전히 그 이미지의 파일을 본다', 'fromimg still sees that image\'s files') },
      ],
    },
    {
      title: t('image prune은 쓰이는 이미지를 건드리지 않는다', 'image prune leaves an image in use alone'),
      commands: ['docker image prune -f', 'docker images'],
      explanation: t(
        '`docker image prune`은 dangling 이미지를 한꺼번에 지웁니다. -f는 확인 질문을 건너뜁니다. 하지만 컨테이너가 쓰고 있는 이미지는 이름이 없어도 지우지 않습니다.',
        '`docker image prune` removes dangling images in one go; -f skips the confirmation prompt. An image a container uses is never removed, name or no name.',
      ),
      predict: {
        kind: 'choice',
        question: t('지금 prune하면 <none> 이미지는?', 'If you prune now, what happens to the <none> image?'),
        choices: [t('지워진다', 'It is deleted'), t('남는다', 'It stays')],
        answer: 1,
        reveal: t('남습니다. fromimg가 아직 그 이미지를 쓰고 있습니다.', 'It stays: fromimg still uses it.'),
      },
      observe: [],
      checks: [
        { kind: 'output', command: 0, matches: '^Total reclaimed space: 0B$', notMatches: '^deleted:', text: t('아무것도 지워지지 않았다', 'nothing was deleted') },
        { kind: 'output', command: 1, matches: '^<none>\\s+<none>\\s', text: t('<none> 이미지는 그대로 있다', 'the <none> image is still there') },
      ],
    },
    {
      title: t('컨테이너를 지운 뒤 prune', 'Prune after removing the container'),
      commands: ['docker rm -f fromimg', 'docker image prune -f', 'docker images'],
      explanation: t(
        '컨테이너를 지우면 그 쓰기 가능한 레이어가 사라지고, 이름 없는 이미지를 쓰는 것도 없어집니다. 이제 prune이 그 이미지와, 다른 이미지가 쓰지 않는 레이어(commit이 만든 레이어)를 지웁니다. busybox의 레이어는 busybox:latest가 쓰므로 남습니다.',
        'Removing the container removes its writable layer, and nothing uses the nameless image any more. Now prune deletes that image and the layers no other image uses (the one the commit made). The busybox layers stay: busybox:latest still uses them.',
      ),
      observe: [{ kind: 'layers', container: 'fromimg' }],
      checks: [
        { kind: 'output', command: 1, matches: '^deleted: sha256:[0-9a-f]{64}$', text: t('prune이 dangling 이미지를 지웠다', 'prune deleted the dangling image') },
        { kind: 'output', command: 2, notMatches: '<none>', text: t('이미지 목록에 <none>이 없다', 'no <none> image is listed') },
        { kind: 'output', command: 2, matches: '^busybox\\s+latest\\s', text: t('busybox:latest는 남아 있다', 'busybox:latest remains') },
        { kind: 'writable-layer-exists', container: 'fromimg', exists: false, text: t('fromimg의 쓰기 가능한 레이어는 지워졌다', 'fromimg\'s writable layer is gone') },
      ],
    },
    {
      title: t('컨테이너를 지우면 변경도 사라진다', 'Removing a container removes its changes'),
      commands: ['docker rm -f cow'],
      explanation: t(
        'cow를 지우면 쓰기 가능한 레이어와 그 안의 모든 변경이 함께 사라집니다. commit으로 만든 이미지도 방금 지웠으니 cow의 변경은 이제 어디에도 없습니다. 컨테이너보다 오래 남아야 하는 데이터는 볼륨에 두어야 합니다. 이미지 레이어는 other가 계속 씁니다.',
        'Removing cow removes its writable layer and every change in it. The committed image is gone too, so cow\'s changes now exist nowhere. Data that must outlive a container belongs in a volume. The image layers stay, still used by other.',
      ),
      observe: [{ kind: 'layers', container: 'cow' }, { kind: 'containers' }],
      checks: [
        { kind: 'writable-layer-exists', container: 'cow', exists: false, text: t('cow의 쓰기 가능한 레이어가 지워졌다', 'cow\'s writable layer is gone') },
        { kind: 'container-state', container: 'cow', state: 'absent', text: t('cow가 사라졌다', 'cow is gone') },
        { kind: 'image-layer', container: 'other', path: '/etc/group', present: true, text: t('이미지 레이어는 남아 있다', 'the image layer remains') },
        { kind: 'container-state', container: 'other', state: 'running', text: t('other는 계속 실행 중이다', 'other keeps running') },
      ],
    },
  ],
  teardown: ['docker rm -f cow other fromimg', `docker rmi -f ${IMAGE}`, 'docker image prune -f'],
  hostChanges: [
    t('컨테이너 세 개(cow, other, fromimg)가 각자 overlay 마운트, init 레이어, 쓰기 가능한 레이어 디렉터리를 가졌다가 모두 지워집니다.', 'Three containers (cow, other, fromimg) each had an overlay mount, an init layer and a writable layer directory; all are removed.'),
    t(`commit이 ${IMAGE} 이미지와 레이어 하나를 만들었고, rmi -f와 image prune이 그것을 지웁니다.`, `The commit made the image ${IMAGE} and one layer; rmi -f and image prune delete them.`),
    t('busybox 이미지 레이어는 읽기만 했으므로 바뀌지 않았습니다.', 'The busybox image layer was only read, never changed.'),
  ],
};
