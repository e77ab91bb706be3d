import {
  jobStatus,
  roleForArn,
  rolePolicyDocuments,
  servicesAllowedBy,
  type ServiceLastAccessed,
} from '../../../state/accessAdvisor.js';
import { iamErrors } from '../../../state/iam/errors.js';
import { defineOperation } from '../../operation.js';
import { enumOf, req, str, struct } from '../../shapes.js';
import { arn, marker, maxItems } from './fields.js';

const jobId = () => str({ min: 36, max: 36 });

export const generateServiceLastAccessedDetails = defineOperation({
  name: 'GenerateServiceLastAccessedDetails',
  input: struct({ Arn: req(arn()), Granularity: enumOf(['SERVICE_LEVEL', 'ACTION_LEVEL'] as const) }),
  handle(input, ctx) {
    const { iam, accessAdvisor } = ctx.account;
    const roleName = roleForArn(iam, input.Arn);
    const namespaces = servicesAllowedBy(rolePolicyDocuments(iam, roleName));
    const job = accessAdvisor.startJob(input.Arn, namespaces, input.Granularity ?? 'SERVICE_LEVEL', ctx.now.getTime());
    return { JobId: job.jobId };
  },
  authorize(input) {
    return { action: 'iam:GenerateServiceLastAccessedDetails', resource: input.Arn };
  },
});

function serviceOutput(s: ServiceLastAccessed) {
  return {
    ServiceName: s.serviceName,
    ServiceNamespace: s.serviceNamespace,
    LastAuthenticated: s.lastAuthenticatedAtMs === undefined ? undefined : new Date(s.lastAuthenticatedAtMs),
    LastAuthenticatedEntity: s.lastAuthenticatedEntity,
    LastAuthenticatedRegion: s.lastAuthenticatedRegion,
    TotalAuthenticatedEntities: s.totalAuthenticatedEntities,
    TrackedActionsLastAccessed: s.trackedActions?.map((a) => ({
      ActionName: a.actionName,
      LastAccessedEntity: s.lastAuthenticatedEntity,
      LastAccessedTime: new Date(a.lastAccessedAtMs),
      LastAccessedRegion: a.lastAccessedRegion,
    })),
  };
}

export const getServiceLastAccessedDetails = defineOperation({
  name: 'GetServiceLastAccessedDetails',
  input: struct({ JobId: req(jobId()), MaxItems: maxItems(), Marker: marker() }),
  handle(input, ctx) {
    const job = ctx.account.accessAdvisor.findJob(input.JobId);
    if (!job) throw iamErrors.accessAdvisorJobNotFound(input.JobId);
    const status = jobStatus(job, ctx.now.getTime());
    const base = { JobStatus: status, JobType: job.granularity, JobCreationDate: new Date(job.createdAtMs) };
    // AWS leaves the completion date empty and the list empty while the job runs.
    if (status === 'IN_PROGRESS') return { ...base, ServicesLastAccessed: [], IsTruncated: false };
    const start = input.Marker === undefined ? 0 : Number(input.Marker);
    if (!Number.isInteger(start) || start < 0 || start > job.services.length) {
      throw iamErrors.invalidJobMarker(input.Marker);
    }
    const end = start + (input.MaxItems ?? 100);
    const truncated = end < job.services.length;
    return {
      ...base,
      ServicesLastAccessed: job.services.slice(start, end).map(serviceOutput),
      JobCompletionDate: new Date(job.completesAtMs),
      IsTruncated: truncated,
      Marker: truncated ? String(end) : undefined,
    };
  },
});

export const accessAdvisorOperations = [generateServiceLastAccessedDetails, getServiceLastAccessedDetails];
