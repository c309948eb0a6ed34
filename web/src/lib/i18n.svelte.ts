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
  offline: { en: 'No engine answered: this page runs on its own (static build)', ko: '응답하는 엔진이 없습니다: 정적 빌드로 단독 실행 중입니다' },
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
