// The HTTP request node in an exported Python script (apps/runner/src/nodes/runHttpNode.ts, apps/runner/src/http:
// sendHttpRequest, redactSecrets; packages/schema/src/nodes/http.ts renderHttpRequest), on the
// standard library. Secrets come from SYNAPSE_SECRET_<NAME>, the hosts each may reach from
// SYNAPSE_SECRET_<NAME>_HOSTS (apps/runner/src/http/secretHostGuard.ts). JSON is re-serialised with JavaScript's
// rules (key order, number forms) so outputs match a Synapse run. (A String.raw template: no
// backticks or dollar-brace.)

export const PYTHON_HTTP = String.raw`# --- HTTP request nodes (apps/runner/src/nodes/runHttpNode.ts) ----------------------------------

HTTP_RETRY_ANY = {429}
HTTP_RETRY_IDEMPOTENT = {408, 500, 502, 503, 504}
HTTP_IDEMPOTENT = {"GET", "HEAD", "PUT", "DELETE"}
HTTP_REDIRECTS = {301, 302, 303, 307, 308}
HTTP_MAX_REDIRECTS = 5
HTTP_CREDENTIAL_HEADERS = {"authorization", "cookie", "proxy-authorization"}
_INDEX_KEY = re.compile(r"(0|[1-9][0-9]*)\Z")
_SURROGATE = re.compile("[\ud800-\udfff]")
_URI_SAFE = "-_.!~*'()"


def js_number(value):
    """A number as JavaScript's JSON.stringify writes it (after JSON.parse made it a double)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) < 2 ** 53:
        return str(value)
    number = float(value)
    if not math.isfinite(number):  # JSON.stringify writes Infinity as null
        return "null"
    if number == 0:
        return "0"
    text = repr(number)
    if 1e-6 <= abs(number) < 1e21:
        fixed = format(Decimal(text), "f")
        if "." in fixed:
            fixed = fixed.rstrip("0").rstrip(".")
        return fixed
    mantissa, _, exponent = text.partition("e")
    if mantissa.endswith(".0"):
        mantissa = mantissa[:-2]
    sign = "-" if exponent.startswith("-") else "+"
    return "%se%s%s" % (mantissa, sign, exponent.lstrip("+-").lstrip("0") or "0")


def js_stringify(value):
    """JSON.stringify(value) without spaces: integer-like keys first in numeric order, as JavaScript."""
    if value is None:
        return "null"
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, str):
        return _js_string(value)
    if isinstance(value, list):
        return "[" + ",".join(js_stringify(v) for v in value) + "]"
    keys = list(value.keys())
    index_keys = sorted((k for k in keys if _INDEX_KEY.match(k) and int(k) < 2 ** 32 - 1), key=int)
    ordered = index_keys + [k for k in keys if k not in index_keys]
    return "{" + ",".join(_js_string(k) + ":" + js_stringify(value[k]) for k in ordered) + "}"


def _js_string(text):
    """A JSON string as JSON.stringify writes it: a lone surrogate (any surrogate in a Python str,
    where a pair is one code point) as an escape."""
    return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group(0)), json.dumps(text, ensure_ascii=False))


def _js_int(text):
    value = int(text)
    if abs(value) < 2 ** 53:
        return value
    try:
        return float(value)
    except OverflowError:  # past the largest double: JavaScript reads Infinity
        return math.inf if value > 0 else -math.inf


def js_json_parse(text):
    """JSON.parse: big integers become doubles and NaN/Infinity are refused, as in JavaScript."""
    return json.loads(text, parse_constant=_no_constant,
                      parse_int=_js_int)


def encode_uri_component(text):
    return urllib.parse.quote(text, safe=_URI_SAFE)


def _url_encoder(template):
    query = template.find("?")
    return lambda value, offset: encode_uri_component(value) if 0 <= query < offset else value


def _json_encoder(template):
    quotes, i = [], 0
    while i < len(template):
        if template[i] == "\\":
            i += 1
        elif template[i] == '"':
            quotes.append(i)
        i += 1

    def encode(value, offset):
        before = sum(1 for q in quotes if q < offset)
        return json.dumps(value, ensure_ascii=False)[1:-1] if before % 2 == 1 else value

    return encode


def render_http_request(node, upstream, outputs, inputs, secrets):
    render = lambda template, encode=None: render_template(template, upstream, outputs, inputs, secrets, encode)
    headers = [(name, render(value)) for name, value in node["headers"]]
    body = None
    if node["body"]:
        body = render(node["body"], _json_encoder(node["body"]) if node["body_type"] == "json" else None)
        if not any(name.lower() == "content-type" for name, _ in headers):
            headers.append(("content-type", "application/json" if node["body_type"] == "json"
                            else "text/plain; charset=utf-8"))
    return js_trim(render(node["url"], _url_encoder(node["url"]))), headers, body


def secret_forms(value):
    if not value:
        return []
    return list(dict.fromkeys([value, encode_uri_component(value), json.dumps(value, ensure_ascii=False)[1:-1]]))


def redact_secrets(text, secrets):
    forms = []
    for name, value in secrets.items():
        for form in secret_forms(value):
            forms.append((form, name))
    forms.sort(key=lambda f: -len(f[0]))
    for form, name in forms:
        text = text.replace(form, "[secret %s]" % name)
    return text


def secret_hosts(name):
    """SYNAPSE_SECRET_<NAME>_HOSTS: host names separated by commas or spaces, *.example.com wildcards;
    empty: any host."""
    entries = re.split(r"[\s,]+", os.environ.get("SYNAPSE_SECRET_" + name + "_HOSTS", ""))
    return [h for h in (e.lower().rstrip(".") for e in entries) if h]


def _url_hostname(url):
    """The host as a JavaScript URL spells it: lower case, IPv6 in brackets, names in their xn-- form."""
    try:
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError:
        return ""
    if ":" in host:
        return "[" + host + "]"
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def is_secret_host_allowed(hosts, hostname):
    host = hostname.lower().rstrip(".")
    return not hosts or any(host.endswith(e[1:]) if e.startswith("*.") else host == e for e in hosts)


def secret_host_refusal(url, names, hosts):
    """Why a request to url may not carry the named secrets, or None when it may."""
    host = _url_hostname(url)
    refused = [n for n in names if not is_secret_host_allowed(hosts.get(n, []), host)]
    if not refused:
        return None
    return "; ".join("the secret %s may only be sent to %s, not to %s" % (
        n, ", ".join(hosts.get(n, [])), host or js_json(url)) for n in refused)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_HTTP_OPENER = urllib.request.build_opener(_NoRedirect)


class HttpError(Exception):
    def __init__(self, message, retryable=False):
        super().__init__(message)
        self.message = message
        self.retryable = retryable


def _header_record(message):
    record = {}
    for name, value in message.items():
        key = name.lower()
        record[key] = record[key] + ", " + value.strip() if key in record else value.strip()
    return {key: record[key] for key in sorted(record)}


def _read_capped(response, limit):
    data = response.read(limit + 1)
    if len(data) > limit:
        raise HttpError("the response is larger than %d bytes" % limit)
    return data.decode("utf-8", "replace")


def send_http_request(method, url, headers, body, timeout_ms, limit, carries_secret, refuse_hop):
    """One attempt: the request and up to five redirects (credentials dropped when the origin changes)."""
    deadline = time.monotonic() + timeout_ms / 1000
    for hop in range(HTTP_MAX_REDIRECTS + 1):
        refusal = refuse_hop(url, [url] + [v for _, v in headers] + [body or ""])
        if refusal:
            raise HttpError(refusal)
        left = deadline - time.monotonic()
        if left <= 0:
            raise HttpError("no complete response within %d ms" % timeout_ms, True)
        request = urllib.request.Request(url, data=body.encode("utf-8") if body is not None else None,
                                         method=method, headers=dict(headers))
        try:
            response = _HTTP_OPENER.open(request, timeout=left)
        except urllib.error.HTTPError as error:
            response = error
        except urllib.error.URLError as error:
            if isinstance(error.reason, (socket.timeout, TimeoutError)):
                raise HttpError("no complete response within %d ms" % timeout_ms, True) from None
            raise HttpError("the request failed (%s)" % error.reason, True) from None
        except (socket.timeout, TimeoutError):
            raise HttpError("no complete response within %d ms" % timeout_ms, True) from None
        except (OSError, http.client.HTTPException, ValueError) as error:
            raise HttpError("the request failed (%s)" % error, True) from None
        status = response.status if hasattr(response, "status") and response.status else response.code
        location = response.headers.get("location")
        if status in HTTP_REDIRECTS and location:
            response.close()
            if hop >= HTTP_MAX_REDIRECTS:
                raise HttpError("more than %d redirects" % HTTP_MAX_REDIRECTS)
            next_url = urllib.parse.urljoin(url, location)
            old, new = urllib.parse.urlsplit(url), urllib.parse.urlsplit(next_url)
            cross_origin = (old.scheme, old.netloc) != (new.scheme, new.netloc)
            if cross_origin:
                headers = [(n, v) for n, v in headers
                           if n.lower() not in HTTP_CREDENTIAL_HEADERS and not carries_secret(v)]
            if status == 303 or (status in (301, 302) and method == "POST"):
                if method != "HEAD":
                    method = "GET"
                body = None
                headers = [(n, v) for n, v in headers if n.lower() != "content-type"]
            if cross_origin and body is not None and carries_secret(body):
                raise HttpError("a redirect to another origin would resend a body that carries a secret")
            url = next_url
            continue
        try:
            text = "" if method == "HEAD" else _read_capped(response, limit)
        except (socket.timeout, TimeoutError):
            raise HttpError("no complete response within %d ms" % timeout_ms, True) from None
        finally:
            response.close()
        return status, response.reason or "", _header_record(response.headers), text
    raise HttpError("more than %d redirects" % HTTP_MAX_REDIRECTS)


def http_node_output(status, headers, text):
    body = text
    if re.search(r"[/+]json\b", headers.get("content-type", ""), re.IGNORECASE):
        try:
            body = js_json_parse(text)
        except ValueError:
            body = text
    return js_stringify({"status": status, "headers": headers, "body": body})


def run_http_node(node, upstream, outputs, inputs):
    names = sorted(set(
        name for template in [node["url"], node["body"] or ""] + [v for _, v in node["headers"]]
        for name in template_secret_names(template)))
    missing = [name for name in names if ("SYNAPSE_SECRET_" + name) not in os.environ]
    if missing:
        return _result("failed", error="no secret named %s: set %s" % (
            ", ".join(missing), ", ".join("SYNAPSE_SECRET_" + n for n in missing)))
    secrets = {name: os.environ["SYNAPSE_SECRET_" + name] for name in names}
    shown_url, _, _ = render_http_request(node, upstream, outputs, inputs, None)
    url, headers, body = render_http_request(node, upstream, outputs, inputs, secrets)
    redact = lambda text: redact_secrets(text, secrets)
    method = node["method"]
    if not re.match(r"https?://", url, re.IGNORECASE):
        return _result("failed", error="the URL %s is not an http(s) URL" % js_json(redact(url)))
    hosts = {name: secret_hosts(name) for name in names}
    refused = secret_host_refusal(url, names, hosts)
    if refused:
        return _result("failed", error=redact(refused))
    if not any(name.lower() == "user-agent" for name, _ in headers):
        headers.append(("user-agent", "Synapse-HTTP-node"))
    values = [v for v in secrets.values() if v]
    carries_secret = lambda value: any(v in value for v in values)
    # Every hop: a secret the hop carries (in any form) must be allowed at the hop's host.
    refuse_hop = lambda hop_url, carried: secret_host_refusal(hop_url, [
        n for n in names if any(f in text for f in secret_forms(secrets[n]) for text in carried)], hosts)
    attempt = 0
    while True:
        attempt += 1
        try:
            status, reason, response_headers, text = send_http_request(
                method, url, headers, body, node["timeout_ms"], node["max_response_bytes"], carries_secret,
                refuse_hop)
            failure = None
        except HttpError as error:
            failure = error
        if failure is None:
            retryable = status in HTTP_RETRY_ANY or (method in HTTP_IDEMPOTENT and status in HTTP_RETRY_IDEMPOTENT)
        else:
            retryable = failure.retryable and method in HTTP_IDEMPOTENT
        if retryable and attempt <= node["retries"]:
            delay = backoff_ms(attempt - 1, _parse_retry_after_ms(response_headers) if failure is None else None)
            if delay is not None:
                time.sleep(delay / 1000)
                continue
        if failure is not None:
            return _result("failed", error="%s %s: %s" % (method, redact(shown_url), redact(failure.message)))
        output = redact(http_node_output(status, response_headers, text))
        if status < 200 or status > 299:
            return _result("failed", error="%s %s answered %d%s" % (
                method, redact(shown_url), status, " " + redact(reason) if reason else ""))
        return _result("succeeded", output)
`;
