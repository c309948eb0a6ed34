import type { Lab, L10n, ObservationSpec } from './lab-types.js';

const t = (ko: string, en: string): L10n => ({ ko, en });

/** Every step looks at all three receivers, so the logs panel always shows each box, empty or not. */
const RECEIVERS: readonly ObservationSpec[] = [
  { kind: 'received', receiver: 'syslog-udp' },
  { kind: 'received', receiver: 'syslog-tcp' },
  { kind: 'received', receiver: 'fluentd' },
];

/** Forty lines of about 60 bytes: some 5 KB of json-file log, enough to rotate 1 KB files several times. */
const FORTY_LINES = `sh -c 'i=0; while [ $i -lt 40 ]; do echo "line $i: the quick brown fox jumps over the lazy dog"; i=$((i+1)); done'`;

/**
 * Lab 8: where a container's output goes. The default json-file driver
 * writes it as JSON lines into a file on the host (rotated with max-size and
 * max-file); the syslog and fluentd drivers send each line over the network
 * to a receiver — here three real receivers the lab starts on 127.0.0.1 of
 * its host: syslog on udp/514 and tcp/601, fluentd's Forward protocol on
 * tcp/24224. What arrived is parsed back into fields.
 */
export const loggingLab: Lab = {
  id: 'logging',
  chapter: '08-logging',
  title: t('로깅 드라이버', 'Logging drivers'),
  intro: t(
    '컨테이너가 stdout과 stderr에 쓴 줄은 로깅 드라이버가 받아 어딘가에 남깁니다. 기본값인 json-file은 호스트의 파일에 JSON 한 줄씩 쓰고, syslog와 fluentd는 줄마다 네트워크로 수신기에 보냅니다. 이 실습은 수신기 세 개를 직접 띄웁니다: syslog UDP는 127.0.0.1:514, syslog TCP는 127.0.0.1:601, fluentd는 127.0.0.1:24224에서 기다립니다(실제 커널에서는 실습 전용 네트워크 네임스페이스 안의 127.0.0.1입니다). 로그 패널에서 각 수신기가 받은 줄과 그 필드를 봅니다.',
    'Whatever a container writes to stdout and stderr is taken by a logging driver and kept somewhere. The default, json-file, writes it line by line as JSON into a file on the host; syslog and fluentd send each line over the network to a receiver. This lab starts three receivers of its own: syslog over UDP on 127.0.0.1:514, syslog over TCP on 127.0.0.1:601 and fluentd on 127.0.0.1:24224 (on the real kernel, that 127.0.0.1 is in the lab\'s own network namespace). The logs panel shows what each one received, field by field.',
  ),
  setup: [],
  receivers: [
    { name: 'syslog-udp', protocol: 'syslog', transport: 'udp', port: 514 },
    { name: 'syslog-tcp', protocol: 'syslog', transport: 'tcp', port: 601 },
    { name: 'fluentd', protocol: 'fluentd', transport: 'tcp', port: 24224 },
  ],
  steps: [
    {
      title: t('json-file: 호스트의 JSON 파일', 'json-file: a JSON file on the host'),
      commands: [`docker run --name hello busybox sh -c 'echo hello json-file; echo oops >&2'`],
      explanation: t(
        '드라이버를 고르지 않으면 json-file입니다. shim이 컨테이너의 stdout과 stderr 파이프를 읽어 줄마다 {"log":…,"stream":…,"time":…} 한 줄을 호스트의 <상태 디렉터리>/containers/<id>/<id>-json.log에 덧붙입니다. 컨테이너 안에는 아무 파일도 생기지 않습니다. `docker logs`는 이 파일을 읽어 줄 뿐입니다. 로그 패널의 json-file 상자가 그 파일을 그대로 보여 줍니다.',
        'With no driver chosen it is json-file. The shim reads the container\'s stdout and stderr pipes and, per line, appends {"log":…,"stream":…,"time":…} to <state dir>/containers/<id>/<id>-json.log on the host. Nothing is written inside the container; `docker logs` only reads this file back. The json-file box of the logs panel shows the file as it is.',
      ),
      predict: {
        kind: 'choice',
        question: t('"oops"(stderr로 쓴 줄)는 어디에 남을까요?', 'Where does "oops" (the line written to stderr) end up?'),
        choices: [
          t('컨테이너 안의 /var/log', '/var/log inside the container'),
          t('호스트의 같은 JSON 파일, "stream":"stderr"로 표시되어', 'in the same JSON file on the host, marked "stream":"stderr"'),
          t('어디에도 남지 않는다: stderr는 화면에만 나온다', 'nowhere: stderr only goes to the screen'),
        ],
        answer: 1,
        reveal: t(
          '두 스트림 모두 같은 파일에 들어가고, 줄마다 어느 스트림에서 왔는지가 "stream" 필드에 남습니다. `docker logs`가 stdout과 stderr를 다시 나눌 수 있는 이유입니다.',
          'Both streams go into the same file, each line recording its stream in "stream". That is how `docker logs` can split stdout and stderr again.',
        ),
      },
      observe: [{ kind: 'jsonLog', container: 'hello' }, ...RECEIVERS],
      checks: [
        { kind: 'output', matches: '^hello json-file$', text: t('docker run이 stdout 줄을 보여 주었다', 'docker run showed the stdout line') },
        { kind: 'json-log', container: 'hello', files: 1, contains: 'hello json-file', stream: 'stdout', text: t('호스트의 로그 파일에 "hello json-file"이 stdout 줄로 있다', 'the log file on the host holds "hello json-file" as a stdout line') },
        { kind: 'json-log', container: 'hello', contains: 'oops', stream: 'stderr', text: t('같은 파일에 "oops"가 stderr 줄로 있다', 'the same file holds "oops" as a stderr line') },
      ],
    },
    {
      title: t('max-size와 max-file: 로그 회전', 'max-size and max-file: rotation'),
      commands: [`docker run --name chatty --log-opt max-size=1k --log-opt max-file=3 busybox ${FORTY_LINES}`, 'docker logs --tail 1 chatty'],
      explanation: t(
        'json-file은 기본으로 크기 제한이 없어서, 말이 많은 컨테이너는 디스크를 채울 수 있습니다. max-size=1k면 파일이 1 KiB에 이르면 다음 줄을 쓰기 전에 파일을 -json.log.1로 밀어내고(이미 있던 .1은 .2로) 새 파일을 시작합니다. max-file=3이면 파일은 모두 세 개까지이고 가장 오래된 것은 버려집니다. 40줄(약 5 KB) 가운데 남는 것은 마지막 몇 줄뿐입니다. `docker logs`는 회전된 파일까지 이어서 읽습니다.',
        'json-file has no size limit by default, so a chatty container can fill the disk. With max-size=1k, once the file reaches 1 KiB it is moved to -json.log.1 before the next line (an existing .1 becomes .2) and a new file starts. max-file=3 keeps three files in all; the oldest is dropped. Of 40 lines (about 5 KB) only the last few remain. `docker logs` reads across the rotated files.',
      ),
      predict: {
        kind: 'short',
        question: t('이 컨테이너의 로그 파일은 호스트에 모두 몇 개 남을까요?', 'How many log files does this container leave on the host?'),
        accept: ['3', 'three', '세 개', '셋'],
        reveal: t('3개: <id>-json.log, .1, .2. max-file이 현재 파일까지 포함한 개수입니다.', 'Three: <id>-json.log, .1 and .2. max-file counts the live file too.'),
      },
      observe: [{ kind: 'jsonLog', container: 'chatty' }, ...RECEIVERS],
      checks: [
        { kind: 'output', command: 1, matches: '^line 39: ', text: t('docker logs --tail 1은 마지막 줄(line 39)을 보여 준다', 'docker logs --tail 1 shows the last line (line 39)') },
        { kind: 'json-log', container: 'chatty', files: 3, contains: 'line 39', maxFileSize: 1024 + 200, text: t('파일은 세 개이고, 어느 것도 1 KiB를 한 줄 넘게 넘지 않으며, 마지막 줄이 있다', 'three files, none more than a line over 1 KiB, and the last line is there') },
      ],
    },
    {
      title: t('syslog over UDP: 태그는 짧은 id', 'syslog over UDP: the tag is the short id'),
      commands: [`docker run -d --name sys-udp --log-driver syslog --log-opt syslog-address=udp://127.0.0.1:514 --log-opt syslog-format=rfc3164 busybox sh -c 'echo hello syslog; echo trouble >&2'`, 'docker wait sys-udp'],
      explanation: t(
        'syslog 드라이버는 줄마다 syslog 메시지 하나를 보냅니다. 맨 앞의 <PRI>는 facility×8 + severity입니다. 기본 facility는 daemon(3)이고, stdout 줄은 info(6), stderr 줄은 err(3)입니다. tag를 주지 않으면 Docker는 컨테이너 id의 앞 12자리를 태그(app-name)로 씁니다. rfc3164는 옛 BSD 형식 "<PRI>월 일 시:분:초 호스트 태그[pid]: 메시지"입니다. UDP에서는 받는 쪽이 없어도 보내는 쪽은 알 수 없습니다. `docker wait`는 컨테이너가 끝날 때까지 기다렸다가 종료 코드를 출력합니다.',
        'The syslog driver sends one syslog message per line. The leading <PRI> is facility×8 + severity: the facility is daemon (3) unless set, a stdout line is info (6) and a stderr line err (3). Without a tag Docker uses the first 12 digits of the container id as the tag (the app-name). rfc3164 is the old BSD format, "<PRI>Mmm dd hh:mm:ss host tag[pid]: message". Over UDP the sender cannot tell whether anyone received it. `docker wait` waits for the container to exit and prints its exit code.',
      ),
      predict: {
        kind: 'choice',
        question: t('수신기가 받은 메시지의 태그(app-name)는 무엇일까요?', 'What tag (app-name) does the receiver see?'),
        choices: [t('컨테이너 이름 sys-udp', 'the container name, sys-udp'), t('컨테이너 id의 앞 12자리', 'the first 12 digits of the container id'), t('docker', 'docker')],
        answer: 1,
        reveal: t('Docker의 기본 태그는 {{.ID}}, 곧 짧은 id입니다. --log-opt tag={{.Name}}처럼 바꿀 수 있습니다.', 'Docker\'s default tag is {{.ID}}, the short id. --log-opt tag={{.Name}} and the like change it.'),
      },
      observe: RECEIVERS,
      settleMs: 5000,
      checks: [
        { kind: 'received', receiver: 'syslog-udp', contains: 'hello syslog', tag: '{id}', container: 'sys-udp', fields: { facility: 'daemon', severity: 'info', format: 'rfc3164' }, text: t('"hello syslog"이 짧은 id 태그, daemon.info, RFC 3164로 도착했다', '"hello syslog" arrived tagged with the short id, as daemon.info, in RFC 3164') },
        { kind: 'received', receiver: 'syslog-udp', contains: 'trouble', fields: { severity: 'err' }, text: t('stderr 줄 "trouble"은 severity err로 도착했다', 'the stderr line "trouble" arrived with severity err') },
      ],
    },
    {
      title: t('syslog over TCP: RFC 5424, 태그와 facility', 'syslog over TCP: RFC 5424, a tag and a facility'),
      commands: ['docker run -d --name sys-tcp --log-driver syslog --log-opt syslog-address=tcp://127.0.0.1:601 --log-opt syslog-format=rfc5424 --log-opt tag=web --log-opt syslog-facility=local0 busybox echo hello tcp', 'docker wait sys-tcp'],
      explanation: t(
        'TCP는 연결이므로 Docker는 컨테이너를 시작할 때 수신기에 먼저 연결합니다. 받는 쪽이 없으면 시작이 실패합니다. 스트림에서는 메시지의 경계를 따로 표시해야 하는데(RFC 6587), Docker는 평범한 tcp에서 메시지마다 줄바꿈을 붙이고, 수신기는 길이를 앞에 붙인 방식(octet counting)도 알아듣습니다. rfc5424 형식은 "<PRI>1 시각 호스트 앱이름 pid 메시지id 구조화데이터 메시지"입니다.',
        'TCP is a connection, so Docker dials the receiver when the container starts; with nobody listening the start fails. On a stream each message\'s end must be marked (RFC 6587): over plain tcp Docker ends every message with a newline, and the receiver also understands a length in front (octet counting). The rfc5424 format is "<PRI>1 time host app-name procid msgid structured-data message".',
      ),
      predict: {
        kind: 'short',
        question: t('stdout 줄의 <PRI> 숫자는? (local0 = 16, info = 6)', 'What number is the <PRI> of a stdout line? (local0 = 16, info = 6)'),
        accept: ['134', '<134>'],
        reveal: t('16×8 + 6 = 134. 메시지는 "<134>1 …"로 시작합니다.', '16×8 + 6 = 134: the message starts with "<134>1 …".'),
      },
      observe: RECEIVERS,
      settleMs: 5000,
      checks: [
        { kind: 'received', receiver: 'syslog-tcp', contains: 'hello tcp', tag: 'web', fields: { format: 'rfc5424', facility: 'local0', severity: 'info', pri: 134 }, text: t('"hello tcp"가 태그 web, local0.info(PRI 134), RFC 5424로 도착했다', '"hello tcp" arrived tagged web, as local0.info (PRI 134), in RFC 5424') },
      ],
    },
    {
      title: t('fluentd: Forward 프로토콜과 msgpack', 'fluentd: the Forward protocol and msgpack'),
      commands: [`docker run -d --name fluent --log-driver fluentd busybox sh -c 'echo hello fluentd'`, 'docker wait fluent'],
      explanation: t(
        'fluentd 드라이버는 주소를 주지 않으면 localhost:24224로 연결합니다. 줄마다 msgpack으로 [태그, 시각, 레코드]를 보내고, 레코드에는 container_id, container_name, source(stdout/stderr), log가 들어 있습니다. 태그는 fluentd가 경로를 나누는 기준입니다. 수신기는 Forward 프로토콜의 세 가지 모드(Message, Forward, PackedForward)를 모두 읽습니다. Docker는 Message 모드를 씁니다.',
        'Without an address the fluentd driver dials localhost:24224. Per line it sends [tag, time, record] in msgpack; the record holds container_id, container_name, source (stdout/stderr) and log. fluentd routes records by their tag. The receiver reads all three modes of the Forward protocol (Message, Forward, PackedForward); Docker sends Message mode.',
      ),
      predict: {
        kind: 'choice',
        question: t('fluentd가 받은 태그는?', 'What tag does fluentd receive?'),
        choices: [t('fluent', 'fluent'), t('docker.<짧은 id>', 'docker.<short id>'), t('컨테이너 id의 앞 12자리', 'the first 12 digits of the container id')],
        answer: 2,
        reveal: t('syslog와 같은 {{.ID}}, 곧 짧은 id입니다. docker.<id>라고 적은 자료가 많지만 Docker의 기본값은 아닙니다. fluentd에서 <match docker.**>로 받고 싶다면 --log-opt tag=docker.{{.ID}}를 직접 줍니다.', 'The same {{.ID}} as for syslog: the short id. Many guides show docker.<id>, but that is not Docker\'s default; to match <match docker.**> in fluentd, pass --log-opt tag=docker.{{.ID}} yourself.'),
      },
      observe: RECEIVERS,
      settleMs: 5000,
      checks: [
        { kind: 'received', receiver: 'fluentd', contains: 'hello fluentd', tag: '{id}', container: 'fluent', fields: { source: 'stdout', container_name: '/fluent', mode: 'message' }, text: t('"hello fluentd"가 짧은 id 태그, container_name /fluent, source stdout으로 도착했다', '"hello fluentd" arrived tagged with the short id, with container_name /fluent and source stdout') },
      ],
    },
  ],
  teardown: ['docker rm -f hello chatty sys-udp sys-tcp fluent'],
  hostChanges: [
    t('로그 수신기 세 개는 실습이 띄운 것이고, 실습이 끝나면 소켓을 모두 닫습니다. 실제 커널에서는 실습 전용 네트워크 네임스페이스의 127.0.0.1에서만 받으므로 호스트의 syslog나 fluentd와 부딪히지 않습니다.', 'The three log receivers belong to the lab, which closes every socket at the end. On the real kernel they listen only on 127.0.0.1 of the lab\'s own network namespace, so they never meet the host\'s syslog or fluentd.'),
    t('json-file 로그는 컨테이너의 상태 디렉터리에 있고, 컨테이너를 지우면 함께 지워집니다.', 'The json-file logs live in each container\'s state directory and go when the container is removed.'),
  ],
};
