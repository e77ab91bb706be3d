/**
 * AWS region names: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`
 * (the partitions' regionRegex in botocore's endpoints.json, taken together). A request signed
 * for anything else names no region, so it can neither reach nor create regional state.
 */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isRegionName(name: string): boolean {
  return name.length <= 32 && REGION_NAME.test(name);
}
