// Notification texts in both languages. Kept here (not in the renderer's i18n) because the main
// process shows notifications with the window closed.
import type { SignatureId } from '../types.js';
import type { UiLanguage } from '../locale.js';

export interface AlertTexts {
  errorTitle(model: string): string;
  crashTitle(model: string): string;
  failedTitle(model: string): string;
  failedBody(reason: string | null): string;
  lostTitle(model: string): string;
  lostBody(seconds: number): string;
  modelsLostTitle(count: number, server: string): string;
  modelsLostBody(names: string, seconds: number): string;
  serverLostTitle(name: string): string;
  serverLostBody(url: string, seconds: number): string;
  readyTitle(model: string): string;
  readyBody: string;
  summaryTitle(count: number): string;
  summaryBody: string;
  slowTitle(model: string): string;
  slowBody(median: string, threshold: number): string;
  hints: Readonly<Partial<Record<SignatureId, string>>>;
}

const en: AlertTexts = {
  errorTitle: (m) => `${m}: error`,
  crashTitle: (m) => `${m} crashed`,
  failedTitle: (m) => `${m} failed`,
  failedBody: (r) => (r ? `Reason: ${r}` : 'The model stopped with an error.'),
  lostTitle: (m) => `Lost connection to ${m}`,
  lostBody: (s) => `No log stream for ${s} s; still retrying.`,
  modelsLostTitle: (n, s) => `Lost connection to ${n} models on ${s}`,
  modelsLostBody: (names, s) => `${names}: no log stream for ${s} s; still retrying.`,
  serverLostTitle: (n) => `Server ${n} unreachable`,
  serverLostBody: (u, s) => `${u} has not answered for ${s} s; still retrying.`,
  readyTitle: (m) => `${m} is ready`,
  readyBody: 'The model is running and its log stream is live.',
  summaryTitle: (n) => `${n} more alert${n === 1 ? '' : 's'} held back`,
  summaryBody: 'Too many alerts in one minute. Open LLM Log Tray to see them all.',
  slowTitle: (m) => `${m} is generating slowly`,
  slowBody: (v, th) => `Median generation speed over 5 minutes: ${v} tok/s (alert below ${th} tok/s).`,
  hints: {
    'cuda-oom': 'Out of GPU memory: lower context size or GPU layers.',
    'host-oom': 'Out of system memory: lower context size or close other programs.',
    'kv-cache': 'KV cache too small: lower max model length or raise GPU memory utilisation.',
    'port-in-use': 'Port already in use: stop the other process or change the port.',
    'ggml-assert': 'llama.cpp assertion failed: check the model file and parameters.',
    fatal: 'Fatal error: the model process stopped.',
    segfault: 'Segmentation fault: the model process crashed.',
    killed: 'The process was killed (often by the out-of-memory killer).',
    'exit-code': 'The model process exited.',
    'model-load': 'The model could not be loaded: check the path and format.',
    traceback: 'Python exception: the last line of the traceback names the cause.',
  },
};

const zh: AlertTexts = {
  errorTitle: (m) => `${m}：错误`,
  crashTitle: (m) => `${m} 已崩溃`,
  failedTitle: (m) => `${m} 运行失败`,
  failedBody: (r) => (r ? `原因：${r}` : '模型因错误而停止。'),
  lostTitle: (m) => `${m} 连接断开`,
  lostBody: (s) => `已 ${s} 秒没有日志流，正在重试。`,
  modelsLostTitle: (n, s) => `${s} 上 ${n} 个模型连接断开`,
  modelsLostBody: (names, s) => `${names}：已 ${s} 秒没有日志流，正在重试。`,
  serverLostTitle: (n) => `服务器 ${n} 无法访问`,
  serverLostBody: (u, s) => `${u} 已 ${s} 秒无响应，正在重试。`,
  readyTitle: (m) => `${m} 已就绪`,
  readyBody: '模型正在运行，日志流已连接。',
  summaryTitle: (n) => `另有 ${n} 条提醒未显示`,
  summaryBody: '一分钟内提醒过多，请打开 LLM Log Tray 查看全部。',
  slowTitle: (m) => `${m} 生成变慢`,
  slowBody: (v, th) => `最近 5 分钟生成速度中位数：${v} tok/s（低于 ${th} tok/s 时提醒）。`,
  hints: {
    'cuda-oom': '显存不足：请降低上下文长度或 GPU 层数。',
    'host-oom': '内存不足：请降低上下文长度或关闭其他程序。',
    'kv-cache': 'KV 缓存不足：请降低最大长度或提高显存占用比例。',
    'port-in-use': '端口被占用：请停止占用端口的进程或更换端口。',
    'ggml-assert': 'llama.cpp 断言失败：请检查模型文件和参数。',
    fatal: '致命错误：模型进程已停止。',
    segfault: '段错误：模型进程已崩溃。',
    killed: '进程被终止（常见原因是内存不足）。',
    'exit-code': '模型进程已退出。',
    'model-load': '模型加载失败：请检查路径和格式。',
    traceback: 'Python 异常：回溯信息的最后一行指出了原因。',
  },
};

export function alertTexts(lang: UiLanguage): AlertTexts {
  return lang === 'zh-CN' ? zh : en;
}
