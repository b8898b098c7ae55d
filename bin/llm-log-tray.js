#!/usr/bin/env node
import '../out/node/cli.js';
