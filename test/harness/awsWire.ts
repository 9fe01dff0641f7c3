// AWS's wire formats as the proxy needs them: error and result bodies of the query protocol (IAM, STS) and the
// JSON protocol (Organizations), and the pagination tokens of both (Marker in a form body and in the result
// XML; NextToken in a JSON body).

export type WireProtocol = 'query' | 'json';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The error body IAM and STS send, as documented for the query protocol. */
export function awsQueryErrorBody(
  code: string,
  message: string,
  type: 'Sender' | 'Receiver' = 'Sender',
): string {
  return [
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
    `<Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`,
    '<RequestId>4b1c1d2e-0000-4000-8000-000000000000</RequestId>',
    '</ErrorResponse>',
  ].join('');
}

/** An error as JSON-protocol services (Organizations) send it. */
export function awsJsonErrorBody(code: string, message: string): string {
  return JSON.stringify({ __type: code, message });
}

/** An error in the protocol the request came in. */
export function awsErrorBody(
  protocol: WireProtocol,
  code: string,
  message: string,
  type: 'Sender' | 'Receiver' = 'Sender',
): { contentType: string; body: string } {
  return protocol === 'json'
    ? { contentType: JSON_CONTENT_TYPE, body: awsJsonErrorBody(code, message) }
    : { contentType: 'text/xml', body: awsQueryErrorBody(code, message, type) };
}

/** A successful query-protocol answer for `action` whose result element holds `resultXml`. */
export function awsQueryResponseBody(action: string, resultXml: string): string {
  return [
    `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/">`,
    `<${action}Result>${resultXml}</${action}Result>`,
    '<ResponseMetadata><RequestId>4b1c1d2e-0000-4000-8000-000000000001</RequestId></ResponseMetadata>',
    `</${action}Response>`,
  ].join('');
}

/** The pagination token a request carries (Marker in a query form, NextToken in a JSON body). */
export function requestToken(protocol: WireProtocol, body: string): string | undefined {
  if (protocol === 'query') return new URLSearchParams(body).get('Marker') ?? undefined;
  const parsed = parseJsonObject(body);
  return typeof parsed?.NextToken === 'string' ? parsed.NextToken : undefined;
}

/** The request body without its pagination token, so the backend serves its first page again. */
export function withoutRequestToken(protocol: WireProtocol, body: string): string {
  if (protocol === 'query') {
    const form = new URLSearchParams(body);
    if (!form.has('Marker')) return body;
    form.delete('Marker');
    return form.toString();
  }
  const parsed = parseJsonObject(body);
  if (!parsed || !('NextToken' in parsed)) return body;
  delete parsed.NextToken;
  return JSON.stringify(parsed);
}

/** A page that says "there is more, ask again with `token`". */
export function withNextToken(protocol: WireProtocol, action: string, body: string, token: string): string {
  if (protocol === 'json') {
    const parsed = parseJsonObject(body) ?? {};
    return JSON.stringify({ ...parsed, NextToken: token });
  }
  const closing = `</${action}Result>`;
  const cleaned = body
    .replace(/<IsTruncated>[^<]*<\/IsTruncated>/g, '')
    .replace(/<Marker>[^<]*<\/Marker>/g, '')
    .replace(/<Marker\/>/g, '');
  if (!cleaned.includes(closing)) return body;
  return cleaned.replace(
    closing,
    `<IsTruncated>true</IsTruncated><Marker>${escapeXml(token)}</Marker>${closing}`,
  );
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body === '' ? '{}' : body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
