/**
 * The AWS services that linkstack knows how to create a service-linked role for, with the role
 * each one gets. A real account has one of these per service; the data comes from AWS's
 * documentation of each service's service-linked role.
 */
export interface LinkedService {
  /** The service principal, e.g. ecs.amazonaws.com (the `AWSServiceName` of the API). */
  servicePrincipal: string;
  roleName: string;
  description?: string;
  /** AWS managed policies the role is created with. */
  policyArns: string[];
  /** Whether CreateServiceLinkedRole accepts a CustomSuffix for this service. */
  acceptsCustomSuffix: boolean;
}

export const linkedServices: readonly LinkedService[] = [
  {
    servicePrincipal: 'ecs.amazonaws.com',
    roleName: 'AWSServiceRoleForECS',
    description: 'Role to enable Amazon ECS to manage your cluster.',
    policyArns: ['arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy'],
    acceptsCustomSuffix: false,
  },
  {
    servicePrincipal: 'autoscaling.amazonaws.com',
    roleName: 'AWSServiceRoleForAutoScaling',
    description:
      'Default Service-Linked Role enables access to AWS Services and Resources used or managed by Auto Scaling',
    policyArns: ['arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy'],
    acceptsCustomSuffix: true,
  },
  {
    servicePrincipal: 'elasticbeanstalk.amazonaws.com',
    roleName: 'AWSServiceRoleForElasticBeanstalk',
    description:
      'Allows Elastic Beanstalk to create and manage AWS resources on your behalf.',
    policyArns: ['arn:aws:iam::aws:policy/aws-service-role/AWSElasticBeanstalkServiceRolePolicy'],
    acceptsCustomSuffix: false,
  },
  {
    // Created when an ECS service is registered as a scalable target.
    servicePrincipal: 'ecs.application-autoscaling.amazonaws.com',
    roleName: 'AWSServiceRoleForApplicationAutoScaling_ECSService',
    policyArns: ['arn:aws:iam::aws:policy/aws-service-role/AWSApplicationAutoscalingECSServicePolicy'],
    acceptsCustomSuffix: false,
  },
];

export function findLinkedService(servicePrincipal: string): LinkedService | undefined {
  return linkedServices.find((s) => s.servicePrincipal === servicePrincipal);
}

export const ECS_SERVICE_PRINCIPAL = 'ecs.amazonaws.com';
export const ECS_SERVICE_LINKED_ROLE = 'AWSServiceRoleForECS';
