import { iamArn } from '../arns.js';
import { iamErrors } from './errors.js';
import { iamTagCodec, mergeTags, removeTags, requireDistinctTagKeys, type Tag } from './tags.js';
import { child, fail, instant, list, object, readList, str, type Codec, type Json } from '../snapshot/codec.js';

/**
 * An IAM OIDC identity provider: the issuer a web identity token must come from
 * (`token.actions.githubusercontent.com`, an EKS cluster's issuer, …) and the audiences
 * (client ids) it may be issued to. AWS names it by its URL without the scheme.
 */
export interface OpenIdConnectProvider {
  arn: string;
  /** The URL without `https://`, as GetOpenIDConnectProvider returns it and the ARN ends. */
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: Date;
  tags: Tag[];
}

export const openIdConnectProviderCodec: Codec<OpenIdConnectProvider> = object({
  arn: str,
  url: str,
  clientIds: list(str),
  thumbprints: list(str),
  createDate: instant,
  tags: list(iamTagCodec),
});

/** IAM's quotas on OIDC providers (AWS's IAM quotas page); the texts are of IAM's usual form. */
const PROVIDERS_PER_ACCOUNT = 100;
const CLIENT_IDS_PER_PROVIDER = 100;
const THUMBPRINTS_PER_PROVIDER = 5;

const HTTPS = /^https:\/\//i;
const PROVIDER_ARN = /^arn:aws:iam::(\d{12}):oidc-provider\/(.+)$/;

/** The issuer URL as IAM keys it: without the scheme. */
export function issuerKey(url: string): string {
  return url.replace(HTTPS, '');
}

export class OpenIdConnectProviderRegistry {
  private readonly providers = new Map<string, OpenIdConnectProvider>();

  constructor(private readonly accountId: string) {}

  arnFor(url: string): string {
    return iamArn.oidcProvider(this.accountId, issuerKey(url));
  }

  toSnapshot(): Json {
    return list(openIdConnectProviderCodec).encode([...this.providers.values()]);
  }

  restore(value: unknown, path: string): void {
    readList(openIdConnectProviderCodec, value, path).forEach((provider, i) => {
      const at = child(path, i);
      const arn = iamArn.oidcProvider(this.accountId, provider.url);
      if (provider.arn !== arn) fail(child(at, 'arn'), `expected ${arn}, the ARN of the provider for ${provider.url}`);
      if (this.providers.has(arn)) fail(child(at, 'arn'), 'this provider comes earlier in the list');
      this.providers.set(arn, provider);
    });
  }

  find(arn: string): OpenIdConnectProvider | undefined {
    return this.providers.get(arn);
  }

  /** By ARN; an ARN that is not an OIDC provider's is InvalidInput, one of another account not found. */
  get(arn: string): OpenIdConnectProvider {
    if (!PROVIDER_ARN.test(arn)) throw iamErrors.invalidOpenIdConnectProviderArn(arn);
    const provider = this.providers.get(arn);
    if (!provider) throw iamErrors.openIdConnectProviderNotFound(arn);
    return provider;
  }

  /** The provider a token's `iss` names (the URL with its scheme, as tokens carry it). */
  forIssuer(issuer: string): OpenIdConnectProvider | undefined {
    if (!HTTPS.test(issuer)) return undefined;
    return this.providers.get(this.arnFor(issuer));
  }

  /** Sorted by ARN. */
  all(): OpenIdConnectProvider[] {
    return [...this.providers.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  }

  get size(): number {
    return this.providers.size;
  }

  create(input: { url: string; clientIds?: string[]; thumbprints?: string[]; tags?: Tag[] }, now: Date): OpenIdConnectProvider {
    if (!HTTPS.test(input.url) || issuerKey(input.url).length === 0) throw iamErrors.invalidOpenIdConnectProviderUrl();
    const arn = this.arnFor(input.url);
    if (this.providers.has(arn)) throw iamErrors.openIdConnectProviderExists(input.url);
    if (this.providers.size >= PROVIDERS_PER_ACCOUNT) {
      throw iamErrors.quotaExceeded('OpenIdConnectProvidersPerAccount', PROVIDERS_PER_ACCOUNT);
    }
    const clientIds = unique(input.clientIds ?? []);
    checkClientIdCount(clientIds.length);
    const thumbprints = unique(input.thumbprints ?? []);
    checkThumbprintCount(thumbprints.length);
    const tags = input.tags ?? [];
    requireDistinctTagKeys(tags);
    const provider: OpenIdConnectProvider = {
      arn,
      url: issuerKey(input.url),
      clientIds,
      thumbprints,
      createDate: now,
      tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    };
    this.providers.set(arn, provider);
    return provider;
  }

  delete(arn: string): void {
    this.get(arn);
    this.providers.delete(arn);
  }

  /** AddClientIDToOpenIDConnectProvider: idempotent, as AWS documents. */
  addClientId(arn: string, clientId: string): void {
    const provider = this.get(arn);
    if (provider.clientIds.includes(clientId)) return;
    checkClientIdCount(provider.clientIds.length + 1);
    provider.clientIds.push(clientId);
  }

  /** RemoveClientIDFromOpenIDConnectProvider: removing one that is not there is not an error, as AWS documents. */
  removeClientId(arn: string, clientId: string): void {
    const provider = this.get(arn);
    provider.clientIds = provider.clientIds.filter((c) => c !== clientId);
  }

  /** UpdateOpenIDConnectProviderThumbprint replaces the whole list. */
  updateThumbprints(arn: string, thumbprints: string[]): void {
    const provider = this.get(arn);
    const list = unique(thumbprints);
    checkThumbprintCount(list.length);
    provider.thumbprints = list;
  }

  tag(arn: string, tags: Tag[]): void {
    const provider = this.get(arn);
    provider.tags = mergeTags(provider.tags, tags, 'TagsPerOpenIdConnectProvider');
  }

  untag(arn: string, keys: string[]): void {
    const provider = this.get(arn);
    provider.tags = removeTags(provider.tags, keys);
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function checkClientIdCount(n: number): void {
  if (n > CLIENT_IDS_PER_PROVIDER) {
    throw iamErrors.quotaExceeded('ClientIdsPerOpenIdConnectProvider', CLIENT_IDS_PER_PROVIDER);
  }
}

function checkThumbprintCount(n: number): void {
  if (n > THUMBPRINTS_PER_PROVIDER) {
    throw iamErrors.quotaExceeded('ThumbprintsPerOpenIdConnectProvider', THUMBPRINTS_PER_PROVIDER);
  }
}
