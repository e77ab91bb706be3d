/**
 * Every AWS service linkstack creates a service-linked role for, with the role it gets. The 71
 * services of shared/reference/service-linked-roles.json are what real AWS answered
 * CreateServiceLinkedRole + GetRole + ListAttachedRolePolicies with (recordings of AWS-validated
 * tests, 2025): each role is named as listed, lives under /aws-service-role/<service>/, is trusted
 * by the service principal alone, has exactly the listed AWS managed policies (all under
 * /aws-service-role/) and no inline policy, and a CustomSuffix is accepted only where marked.
 * ecs.application-autoscaling.amazonaws.com is not in the recordings; AWS documents its role.
 */
export interface LinkedService {
  /** The service principal, e.g. ecs.amazonaws.com (the `AWSServiceName` of the API). */
  servicePrincipal: string;
  roleName: string;
  /** What the role says when created without a Description (known only for a few services). */
  description?: string;
  /** AWS managed policies the role is created with. */
  policyArns: string[];
  /** Whether CreateServiceLinkedRole accepts a CustomSuffix for this service. */
  acceptsCustomSuffix: boolean;
}

/** [service principal, role name, policy names under /aws-service-role/, CustomSuffix allowed] */
const recorded: [string, string, string[], boolean][] = [
  ['accountdiscovery.ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM_AccountDiscovery', ['AWSSystemsManagerAccountDiscoveryServicePolicy'], false],
  ['acm.amazonaws.com', 'AWSServiceRoleForCertificateManager', ['CertificateManagerServiceRolePolicy'], false],
  ['appmesh.amazonaws.com', 'AWSServiceRoleForAppMesh', ['AWSAppMeshServiceRolePolicy'], false],
  ['autoscaling-plans.amazonaws.com', 'AWSServiceRoleForAutoScalingPlans_EC2AutoScaling', ['AWSAutoScalingPlansEC2AutoScalingPolicy'], false],
  ['autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling', ['AutoScalingServiceRolePolicy'], true],
  ['backup.amazonaws.com', 'AWSServiceRoleForBackup', ['AWSBackupServiceLinkedRolePolicyForBackup'], false],
  ['batch.amazonaws.com', 'AWSServiceRoleForBatch', ['BatchServiceRolePolicy'], false],
  ['cassandra.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_CassandraTable', ['AWSApplicationAutoscalingCassandraTablePolicy'], false],
  ['cks.kms.amazonaws.com', 'AWSServiceRoleForKeyManagementServiceCustomKeyStores', ['AWSKeyManagementServiceCustomKeyStoresServiceRolePolicy'], false],
  ['cloudtrail.amazonaws.com', 'AWSServiceRoleForCloudTrail', ['CloudTrailServiceRolePolicy'], false],
  ['codestar-notifications.amazonaws.com', 'AWSServiceRoleForCodeStarNotifications', ['AWSCodeStarNotificationsServiceRolePolicy'], false],
  ['config.amazonaws.com', 'AWSServiceRoleForConfig', ['AWSConfigServiceRolePolicy'], false],
  ['connect.amazonaws.com', 'AWSServiceRoleForAmazonConnect', ['AmazonConnectServiceLinkedRolePolicy'], true],
  ['dms-fleet-advisor.amazonaws.com', 'AWSServiceRoleForDMSFleetAdvisor', ['AWSDMSFleetAdvisorServiceRolePolicy'], false],
  ['dms.amazonaws.com', 'AWSServiceRoleForDMSServerless', ['AWSDMSServerlessServiceRolePolicy'], false],
  ['docdb-elastic.amazonaws.com', 'AWSServiceRoleForDocDB-Elastic', ['AmazonDocDB-ElasticServiceRolePolicy'], false],
  ['ec2-instance-connect.amazonaws.com', 'AWSServiceRoleForEc2InstanceConnect', ['Ec2InstanceConnectEndpoint'], false],
  ['ec2.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_EC2SpotFleetRequest', ['AWSApplicationAutoscalingEC2SpotFleetRequestPolicy'], false],
  ['ecr.amazonaws.com', 'AWSServiceRoleForECRTemplate', ['ECRTemplateServiceRolePolicy'], false],
  ['ecs.amazonaws.com', 'AWSServiceRoleForECS', ['AmazonECSServiceRolePolicy'], false],
  ['ecs.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_ECSService', ['AWSApplicationAutoscalingECSServicePolicy'], false],
  ['eks-connector.amazonaws.com', 'AWSServiceRoleForAmazonEKSConnector', ['AmazonEKSConnectorServiceRolePolicy'], false],
  ['eks-fargate.amazonaws.com', 'AWSServiceRoleForAmazonEKSForFargate', ['AmazonEKSForFargateServiceRolePolicy'], false],
  ['eks-nodegroup.amazonaws.com', 'AWSServiceRoleForAmazonEKSNodegroup', ['AWSServiceRoleForAmazonEKSNodegroup'], false],
  ['eks.amazonaws.com', 'AWSServiceRoleForAmazonEKS', ['AmazonEKSServiceRolePolicy'], false],
  ['elasticache.amazonaws.com', 'AWSServiceRoleForElastiCache', ['ElastiCacheServiceRolePolicy'], false],
  ['elasticbeanstalk.amazonaws.com', 'AWSServiceRoleForElasticBeanstalk', ['AWSElasticBeanstalkServiceRolePolicy'], false],
  ['elasticfilesystem.amazonaws.com', 'AWSServiceRoleForAmazonElasticFileSystem', ['AmazonElasticFileSystemServiceRolePolicy'], false],
  ['elasticloadbalancing.amazonaws.com', 'AWSServiceRoleForElasticLoadBalancing', ['AWSElasticLoadBalancingServiceRolePolicy'], false],
  ['email.cognito-idp.amazonaws.com', 'AWSServiceRoleForAmazonCognitoIdpEmailService', ['AmazonCognitoIdpEmailServiceRolePolicy'], false],
  ['emr-containers.amazonaws.com', 'AWSServiceRoleForAmazonEMRContainers', ['AmazonEMRContainersServiceRolePolicy'], false],
  ['emrwal.amazonaws.com', 'AWSServiceRoleForEMRWAL', ['EMRDescribeClusterPolicyForEMRWAL'], false],
  ['fis.amazonaws.com', 'AWSServiceRoleForFIS', ['AmazonFISServiceRolePolicy'], false],
  ['grafana.amazonaws.com', 'AWSServiceRoleForAmazonGrafana', ['AmazonGrafanaServiceLinkedRolePolicy'], false],
  ['imagebuilder.amazonaws.com', 'AWSServiceRoleForImageBuilder', ['AWSServiceRoleForImageBuilder'], false],
  ['iotmanagedintegrations.amazonaws.com', 'AWSServiceRoleForIoTManagedIntegrations', ['AWSIoTManagedIntegrationsRolePolicy'], false],
  ['kafka.amazonaws.com', 'AWSServiceRoleForKafka', ['KafkaServiceRolePolicy'], false],
  ['kafkaconnect.amazonaws.com', 'AWSServiceRoleForKafkaConnect', ['KafkaConnectServiceRolePolicy'], false],
  ['lakeformation.amazonaws.com', 'AWSServiceRoleForLakeFormationDataAccess', ['LakeFormationDataAccessServiceRolePolicy'], false],
  ['lex.amazonaws.com', 'AWSServiceRoleForLexBots', ['AmazonLexBotPolicy'], false],
  ['lexv2.amazonaws.com', 'AWSServiceRoleForLexV2Bots', ['AmazonLexV2BotPolicy'], true],
  ['lightsail.amazonaws.com', 'AWSServiceRoleForLightsail', ['LightsailExportAccess'], false],
  ['m2.amazonaws.com', 'AWSServiceRoleForAWSM2', ['AWSM2ServicePolicy'], false],
  ['memorydb.amazonaws.com', 'AWSServiceRoleForMemoryDB', ['MemoryDBServiceRolePolicy'], false],
  ['mq.amazonaws.com', 'AWSServiceRoleForAmazonMQ', ['AmazonMQServiceRolePolicy'], false],
  ['mrk.kms.amazonaws.com', 'AWSServiceRoleForKeyManagementServiceMultiRegionKeys', ['AWSKeyManagementServiceMultiRegionKeysServiceRolePolicy'], false],
  ['notifications.amazonaws.com', 'AWSServiceRoleForAwsUserNotifications', ['AWSUserNotificationsServiceLinkedRolePolicy'], false],
  ['observability.aoss.amazonaws.com', 'AWSServiceRoleForAmazonOpenSearchServerless', ['AmazonOpenSearchServerlessServiceRolePolicy'], false],
  ['opensearchservice.amazonaws.com', 'AWSServiceRoleForAmazonOpenSearchService', ['AmazonOpenSearchServiceRolePolicy'], false],
  ['ops.apigateway.amazonaws.com', 'AWSServiceRoleForAPIGateway', ['APIGatewayServiceRolePolicy'], false],
  ['ops.emr-serverless.amazonaws.com', 'AWSServiceRoleForAmazonEMRServerless', ['AmazonEMRServerlessServiceRolePolicy'], false],
  ['opsdatasync.ssm.amazonaws.com', 'AWSServiceRoleForSystemsManagerOpsDataSync', ['AWSSystemsManagerOpsDataSyncServiceRolePolicy'], false],
  ['opsinsights.ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM_OpsInsights', ['AWSSSMOpsInsightsServiceRolePolicy'], false],
  ['pullthroughcache.ecr.amazonaws.com', 'AWSServiceRoleForECRPullThroughCache', ['AWSECRPullThroughCache_ServiceRolePolicy'], false],
  ['ram.amazonaws.com', 'AWSServiceRoleForResourceAccessManager', ['AWSResourceAccessManagerServiceRolePolicy'], false],
  ['rds.amazonaws.com', 'AWSServiceRoleForRDS', ['AmazonRDSServiceRolePolicy'], false],
  ['redshift.amazonaws.com', 'AWSServiceRoleForRedshift', ['AmazonRedshiftServiceLinkedRolePolicy'], false],
  ['replication.cassandra.amazonaws.com', 'AWSServiceRoleForKeyspacesReplication', ['KeyspacesReplicationServiceRolePolicy'], false],
  ['replication.ecr.amazonaws.com', 'AWSServiceRoleForECRReplication', ['ECRReplicationServiceRolePolicy'], false],
  ['repository.sync.codeconnections.amazonaws.com', 'AWSServiceRoleForGitSync', ['AWSGitSyncServiceRolePolicy'], false],
  ['resource-explorer-2.amazonaws.com', 'AWSServiceRoleForResourceExplorer', ['AWSResourceExplorerServiceRolePolicy'], false],
  ['rolesanywhere.amazonaws.com', 'AWSServiceRoleForRolesAnywhere', ['AWSRolesAnywhereServicePolicy'], false],
  ['s3-outposts.amazonaws.com', 'AWSServiceRoleForS3OnOutposts', ['AWSS3OnOutpostsServiceRolePolicy'], false],
  ['ses.amazonaws.com', 'AWSServiceRoleForAmazonSES', ['AmazonSESServiceRolePolicy'], false],
  ['shield.amazonaws.com', 'AWSServiceRoleForAWSShield', ['AWSShieldServiceRolePolicy'], false],
  ['ssm-incidents.amazonaws.com', 'AWSServiceRoleForIncidentManager', ['AWSIncidentManagerServiceRolePolicy'], false],
  ['ssm-quicksetup.amazonaws.com', 'AWSServiceRoleForSSMQuickSetup', ['SSMQuickSetupRolePolicy'], false],
  ['ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM', ['AmazonSSMServiceRolePolicy'], false],
  ['sso.amazonaws.com', 'AWSServiceRoleForSSO', ['AWSSSOServiceRolePolicy'], false],
  ['vpcorigin.cloudfront.amazonaws.com', 'AWSServiceRoleForCloudFrontVPCOrigin', ['AWSCloudFrontVPCOriginServiceRolePolicy'], false],
  ['waf.amazonaws.com', 'AWSServiceRoleForWAFLogging', ['WAFLoggingServiceRolePolicy'], false],
  ['wafv2.amazonaws.com', 'AWSServiceRoleForWAFV2Logging', ['WAFV2LoggingServiceRolePolicy'], false],
];

