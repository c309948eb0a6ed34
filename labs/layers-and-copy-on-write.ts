import type { Lab } from './lab-types.js';

const WRITES = "docker run --name cow -d busybox sh -c 'echo hello > /tmp/new.txt; echo learner:x:1000:1000::/tmp:/bin/sh >> /etc/passwd; rm /etc/group; exec sleep 600'";

/** Lab 2: read-only image layers, one writable layer per container, copy-up and whiteouts. */
export const layersAndCopyOnWrite: Lab = {
  id: 'layers-and-copy-on-write',
  chapter: '02-layers-and-copy-on-write',
  title: { ko: '레이어와 copy-on-write', en: 'Layers and copy-on-write' },
  intro: {
    ko: '이미지는 읽기 전용 레이어를 쌓은 것이고, 컨테이너는 그 위에 자기만의 쓰기 가능한 레이어를 하나 얹습니다. overlayfs가 이들을 하나의 루트 파일 시스템으로 합쳐 보여 줍니다. 파일을 만들고, 고치고, 지우면서 각 변경이 어느 레이어에 남는지 확인합니다.',
    en: 'An image is a stack of read-only layers; a container puts one writable layer of its own on top, and overlayfs shows them merged as one root filesystem. You will create, modify and delete files and see which layer each change lands in.',
  },
  setup: [],
  steps: [
    {
      title: { ko: '깨끗한 컨테이너의 레이어', en: 'The layers of a fresh container' },
      commands: ['docker run --name base -d busybox sleep 600'],
      explanation: {
        ko: '컨테이너의 루트는 overlay 마운트입니다. lowerdir는 이미지 레이어(읽기 전용), upperdir는 이 컨테이너의 쓰기 가능한 레이어입니다. 아직 아무것도 쓰지 않았지만, 이 엔진은 /etc/hostname, /etc/hosts, /etc/resolv.conf를 바인드 마운트할 자리를 쓰기 가능한 레이어에 만듭니다. Docker는 이것들을 별도의 "-init" 레이어에 두기 때문에 `docker diff`에 나오지 않습니다.',
        en: 'A container\'s root is an overlay mount: lowerdir is the image\'s layers (read-only), upperdir is this container\'s writable layer. Nothing has been written yet, but this engine makes the bind-mount points for /etc/hostname, /etc/hosts and /etc/resolv.conf in the writable layer; Docker keeps those in a separate "-init" layer, so `docker diff` does not list them there.',
      },
      observe: [{ kind: 'layers', container: 'base', paths: ['/etc/passwd', '/tmp/new.txt'] }, { kind: 'mounts', container: 'base' }],
      checks: [
        { kind: 'mount', container: 'base', mountPoint: '/', fstype: 'overlay', text: { ko: '컨테이너의 / 는 overlay다', en: 'the container\'s / is an overlay mount' } },
        { kind: 'image-layer', container: 'base', path: '/etc/passwd', present: true, text: { ko: '/etc/passwd는 이미지 레이어에 있다', en: '/etc/passwd comes from an image layer' } },
        { kind: 'writable-layer', container: 'base', path: '/etc/passwd', entry: 'absent', text: { ko: '쓰기 가능한 레이어에는 아직 /etc/passwd가 없다', en: 'the writable layer has no /etc/passwd yet' } },
      ],
    },
    {
      title: { ko: '쓰기, 고치기, 지우기', en: 'Write, modify, delete' },
      commands: [WRITES],
      explanation: {
        ko: '새 파일 /tmp/new.txt는 쓰기 가능한 레이어에 바로 만들어집니다. 이미지에 있던 /etc/passwd를 고치면 overlayfs가 먼저 파일 전체를 쓰기 가능한 레이어로 복사(copy-up)한 다음 고칩니다. 이것이 copy-on-write입니다. 이미지의 /etc/group을 지우면 원본은 그대로 두고 쓰기 가능한 레이어에 whiteout(0/0 문자 장치)을 남겨 아래 파일을 가립니다. 노트에는 "임시 파일을 만들어 실행한 뒤 원본을 대체한다"고 되어 있지만, 실제로는 원본 레이어를 절대 바꾸지 않습니다.',
        en: 'The new file /tmp/new.txt is created straight in the writable layer. Modifying the image\'s /etc/passwd makes overlayfs first copy the whole file up into the writable layer, then change the copy: that is copy-on-write. Deleting the image\'s /etc/group leaves the original alone and puts a whiteout (a 0/0 character device) in the writable layer that hides it. Some notes say the copy "replaces the original" at the end; it never does, the image layer is never written.',
      },
      predict: {
        kind: 'choice',
        question: { ko: 'rm /etc/group 뒤에 이미지 레이어의 /etc/group은?', en: 'After rm /etc/group, what happens to /etc/group in the image layer?' },
        choices: [{ ko: '지워진다', en: 'It is deleted' }, { ko: '그대로 있고 위에서 가려진다', en: 'It stays, hidden from above' }, { ko: '쓰기 가능한 레이어로 옮겨진다', en: 'It moves to the writable layer' }],
        answer: 1,
        reveal: {
          ko: '이미지 레이어는 여러 컨테이너가 함께 쓰므로 바뀌지 않습니다. 쓰기 가능한 레이어의 whiteout이 그 파일을 이 컨테이너에서만 보이지 않게 합니다.',
          en: 'Image layers are shared by every container made from the image, so they never change. A whiteout in the writable layer hides the file from this container only.',
        },
      },
      settleMs: 5000,
      observe: [
        { kind: 'layers', container: 'cow', paths: ['/tmp/new.txt', '/etc/passwd', '/etc/group'] },
        { kind: 'file', container: 'cow', path: '/etc/passwd' },
      ],
      checks: [
        { kind: 'writable-layer', container: 'cow', path: '/tmp/new.txt', entry: 'file', text: { ko: '새 파일은 쓰기 가능한 레이어에 생긴다', en: 'the new file is in the writable layer' } },
        { kind: 'image-layer', container: 'cow', path: '/tmp/new.txt', present: false, text: { ko: '이미지 레이어에는 새 파일이 없다', en: 'no image layer has the new file' } },
        { kind: 'writable-layer', container: 'cow', path: '/etc/passwd', entry: 'file', text: { ko: '고친 /etc/passwd가 쓰기 가능한 레이어로 복사되었다(copy-up)', en: 'the modified /etc/passwd was copied up' } },
        { kind: 'image-layer', container: 'cow', path: '/etc/passwd', present: true, text: { ko: '이미지 레이어의 /etc/passwd 원본도 그대로 있다', en: 'the original /etc/passwd is still in the image layer' } },
        { kind: 'writable-layer', container: 'cow', path: '/etc/group', entry: 'whiteout', text: { ko: '지운 /etc/group은 whiteout으로 남는다', en: 'the deleted /etc/group is a whiteout' } },
        { kind: 'image-layer', container: 'cow', path: '/etc/group', present: true, text: { ko: '이미지 레이어의 /etc/group은 지워지지 않았다', en: 'the image layer still has /etc/group' } },
        { kind: 'file', container: 'cow', path: '/etc/passwd', exists: true, contains: 'learner:x:1000', text: { ko: '컨테이너 안에서는 고친 내용이 보인다', en: 'inside, the container sees the modified file' } },
        { kind: 'file', container: 'cow', path: '/etc/group', exists: false, text: { ko: '컨테이너 안에서 /etc/group은 없다', en: 'inside, /etc/group is gone' } },
      ],
    },
    {
      title: { ko: '이미지는 그대로다', en: 'The image is untouched' },
      commands: ['docker run --name other -d busybox sleep 600'],
      explanation: {
        ko: '같은 이미지로 만든 두 번째 컨테이너는 같은 이미지 레이어 디렉터리를 lowerdir로 씁니다. 복사본이 아니라 같은 디렉터리입니다. cow가 바꾼 것은 cow의 쓰기 가능한 레이어에만 있으므로 other에는 원래의 /etc/group이 보입니다.',
        en: 'A second container from the same image uses the very same image layer directories as its lowerdir: shared, not copied. What cow changed lives only in cow\'s writable layer, so other still sees the original /etc/group.',
      },
      observe: [{ kind: 'layers', container: 'other', paths: ['/tmp/new.txt'] }],
      checks: [
        { kind: 'same-image-layers', a: 'cow', b: 'other', text: { ko: '두 컨테이너는 같은 이미지 레이어를 공유한다', en: 'both containers share the same image layers' } },
        { kind: 'file', container: 'other', path: '/etc/group', exists: true, text: { ko: 'other에는 /etc/group이 있다', en: 'other still has /etc/group' } },
        { kind: 'file', container: 'other', path: '/tmp/new.txt', exists: false, text: { ko: 'other에는 cow의 새 파일이 없다', en: 'other does not have cow\'s new file' } },
      ],
    },
    {
      title: { ko: 'size와 virtual size', en: 'Size and virtual size' },
      commands: ['docker ps'],
      explanation: {
        ko: '컨테이너의 size는 쓰기 가능한 레이어에 있는 데이터의 크기이고, virtual size는 거기에 이미지 레이어(읽기 전용)의 크기를 더한 값입니다. 같은 이미지로 만든 컨테이너 N개가 쓰는 디스크는 이미지 하나 + 각 컨테이너의 size 합계입니다. (virtual size − size) + 모든 size의 합. Docker에서는 `docker ps -s`로 봅니다.',
        en: 'A container\'s size is the data in its writable layer; its virtual size adds the image\'s read-only layers. N containers from one image use one image plus the sum of their sizes on disk: (virtual size − size) + the sum of all sizes. Docker shows both with `docker ps -s`.',
      },
      observe: [{ kind: 'layers', container: 'cow' }, { kind: 'layers', container: 'other' }],
      checks: [
        { kind: 'sizes', container: 'cow', sizeAtLeast: 6, text: { ko: 'cow의 size는 쓴 만큼이고 virtual size = 이미지 + size다', en: 'cow\'s size is what it wrote; virtual size = image + size' } },
      ],
    },
    {
      title: { ko: '컨테이너를 지우면 쓰기 가능한 레이어도 사라진다', en: 'Removing a container removes its writable layer' },
      commands: ['docker rm -f cow'],
      explanation: {
        ko: '컨테이너를 지우면 쓰기 가능한 레이어와 그 안의 모든 변경이 함께 사라집니다. 남겨야 하는 데이터는 볼륨에 두거나, `docker commit`으로 새 이미지 레이어로 만들어야 합니다. 이미지 레이어는 다른 컨테이너(other)가 계속 씁니다.',
        en: 'Removing a container removes its writable layer and every change in it. Data that must outlive it belongs in a volume, or becomes a new image layer with `docker commit`. The image layers stay, still used by other.',
      },
      observe: [{ kind: 'layers', container: 'cow' }, { kind: 'containers' }],
      checks: [
        { kind: 'writable-layer-exists', container: 'cow', exists: false, text: { ko: 'cow의 쓰기 가능한 레이어가 지워졌다', en: 'cow\'s writable layer is gone' } },
        { kind: 'image-layer', container: 'other', path: '/etc/group', present: true, text: { ko: '이미지 레이어는 남아 있다', en: 'the image layer remains' } },
      ],
    },
  ],
  teardown: ['docker rm -f base cow other'],
  hostChanges: [
    { ko: '컨테이너 세 개(base, cow, other)가 각자 overlay 마운트와 쓰기 가능한 레이어 디렉터리를 가졌다가 모두 지워집니다.', en: 'Three containers (base, cow, other) each had an overlay mount and a writable layer directory; all are removed.' },
    { ko: '이미지 레이어는 읽기만 했으므로 바뀌지 않았습니다.', en: 'The image layer was only read, never changed.' },
  ],
};
