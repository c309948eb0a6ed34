import type { CheckSpec, Lab } from './lab-types.js';

const BUSY = "sh -c 'while :; do :; done'";
const MiB = 1024 * 1024;

const cg = (container: string, field: Extract<CheckSpec, { kind: 'cgroup' }>['field'], bounds: { equals?: number | string | boolean; atLeast?: number; atMost?: number; orNotApplied?: string }, ko: string, en: string): CheckSpec =>
  ({ kind: 'cgroup', container, field, ...bounds, text: { ko, en } });

/** Lab 7: memory and swap, CPU shares, cpuset, CFS period/quota and --cpus, block I/O weight — each a cgroup file. */
export const resourceLimitsLab: Lab = {
  id: 'resource-limits',
  chapter: '07-resource-limits',
  title: { ko: '자원 제한', en: 'Resource limits' },
  intro: {
    ko: '`docker run`의 자원 옵션은 모두 컨테이너 cgroup의 파일 하나에 쓰는 값입니다. 메모리 제한을 넘긴 프로세스가 OOM killer에 죽는 모습, 한 CPU를 두고 다투는 두 컨테이너가 cpu.shares 비율대로 나누는 모습, CFS 쿼터가 주기마다 컨테이너를 멈추는 모습을 cgroup 카운터로 직접 확인합니다.',
    en: 'Every resource flag of `docker run` is a value written to one file of the container\'s cgroup. You will watch a process that goes over its memory limit die by the OOM killer, two containers fighting over one CPU split it by their cpu.shares, and the CFS quota stop a container in every period — all from the cgroup\'s own counters.',
  },
  setup: [],
  steps: [
    {
      title: { ko: '메모리 제한과 스왑', en: 'A memory limit, and swap' },
      commands: ['docker run -d --name mem --memory 32m busybox sleep 600'],
      explanation: {
        ko: '`--memory 32m`은 memory.limit_in_bytes(v2: memory.max)에 33554432를 씁니다. `--memory-swap`을 주지 않으면 Docker는 메모리+스왑 합계를 메모리의 두 배로 정해 memory.memsw.limit_in_bytes에 씁니다. 즉 스왑을 32MiB 더 쓸 수 있습니다. `--memory-swap -1`은 스왑 무제한, `--memory-swap`을 `--memory`와 같게 주면 스왑 없음입니다.',
        en: '`--memory 32m` writes 33554432 to memory.limit_in_bytes (v2: memory.max). Without `--memory-swap`, Docker sets memory plus swap to twice the memory and writes it to memory.memsw.limit_in_bytes: another 32 MiB may go to swap. `--memory-swap -1` means unlimited swap; `--memory-swap` equal to `--memory` means none.',
      },
      predict: {
        kind: 'choice',
        question: { ko: '`--memory-swap`을 주지 않았습니다. memory.memsw.limit_in_bytes(메모리+스왑 한도)는?', en: 'No `--memory-swap` was given. What does memory.memsw.limit_in_bytes (memory + swap) hold?' },
        choices: [{ ko: '32MiB (스왑 없음)', en: '32 MiB (no swap)' }, { ko: '64MiB (메모리의 두 배)', en: '64 MiB (twice the memory)' }, { ko: '무제한', en: 'Unlimited' }],
        answer: 1,
        reveal: {
          ko: '64MiB입니다. Docker는 `--memory`만 받으면 메모리+스왑을 그 두 배로 정합니다.',
          en: '64 MiB. Given only `--memory`, Docker sets memory plus swap to twice that.',
        },
      },
      observe: [{ kind: 'cgroup', container: 'mem' }],
      sample: { containers: ['mem'], ms: 300 },
      checks: [
        cg('mem', 'memoryLimit', { equals: 32 * MiB }, '메모리 한도는 33554432바이트다', 'the memory limit is 33554432 bytes'),
        cg('mem', 'memswLimit', { equals: 64 * MiB }, '메모리+스왑 한도는 그 두 배(67108864)다', 'memory plus swap is twice that (67108864)'),
        cg('mem', 'samples', { atLeast: 3 }, '실행 중인 cgroup을 초당 10번 넘게 읽었다', 'the running cgroup was read more than 10 times a second'),
      ],
    },
    {
      title: { ko: '한도를 넘으면: OOM killer', en: 'Over the limit: the OOM killer' },
      commands: [
        'docker rm -f mem',
        "docker run -d --name hog --memory 32m busybox sh -c 'sleep 0.5; exec dd if=/dev/zero of=/dev/null bs=100M count=1'",
      ],
      explanation: {
        ko: 'dd가 100MiB 버퍼를 채우는 순간 cgroup의 사용량이 한도를 넘고(이 호스트에는 스왑이 없거나, 있어도 합계 64MiB를 넘습니다) 커널의 OOM killer가 cgroup 안에서 가장 큰 프로세스에 SIGKILL을 보냅니다. 종료 코드는 128+9=137이고, 엔진은 cgroup의 oom_kill 카운터를 보고 State.OOMKilled를 true로 기록합니다.',
        en: 'As dd fills its 100 MiB buffer, the cgroup goes over its limit (this host has no swap, and even with swap the total of 64 MiB is exceeded), and the kernel\'s OOM killer sends SIGKILL to the biggest process in the cgroup. The exit code is 128+9 = 137, and the engine reads the cgroup\'s oom_kill counter to set State.OOMKilled.',
      },
      predict: {
        kind: 'short',
        question: { ko: 'hog의 종료 코드(`docker wait hog`가 출력할 값)는?', en: 'What will hog\'s exit code be (what `docker wait hog` prints)?' },
        accept: ['137'],
        reveal: { ko: '137: SIGKILL(9)로 죽은 프로세스의 코드는 128+9입니다.', en: '137: a process killed by SIGKILL (9) exits with 128 + 9.' },
      },
      observe: [{ kind: 'cgroup', container: 'hog' }],
      // Read while it sleeps and until the kill; the engine then notes the exit.
      sample: { containers: ['hog'], ms: 1500 },
      settleMs: 3000,
      checks: [
        { kind: 'container-state', container: 'hog', state: 'exited', exitCode: 137, text: { ko: 'hog는 코드 137로 끝났다', en: 'hog exited with code 137' } },
        cg('hog', 'oomKilled', { equals: true }, 'OOMKilled가 true다', 'OOMKilled is true'),
      ],
    },
    {
      title: { ko: '한 CPU를 나누는 cpu.shares', en: 'cpu.shares splitting one CPU' },
      commands: [
        'docker rm hog',
        `docker run -d --name low --cpu-shares 512 --cpuset-cpus 0 busybox ${BUSY}`,
        `docker run -d --name high --cpu-shares 1024 --cpuset-cpus 0 busybox ${BUSY}`,
      ],
      explanation: {
        ko: '`--cpuset-cpus 0`은 cpuset.cpus에 0을 써서 두 컨테이너를 CPU 0에만 묶습니다. 그래서 둘은 같은 CPU를 두고 다툽니다. `--cpu-shares`는 cpu.shares(v2: cpu.weight)에 쓰는 상대 가중치입니다. CFS는 다툼이 있을 때만 가중치 비율로 나누므로 512 대 1024면 1/3 대 2/3입니다. CPU가 남으면 shares와 상관없이 각자 필요한 만큼 씁니다. 한도가 아니라 비율입니다.',
        en: '`--cpuset-cpus 0` writes 0 to cpuset.cpus, pinning both containers to CPU 0, so they compete for the same CPU. `--cpu-shares` writes a relative weight to cpu.shares (v2: cpu.weight). CFS splits by weight only under contention: 512 against 1024 is a third against two thirds. With CPU to spare, each takes what it needs whatever its shares: a share is a proportion, not a cap.',
      },
      predict: {
        kind: 'choice',
        question: { ko: '3초 동안 low(512)가 둘이 쓴 CPU 시간 중 차지하는 몫은?', en: 'Over 3 seconds, what part of the two containers\' CPU time does low (512) get?' },
        choices: [{ ko: '약 1/2', en: 'About 1/2' }, { ko: '약 1/3', en: 'About 1/3' }, { ko: '약 1/4', en: 'About 1/4' }],
        answer: 1,
        reveal: { ko: '약 1/3입니다. 512/(512+1024).', en: 'About a third: 512 / (512 + 1024).' },
      },
      observe: [{ kind: 'cgroup', container: 'low' }, { kind: 'cgroup', container: 'high' }],
      sample: { containers: ['low', 'high'], ms: 3000 },
      checks: [
        cg('low', 'shares', { equals: 512 }, 'low의 cpu.shares는 512다', 'low has cpu.shares 512'),
        cg('high', 'shares', { equals: 1024 }, 'high의 cpu.shares는 1024다', 'high has cpu.shares 1024'),
        cg('low', 'cpus', { equals: '0' }, 'low는 CPU 0에 묶였다', 'low is pinned to CPU 0'),
        { kind: 'cpu-split', a: 'low', b: 'high', aFraction: 1 / 3, tolerance: 0.07, text: { ko: 'low는 둘이 쓴 CPU 시간의 약 1/3을 썼다', en: 'low used about a third of the CPU time the two used' } },
        // On a two-CPU host, two unpinned loops could use both; pinned, they share one.
        { kind: 'cpu-total', containers: ['low', 'high'], atMost: 1.05, text: { ko: '둘을 합쳐도 CPU 하나를 넘게 쓰지 못했다(cpuset)', en: 'together they never used more than one CPU (the cpuset)' } },
      ],
    },
    {
      title: { ko: '--cpus 0.5: 주기마다 걸리는 쿼터', en: '--cpus 0.5: a quota in every period' },
      commands: ['docker rm -f low high', `docker run -d --name half --cpus 0.5 busybox ${BUSY}`],
      explanation: {
        ko: '`--cpus 0.5`는 Docker가 cpu.cfs_period_us=100000, cpu.cfs_quota_us=50000으로 바꿔 씁니다(v2: cpu.max "50000 100000"). 100ms 주기마다 50ms를 쓰면 그 주기의 남은 시간 동안 스로틀됩니다. 쉬지 않는 루프는 거의 모든 주기에서 쿼터를 다 쓰므로 nr_throttled가 nr_periods와 거의 같이 늘고, 주기의 절반은 멈춰 있습니다(throttled_time). 그림의 칸 하나가 한 주기입니다.',
        en: 'Docker turns `--cpus 0.5` into cpu.cfs_period_us=100000 and cpu.cfs_quota_us=50000 (v2: cpu.max "50000 100000"). Having used 50 ms in a 100 ms period, the group is throttled for the rest of it. A loop that never rests uses up its quota in nearly every period, so nr_throttled grows almost as fast as nr_periods, and it spends half of each period stopped (throttled_time). Each cell of the picture is one period.',
      },
      predict: {
        kind: 'choice',
        question: { ko: '쉬지 않는 루프에 `--cpus 0.5`. 스로틀된 주기는 전체 주기의 얼마일까요?', en: 'A loop that never rests, with `--cpus 0.5`: what part of the periods are throttled?' },
        choices: [{ ko: '약 절반', en: 'About half' }, { ko: '거의 전부', en: 'Nearly all' }, { ko: '거의 없음', en: 'Hardly any' }],
        answer: 1,
        reveal: {
          ko: '거의 전부입니다. 각 주기에서 50ms를 다 쓰고 나머지 50ms 동안 멈춥니다. 절반인 것은 스로틀된 주기의 수가 아니라 시간입니다.',
          en: 'Nearly all: in each period it uses its 50 ms and waits out the other 50. What is half is the time throttled, not the number of throttled periods.',
        },
      },
      observe: [{ kind: 'cgroup', container: 'half' }],
      sample: { containers: ['half'], ms: 2000 },
      checks: [
        cg('half', 'periodUs', { equals: 100000 }, 'cpu.cfs_period_us는 100000이다', 'cpu.cfs_period_us is 100000'),
        cg('half', 'quotaUs', { equals: 50000 }, 'cpu.cfs_quota_us는 50000이다', 'cpu.cfs_quota_us is 50000'),
        // A busy shared host may leave the loop less than its quota; the cap holds whatever the load.
        cg('half', 'cpuFraction', { atLeast: 0.05, atMost: 0.55 }, 'CPU를 시간의 절반 넘게 쓰지 못했다', 'it never used the CPU more than half of the time'),
        cg('half', 'usagePerPeriodUs', { atMost: 55000 }, '한 주기에 쓴 CPU 시간은 쿼터(50ms)를 넘지 않았다', 'the CPU time per period stayed within the 50 ms quota'),
      ],
    },
    {
      title: { ko: '--cpu-period와 --cpu-quota', en: '--cpu-period and --cpu-quota' },
      commands: ['docker rm -f half', `docker run -d --name quarter --cpu-period 50000 --cpu-quota 12500 busybox ${BUSY}`],
      explanation: {
        ko: '주기와 쿼터를 직접 줄 수도 있습니다. 50ms 주기에 12.5ms면 CPU의 1/4입니다. 주기가 짧을수록 멈춤이 짧고 잦아집니다. 그림의 칸도 50ms 단위로 바뀝니다.',
        en: 'The period and the quota can be given directly: 12.5 ms in every 50 ms period is a quarter of a CPU. A shorter period makes the stops shorter and more frequent; the picture\'s cells follow the 50 ms period.',
      },
      observe: [{ kind: 'cgroup', container: 'quarter' }],
      sample: { containers: ['quarter'], ms: 1500 },
      checks: [
        cg('quarter', 'periodUs', { equals: 50000 }, 'cpu.cfs_period_us는 50000이다', 'cpu.cfs_period_us is 50000'),
        cg('quarter', 'quotaUs', { equals: 12500 }, 'cpu.cfs_quota_us는 12500이다', 'cpu.cfs_quota_us is 12500'),
        cg('quarter', 'cpuFraction', { atLeast: 0.05, atMost: 0.3 }, 'CPU를 시간의 1/4 넘게 쓰지 못했다', 'it never used the CPU more than a quarter of the time'),
        cg('quarter', 'usagePerPeriodUs', { atMost: 14000 }, '한 주기에 쓴 CPU 시간은 쿼터(12.5ms)를 넘지 않았다', 'the CPU time per period stayed within the 12.5 ms quota'),
      ],
    },
    {
      title: { ko: '블록 I/O 가중치', en: 'Block I/O weight' },
      commands: ['docker rm -f quarter', 'docker run -d --name io --blkio-weight 300 busybox sleep 600'],
      explanation: {
        ko: '`--blkio-weight`(10–1000)는 디스크를 두고 다툴 때의 상대 가중치입니다. 예전 커널의 CFQ 스케줄러는 blkio.weight 파일을 두었지만, 이 호스트 같은 요즘 커널에는 CFQ가 없고 BFQ가 blkio.bfq.weight를 둡니다. 엔진은 blkio.weight가 없으면 blkio.bfq.weight에 씁니다. 가중치는 디스크가 BFQ 스케줄러를 쓸 때만 효과가 있습니다. BFQ가 올라와 있지 않은 호스트(`cat /sys/block/*/queue/scheduler`에 bfq가 없는 경우)에는 두 파일 모두 없습니다. 그러면 Docker는 "Weight discarded" 경고를 내고 가중치를 버리고, 이 엔진은 플래그 표에 적용하지 못한 까닭을 보여 줍니다. 장치별 대역폭 제한(`--device-write-bps`, blkio.throttle.write_bps_device)은 스케줄러와 상관없이 동작합니다.',
        en: '`--blkio-weight` (10–1000) is a relative weight for contending for a disk. Older kernels\' CFQ scheduler had a blkio.weight file; current kernels like this host\'s have no CFQ, and BFQ keeps blkio.bfq.weight instead. The engine writes there when blkio.weight is missing. The weight only acts on a disk whose scheduler is BFQ. On a host where BFQ is not loaded (no bfq in `cat /sys/block/*/queue/scheduler`) neither file exists: Docker then warns "Weight discarded" and drops the weight, and this engine shows in the flag table why it was not applied. Per-device bandwidth limits (`--device-write-bps`, blkio.throttle.write_bps_device) work whatever the scheduler.',
      },
      observe: [{ kind: 'cgroup', container: 'io' }],
      checks: [cg('io', 'blkioWeight', { equals: 300, orNotApplied: '--blkio-weight' },
        'cgroup의 I/O 가중치 파일에 300이 있다 (비례 I/O 스케줄러가 없는 호스트라면, 적용하지 못했다고 알린다)',
        'the cgroup\'s I/O weight file holds 300 (on a host with no proportional I/O scheduler, the engine reports it was not applied)')],
    },
  ],
  teardown: ['docker rm -f io'],
  hostChanges: [
    { ko: '컨테이너마다 /sys/fs/cgroup/*/dockbook/<id> cgroup을 만들고, 컨테이너를 지울 때 함께 지웁니다.', en: 'Each container gets a cgroup under /sys/fs/cgroup/*/dockbook/<id>, removed with the container.' },
    { ko: '바쁜 루프가 몇 초 동안 CPU 0과 다른 CPU 하나를 씁니다.', en: 'Busy loops use CPU 0 and one other CPU for a few seconds.' },
  ],
};
