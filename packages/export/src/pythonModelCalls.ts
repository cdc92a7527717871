import { declareErrorCodes } from './exportedErrorCodes';

// The model-calling part of an exported Python script: provider errors as Synapse classifies them,
// providers configured from the environment, and the one retry loop with fallbacks and a circuit
// breaker (packages/providers: classifyProviderError, createCatalogProvider, createModelRouter).
// The error codes are declared from ErrorCodes; the rest is a String.raw template, so it holds no
// backticks and no dollar-brace.
const ERROR_CODES = declareErrorCodes((name, code) => `${name} = "${code}"`);

const CLASSIFY_AND_CALL = String.raw`RETRYABLE = {AUTH: False, RATE_LIMIT: True, TIMEOUT: True, SERVER: True, INVALID_REQUEST: False,
             TRUNCATED: True, NETWORK: True, NOT_CONFIGURED: False, CIRCUIT_OPEN: True}
# Failures that say something about a model's health; they count towards its circuit breaker.
HEALTH_FAILURES = {SERVER, RATE_LIMIT, TIMEOUT, NETWORK, TRUNCATED}


class ModelError(Exception):
    def __init__(self, code, message, retryable=None, retry_after_ms=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.retryable = RETRYABLE.get(code, False) if retryable is None else retryable
        self.retry_after_ms = retry_after_ms


def _code_for_status(status):
    if status in (401, 402, 403):
        return AUTH
    if status == 408:
        return TIMEOUT
    if status == 429:
        return RATE_LIMIT
    if status in (409, 499) or status >= 500:
        return SERVER
    return INVALID_REQUEST


def _parse_retry_after_ms(headers):
    raw_ms = (headers.get("retry-after-ms") or "").strip()
    if raw_ms:
        try:
            value = float(raw_ms)
            if math.isfinite(value) and value >= 0:
                return value
        except ValueError:
            pass
    after = (headers.get("retry-after") or "").strip()
    if not after:
        return None
    try:
        seconds = float(after)
        if math.isfinite(seconds):
            return seconds * 1000 if seconds >= 0 else None
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(after).timestamp() * 1000 - time.time() * 1000)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _http_error(error, where):
    status = error.code
    try:
        text = error.read().decode("utf-8", "replace")
    except Exception:
        text = ""
    message, quota = "", False
    try:
        body = json.loads(text)
        detail = body.get("error") if isinstance(body, dict) else None
        if isinstance(detail, dict):
            message = str(detail.get("message") or "")
            quota = detail.get("code") == "insufficient_quota"
    except ValueError:
        pass
    code = _code_for_status(status)
    # An exhausted quota answers 429 too, but waiting will not refill it.
    retryable = False if quota else RETRYABLE[code]
    return ModelError(code, "%s: %d %s" % (where, status, message or "status code (no body)"), retryable,
                      _parse_retry_after_ms(error.headers))


def _post_json(url, headers, body, timeout_ms, where):
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), method="POST",
                                     headers={"content-type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout_ms / 1000) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        raise _http_error(error, where) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, (socket.timeout, TimeoutError)):
            raise ModelError(TIMEOUT, "%s: no response within %d ms" % (where, timeout_ms)) from None
        raise ModelError(NETWORK, "%s: connection failed (%s)" % (where, error.reason)) from None
    except (socket.timeout, TimeoutError):
        raise ModelError(TIMEOUT, "%s: no response within %d ms" % (where, timeout_ms)) from None
    except (OSError, http.client.HTTPException) as error:
        raise ModelError(NETWORK, "%s: connection lost (%s)" % (where, error)) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError:
        raise ModelError(TRUNCATED, "%s: the response ended early" % where) from None


def _join_url(base, path):
    return base + path[1:] if base.endswith("/") else base + path


# --- Providers (packages/providers: createCatalogProvider; keys as in synapse run) -------------


def resolve_provider(provider_id):
    """The provider's settings from the environment, or ModelError(not_configured)."""
    spec = PROVIDERS.get(provider_id)
    if spec is None:
        raise ModelError(NOT_CONFIGURED, 'Provider "%s" is not configured: unknown provider' % provider_id)
    if spec["kind"] == "local":
        return spec, None, None
    key = os.environ.get(spec["key_env"], "") if spec["key_env"] else ""
    base_url = os.environ.get(spec["base_url_env"], "") if spec["base_url_env"] else ""
    names = " or ".join(n for n in (spec["key_env"], spec["base_url_env"]) if n)
    if not key and not base_url:
        raise ModelError(NOT_CONFIGURED, 'Provider "%s" is not configured: set %s' % (provider_id, names))
    key = key.strip()
    if spec["requires_key"] and not key:
        raise ModelError(NOT_CONFIGURED, 'Provider "%s" is not configured: an API key for %s is required (%s)'
                         % (provider_id, spec["label"], spec["key_env"]))
    base_url = base_url.strip() or spec["default_base_url"]
    if not base_url:
        raise ModelError(NOT_CONFIGURED, 'Provider "%s" is not configured: a base URL is required (%s)'
                         % (provider_id, spec["base_url_env"]))
    return spec, key, base_url


def _conversation(request):
    """The messages after the system prompt: the prompt, or a whole conversation (a repair turn)."""
    return request.get("messages") or [{"role": "user", "content": request["prompt"]}]


def _call_openai(spec, key, base_url, model, request, where):
    messages = [{"role": "system", "content": request["system"]}] if request["system"] else []
    messages.extend(_conversation(request))
    body = {"model": model, "messages": messages}
    if request.get("json") and spec["json_mode"]:
        body["response_format"] = {"type": "json_object"}
    if request["temperature"] is not None:
        body["temperature"] = request["temperature"]
    if request["max_tokens"] is not None:
        body[spec["max_tokens_param"]] = request["max_tokens"]
    data = _post_json(_join_url(base_url, "/chat/completions"),
                      {"authorization": "Bearer " + (key or "not-needed")}, body, request["timeout_ms"], where)
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise ModelError(TRUNCATED, "%s: the response has no choices" % where)
    message = choices[0].get("message") or {}
    text = message.get("content") if isinstance(message.get("content"), str) else ""
    usage = data.get("usage") or {}
    return text, usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0


def _call_anthropic(key, base_url, model, request, where):
    body = {"model": model, "max_tokens": 4096 if request["max_tokens"] is None else request["max_tokens"],
            "messages": _conversation(request)}
    if request["system"]:
        body["system"] = request["system"]
    if request["temperature"] is not None:
        body["temperature"] = request["temperature"]
    data = _post_json(_join_url(base_url, "/v1/messages"),
                      {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}, body, request["timeout_ms"], where)
    content = data.get("content") if isinstance(data, dict) else None
    if not isinstance(content, list):
        raise ModelError(TRUNCATED, "%s: the response has no content" % where)
    text = "".join(b.get("text", "") for b in content if isinstance(b, dict) and b.get("type") == "text")
    usage = data.get("usage") or {}
    input_tokens = sum(usage.get(k) or 0 for k in
                       ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"))
    return text, input_tokens, usage.get("output_tokens") or 0


def call_provider(resolved, model, request):
    spec, key, base_url = resolved
    where = "%s/%s" % (spec["id"], model)
    try:
        if spec["kind"] == "local":
            prompt = "\n".join(m["content"] for m in _conversation(request))
            return local_model(request["system"], prompt, request["max_tokens"])
        if spec["kind"] == "anthropic":
            return _call_anthropic(key, base_url, model, request, where)
        return _call_openai(spec, key, base_url, model, request, where)
    except ModelError:
        raise
    except Exception as error:  # a bug, not the provider: another model may work, this one will not
        raise ModelError(SERVER, "%s: unexpected error: %s" % (where, error), retryable=False) from None


# --- Retries, fallbacks, circuit breaker (packages/providers/src/createModelRouter.ts) ---------


class CircuitBreaker:
    """Per provider/model: 5 failures in a row open it for 30 s, then one probe call is let through."""

    def __init__(self, threshold=5, cooldown_ms=30_000):
        self.threshold, self.cooldown_ms = threshold, cooldown_ms
        self.entries, self.lock = {}, threading.Lock()

    @staticmethod
    def _now():
        return time.monotonic() * 1000

    def _state(self, key):
        entry = self.entries.get(key)
        if entry is None or entry["opened_at"] is None:
            return "closed"
        return "half_open" if self._now() - entry["opened_at"] >= self.cooldown_ms else "open"

    def try_acquire(self, key):
        with self.lock:
            state = self._state(key)
            if state != "half_open":
                return state == "closed"
            entry = self.entries[key]
            if entry["probing"]:
                return False
            entry["probing"] = True
            return True

    def record_success(self, key):
        with self.lock:
            self.entries.pop(key, None)

    def record_failure(self, key):
        with self.lock:
            entry = self.entries.setdefault(key, {"failures": 0, "opened_at": None, "probing": False})
            was_probe, entry["probing"] = entry["probing"], False
            entry["failures"] += 1
            if was_probe or entry["failures"] >= self.threshold:
                entry["opened_at"] = self._now()

    def release(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                entry["probing"] = False

    def retry_in_ms(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry["opened_at"] is None:
                return 0
            return max(0, int(entry["opened_at"] + self.cooldown_ms - self._now()))


BREAKER = CircuitBreaker()


def backoff_ms(retry, retry_after_ms):
    """Full jitter, at least what the server asked for; None when it asked for more than a minute."""
    if retry_after_ms is not None and retry_after_ms > 60_000:
        return None
    window = min(8_000, 500 * 2 ** max(0, retry))
    return max(math.floor(random.random() * window), retry_after_ms or 0)


def call_model(models, retries, request):
    """Tries each model in order, retrying retryable failures with backoff; raises the last failure."""
    attempts, last = 0, None
    for provider_id, model in models:
        key = provider_id + "/" + model
        try:
            resolved = resolve_provider(provider_id)
        except ModelError as error:
            last = error
            continue
        for retry in range(retries + 1):
            if not BREAKER.try_acquire(key):
                error = ModelError(CIRCUIT_OPEN, "%s: circuit open, retry in %d ms" % (key, BREAKER.retry_in_ms(key)))
                last = last if last is not None and error.code == CIRCUIT_OPEN else error
                break
            attempts += 1
            try:
                result = call_provider(resolved, model, request)
                BREAKER.record_success(key)
                return result
            except ModelError as error:
                if error.code in HEALTH_FAILURES:
                    BREAKER.record_failure(key)
                else:
                    BREAKER.release(key)
                last = error
            if not last.retryable or retry == retries:
                break
            delay = backoff_ms(retry, last.retry_after_ms)
            if delay is None:
                break
            time.sleep(delay / 1000)
    if last is None:
        raise RuntimeError("the model chain ended without an attempt")
    raise ModelError(last.code, "%s (%d attempt%s, %d model%s)" % (
        last.message, attempts, "" if attempts == 1 else "s", len(models), "" if len(models) == 1 else "s"))
`;

export const PYTHON_MODEL_CALLS = `# --- Provider errors (packages/providers: ProviderError, classifyProviderError) ----------------\n\n${ERROR_CODES}\n${CLASSIFY_AND_CALL}`;
