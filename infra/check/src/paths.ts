import { join, resolve } from 'node:path';

/** The repository root, whatever directory jest was started from. */
export const repoRoot = resolve(__dirname, '..', '..', '..');

export const fromRoot = (...parts: string[]): string => join(repoRoot, ...parts);

/** infra/k8s: the kustomization `skaffold dev` applies, with overlays/ beside it. */
export const k8sDir = fromRoot('infra', 'k8s');
