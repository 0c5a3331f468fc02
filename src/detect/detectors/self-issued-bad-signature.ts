/**
 * Subject equals issuer but the certificate's own key does not verify its signature: a same-name issuer with another
 * key signed it. That is a forger's copy of a CA's name, or a leaf and its CA both left at one name: attack evidence
 * at medium, which other evidence must raise. Three ordinary cases stay low or silent: the name is a tool's default
 * (nobody's name to forge: a MySQL server certificate and its CA both 'Internet Widgits Pty Ltd'), the next
 * certificate of the presented chain carries the same name and its key verifies the signature, and RFC 5280 §3.2
 * key-rollover certificates inside a trusted chain (silent).
 */
import { dnText, isTrusted, signedBy } from '../cert-helpers';
import { matchesTool } from '../reference/tool-match';
import { makeSignal } from '../signal';
import type { Detector } from '../types';

export const selfIssuedBadSignature: Detector = {
  id: 'self-issued-bad-signature',
  group: 'identity',
  class: 'attack',
  severity: 'medium',
  weight: 25,
  description: 'subject equals issuer but the signature does not verify under the certificate\'s own key',
  evaluate(ctx) {
    const f = ctx.facts;
    if (!f.selfIssued || f.selfSignatureValid !== false || isTrusted(ctx)) return null;
    const next = ctx.chainFacts[ctx.position + 1];
    const evidence = { subject: f.subject.rfc4514, signatureAlgorithm: f.signatureAlgorithm.name, position: ctx.position };
    if (next && next.subject.rfc4514 === f.subject.rfc4514 && signedBy(f, next)) {
      return makeSignal(selfIssuedBadSignature, ctx, `subject equals issuer '${dnText(f.subject)}' but a presented CA of the same name signed it (a reused DN)`, { ...evidence, signerSha256: next.sha256 }, 'low');
    }
    const reason = `same-name issuer with another key: '${dnText(f.subject)}' names itself as issuer, but its own key does not verify its ${f.signatureAlgorithm.name} signature`;
    // A tool's default name is nobody's: a CA left at the same default signed it, and `tool-default` tells that story.
    const tool = ctx.reference.tools.find((t) => t.match.subject !== undefined && matchesTool(f, t.match));
    if (tool) return makeSignal(selfIssuedBadSignature, ctx, `${reason} (the name is ${tool.tools.join(' / ')}'s default, likely a CA left at it)`, { ...evidence, defaultOf: tool.tools.join(' / ') }, 'low');
    return makeSignal(selfIssuedBadSignature, ctx, reason, evidence);
  },
};
