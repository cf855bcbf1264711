"""`jobsum serve-model`: the bundled local model as an OpenAI-compatible server on localhost.

With it, the HTTP path through litellm is real (and recordable for tests):

    jobsum serve-model --port 8088 &
    JOBSUM_MODEL=openai/smollm2 JOBSUM_API_BASE=http://127.0.0.1:8088/v1 jobsum ask "..."

Endpoints: GET /health, GET /v1/models, POST /v1/chat/completions (JSON or `stream: true` SSE;
`response_format: {type: json_schema}` is honoured with grammar-constrained decoding).
"""

from __future__ import annotations

import json
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from summariser.llm import local as local_model


class _Handler(BaseHTTPRequestHandler):
    model_name = "smollm2"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # quiet by default
        pass

    def _send(self, code: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/health":
            self._send(200, {"status": "ok"})
        elif self.path == "/v1/models":
            self._send(
                200, {"object": "list", "data": [{"id": self.model_name, "object": "model", "owned_by": "jobsum"}]}
            )
        else:
            self._send(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, {"error": {"message": f"no route {self.path}"}})
            return
        try:
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            messages = request["messages"]
        except (ValueError, KeyError) as err:
            self._send(400, {"error": {"message": f"bad request: {err}"}})
            return
        options = {
            "max_tokens": int(request.get("max_tokens") or request.get("max_completion_tokens") or 256),
            "temperature": float(request.get("temperature") or 0.0),
            "stop": request.get("stop") if isinstance(request.get("stop"), list) else None,
        }
        ident, created = f"chatcmpl-{uuid.uuid4().hex[:12]}", int(time.time())
        if request.get("stream"):
            self._stream(messages, options, ident, created)
            return
        fmt = request.get("response_format") or {}
        schema = (fmt.get("json_schema") or {}).get("schema") if fmt.get("type") == "json_schema" else None
        out = local_model.chat(self.model_name, messages, json_schema=schema, **options)
        self._send(
            200,
            {
                "id": ident,
                "object": "chat.completion",
                "created": created,
                "model": self.model_name,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": out["text"]},
                        "finish_reason": out["finish_reason"],
                    }
                ],
                "usage": {
                    "prompt_tokens": out["prompt_tokens"],
                    "completion_tokens": out["completion_tokens"],
                    "total_tokens": out["prompt_tokens"] + out["completion_tokens"],
                },
            },
        )

    def _stream(self, messages: list, options: dict, ident: str, created: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()

        def event(delta: dict, finish: str | None = None) -> None:
            chunk = {
                "id": ident,
                "object": "chat.completion.chunk",
                "created": created,
                "model": self.model_name,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()

        event({"role": "assistant", "content": ""})
        for piece in local_model.stream_chat(self.model_name, messages, **options):
            event({"content": piece})
        event({}, "stop")
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True


def make_server(host: str = "127.0.0.1", port: int = 8088, model: str = "smollm2") -> ThreadingHTTPServer:
    local_model.model_path(model)  # fail fast on an unknown model
    handler = type("Handler", (_Handler,), {"model_name": model})
    return ThreadingHTTPServer((host, port), handler)
