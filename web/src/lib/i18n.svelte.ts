/** UI language: Korean or English, remembered across visits. */
export type Lang = 'ko' | 'en';

const KEY = 'dockbook.lang';

const TEXT = {
  tagline: { en: 'A real container engine that shows what it does in the kernel', ko: '커널 안에서 무슨 일이 일어나는지 보여 주는 진짜 컨테이너 엔진' },
  modeReal: { en: 'Real mode: labs run on this host’s Linux kernel', ko: '실제 모드: 실습이 이 호스트의 리눅스 커널에서 실행됩니다' },
  modeSim: { en: 'Simulated: labs run in the simulator, not on a real kernel', ko: '시뮬레이션: 실습이 실제 커널이 아닌 시뮬레이터에서 실행됩니다' },
  why: { en: 'Why', ko: '이유' },
  hostChecks: { en: 'What this host can do', ko: '이 호스트가 할 수 있는 일' },
  check: { en: 'Check', ko: '항목' },
  result: { en: 'Result', ko: '결과' },
  detail: { en: 'Detail', ko: '내용' },
  loading: { en: 'Asking the engine about this host…', ko: '엔진에 이 호스트의 상태를 묻는 중…' },
  offline: { en: 'No engine answered: this page runs on its own (static build), and the labs run in the simulator inside your browser', ko: '응답하는 엔진이 없습니다: 이 페이지는 정적 빌드로 단독 실행되며, 실습은 브라우저 안의 시뮬레이터에서 실행됩니다' },
  cgroups: { en: 'cgroup layout', ko: 'cgroup 구성' },
  labs: { en: 'Labs', ko: '실습' },
  steps: { en: 'steps', ko: '단계' },
  closeLab: { en: 'Close lab (tears down)', ko: '실습 닫기 (정리)' },
  runStep: { en: 'Run step', ko: '단계 실행' },
  stepThrough: { en: 'Step through kernel calls', ko: '커널 호출 단위로 실행' },
  predict: { en: 'Predict', ko: '예측' },
  kernelCalls: { en: 'Kernel calls', ko: '커널 호출' },
  continue: { en: 'Continue', ko: '계속' },
  finishStep: { en: 'Run the rest of the step', ko: '단계 끝까지 실행' },
  waiting: { en: 'waiting', ko: '대기 중' },
  layersTitle: { en: 'Layers and copy-on-write', ko: '레이어와 쓰기 시 복사' },
  writableLayer: { en: 'Writable container layer', ko: '쓰기 가능한 컨테이너 레이어' },
  imageLayer: { en: 'Image layer', ko: '이미지 레이어' },
  readOnly: { en: 'read-only', ko: '읽기 전용' },
  whiteout: { en: 'whiteout (deleted)', ko: '화이트아웃 (삭제됨)' },
  copiedUp: { en: 'copied up', ko: '위로 복사됨' },
  noWritable: { en: 'No writable layer (the container is gone)', ko: '쓰기 레이어 없음 (컨테이너가 삭제됨)' },
  sizeLine: { en: 'size', ko: '크기' },
  virtualSizeLine: { en: 'virtual size', ko: '가상 크기' },
  host: { en: 'host', ko: '호스트' },
  namespacesTitle: { en: 'Namespaces', ko: '네임스페이스' },
  namespacesHint: { en: 'Each cell is a namespace inode number; the same colour in a row means the same namespace, shared.', ko: '칸마다 네임스페이스의 inode 번호입니다. 한 줄에서 색이 같으면 같은 네임스페이스를 공유한다는 뜻입니다.' },
  processesTitle: { en: 'Processes', ko: '프로세스' },
  process: { en: 'Process', ko: '프로세스' },
  pidOnHost: { en: 'PID on the host', ko: '호스트의 PID' },
  pidInside: { en: 'PID inside', ko: '안에서의 PID' },
  processesHint: { en: 'One process, two numbers: the host counts it among all processes, its own PID namespace starts again at 1.', ko: '한 프로세스에 번호가 둘입니다. 호스트는 전체 프로세스 속에서 세고, 컨테이너의 PID 네임스페이스는 1부터 다시 셉니다.' },
  roleEngine: { en: 'engine', ko: '엔진' },
  roleShim: { en: 'shim', ko: 'shim' },
  roleContainer: { en: 'container', ko: '컨테이너' },
  logsTitle: { en: 'Where the logs went', ko: '로그가 간 곳' },
  logsReceiversStarted: { en: 'Log receivers this lab runs', ko: '이 실습이 띄우는 로그 수신기' },
  logsListening: { en: 'listening on', ko: '수신 주소' },
  logsNothing: { en: 'nothing received yet', ko: '아직 받은 줄이 없음' },
  logsReceived: { en: 'received', ko: '받은 줄' },
  logsUnparsed: { en: 'could not parse', ko: '해석하지 못함' },
  logsJsonFile: { en: 'json-file log on the host', ko: '호스트의 json-file 로그' },
  logsLiveFile: { en: 'live file', ko: '지금 쓰는 파일' },
  logsRotated: { en: 'rotated', ko: '회전됨' },
  logsLines: { en: 'lines', ko: '줄' },
  logsBytes: { en: 'bytes', ko: '바이트' },
  logsNoFile: { en: 'no log file (removed, or another driver)', ko: '로그 파일 없음 (삭제되었거나 다른 드라이버)' },
  mountsTitle: { en: 'Mounts inside the container', ko: '컨테이너 안의 마운트' },
  roleOverlay: { en: 'the image layers plus a writable layer, merged', ko: '이미지 레이어와 쓰기 레이어를 합친 것' },
  roleProc: { en: 'a fresh /proc: shows only this PID namespace', ko: '새 /proc: 이 PID 네임스페이스만 보임' },
  roleSysfs: { en: 'the kernel’s devices and settings, read-only', ko: '커널의 장치와 설정, 읽기 전용' },
  roleDev: { en: 'a device filesystem of its own', ko: '자기만의 장치 파일시스템' },
  mountMasked: { en: 'masked: something is mounted over it so the container cannot read the host’s', ko: '가려짐: 위에 다른 것을 마운트해 컨테이너가 호스트의 것을 읽지 못함' },
  mountMadeReadOnly: { en: 'made read-only, though the mount above it is writable', ko: '위의 마운트는 쓰기 가능하지만 여기는 읽기 전용으로 만듦' },
  roleTmpfs: { en: 'in memory: gone with the container', ko: '메모리 위: 컨테이너와 함께 사라짐' },
  yourAnswer: { en: 'Your answer', ko: '내 답' },
  lockAnswer: { en: 'Lock in', ko: '답 확정' },
  answerRight: { en: 'Right', ko: '맞았습니다' },
  answerWrong: { en: 'Not quite', ko: '틀렸습니다' },
  answerLocked: { en: 'Locked in — run the step to see', ko: '확정했습니다 — 단계를 실행해 확인하세요' },
  predictFirst: { en: 'Predict before you run', ko: '실행하기 전에 예측해 보세요' },
  chapters: { en: 'Chapters', ko: '단원' },
  labsCount: { en: 'labs', ko: '개 실습' },
  saveRun: { en: 'Save this run', ko: '이 실행 저장' },
  closeReplay: { en: 'Close the replay', ko: '재생 닫기' },
  replaying: { en: 'Replaying a recorded run', ko: '녹화된 실행 재생 중' },
  recordedReal: { en: 'recorded on a real Linux kernel', ko: '실제 리눅스 커널에서 녹화' },
  recordedSim: { en: 'recorded in the simulator', ko: '시뮬레이터에서 녹화' },
  replayRecording: { en: 'Replay a saved run (.json):', ko: '저장된 실행 재생 (.json):' },
  // ── cgroups: the CFS, memory and flag panels ──
  cfsTitle: { en: 'CFS periods: CPU time per period', ko: 'CFS 주기: 주기마다 쓴 CPU 시간' },
  cfsUsed: { en: 'CPU time used', ko: '사용한 CPU 시간' },
  cfsQuota: { en: 'quota', ko: '쿼터' },
  cfsThrottled: { en: 'throttled', ko: '스로틀됨' },
  cfsPeriod: { en: 'period', ko: '주기' },
  cfsNoQuota: { en: 'none (shares only)', ko: '없음 (shares만)' },
  cfsCpu: { en: 'CPU time per wall time (1 CPU = 100%)', ko: '경과 시간 대비 CPU 시간 (CPU 1개 = 100%)' },
  cfsPanelCount: { en: 'throttled periods drawn', ko: '그림의 스로틀된 주기' },
  memTitle: { en: 'Memory: usage against the limit and swap', ko: '메모리: 사용량과 한도, 스왑' },
  memUsage: { en: 'usage', ko: '사용량' },
  memLimit: { en: 'limit', ko: '한도' },
  memSwapLimit: { en: 'memory+swap', ko: '메모리+스왑' },
  memOomKill: { en: 'OOM kill', ko: 'OOM 종료' },
  flagTitle: { en: 'Docker flag → cgroup file', ko: 'Docker 옵션 → cgroup 파일' },
  flagFlag: { en: 'flag', ko: '옵션' },
  flagOnHost: { en: 'on this host, read back', ko: '이 호스트에서 다시 읽은 값' },
  // ── a learner's shell into a lab container ──
  shellTitle: { en: 'Shell into a container', ko: '컨테이너 안의 셸' },
  shellHint: { en: 'docker exec -it CONTAINER sh, through this lab’s engine. Ctrl-D or exit ends it.', ko: '이 실습의 엔진으로 docker exec -it CONTAINER sh를 실행합니다. Ctrl-D나 exit로 끝냅니다.' },
  shellOpen: { en: 'Shell', ko: '셸 열기' },
  shellClose: { en: 'Close shell', ko: '셸 닫기' },
  shellNone: { en: 'No containers yet: run a step that starts one.', ko: '아직 컨테이너가 없습니다. 컨테이너를 시작하는 단계를 먼저 실행하세요.' },
  shellNotRunning: { en: 'not running: a shell needs a running container', ko: '실행 중이 아님: 셸은 실행 중인 컨테이너에서만 열 수 있습니다' },
  shellOpening: { en: 'starting sh…', ko: 'sh 시작 중…' },
  shellExited: { en: 'the shell ended, exit code', ko: '셸이 끝났습니다. 종료 코드' },
  shellEndedByLab: { en: 'the shell ended: the lab was closed', ko: '실습을 닫아서 셸이 끝났습니다' },
  shellHostPid: { en: 'pid on the host', ko: '호스트의 PID' },
  ok: { en: 'ok', ko: '정상' },
  warn: { en: 'warning', ko: '주의' },
  fail: { en: 'missing', ko: '없음' },
} as const satisfies Record<string, Record<Lang, string>>;

export type TextKey = keyof typeof TEXT;

function initial(): Lang {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === 'ko' || saved === 'en') return saved;
  return navigator.language.startsWith('ko') ? 'ko' : 'en';
}

class I18n {
  lang = $state<Lang>(initial());

  constructor() {
    document.documentElement.lang = this.lang;
  }

  set(lang: Lang): void {
    this.lang = lang;
    localStorage.setItem(KEY, lang);
    document.documentElement.lang = lang;
  }

  t(key: TextKey): string {
    return TEXT[key][this.lang];
  }
}

export const i18n = new I18n();