/** Descriptions AWS gives the role when it is created without one (others have none). */
const descriptions: Record<string, string> = {
  'ecs.amazonaws.com': 'Role to enable Amazon ECS to manage your cluster.',
  'autoscaling.amazonaws.com': 'Default Service-Linked Role enables access to AWS Services and Resources used or managed by Auto Scaling',
  'elasticbeanstalk.amazonaws.com': 'Allows Elastic Beanstalk to create and manage AWS resources on your behalf.',
};

export const linkedServices: readonly LinkedService[] = recorded.map(([servicePrincipal, roleName, policies, acceptsCustomSuffix]) => ({
  servicePrincipal,
  roleName,
  description: descriptions[servicePrincipal],
  policyArns: policies.map((p) => `arn:aws:iam::aws:policy/aws-service-role/${p}`),
  acceptsCustomSuffix,
}));

const byPrincipal = new Map(linkedServices.map((s) => [s.servicePrincipal, s]));
const linkedServicePolicies = new Set(linkedServices.flatMap((s) => s.policyArns));

/**
 * Whether the ARN is one of a linked service's own policies, every one of them in the AWS
 * catalog (test/e2e/serviceLinkedRole.allServices.test.ts): known without reading the catalog.
 */
export function isLinkedServicePolicy(arn: string): boolean {
  return linkedServicePolicies.has(arn);
}

export function findLinkedService(servicePrincipal: string): LinkedService | undefined {
  return byPrincipal.get(servicePrincipal);
}

/**
 * The service a role of this name would belong to: its own role name, or (for services that take
 * one) that name with a custom suffix after an underscore. Exact names win over suffixed ones, so
 * AWSServiceRoleForAmazonSSM_AccountDiscovery is not read as AWSServiceRoleForAmazonSSM + suffix.
 */
export function linkedServiceForRoleName(roleName: string): LinkedService | undefined {
  return (
    linkedServices.find((s) => s.roleName === roleName) ??
    linkedServices.find((s) => s.acceptsCustomSuffix && roleName.startsWith(`${s.roleName}_`))
  );
}

export const ECS_SERVICE_PRINCIPAL = 'ecs.amazonaws.com';
export const ECS_SERVICE_LINKED_ROLE = 'AWSServiceRoleForECS';
