"""`jobsum serve-model`: the bundled local model served as an OpenAI-compatible API."""

from __future__ import annotations

import click


@click.command("serve-model")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8088, show_default=True, type=int)
@click.option("--model", "name", default="smollm2", show_default=True, help="Bundled local model to serve.")
def serve_model_cmd(host: str, port: int, name: str) -> None:
    """Serve the bundled local model as an OpenAI-compatible API (for litellm's openai/<name>)."""
    from summariser.llm.server import make_server

    server = make_server(host, port, name)
    click.echo(
        f"serving local/{name} at http://{host}:{port}/v1 (use JOBSUM_MODEL=openai/{name} JOBSUM_API_BASE=http://{host}:{port}/v1)"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
