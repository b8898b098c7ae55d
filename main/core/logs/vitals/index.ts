// Vitals: generation / prompt speed, requests and KV cache use, read from llama.cpp and vLLM log lines.
export { recogniseLine, type Recognised } from './recognisers.js';
export { VitalsExtractor } from './extractor.js';
export { VitalsStore, median, percentile, MINUTE_MS, BUCKET_MINUTES, RAW_SAMPLES, SPARK_MINUTES } from './series.js';
export { VitalsTracker } from './tracker.js';
