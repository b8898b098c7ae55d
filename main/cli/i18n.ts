// The CLI's message table (zh-CN and English). The seed's labels (已连接, 历史 …) are kept verbatim.
import { isChineseLocale } from '../core/locale.js';
import type { ConnectionState, Origin, SignatureId } from '../core/types.js';

export type CliLanguage = 'zh-CN' | 'en';
export const CLI_LANGUAGES: readonly CliLanguage[] = ['zh-CN', 'en'];

/** POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG. Anything Chinese means zh-CN. */
export function detectLanguage(env: Readonly<Record<string, string | undefined>>): CliLanguage {
  const raw = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return isChineseLocale(raw) ? 'zh-CN' : 'en';
}

const en = {
  'origin.history': 'history',
  'origin.live': 'live',
  'conn.connected': 'connected',
  'conn.connecting': 'connecting',
  'conn.not-running': 'not running',
  'conn.disconnected': 'disconnected',
  'conn.notStreamed': 'not streamed',
  'status.attempt': 'attempt {n}',
  'status.retryIn': 'retry in {s}s',
  'status.gaveUp': 'gave up after {n} attempts',
  'marker.historyComplete': 'history complete',
  'marker.gap': 'lines may be missing here',
  'marker.gapMissing': '{n} lines may be missing here',
  'marker.gapChecking': 'lines may be missing here, checking the server history',
  'marker.gapRecovered': '{n} swallowed lines recovered (marked ↺ recovered, with the time they belong at)',
  'marker.gapComplete': 'checked: nothing missing',
  'line.recovered': 'recovered',
  'gap.replay-hole': 'server replay',
  'gap.v3-drop': 'server dropped live lines',
  'gap.evicted': 'buffer limit',
  'gap.server-cleared': 'cleared on the server',
  'gap.server-restarted': 'server restarted',
  'gap.disconnected': 'while disconnected',
  'hint.prefix': 'hint',
  'cleared.local': 'view cleared',
  'cleared.server': 'logs cleared on the server',
  'problem.prefix': 'problem',
  'server.line': 'server {name}: {health}{gen}',
  'server.healthy': 'healthy',
  'server.unreachable': 'unreachable',
  'server.unknown': 'unknown',
  'watch.connectingTo': 'Watching {models} on {url} (Ctrl-C to quit)',
  'watch.allModels': 'all models',
  'watch.gaveUp': 'Max attempts ({n}) reached for every watched model; giving up.',
  'watch.serverGaveUp': 'Server {url} unreachable after {n} attempts; giving up.',
  'watch.listGaveUp': 'Server {url} answered, but its model list was unusable {n} times ({error}); giving up.',
  'oneShot.badList': 'Server {url} answered, but its model list was unusable: {error}',
  'watch.noModels': 'The server has no models.',
  'out.dropped': '… {n} lines dropped here: the output was not read fast enough',
  'watch.unknownModel': 'Unknown model on the server: {model}',
  'usage.badNumber': '{flag} must be {what}, got "{value}"',
  'usage.positive': 'a positive number',
  'usage.nonNegativeInt': 'a whole number ≥ 0',
  'usage.positiveInt': 'a whole number ≥ 1',
  'usage.range': '{flag} must be between {min} and {max}, got "{value}"',
  'usage.emptyModel': '--model must not be empty',
  'usage.badUrl': '--url must be an http(s) URL, got "{value}"',
  'usage.urlAndConfig': 'use either --url or --config, not both',
  'usage.badHeader': '{where}: a header must look like "Name: value" (name of letters, digits and dashes; value on one line)',
  'usage.badLang': '--lang must be zh-CN or en, got "{value}"',
  'usage.configRead': 'cannot read {path}: {error}',
  'usage.config': '{path}: {error}',
  'usage.modelRequired': '--model is required',
  'usage.oneModel': 'exactly one --model is expected here',
  'config.ignored': 'warning: ignoring ./config.json ({error}); using {url}',
  'unreachable': 'Server {url} is unreachable: {error}',
  'interactive.welcome': 'Interactive monitor on {url}. Type "help" for commands.',
  'interactive.help':
    'Commands:\n' +
    '  stats                      per-model statistics and error groups\n' +
    '  logs <model>               follow one model (recent lines, then live)\n' +
    '  logs all | logs off        follow every model | back to status and errors only\n' +
    '  clear                      clear the screen\n' +
    '  clear --server <model> [minutes]  clear the model\'s logs on the server (keep the last N minutes)\n' +
    '  help                       this list\n' +
    '  quit                       leave',
  'interactive.unknown': 'Unknown command: {cmd} (type "help")',
  'interactive.unknownModel': 'No such model: {model}',
  'interactive.following': 'Following {model}',
  'interactive.followingAll': 'Following every model',
  'interactive.followOff': 'Showing status changes and errors only',
  'interactive.confirmClear': 'Clear {model}\'s logs on the server (keep {n} minutes)? [y/N] ',
  'interactive.cancelled': 'Cancelled.',
  'interactive.bye': 'Bye.',
  'stats.title': 'Statistics',
  'stats.model': 'model',
  'stats.status': 'status',
  'stats.attempts': 'attempts',
  'stats.reconnects': 'reconnects',
  'stats.lines': 'lines',
  'stats.history': 'history',
  'stats.live': 'live',
  'stats.errors': 'errors',
  'stats.warnings': 'warnings',
  'stats.lps': 'lines/s',
  'stats.errorGroups': 'Error groups',
  'stats.noErrors': 'No errors.',
  'stats.seen': '{count}× first {first}, last {last}',
  'stats.server': 'Server',
  'stats.generation': 'generation',
  'stats.health': 'health',
  'stats.version': 'version',
  'stats.entries': 'log entries',
  'stats.subscribers': 'subscribers',
  'stats.noModels': 'No models.',
  'stats.notAvailable': 'not available for this generation',
  'stats.aliases': 'aliases',
  'stats.lifecycle': 'state',
  'stats.failure': 'failure',
  'vitals.title': 'Vitals (from the model logs)',
  'vitals.gen': 'gen tok/s',
  'vitals.median5m': 'median 5 min',
  'vitals.prompt': 'prompt tok/s',
  'vitals.requests24h': 'requests 24 h',
  'vitals.queue': 'running/waiting',
  'vitals.kv': 'KV cache',
  'vitals.load': 'context / KV / load',
  'vitals.none': 'No timing lines or engine statistics in the logs yet.',
  'vitals.incomplete': '(history still loading for: {models})',
  'vitals.andMore': 'and {n} more',
  'control.ok': 'OK: {message}',
  'control.failed': 'Failed: {message}',
  'diag.title': 'Diagnosis of {model} on {url}',
  'diag.reachable': 'server reachable',
  'diag.generation': 'API generation detected',
  'diag.modelKnown': 'model known to the server',
  'diag.status': 'model running',
  'diag.stream': 'log stream delivers history',
  'diag.pass': 'PASS',
  'diag.fail': 'FAIL',
  'diag.skip': 'SKIP',
  'diag.allPass': 'All checks passed.',
  'diag.someFail': '{n} check(s) failed.',
  'diag.timeout': 'no answer within {s}s',
  'diag.lines': '{n} history lines received',
  'diag.crashed': 'crashed: {line} (the server still reports: {state})',
  'start.pending': 'starting {model} … {s} s · {state} (Ctrl-C stops waiting)',
  'start.abandoned': 'Stopped waiting for {model} to start; the server may still be starting it.',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'origin.history': '历史',
  'origin.live': '实时',
  'conn.connected': '已连接',
  'conn.connecting': '连接中',
  'conn.not-running': '模型未运行',
  'conn.disconnected': '连接断开',
  'conn.notStreamed': '未接收日志',
  'status.attempt': '第 {n} 次尝试',
  'status.retryIn': '{s} 秒后重试',
  'status.gaveUp': '已尝试 {n} 次，放弃',
  'marker.historyComplete': '历史日志结束',
  'marker.gap': '此处可能缺少日志',
  'marker.gapMissing': '此处可能缺少 {n} 行日志',
  'marker.gapChecking': '此处可能缺少日志，正在核对服务器历史',
  'marker.gapRecovered': '已找回 {n} 行被吞掉的日志（标记为 ↺ 已找回，并注明其所属时间）',
  'marker.gapComplete': '已核对：没有缺少日志',
  'line.recovered': '已找回',
  'gap.replay-hole': '服务器回放',
  'gap.v3-drop': '服务器丢弃了实时日志',
  'gap.evicted': '缓冲区上限',
  'gap.server-cleared': '服务器已清空',
  'gap.server-restarted': '服务器已重启',
  'gap.disconnected': '连接断开期间',
  'hint.prefix': '提示',
  'cleared.local': '已清空显示',
  'cleared.server': '已清空服务器日志',
  'problem.prefix': '问题',
  'server.line': '服务器 {name}: {health}{gen}',
  'server.healthy': '正常',
  'server.unreachable': '无法访问',
  'server.unknown': '未知',
  'watch.connectingTo': '正在监视 {url} 上的 {models}（按 Ctrl-C 退出）',
  'watch.allModels': '所有模型',
  'watch.gaveUp': '所有监视的模型都已达到最大尝试次数 ({n})，放弃。',
  'watch.serverGaveUp': '服务器 {url} 尝试 {n} 次后仍无法访问，放弃。',
  'watch.listGaveUp': '服务器 {url} 有响应，但模型列表 {n} 次均无法使用（{error}），放弃。',
  'oneShot.badList': '服务器 {url} 有响应，但模型列表无法使用: {error}',
  'watch.noModels': '服务器上没有模型。',
  'out.dropped': '… 此处丢弃了 {n} 行: 输出读取得不够快',
  'watch.unknownModel': '服务器上没有此模型: {model}',
  'usage.badNumber': '{flag} 必须是{what}，收到 "{value}"',
  'usage.positive': '正数',
  'usage.nonNegativeInt': '≥ 0 的整数',
  'usage.positiveInt': '≥ 1 的整数',
  'usage.range': '{flag} 必须在 {min} 到 {max} 之间，收到 "{value}"',
  'usage.emptyModel': '--model 不能为空',
  'usage.badUrl': '--url 必须是 http(s) 地址，收到 "{value}"',
  'usage.urlAndConfig': '--url 与 --config 只能使用其一',
  'usage.badHeader': '{where}: 请求头格式应为 "名称: 值"（名称只含字母、数字和连字符；值为单行）',
  'usage.badLang': '--lang 必须是 zh-CN 或 en，收到 "{value}"',
  'usage.configRead': '无法读取 {path}: {error}',
  'usage.config': '{path}: {error}',
  'usage.modelRequired': '必须指定 --model',
  'usage.oneModel': '这里只能指定一个 --model',
  'config.ignored': '警告: 忽略 ./config.json（{error}），使用 {url}',
  'unreachable': '无法访问服务器 {url}: {error}',
  'interactive.welcome': '交互式监视 {url}。输入 "help" 查看命令。',
  'interactive.help':
    '命令:\n' +
    '  stats                      各模型统计与错误分组\n' +
    '  logs <模型>                跟踪一个模型（最近的日志，然后实时）\n' +
    '  logs all | logs off        跟踪所有模型 | 只显示状态变化和错误\n' +
    '  clear                      清屏\n' +
    '  clear --server <模型> [分钟]  清空服务器上该模型的日志（保留最近 N 分钟）\n' +
    '  help                       显示本帮助\n' +
    '  quit                       退出',
  'interactive.unknown': '未知命令: {cmd}（输入 "help"）',
  'interactive.unknownModel': '没有此模型: {model}',
  'interactive.following': '正在跟踪 {model}',
  'interactive.followingAll': '正在跟踪所有模型',
  'interactive.followOff': '只显示状态变化和错误',
  'interactive.confirmClear': '清空服务器上 {model} 的日志（保留 {n} 分钟）？[y/N] ',
  'interactive.cancelled': '已取消。',
  'interactive.bye': '再见。',
  'stats.title': '统计',
  'stats.model': '模型',
  'stats.status': '状态',
  'stats.attempts': '尝试',
  'stats.reconnects': '重连',
  'stats.lines': '行数',
  'stats.history': '历史',
  'stats.live': '实时',
  'stats.errors': '错误',
  'stats.warnings': '警告',
  'stats.lps': '行/秒',
  'stats.errorGroups': '错误分组',
  'stats.noErrors': '没有错误。',
  'stats.seen': '{count} 次，首次 {first}，最近 {last}',
  'stats.server': '服务器',
  'stats.generation': 'API 版本',
  'stats.health': '健康',
  'stats.version': '版本',
  'stats.entries': '日志条数',
  'stats.subscribers': '订阅者',
  'stats.noModels': '没有模型。',
  'stats.notAvailable': '此 API 版本不提供',
  'stats.aliases': '别名',
  'vitals.title': '性能（来自模型日志）',
  'vitals.gen': '生成 tok/s',
  'vitals.median5m': '5 分钟中位数',
  'vitals.prompt': '提示 tok/s',
  'vitals.requests24h': '24 小时请求',
  'vitals.queue': '运行/等待',
  'vitals.kv': 'KV 缓存',
  'vitals.load': '上下文 / KV / 加载',
  'vitals.none': '日志中还没有计时行或引擎统计。',
  'vitals.incomplete': '（以下模型的历史尚未加载完：{models}）',
  'vitals.andMore': '另有 {n} 个',
  'stats.lifecycle': '状态',
  'stats.failure': '失败原因',
  'control.ok': '成功: {message}',
  'control.failed': '失败: {message}',
  'diag.title': '诊断 {url} 上的 {model}',
  'diag.reachable': '服务器可访问',
  'diag.generation': '识别出 API 版本',
  'diag.modelKnown': '服务器上存在该模型',
  'diag.status': '模型正在运行',
  'diag.stream': '日志流返回历史日志',
  'diag.pass': '通过',
  'diag.fail': '失败',
  'diag.skip': '跳过',
  'diag.allPass': '全部检查通过。',
  'diag.someFail': '{n} 项检查失败。',
  'diag.timeout': '{s} 秒内没有响应',
  'diag.lines': '收到 {n} 行历史日志',
  'diag.crashed': '已崩溃：{line}（服务器仍报告：{state}）',
  'start.pending': '正在启动 {model} … {s} 秒 · {state}（Ctrl-C 停止等待）',
  'start.abandoned': '已停止等待 {model} 启动；服务器可能仍在启动它。',
};

