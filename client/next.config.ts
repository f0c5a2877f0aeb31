import path from 'node:path';

import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // A self-contained server (`.next/standalone`) for the container image.
  output: 'standalone',
  // npm hoists the client's dependencies to the workspace root; tracing from there puts them in
  // the standalone output (as `.next/standalone/client/server.js` plus the root node_modules).
  outputFileTracingRoot: path.join(__dirname, '..'),
  turbopack: { root: path.join(__dirname, '..') },
  // `next dev` behind the local gateway: the browser's origin is 127.0.0.1, not localhost.
  allowedDevOrigins: ['127.0.0.1'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
