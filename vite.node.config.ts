import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Plain-Node entry points (no Electron): the command-line companion, the demo server, benchmarks.
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/node',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: {
        cli: resolve(import.meta.dirname, 'main/cli/index.ts'),
        'demo-server': resolve(import.meta.dirname, 'main/demo/cli.ts'),
        bench: resolve(import.meta.dirname, 'test/bench/index.ts'),
        'idle-core': resolve(import.meta.dirname, 'test/bench/app-core-process.ts'),
        soak: resolve(import.meta.dirname, 'test/soak/soak.ts'),
      },
      // playwright-core and ws are only used by the benchmarks' window harness; they stay in node_modules.
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'playwright-core', 'ws'],
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
  ssr: { noExternal: true },
});