/** Failure hints per signature (the core's English hint is the fallback for anything new). */
const hintsEn: Record<SignatureId, string> = {
  'cuda-oom': 'GPU out of memory: lower the context size or the number of GPU layers',
  'host-oom': 'host out of memory: free RAM or load a smaller model',
  'kv-cache': 'KV cache too small: lower max model length or raise GPU memory utilisation',
  'port-in-use': 'port already in use: stop the other process or change the model\'s port',
  'ggml-assert': 'llama.cpp assertion failed: check the model file and the build',
  fatal: 'the model process hit a fatal error',
  segfault: 'the model process crashed (segmentation fault)',
  killed: 'the model process was killed (often out of memory)',
  'exit-code': 'the model process exited with an error code',
  'model-load': 'the model failed to load: check the path and the file',
  traceback: 'a Python exception: read the traceback above',
  'generic-error': 'an error was logged',
};

const hintsZh: Record<SignatureId, string> = {
  'cuda-oom': '显存不足: 降低上下文长度或 GPU 层数',
  'host-oom': '内存不足: 释放内存或换更小的模型',
  'kv-cache': 'KV 缓存不足: 降低最大长度或提高显存占用比例',
  'port-in-use': '端口被占用: 停止占用进程或修改模型端口',
  'ggml-assert': 'llama.cpp 断言失败: 检查模型文件和程序版本',
  fatal: '模型进程发生致命错误',
  segfault: '模型进程崩溃（段错误）',
  killed: '模型进程被杀死（常见原因: 内存不足）',
  'exit-code': '模型进程以错误码退出',
  'model-load': '模型加载失败: 检查路径和文件',
  traceback: 'Python 异常: 查看上面的调用栈',
  'generic-error': '记录了一条错误',
};

export interface Translator {
  readonly lang: CliLanguage;
  t(key: MessageKey, vars?: Readonly<Record<string, string | number>>): string;
  origin(origin: Origin): string;
  connection(state: ConnectionState): string;
  hint(signature: SignatureId): string;
}

function fill(template: string, vars?: Readonly<Record<string, string | number>>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

export function createTranslator(lang: CliLanguage): Translator {
  const table: Record<MessageKey, string> = lang === 'zh-CN' ? zh : en;
  const hints = lang === 'zh-CN' ? hintsZh : hintsEn;
  const t = (key: MessageKey, vars?: Readonly<Record<string, string | number>>): string => fill(table[key], vars);
  return {
    lang,
    t,
    origin: (o) => t(o === 'history' ? 'origin.history' : 'origin.live'),
    connection: (c) => t(`conn.${c}`),
    hint: (s) => hints[s],
  };
}
