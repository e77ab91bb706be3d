import { createHash } from 'node:crypto';

/**
 * AWS managed policies that linkstack serves under arn:aws:iam::aws:policy/…. Documents are the
 * ones AWS publishes; AmazonECSServiceRolePolicy is the JSON from the seed document.
 */
export interface AwsManagedPolicy {
  policyName: string;
  path: string;
  policyId: string;
  description?: string;
  /** AWS's current default version id. */
  defaultVersionId: string;
  createDate: Date;
  updateDate: Date;
  /** Policies for service-linked roles cannot be attached to anything else. */
  serviceLinkedRolePolicy: boolean;
  /** The default version's document, as JSON text. */
  document: string;
}

export function awsManagedPolicyArn(p: Pick<AwsManagedPolicy, 'path' | 'policyName'>): string {
  return `arn:aws:iam::aws:policy${p.path}${p.policyName}`;
}

const amazonEcsServiceRolePolicy = {
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ECSTaskManagement",
      "Effect": "Allow",
      "Action": [
        "ec2:AttachNetworkInterface",
        "ec2:CreateNetworkInterface",
        "ec2:CreateNetworkInterfacePermission",
        "ec2:DeleteNetworkInterface",
        "ec2:DeleteNetworkInterfacePermission",
        "ec2:Describe*",
        "ec2:DetachNetworkInterface",
        "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
        "elasticloadbalancing:DeregisterTargets",
        "elasticloadbalancing:Describe*",
        "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
        "elasticloadbalancing:RegisterTargets",
        "route53:ChangeResourceRecordSets",
        "route53:CreateHealthCheck",
        "route53:DeleteHealthCheck",
        "route53:Get*",
        "route53:List*",
        "route53:UpdateHealthCheck",
        "servicediscovery:DeregisterInstance",
        "servicediscovery:Get*",
        "servicediscovery:List*",
        "servicediscovery:RegisterInstance",
        "servicediscovery:UpdateInstanceCustomHealthStatus"
      ],
      "Resource": "*"
    },
    {
      "Sid": "AutoScaling",
      "Effect": "Allow",
      "Action": [
        "autoscaling:Describe*"
      ],
      "Resource": "*"
    },
    {
      "Sid": "AutoScalingManagement",
      "Effect": "Allow",
      "Action": [
        "autoscaling:DeletePolicy",
        "autoscaling:PutScalingPolicy",
        "autoscaling:SetInstanceProtection",
        "autoscaling:UpdateAutoScalingGroup"
      ],
      "Resource": "*",
      "Condition": {
        "Null": {
          "autoscaling:ResourceTag/AmazonECSManaged": "false"
        }
      }
    },
    {
      "Sid": "AutoScalingPlanManagement",
      "Effect": "Allow",
      "Action": [
        "autoscaling-plans:CreateScalingPlan",
        "autoscaling-plans:DeleteScalingPlan",
        "autoscaling-plans:DescribeScalingPlans"
      ],
      "Resource": "*"
    },
    {
      "Sid": "CWAlarmManagement",
      "Effect": "Allow",
      "Action": [
        "cloudwatch:DeleteAlarms",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:PutMetricAlarm"
      ],
      "Resource": "arn:aws:cloudwatch:*:*:alarm:*"
    },
    {
      "Sid": "ECSTagging",
      "Effect": "Allow",
      "Action": [
        "ec2:CreateTags"
      ],
      "Resource": "arn:aws:ec2:*:*:network-interface/*"
    },
    {
      "Sid": "CWLogGroupManagement",
      "Effect": "Allow",
      "Action": [
        "logs:CreateLogGroup",
        "logs:DescribeLogGroups",
        "logs:PutRetentionPolicy"
      ],
      "Resource": "arn:aws:logs:*:*:log-group:/aws/ecs/*"
    },
    {
      "Sid": "CWLogStreamManagement",
      "Effect": "Allow",
      "Action": [
        "logs:CreateLogStream",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents"
      ],
      "Resource": "arn:aws:logs:*:*:log-group:/aws/ecs/*:log-stream:*"
    },
    {
      "Sid": "ExecuteCommandSessionManagement",
      "Effect": "Allow",
      "Action": [
        "ssm:DescribeSessions"
      ],
      "Resource": "*"
    },
    {
      "Sid": "ExecuteCommand",
      "Effect": "Allow",
      "Action": [
        "ssm:StartSession"
      ],
      "Resource": [
        "arn:aws:ecs:*:*:task/*",
        "arn:aws:ssm:*:*:document/AmazonECS-ExecuteInteractiveCommand"
      ]
    }
  ]
};

/** A stable ANPA id for catalog policies whose real id linkstack does not know. */
function stablePolicyId(policyName: string): string {
  const digest = createHash('sha256').update(policyName).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += alphabet[digest[i]! % 32];
  return id;
}

const autoScalingServiceRolePolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EC2InstanceManagement',
      Effect: 'Allow',
      Action: [
        'ec2:AttachClassicLinkVpc',
        'ec2:CancelSpotInstanceRequests',
        'ec2:CreateFleet',
        'ec2:CreateTags',
        'ec2:DeleteTags',
        'ec2:Describe*',
        'ec2:DetachClassicLinkVpc',
        'ec2:GetInstanceTypesFromInstanceRequirements',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:ModifyInstanceAttribute',
        'ec2:RequestSpotInstances',
        'ec2:RunInstances',
        'ec2:StartInstances',
        'ec2:StopInstances',
        'ec2:TerminateInstances',
      ],
      Resource: '*',
    },
    {
      Sid: 'EC2InstanceProfileManagement',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: '*',
      Condition: { StringLike: { 'iam:PassedToService': 'ec2.amazonaws.com*' } },
    },
    {
      Sid: 'EC2SpotManagement',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'spot.amazonaws.com' } },
    },
    {
      Sid: 'ELBManagement',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:Register*', 'elasticloadbalancing:Deregister*', 'elasticloadbalancing:Describe*'],
      Resource: '*',
    },
    {
      Sid: 'CWManagement',
      Effect: 'Allow',
      Action: ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:PutMetricAlarm'],
      Resource: '*',
    },
    { Sid: 'SNSManagement', Effect: 'Allow', Action: ['sns:Publish'], Resource: '*' },
    {
      Sid: 'EventBridgeRuleManagement',
      Effect: 'Allow',
      Action: ['events:PutRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DeleteRule', 'events:DescribeRule'],
      Resource: '*',
      Condition: { StringEquals: { 'events:ManagedBy': 'autoscaling.amazonaws.com' } },
    },
    { Sid: 'SystemsManagerParameterManagement', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: '*' },
    {
      Sid: 'VpcLatticeManagement',
      Effect: 'Allow',
      Action: [
        'vpc-lattice:DeregisterTargets',
        'vpc-lattice:GetTargetGroup',
        'vpc-lattice:ListTargets',
        'vpc-lattice:ListTargetGroups',
        'vpc-lattice:RegisterTargets',
      ],
      Resource: '*',
    },
  ],
};

const awsElasticBeanstalkServiceRolePolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowCloudformationReadOperationsOnElasticBeanstalkStacks',
      Effect: 'Allow',
      Action: [
        'cloudformation:DescribeStackResource',
        'cloudformation:DescribeStackResources',
        'cloudformation:DescribeStacks',
      ],
      Resource: ['arn:aws:cloudformation:*:*:stack/awseb-*', 'arn:aws:cloudformation:*:*:stack/eb-*'],
    },
    {
      Sid: 'AllowOperations',
      Effect: 'Allow',
      Action: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeNotificationConfigurations',
        'autoscaling:DescribeScalingActivities',
        'autoscaling:PutNotificationConfiguration',
        'ec2:DescribeInstanceStatus',
        'ec2:AssociateAddress',
        'ec2:DescribeAddresses',
        'ec2:DescribeInstances',
        'ec2:DescribeSecurityGroups',
        'elasticloadbalancing:DescribeInstanceHealth',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTargetGroups',
        'lambda:GetFunction',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sns:Publish',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'AllowOperationsOnHealthStreamingLogs',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogStream',
        'logs:DescribeLogGroups',
        'logs:DescribeLogStreams',
        'logs:DeleteLogGroup',
        'logs:PutLogEvents',
      ],
      Resource: 'arn:aws:logs:*:*:log-group:/aws/elasticbeanstalk/*',
    },
  ],
};

const awsApplicationAutoscalingEcsServicePolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'ecs:DescribeServices',
        'ecs:UpdateService',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:GetMetricData',
        'cloudwatch:DeleteAlarms',
      ],
      Resource: ['*'],
    },
  ],
};

export const awsManagedPolicies: readonly AwsManagedPolicy[] = [
  {
    policyName: 'AmazonECSServiceRolePolicy',
    path: '/aws-service-role/',
    policyId: 'ANPAJVKFZBLQMLGSFVFAI',
    description: 'Policy to enable Amazon ECS to manage your cluster.',
    defaultVersionId: 'v24',
    createDate: new Date('2017-10-14T01:18:58Z'),
    updateDate: new Date('2026-04-22T00:00:00Z'),
    serviceLinkedRolePolicy: true,
    document: JSON.stringify(amazonEcsServiceRolePolicy, null, 2),
  },
  {
    policyName: 'AutoScalingServiceRolePolicy',
    path: '/aws-service-role/',
    policyId: stablePolicyId('AutoScalingServiceRolePolicy'),
    description: 'Enables access to AWS Services and Resources used or managed by Auto Scaling',
    defaultVersionId: 'v8',
    createDate: new Date('2018-01-08T23:10:00Z'),
    updateDate: new Date('2024-02-29T17:48:58Z'),
    serviceLinkedRolePolicy: true,
    document: JSON.stringify(autoScalingServiceRolePolicy, null, 2),
  },
  {
    policyName: 'AWSElasticBeanstalkServiceRolePolicy',
    path: '/aws-service-role/',
    policyId: stablePolicyId('AWSElasticBeanstalkServiceRolePolicy'),
    defaultVersionId: 'v6',
    // AWS's creation date is not recorded here; the default version's date stands in for it.
    createDate: new Date('2019-06-06T21:59:51Z'),
    updateDate: new Date('2019-06-06T21:59:51Z'),
    serviceLinkedRolePolicy: true,
    document: JSON.stringify(awsElasticBeanstalkServiceRolePolicy, null, 2),
  },
  {
    policyName: 'AWSApplicationAutoscalingECSServicePolicy',
    path: '/aws-service-role/',
    policyId: stablePolicyId('AWSApplicationAutoscalingECSServicePolicy'),
    description: 'Policy granting permissions to Application Auto Scaling to access EC2 Container Service and CloudWatch.',
    defaultVersionId: 'v2',
    createDate: new Date('2017-10-25T23:53:00Z'),
    updateDate: new Date('2024-10-24T20:05:00Z'),
    serviceLinkedRolePolicy: true,
    document: JSON.stringify(awsApplicationAutoscalingEcsServicePolicy, null, 2),
  },
];

const byArn = new Map(awsManagedPolicies.map((p) => [awsManagedPolicyArn(p), p]));

export function findAwsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return byArn.get(arn);
}
