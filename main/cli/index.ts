// llm-log-tray command-line companion (filled in by the CLI step).
console.log('llm-log-tray');
