/**
 * One syslog message parsed into its fields: RFC 5424 (`<PRI>1 TIMESTAMP
 * HOST APP PROCID MSGID SD MSG`), RFC 3164 (`<PRI>Mmm dd hh:mm:ss HOST
 * TAG[PID]: MSG`), and the two header shapes Docker's driver writes when no
 * syslog-format is set (no HOST on a unix socket; an RFC 3339 time after
 * `<PRI> ` elsewhere).
 */

const FACILITIES = ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'security', 'console', 'solaris-cron',
  'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'];
const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

export interface SyslogMessage {
  /** `default`: Docker's header when no syslog-format is set, `<PRI> RFC3339-TIME HOST TAG[PID]: MSG`. */
  readonly format: 'rfc5424' | 'rfc3164' | 'default';
  readonly pri: number;
  readonly facility: string;
  readonly severity: string;
  readonly timestamp: string;
  /** null when the header carries none (Docker's unix-socket format). */
  readonly hostname: string | null;
  /** RFC 5424's APP-NAME, RFC 3164's TAG: what Docker fills with --log-opt tag. */
  readonly appName: string;
  readonly procId: string | null;
  readonly msgId: string | null;
  readonly msg: string;
}

const nil = (s: string | undefined): string | null => (s === undefined || s === '-' ? null : s);

/** Splits off the first space-separated token. */
function token(rest: string): [string, string] {
  const sp = rest.indexOf(' ');
  return sp < 0 ? [rest, ''] : [rest.slice(0, sp), rest.slice(sp + 1)];
}

/** STRUCTURED-DATA is `-` or one or more `[id k="v" …]`, where `\]` inside a value does not close. */
function skipStructuredData(rest: string): string {
  if (rest.startsWith('-')) return rest.slice(1);
  let i = 0;
  while (rest[i] === '[') {
    let quoted = false;
    for (i++; i < rest.length; i++) {
      const c = rest[i];
      if (c === '\\' && quoted) i++;
      else if (c === '"') quoted = !quoted;
      else if (c === ']' && !quoted) { i++; break; }
    }
  }
  return rest.slice(i);
}

function rfc5424(pri: number, rest: string): Omit<SyslogMessage, 'pri' | 'facility' | 'severity'> {
  const [, r1] = token(rest); // VERSION
  const [timestamp, r2] = token(r1);
  const [hostname, r3] = token(r2);
  const [appName, r4] = token(r3);
  const [procId, r5] = token(r4);
  const [msgId, r6] = token(r5);
  let msg = skipStructuredData(r6);
  if (msg.startsWith(' ')) msg = msg.slice(1);
  if (msg.startsWith('\u{feff}')) msg = msg.slice(1);
  return { format: 'rfc5424', timestamp, hostname: nil(hostname), appName: nil(appName) ?? '', procId: nil(procId), msgId: nil(msgId), msg };
}

/** `TAG[PID]: MSG` or `TAG: MSG`. */
function tagged(rest: string): { appName: string; procId: string | null; msg: string } | null {
  const m = /^([^\s[\]:]+)(?:\[([^\]]*)\])?: ?([\s\S]*)$/.exec(rest);
  return m ? { appName: m[1]!, procId: m[2] ?? null, msg: m[3]! } : null;
}

function rfc3164(rest: string): Omit<SyslogMessage, 'pri' | 'facility' | 'severity'> {
  let timestamp: string;
  let after: string;
  let format: SyslogMessage['format'] = 'rfc3164';
  const stamp = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /.exec(rest);
  if (stamp) {
    timestamp = stamp[0].trimEnd();
    after = rest.slice(stamp[0].length);
  } else {
    // Docker's header without a format: `<PRI> 2006-01-02T15:04:05Z HOST TAG[PID]: MSG`.
    [timestamp, after] = token(rest.replace(/^ /, ''));
    format = 'default';
  }
  // Docker's unix-socket header has no HOST: the first word is already `TAG[PID]:`.
  const [first, r] = token(after);
  if (/^[^\s[\]:]+(\[[^\]]*\])?:$/.test(first)) return { format, timestamp, hostname: null, msgId: null, ...tagged(after)! };
  const t = tagged(r);
  return { format, timestamp, hostname: first, msgId: null, ...(t ?? { appName: '', procId: null, msg: r }) };
}

/** Parses one message (without its framing); null when it does not start with `<PRI>`. */
export function parseSyslog(text: string): SyslogMessage | null {
  const m = /^<(\d{1,3})>/.exec(text);
  if (!m) return null;
  const pri = Number(m[1]);
  if (pri > 191) return null;
  const rest = text.slice(m[0].length).replace(/\r?\n$/, '');
  const fields = /^\d{1,2} /.test(rest) ? rfc5424(pri, rest) : rfc3164(rest);
  return { ...fields, pri, facility: FACILITIES[pri >> 3] ?? String(pri >> 3), severity: SEVERITIES[pri & 7]! };
}
