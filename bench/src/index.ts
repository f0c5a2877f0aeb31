// What other workspaces drive the platform with: the cluster tier runs the drills' loads and
// audits against the platform deployed on a real cluster, with faults of its own.
export { agentTo, type Endpoint, fetchFor } from './api/endpoint';
export { readBacklog } from './drills/bus-backlog';
export { type DrillContext, drillContextAt } from './drills/drill-context';
export { CI_DRILL, type DrillOptions } from './drills/drill-options';
export { faultEachService, type ServiceFault } from './drills/fault-each-service';
export { type DrillReport, reportOf, Tally, verdictLine } from './drills/tally';
