// Standalone demo server entry (filled in by the demo-server step).
console.log('demo server');
