// Loaded into the browser journey's process (node --require) by the cluster tier: the
// journey's own requests (its stack and server-rendering checks use fetch) reach
// https://ticketing.dev through the ingress at INGRESS_ADDRESS, as Chromium's do through
// --host-resolver-rules.
import { setGlobalDispatcher } from 'undici';

import { ingressAgent } from './ingress';

const address = process.env['INGRESS_ADDRESS'];
if (!address)
  throw new Error('route-to-ingress needs INGRESS_ADDRESS, the ingress Service address');
setGlobalDispatcher(ingressAgent(address));
