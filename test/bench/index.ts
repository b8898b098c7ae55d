// Benchmarks entry (npm run bench).
console.log('no benchmarks yet');
