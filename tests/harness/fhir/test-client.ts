/**
 * A fhir-kit-client Client aimed at a harness server. fhir-kit-client marks every fetch
 * `keepalive: true`; TOOLCHAIN.md advises turning that off for large bundles (the fetch spec caps
 * keepalive bodies at 64 KiB). On Node 20.20 a 950 KB batch passed either way, so this is a precaution
 * that our production connector should take too, done through the request-signer hook.
 */
import { Client } from 'fhir-kit-client';

export interface HarnessClientOptions {
  /** Bearer token to send; omit for none. */
  token?: string;
}

export function harnessClient(server: { baseUrl: string }, options: HarnessClientOptions = {}): Client {
  return new Client({
    baseUrl: server.baseUrl,
    ...(options.token ? { bearerToken: options.token } : {}),
    requestSigner: (_url, init) => {
      init.keepalive = false;
    },
  });
}
